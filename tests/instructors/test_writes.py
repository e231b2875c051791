"""Every file the project writes is written whole or not at all: a failure mid-write (a full
disk, an interrupt) leaves the previous version as it was, and no temporary file behind."""

import errno
import json
import os
import sys
import zipfile

import pytest

import killed_runs
import utils.mnist_file
from conftest import ROOT
from instructors import build, notebook_json
from instructors.grading import gradebook
from instructors.grading.result import Result
from utils import data
from utils.files import write_atomically


def full_disk(monkeypatch):
    """Make the next atomic write fail after its data went out."""

    def no_space(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)


def snapshot(folder):
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def test_write_atomically_keeps_permissions_and_refuses_other_content(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("old")
    path.chmod(0o600)
    write_atomically(path, "new")
    assert path.read_text() == "new" and oct(path.stat().st_mode & 0o777) == "0o600"
    write_atomically(tmp_path / "bytes.bin", b"\x00\x01")
    assert (tmp_path / "bytes.bin").read_bytes() == b"\x00\x01"
    with pytest.raises(TypeError, match="content: expected str or bytes, got dict"):
        write_atomically(path, {"a": 1})


WRITERS = {
    "write_atomically": lambda folder: write_atomically(folder / "file.txt", "new text"),
    "gradebook": lambda folder: gradebook.write_rows(
        folder / "file.txt",
        [Result("a.ipynb", "0" * 64, "graded", {"q": 1}, {"q": 1}, 1).row()],
        ["q"],
    ),
    "notebook stamp": lambda folder: notebook_json.write_notebook(
        folder / "file.txt", {"cells": []}
    ),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_writer_that_fails_midway_leaves_the_old_file(tmp_path, monkeypatch, writer):
    (tmp_path / "file.txt").write_text("the previous version")
    before = snapshot(tmp_path)
    full_disk(monkeypatch)
    with pytest.raises(OSError, match="No space"):
        WRITERS[writer](tmp_path)
    assert snapshot(tmp_path) == before


def test_an_autograder_zip_that_fails_midway_is_left_as_it_was(tmp_path, monkeypatch):
    zip_path = tmp_path / "lab-autograder.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        archive.writestr("run_otter.py", build.RUN_OTTER_CALL)
        archive.writestr("otter_config.json", json.dumps({"lab": 1}))
    before = snapshot(tmp_path)
    written = []

    def fails_after_two(self, name, content, *args, **kwargs):
        written.append(name)
        if len(written) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, name, content, *args, **kwargs)

    original = zipfile.ZipFile.writestr
    monkeypatch.setattr(zipfile.ZipFile, "writestr", fails_after_two)
    with pytest.raises(OSError, match="No space"):
        build.add_course_files(zip_path)
    assert snapshot(tmp_path) == before


def test_a_download_cut_midway_leaves_no_file_in_the_cache(tmp_path, monkeypatch, mnist_file):
    import http.server
    import threading

    body = mnist_file.read_bytes()

    class CutShort(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])  # then the connection drops

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CutShort)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.delenv(utils.mnist_file.ENV_DATA_PATH, raising=False)
    monkeypatch.setenv(
        utils.mnist_file.ENV_URL, f"http://127.0.0.1:{server.server_address[1]}/mnist.npz"
    )
    try:
        closed = "download failed \\(ConnectionError: .* closed after"
        with pytest.warns(data.MnistSampleWarning, match=closed):
            data.load_mnist()
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(p.name for p in (tmp_path / "keras" / "datasets").iterdir()) == ["mnist.npz.lock"]


# --- scratch folders and processes do not outlive a killed process -------------------------

KILLED_WORKER = """
import subprocess, sys, time
from instructors.workspace.scratch import scratch_folder, sweeper
with scratch_folder(prefix="killed-") as folder:
    (folder / "hidden_tests.py").write_text("secret")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                             start_new_session=True)
    sweeper().kill_later(child.pid)
    print(folder, child.pid, flush=True)
    time.sleep(60)
"""


