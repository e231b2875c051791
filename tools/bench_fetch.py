"""Measure two ways Colab could fetch the course: a shallow git clone, or pip install of the URL.

Publishes a fresh student release to a local bare repository (a file URL, so the network is
left out and only the work each way does is measured), then times, each ``--repeat`` times:

- ``git clone --depth=1 -b main URL``: what the setup cell does; it brings ``utils/``, the data
  sample and the lab tests in one go;
- ``pip install --no-deps --target DIR git+URL@main``: pip clones the whole history, builds a
  wheel in an isolated environment (which first installs setuptools) and installs ``utils``
  only, so the data sample and the tests would still need a second fetch.

It also reports the bytes each way moves. Usage::

    python -m tools.bench_fetch [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from utils.layout import Home


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    from instructors import release

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        bare = scratch / "home.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
        url = bare.as_uri()
        release.publish(url, "main", Home("example/course", "main", address=url))
        clone_times, pip_times = [], []
        for run in range(repeat):
            target = scratch / f"clone{run}"
            clone_times.append(
                timed(["git", "clone", "-q", "--depth=1", "-b", "main", url, str(target)])
            )
            pip_target = scratch / f"pip{run}"
            pip_times.append(
                timed(
                    [
                        sys.executable,
                        "-m",
                        "pip",
                        "install",
                        "-q",
                        "--no-deps",
                        "--target",
                        str(pip_target),
                        f"git+{url}@main",
                    ]
                )
            )
        clone = scratch / "clone0"
        print(
            f"release: {folder_bytes(clone) - folder_bytes(clone / '.git'):,} bytes of files, "
            f"clone's .git {folder_bytes(clone / '.git'):,} bytes"
        )
        for name, times in [("shallow git clone", clone_times), ("pip install git+URL", pip_times)]:
            print(
                f"{name:<22} median {statistics.median(times):.2f} s, "
                f"min {min(times):.2f} s, max {max(times):.2f} s over {repeat} runs"
            )
        print(f"pip's install: {folder_bytes(scratch / 'pip0'):,} bytes (utils: no data, no tests)")


if __name__ == "__main__":
    main()
