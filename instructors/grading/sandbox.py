"""Start a grading kernel inside a Landlock sandbox: what a submission may read and write.

Run as the kernel's command (see :func:`kernel_spec`), as a module of the course package::

    python -m instructors.grading.sandbox --read DIR ... --list DIR ... --write DIR ... \
        -- -m ipykernel_launcher -f F

As a module, not a script: Python then puts the kernel's own folder (the submission's scratch
folder) first on its import path, as for any Jupyter kernel, never the grader's folder.

Landlock (Linux 5.13 and later, no privileges needed) then confines the kernel and everything
it starts: it reads only the system, Python and the paths given with ``--read``; it lists but
cannot read the files under ``--list`` (the course folder: its ``labs/`` holds the hidden tests);
it writes only under ``--write`` (the submission's scratch folder). Where Landlock is missing,
:func:`available` says so and the grader runs kernels without it (and warns).
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import sys
from pathlib import Path

NAME = "mnist-grading"
SYSTEM = ["/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc", "/opt", "/sys"]
# of /proc, only what libraries read about the machine, and the kernel's own entry: not the
# grader's /proc/<pid>/environ, which holds the variables the kernel was not given
PROC = ["/proc/cpuinfo", "/proc/meminfo", "/proc/stat", "/proc/filesystems", "/proc/sys"]
DEVICES = "/dev"  # read: /dev/urandom and the like
# written by Python and its libraries; not /dev/shm, which every process shares and outlives them
WRITABLE_DEVICES = ["/dev/null", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/full"]


def available() -> bool:
    """Tell whether this machine's kernel can sandbox with Landlock."""
    try:
        import landlock

        return landlock.landlock_abi_version() >= 1
    except Exception:  # not Linux, an old kernel, Landlock disabled, the package missing
        return False


def python_paths() -> list[str]:
    """Return where this Python and its packages live (read by every kernel)."""
    import site
    import sysconfig

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, *site.getsitepackages()}
    paths.update(sysconfig.get_paths().values())
    paths.add(str(Path(sys.executable).resolve().parent.parent))
    return sorted(path for path in paths if path)


def kernel_spec(folder: Path, read: list[Path], listed: list[Path], write: list[Path]) -> Path:
    """Write a kernel spec named :data:`NAME` into ``folder``; return the folder that holds it.

    Parameters
    ----------
    folder : pathlib.Path
        Where to put it (not a place the kernel can read).
    read, listed, write : list of pathlib.Path
        Readable paths, listable-only folders, and writable folders for the kernel.
    """
    # this module by name: the course root is on the kernel's PYTHONPATH (it imports utils)
    argv = [sys.executable, "-m", __name__]
    for option, paths in (("--read", read), ("--list", listed), ("--write", write)):
        for path in paths:
            argv += [option, str(path)]
    argv += ["--", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec = folder / NAME
    spec.mkdir(parents=True, exist_ok=True)
    kernel = {"argv": argv, "display_name": "Python 3 (grading)", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel, indent=1), encoding="utf-8")
    return folder


def confine(read: list[str], listed: list[str], write: list[str]) -> None:
    """Restrict this process and its future children to the given paths, for good."""
    from landlock import FSAccess, Ruleset

    ruleset = Ruleset()
    reading = FSAccess.READ_FILE | FSAccess.READ_DIR | FSAccess.EXECUTE

    def allow(paths, rights):
        for path in paths:
            if os.path.exists(path):
                ruleset.allow(path, rules=rights if os.path.isdir(path) else rights & file_rights)

    file_rights = FSAccess.all_file()
    allow(SYSTEM + PROC + [f"/proc/{os.getpid()}"] + python_paths() + read, reading)
    allow(listed, FSAccess.READ_DIR)
    allow([DEVICES], reading)
    allow(WRITABLE_DEVICES, file_rights)
    allow(write, FSAccess.all())
    ruleset.apply()


def main() -> None:
    """Confine this process, then become the kernel named after ``--``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for option in ("--read", "--list", "--write"):
        parser.add_argument(option, action="append", default=[])
    parser.add_argument("kernel", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    kernel = args.kernel[1:] if args.kernel[:1] == ["--"] else args.kernel
    connection = kernel[kernel.index("-f") + 1] if "-f" in kernel else None
    confine(args.read + ([connection] if connection else []), args.list, args.write)
    if kernel[:1] != ["-m"] or len(kernel) < 2:
        raise SystemExit("sandbox: expected `-- -m MODULE ARGS...` after the paths")
    # imported to start this module: forgotten, so that an `import instructors` in the kernel
    # goes through its import path, where Landlock lets it list the course but read none of it
    for name in [name for name in sys.modules if name.split(".")[0] == "instructors"]:
        del sys.modules[name]
    sys.argv = [kernel[1], *kernel[2:]]
    runpy.run_module(kernel[1], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
