import json
import os
import sys
import time

import numpy as np
import pytest

import utils
import utils.mnist_file
import utils.mode
import utils.predictions
import utils.results
import utils.session
import utils.timing


@pytest.fixture
def mode(monkeypatch):
    monkeypatch.setattr(utils.mode, "_chosen_mode", None)  # what a notebook's set_mode() chose

    def set_mode(value):
        if value is None:
            monkeypatch.delenv(utils.mode.ENV_MODE, raising=False)
        else:
            monkeypatch.setenv(utils.mode.ENV_MODE, value)

    return set_mode


def test_mode_defaults_to_full(mode):
    mode(None)
    assert utils.mode.lab_mode() == "full"
    mode("")
    assert utils.mode.lab_mode() == "full"


def test_quick_mode_and_pick(mode):
    mode(" Quick ")
    assert utils.mode.lab_mode() == "quick"
    assert utils.mode.pick(quick=1, full=20) == 1
    mode("full")
    assert utils.mode.pick(quick=1, full=20) == 20


def test_unknown_mode_is_a_clear_error(mode):
    mode("fast")
    with pytest.raises(ValueError, match="MNIST_LABS_MODE='fast'.*'full', 'quick'"):
        utils.mode.lab_mode()
    with pytest.raises(ValueError):
        utils.setup()


def test_set_mode_is_the_notebooks_choice_unless_the_environment_overrides_it(mode, capsys):
    mode(None)
    assert utils.set_mode("quick") == "quick" and utils.mode.lab_mode() == "quick"
    assert utils.pick(quick=1, full=20) == 1
    assert capsys.readouterr().out == "Lab mode: quick (small subsets and one or two epochs).\n"
    assert utils.set_mode(" Full ") == "full" and utils.mode.lab_mode() == "full"
    capsys.readouterr()
    mode("quick")  # the grader and the tests set the variable: it wins over the notebook
    assert utils.set_mode("full") == "quick" and utils.mode.lab_mode() == "quick"
    assert "MNIST_LABS_MODE=quick overrides 'full'" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["fast", "", None, 1, ["quick"]])
def test_set_mode_rejects_anything_but_full_or_quick(mode, bad):
    mode(None)
    with pytest.raises(ValueError, match=r"mode=.*expected one of \('full', 'quick'\)"):
        utils.set_mode(bad)
    assert utils.mode.lab_mode() == "full"  # a bad call changes nothing


def test_seed_everything_makes_numpy_and_keras_weights_repeatable():
    import keras

    def draw():
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
        return np.random.rand(3), np.asarray(model.layers[0].kernel)

    utils.session.seed_everything(7)
    first = draw()
    utils.session.seed_everything(7)
    second = draw()
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    utils.session.seed_everything(8)
    third = draw()
    assert not np.array_equal(first[0], third[0]) and not np.array_equal(first[1], third[1])


def test_setup_prints_one_line_about_the_machine(mode, capsys):
    import keras

    mode("quick")
    assert utils.setup() is None
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1
    assert f"Keras {keras.__version__}" in printed[0]
    assert "GPU: " in printed[0]


def test_stopwatch_measures_wall_time():
    with utils.Stopwatch() as watch:
        time.sleep(0.05)
    assert 0.04 < watch.seconds < 1.0


def test_record_result_appends_json_lines(tmp_path, mode):
    mode("full")
    path = tmp_path / "results.jsonl"
    utils.record_result(
        "01_mlp", "a", 0.98765432, epochs=3, train_seconds=12.34, note="n", path=path
    )
    utils.record_result("01_mlp", "b", 1, path=path)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["metric"] for r in records] == ["a", "b"]
    assert records[0]["value"] == 0.98765 and records[0]["train_seconds"] == 12.3
    assert records[0]["epochs"] == 3 and records[0]["mode"] == "full"
    assert records[0]["note"] == "n" and records[1]["note"] is None


def test_record_result_writes_nothing_without_a_target(tmp_path, monkeypatch):
    monkeypatch.delenv(utils.results.ENV_RESULTS, raising=False)
    monkeypatch.chdir(tmp_path)
    record = utils.record_result("01_mlp", "a", 0.5)
    assert record["value"] == 0.5 and list(tmp_path.iterdir()) == []


def test_record_result_follows_the_environment_variable(tmp_path, monkeypatch):
    path = tmp_path / "from_env.jsonl"
    monkeypatch.setenv(utils.results.ENV_RESULTS, str(path))
    utils.record_result("01_mlp", "a", 0.5)
    assert json.loads(path.read_text())["metric"] == "a"


