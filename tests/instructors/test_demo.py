"""The live-demo benchmark (tools/bench_demo.py): what it compares and how it reports it."""

import sys

import pytest

from tools import bench_demo


def test_a_rerun_is_compared_by_its_figures_not_its_progress_lines():
    first = [
        "Epoch 1/2",
        "accuracy 97.10%",
        "12/12 - 1s - 5ms/step - loss: 0.2",
        "",
        "fit in 4.1 s",
    ]
    rerun = ["cache: mlp, 2 epoch(s) loaded ...", "Epoch 1/2 (loaded) - loss: 0.2000"]
    rerun += ["accuracy 97.20%", "fit in 4.1 s"]
    assert bench_demo.differences(
        [line for line in first if not bench_demo.progress_line(line)],
        [line for line in rerun if not bench_demo.progress_line(line)],
    ) == ["-accuracy 97.10%", "+accuracy 97.20%"]


def test_the_table_puts_each_rerun_beside_the_uncached_time():
    entry = {
        "date": "2026-11-26T15:00:00+00:00",
        "cached_rerun": {"seconds": 46.4, "loaded": 22, "not_cached": ["cache: not used ..."]},
        "uncached_full_mode_seconds": 305.2,
    }
    table = bench_demo.render_table({"labs": {"01_mlp": entry}})
    assert "| 01_mlp | 305 | 46 | 22 | 1 |" in table and "(2026-11-26)" in table


@pytest.mark.parametrize(
    "arguments, message",
    [(["--rerun-only"], "--rerun-only needs --cache"), (["07_gan"], "unknown lab.*07_gan")],
)
def test_bad_arguments_are_named(monkeypatch, arguments, message):
    monkeypatch.setattr(sys, "argv", ["bench_demo.py", *arguments])
    with pytest.raises(SystemExit, match=message):
        bench_demo.main()
