"""The README's results table is generated from results/results.json, not typed in."""

import json
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import run_full  # noqa: E402


def test_readme_table_is_rendered_from_results_file():
    results = json.loads(run_full.RESULTS.read_text())
    readme = run_full.README.read_text(encoding="utf-8")
    table = readme.split(run_full.TABLE_START)[1].split(run_full.TABLE_END)[0].strip()
    assert table == run_full.render_table(results), "run `python tools/run_full.py --table`"


def test_results_are_full_mode_figures_with_what_the_issue_asks():
    results = json.loads(run_full.RESULTS.read_text())
    for lab, entry in results["labs"].items():
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