def test_a_killed_process_leaves_no_scratch_folder_and_no_child(tmp_path):
    import signal
    import subprocess

    import psutil

    worker = subprocess.Popen(
        [sys.executable, "-c", KILLED_WORKER], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    folder, child = worker.stdout.readline().split()
    assert os.path.isdir(folder) and psutil.pid_exists(int(child))
    worker.send_signal(signal.SIGKILL)  # no handler, no finally: only the sweeper is left
    worker.wait()
    assert killed_runs.within(lambda: not os.path.exists(folder)), "the scratch folder survived"
    assert killed_runs.within(
        lambda: (
            not psutil.pid_exists(int(child))
            or psutil.Process(int(child)).status() == psutil.STATUS_ZOMBIE
        )
    ), "the child survived"


def test_a_scratch_folder_is_removed_when_its_block_ends_and_what_moved_out_stays(tmp_path):
    from instructors.workspace.scratch import scratch_folder

    with scratch_folder(tmp_path, prefix="work-") as folder:
        (folder / "made").mkdir()
        (folder / "made").rename(tmp_path / "kept")
        with pytest.raises(RuntimeError):
            with scratch_folder(tmp_path) as inner:
                raise RuntimeError("a failed step")
        assert not inner.exists()
    assert not folder.exists() and (tmp_path / "kept").is_dir()


# --- staged files and folders are swapped in as one step, and a swap cut short is finished ------


def dead_pid() -> int:
    """The number of a process that has ended."""
    import subprocess

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def staged_course(parent):
    """A folder, a file and a new name in ``parent``, and their new versions in ``staging``."""
    (parent / "lab" / "tests").mkdir(parents=True)
    (parent / "lab" / "tests" / "q1.py").write_text("old")
    (parent / "README.md").write_text("old")
    return {"lab": "new lab", "README.md": "new readme", "results.json": "new results"}


def stage(staging, new):
    (staging / "lab" / "tests").mkdir(parents=True)
    (staging / "lab" / "tests" / "q1.py").write_text(new["lab"])
    for name in ("README.md", "results.json"):
        (staging / name).write_text(new[name])
    return {staging / name: staging.parent / name for name in new}


def assert_swapped(parent, new):
    assert (parent / "lab" / "tests" / "q1.py").read_text() == new["lab"]
    assert [(parent / name).read_text() for name in ("README.md", "results.json")] == [
        new["README.md"],
        new["results.json"],
    ]
    assert sorted(p.name for p in parent.iterdir()) == ["README.md", "lab", "results.json"]


def test_swap_in_puts_staged_files_and_folders_in_place_and_leaves_nothing(tmp_path):
    from instructors.workspace.staging import staging_folder, swap_in

    new = staged_course(tmp_path)
    with staging_folder(tmp_path, "lab") as staging:
        assert staging.name.startswith(f".staging-{os.getpid()}-lab.")
        swap_in(staging, stage(staging, new))
    assert_swapped(tmp_path, new)


@pytest.mark.parametrize("renameat2", [True, False], ids=["one rename", "two renames"])
def test_exchange_swaps_two_folders(tmp_path, monkeypatch, renameat2):
    import ctypes

    from instructors.workspace import committer

    if not renameat2:  # a system without it: the fallback's renames
        monkeypatch.setattr(ctypes, "CDLL", lambda *args, **kwargs: object())
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b").mkdir()
    committer.exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b" / "x").read_text() == "a" and not list((tmp_path / "a").iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


@pytest.mark.parametrize("cut", ["before the first move", "after the first move", "mid-exchange"])
def test_a_swap_cut_short_is_finished_by_the_next_run(tmp_path, cut):
    from instructors.workspace import committer
    from instructors.workspace import staging as workspace

    new = staged_course(tmp_path)
    staging = tmp_path / f".staging-{dead_pid()}-lab.k2j4h5g6"  # its owner and committer died
    staging.mkdir()
    moves = stage(staging, new)
    workspace.write_journal(staging, moves)
    if cut == "after the first move":
        committer.exchange(staging / "lab", tmp_path / "lab")
    elif cut == "mid-exchange":  # the two-rename fallback, killed between its renames
        (tmp_path / "lab").rename(staging / "lab.previous")
    assert workspace.finish_interrupted(tmp_path) == [
        f"finished the swap that a killed run left in {staging}"
    ]
    assert_swapped(tmp_path, new)


def test_a_dead_runs_scratch_is_removed_and_a_live_runs_kept(tmp_path):
    from instructors.workspace import staging as workspace

    dead = tmp_path / f".staging-{dead_pid()}-lab.k2j4h5g6"
    live = tmp_path / f".staging-{os.getpid()}-lab.abcdefgh"
    for folder in (dead, live):
        (folder / "tests").mkdir(parents=True)
    (tmp_path / ".staging-notes").mkdir()  # not a name staging_folder gives: not its to remove
    assert workspace.finish_interrupted(tmp_path) == [
        f"removed the scratch that a killed run left in {dead}"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([".staging-notes", live.name])
    assert workspace.finish_interrupted(tmp_path / "missing") == []


def test_staging_refuses_what_it_cannot_swap(tmp_path):
    from instructors.workspace.staging import staging_folder, swap_in

    with pytest.raises(FileNotFoundError, match="parent: no such folder: .*missing"):
        with staging_folder(tmp_path / "missing", "x"):
            pass
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("x")
    with staging_folder(tmp_path, "x") as staging:
        with pytest.raises(ValueError, match="moves: .*elsewhere.txt is not something staged in"):
            swap_in(staging, {outside: tmp_path / "target"})
        (staging / "new").write_text("x")
        with pytest.raises(ValueError, match="moves: the target .*elsewhere is not in"):
            swap_in(staging, {staging / "new": tmp_path.parent / "elsewhere"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere.txt"]


def test_a_swap_that_cannot_be_finished_names_its_folder(tmp_path):
    from instructors.workspace import staging as workspace

    new = staged_course(tmp_path)
    staging = tmp_path / f".staging-{dead_pid()}-lab.k2j4h5g6"
    staging.mkdir()
    moves = stage(staging, new)
    workspace.write_journal(staging, moves)
    (staging / "README.md").unlink()  # removed by hand since
    with pytest.raises(OSError, match=r"\.staging-\d+-lab\.k2j4h5g6: can't finish the swap"):
        workspace.finish_interrupted(tmp_path)