def test_accelerator_says_whether_a_gpu_is_on():
    name = utils.session.accelerator()
    assert name.startswith("GPU: ")
    assert name == f"GPU: none (CPU, {os.cpu_count()} cores)" or "none" not in name


def test_environment_report_is_one_line_with_versions(mode):
    import keras

    mode("full")
    report = utils.session.environment_report()
    assert "\n" not in report
    assert f"Keras {keras.__version__}" in report and f"NumPy {np.__version__}" in report
    assert report.endswith(utils.session.accelerator())


def test_native_stderr_is_silenced_and_restored(capfd):
    os.write(2, b"before\n")
    with utils.session.native_stderr_silenced():
        os.write(2, b"hidden C++ chatter\n")
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "before\nafter\n"


def test_epoch_timer_records_each_epoch_of_a_real_fit():
    import keras

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    timer = utils.epoch_timer()
    model.fit(np.zeros((8, 3)), np.zeros(8), epochs=3, verbose=0, callbacks=[timer])
    assert len(timer.seconds) == 3 and all(s > 0 for s in timer.seconds)


def test_fastest_epoch_seconds_leaves_out_the_compiling_epoch():
    assert utils.fastest_epoch_seconds([30.0, 2.0, 4.0]) == 2.0
    assert utils.fastest_epoch_seconds([1.0, 5.0, 3.0]) == 3.0  # a fast first epoch is left out
    assert utils.fastest_epoch_seconds([5.0]) == 5.0
    with pytest.raises(ValueError, match="no epochs timed"):
        utils.fastest_epoch_seconds([])


def test_otter_grading_means_quick_mode_and_the_sample(mode, monkeypatch):
    import types

    from utils import data

    mode(None)
    utils.mode.set_mode("full")
    fake_otter = types.SimpleNamespace(Notebook=types.SimpleNamespace(_grading_mode=True))
    monkeypatch.setitem(sys.modules, "otter", fake_otter)
    assert utils.mode.otter_is_grading() and utils.mode.lab_mode() == "quick"
    monkeypatch.delenv(utils.mnist_file.ENV_DATA_PATH, raising=False)
    (x_train, _), (x_test, _) = data.load_mnist()  # no download attempted, no warning
    assert (len(x_train), len(x_test)) == (6000, 2000)
    mode("full")  # an explicit MNIST_LABS_MODE still wins
    assert utils.mode.lab_mode() == "full"
    fake_otter.Notebook._grading_mode = False
    mode(None)
    assert not utils.mode.otter_is_grading() and utils.mode.lab_mode() == "full"


def test_needs_full_mode_says_so_in_quick_mode_only(monkeypatch, capsys):
    monkeypatch.setenv("MNIST_LABS_MODE", "quick")
    assert utils.mode.needs_full_mode("how edge-like trained kernels are") is False
    line = capsys.readouterr().out
    assert line.startswith("Quick mode: how edge-like trained kernels are needs full mode")
    monkeypatch.setenv("MNIST_LABS_MODE", "full")
    assert utils.mode.needs_full_mode("anything") is True
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    "prediction, measured, expected",
    [
        ("relu", "relu", "Measured: relu. As you predicted."),
        ("  ReLU ", "relu", "Measured: relu. As you predicted."),
        ("sigmoid", "relu", "Measured: relu. You predicted sigmoid: what did you not expect"),
        (..., "relu", "Measured: relu. (No prediction in my_prediction: write one"),
        ("relus", "relu", "(my_prediction = 'relus' is not one of 'sigmoid', 'relu', 'both'.)"),
    ],
)
def test_reveal_compares_a_choice(capsys, prediction, measured, expected):
    utils.predictions.reveal(prediction, measured, choices=("sigmoid", "relu", "both"))
    assert expected in capsys.readouterr().out


def test_reveal_compares_a_number(capsys):
    utils.predictions.reveal(0.9, 0.9731, name="my_accuracy")
    assert capsys.readouterr().out.strip() == "Measured: 0.9731. You predicted 0.9: off by 0.0731."
    utils.predictions.reveal("ninety", 0.97, name="my_accuracy")
    assert "my_accuracy = 'ninety': expected a number" in capsys.readouterr().out


def test_reveal_rejects_a_measurement_outside_its_choices():
    with pytest.raises(ValueError, match="measured: expected one of"):
        utils.predictions.reveal("a", "c", choices=("a", "b"))
