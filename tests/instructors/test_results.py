"""The README's results table is generated from results/results.json, not typed in."""

import errno
import json
import os
import sys
import textwrap

import nbformat
import numpy as np
import pytest

from conftest import ROOT
from instructors import results as run_full
from utils.results import record_result


def test_readme_table_is_rendered_from_results_file():
    results = json.loads(run_full.RESULTS.read_text())
    readme = run_full.README.read_text(encoding="utf-8")
    table = readme.split(run_full.TABLE_START)[1].split(run_full.TABLE_END)[0].strip()
    assert table == run_full.render_table(results), "run `python tools/run_full.py --table`"


def test_results_are_full_mode_figures_with_what_the_issue_asks():
    results = json.loads(run_full.RESULTS.read_text())
    for lab, entry in results["labs"].items():
        assert entry["mode"] == "full", lab  # run_full refuses any record made in quick mode
        assert entry["notebook_seconds"] > 0 and entry["date"] and entry["machine"]["cpu"]
        for record in entry["metrics"]:
            assert set(record) == {"metric", "value", "epochs", "train_seconds", "note"}, lab


def test_render_table_formats_accuracies_as_percentages():
    machine = {"cpu": "x", "gpu": "none", "os": "y", "python": "3", "tensorflow": "2", "keras": "3"}
    results = {
        "labs": {
            "01_mlp": {
                "notebook_seconds": 100.4,
                "date": "2026-01-02T00:00:00",
                "machine": machine,
                "metrics": [
                    {
                        "metric": "mlp_test_accuracy",
                        "value": 0.98766,
                        "epochs": 3,
                        "train_seconds": 12.0,
                        "note": "n",
                    }
                ],
            }
        }
    }
    table = run_full.render_table(results)
    assert "| 01_mlp | mlp_test_accuracy | 98.77% | 3 | 12 | 100 | n |" in table
    assert "2026-01-02" in table


# --- the runner's failures lose nothing --------------------------------------------------------

MACHINE = {"cpu": "x", "gpu": "none", "os": "y", "python": "3", "tensorflow": "2", "keras": "3"}


@pytest.fixture
def scratch_results(tmp_path, monkeypatch):
    """run_full's results file, README and executed folder, moved into ``tmp_path``."""
    results = tmp_path / "results.json"
    results.write_text(run_full.RESULTS.read_text())
    readme = tmp_path / "README.md"
    readme.write_text(run_full.README.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(run_full, "RESULTS", results)
    monkeypatch.setattr(run_full, "README", readme)
    monkeypatch.setattr(run_full, "EXECUTED", tmp_path / "executed")
    return tmp_path


def fail_mid_write(monkeypatch):
    """Make every atomic write fail after its data went out, as a full disk does."""

    def no_space(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)


def test_a_write_that_fails_midway_leaves_the_results_and_readme_as_they_were(
    scratch_results, monkeypatch
):
    before = {p.name: p.read_bytes() for p in scratch_results.iterdir() if p.is_file()}
    results = run_full.load_results()
    results["labs"]["01_mlp"]["notebook_seconds"] = 1.0
    fail_mid_write(monkeypatch)
    with pytest.raises(OSError, match="No space"):
        run_full.write_atomically(run_full.RESULTS, json.dumps(results))
    with pytest.raises(OSError, match="No space"):
        run_full.write_table(results)
    after = {p.name: p.read_bytes() for p in scratch_results.iterdir() if p.is_file()}
    assert after == before  # same files, same bytes: no temporary file left either


def test_a_damaged_results_file_stops_with_one_line(scratch_results):
    run_full.RESULTS.write_text('{"labs": {"01_mlp": ')
    with pytest.raises(SystemExit, match="results.json is damaged .*git checkout results.json"):
        run_full.load_results()


def notebook(tmp_path, name: str, *sources: str):
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources]), path
    )
    return path


RECORD = "from utils.results import record_result\nrecord_result('{lab}', 'figure', {value})"


def test_a_failing_notebook_names_its_cell_and_keeps_its_executed_copy(scratch_results):
    record = RECORD.format(lab="07", value=1)
    path = notebook(scratch_results, "07_broken", "x = 1", "1 / 0", record)
    with pytest.raises(run_full.NotebookFailed, match=r"07_broken: cell 2 \(1 / 0\) raised Zero"):
        run_full.run_notebook(path)
    kept = nbformat.read(run_full.EXECUTED / path.name, as_version=4)
    assert kept.cells[1].outputs[0]["ename"] == "ZeroDivisionError"
    assert "MNIST_LABS_RESULTS" not in os.environ  # the run's settings stay in its kernel


def test_a_figure_recorded_in_quick_mode_is_refused(scratch_results, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the notebook's kernel imports utils
    quick = "import os\nos.environ['MNIST_LABS_MODE'] = 'quick'  # a debugging line left in\n"
    quick += RECORD.format(lab="10", value=1)
    path = notebook(scratch_results, "10_quick", quick)
    with pytest.raises(run_full.NotebookFailed, match="recorded in quick mode; the table holds"):
        run_full.run_notebook(path)


def test_full_mode_figures_come_from_real_training_not_the_cache(scratch_results, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("MNIST_LABS_CACHE", str(scratch_results / "cache"))  # a demo's setting
    check = "import os\nassert 'MNIST_LABS_CACHE' not in os.environ\n"
    path = notebook(scratch_results, "11_real", check + RECORD.format(lab="11", value=1))
    records, _ = run_full.run_notebook(path)
    assert [record["value"] for record in records] == [1]


def test_a_notebook_that_records_nothing_is_refused(scratch_results):
    silent = notebook(scratch_results, "08_silent", "x = 1")
    with pytest.raises(run_full.NotebookFailed, match="no cell calls utils.record_result"):
        run_full.run_notebook(silent)  # before it runs: nothing executed
    assert not (run_full.EXECUTED / silent.name).exists()
    unreached = "if False:\n" + textwrap.indent(RECORD.format(lab="09", value=1), "    ")
    skipped = notebook(scratch_results, "09_skipped", unreached)
    with pytest.raises(run_full.NotebookFailed, match="no record_result call was reached"):
        run_full.run_notebook(skipped)


def test_one_failing_lab_leaves_the_others_run_and_the_table_rebuilt(
    scratch_results, monkeypatch, capsys
):
    def fake_run(path):
        if path.stem == "02_hog_classifier":
            raise run_full.NotebookFailed("02_hog_classifier: cell 3 (x) raised ValueError: bad")
        return [
            {"metric": "figure", "value": 0.5, "epochs": 1, "train_seconds": 1.0, "note": None}
        ], 2.0

    monkeypatch.setattr(run_full, "run_notebook", fake_run)
    monkeypatch.setattr(run_full, "check_full_data", lambda: None)
    monkeypatch.setattr(run_full, "machine", lambda: MACHINE)
    monkeypatch.setattr(sys, "argv", ["run_full.py", "01_mlp", "02_hog_classifier", "03_cnn"])
    old = json.loads(run_full.RESULTS.read_text())
    with pytest.raises(SystemExit, match=r"1 notebook\(s\) failed: 02_hog_classifier"):
        run_full.main()
    assert "FAILED 02_hog_classifier: cell 3 (x) raised ValueError: bad" in capsys.readouterr().out
    new = json.loads(run_full.RESULTS.read_text())
    assert new["labs"]["02_hog_classifier"] == old["labs"]["02_hog_classifier"]  # kept
    assert new["labs"]["01_mlp"]["metrics"][0]["value"] == 0.5  # both others ran
    assert new["labs"]["03_cnn"]["metrics"][0]["value"] == 0.5
    table = run_full.README.read_text(encoding="utf-8")
    assert run_full.render_table(new) in table


@pytest.mark.parametrize(
    "arguments, error, message",
    [
        ({"value": float("nan")}, ValueError, "value: expected a finite number, got nan"),
        ({"value": float("inf")}, ValueError, "value: expected a finite number"),
        ({"value": "0.98"}, TypeError, "value: expected a real number, got str"),
        ({"value": True}, TypeError, "value: expected a real number, got bool"),
        ({"value": 0.9, "epochs": "five"}, TypeError, "epochs: expected a whole number"),
        ({"value": 0.9, "epochs": 0}, ValueError, "epochs: expected at least 1"),
        ({"value": 0.9, "train_seconds": -1.0}, ValueError, "train_seconds: expected seconds"),
    ],
)
def test_record_result_refuses_what_the_table_cannot_show(tmp_path, arguments, error, message):
    path = tmp_path / "records.jsonl"
    with pytest.raises(error, match=message):
        record_result("01_mlp", "figure", path=path, **arguments)
    assert not path.exists()


def test_record_result_takes_numpy_numbers(tmp_path):
    path = tmp_path / "records.jsonl"
    record = record_result("01_mlp", "figure", np.float32(0.25), epochs=np.int64(3), path=path)
    assert (record["value"], record["epochs"]) == (0.25, 3)
    assert json.loads(path.read_text())["epochs"] == 3


# --- the results file and the README table agree, however a run is interrupted ----------------

# run_full's main() on two labs, with the results file and README in the folder argv[1]; the
# second lab "runs" until it is killed. The first lab's figure is 0.5, unlike the committed ones.
INTERRUPTED = f"""
import sys, time
from pathlib import Path
from instructors import results as run_full
folder = Path(sys.argv[1])
run_full.RESULTS, run_full.README = folder / "results.json", folder / "README.md"
run_full.EXECUTED = folder / "executed"
run_full.check_full_data = lambda: None
run_full.machine = lambda: {MACHINE!r}

def run_notebook(path):
    if path.stem == "02_hog_classifier":
        print("running 02", flush=True)
        time.sleep(60)
    record = {{"metric": "figure", "value": 0.5, "epochs": 1, "train_seconds": 1.0, "note": None}}
    return [record], 2.0

run_full.run_notebook = run_notebook
sys.argv = ["run_full.py", "01_mlp", "02_hog_classifier"]
run_full.main()
"""


def interrupted_run(folder, signum, when="running 02", **environment):
    """Run :data:`INTERRUPTED` on ``folder``; send ``signum`` once it prints ``when``."""
    import subprocess

    process = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED, str(folder)],
        cwd=ROOT,
        env={**os.environ, **environment},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen = []
    for line in process.stdout:
        seen.append(line)
        if line.startswith(when):
            break
    process.send_signal(signum)
    output = "".join(seen) + process.communicate(timeout=60)[0]
    assert any(line.startswith(when) for line in seen), output
    return process.returncode, output


def table_of(readme: str) -> str:
    return readme.split(run_full.TABLE_START)[1].split(run_full.TABLE_END)[0].strip()


def assert_they_agree(folder):
    """The README's table is the one made from the results file, and lab 01 was kept."""
    import time

    deadline = time.monotonic() + 10  # a swap's committer may still be at work
    while list(folder.glob(".staging-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(folder.glob(".staging-*"))
    results = json.loads((folder / "results.json").read_text())
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert table_of(readme) == run_full.render_table(results)
    assert results["labs"]["01_mlp"]["metrics"][0]["value"] == 0.5  # the lab it finished


@pytest.mark.parametrize("signum", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_a_run_interrupted_in_its_second_lab_keeps_the_first_in_both_files(scratch_results, signum):
    import signal

    code, output = interrupted_run(scratch_results, getattr(signal, signum))
    assert_they_agree(scratch_results)
    if signum != "SIGKILL":  # it could say so
        assert code == 1 and "interrupted: results.json and the README table keep" in output


def test_a_run_killed_while_saving_leaves_both_files_saved(scratch_results):
    import signal

    interrupted_run(
        scratch_results, signal.SIGKILL, when="moved 1 of 2", MNIST_LABS_SWAP_PAUSE="0.5"
    )
    assert_they_agree(scratch_results)  # the committer finished the swap


def test_any_run_first_makes_a_table_that_disagrees_with_the_results_again(
    scratch_results, monkeypatch, capsys
):
    results = json.loads(run_full.RESULTS.read_text())
    results["labs"]["01_mlp"]["metrics"][0]["value"] = 0.5  # as a run killed between the two
    run_full.RESULTS.write_text(json.dumps(results))

    def no_full_data():
        sys.exit("full-mode results need the full MNIST set")

    monkeypatch.setattr(run_full, "check_full_data", no_full_data)
    monkeypatch.setattr(sys, "argv", ["run_full.py", "01_mlp"])
    with pytest.raises(SystemExit, match="full MNIST set"):
        run_full.main()  # stops before any lab runs, but the table is repaired first
    assert table_of(run_full.README.read_text(encoding="utf-8")) == run_full.render_table(results)
    assert "its results table did not match results.json" in capsys.readouterr().out
    monkeypatch.setattr(sys, "argv", ["run_full.py", "--table"])
    run_full.main()  # agrees already: nothing to say
    assert "did not match" not in capsys.readouterr().out


# --- which machine the figures come from, said before the run, and nothing of TensorFlow's C++


def test_a_run_names_its_machine_and_warns_of_labs_measured_on_another(
    scratch_results, monkeypatch, capsys
):
    record = {"metric": "figure", "value": 0.5, "epochs": 1, "train_seconds": 1.0, "note": None}
    monkeypatch.setattr(run_full, "run_notebook", lambda path: ([record], 2.0))
    monkeypatch.setattr(run_full, "check_full_data", lambda: None)
    monkeypatch.setattr(run_full, "machine", lambda: MACHINE)
    run_full.main(["01_mlp"])
    out = capsys.readouterr().out
    assert "measuring on: x; GPU: none; y; Python 3, TensorFlow 2, Keras 3\n" in out
    assert "go into results.json and README.md's table" in out
    kept = sorted(set(json.loads(run_full.RESULTS.read_text())["labs"]) - {"01_mlp"})
    assert f"warning: {', '.join(kept)} were measured on another machine" in out
    assert run_full.machine_line(MACHINE) in run_full.README.read_text(encoding="utf-8")


def test_native_stderr_goes_to_the_log_not_the_terminal(tmp_path, capfd):
    log = tmp_path / "executed" / "tensorflow-start.log"
    with run_full.native_stderr_to(log):
        os.write(2, b"E0000 failed call to cuInit: UNKNOWN ERROR (303)\n")
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"
    assert "failed call to cuInit" in log.read_text()
