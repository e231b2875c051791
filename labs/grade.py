"""Grade one student submission of a lab with its autograder, without Docker.

The submission is re-executed from top to bottom in quick mode (small data,
one or two epochs), so grading takes about a minute and checks the exercises,
not the full-mode accuracy.

Usage::

    python labs/grade.py 01_mlp path/to/submission.ipynb [--output-dir DIR]

Prints the score per question and the total; the full results are written to
``DIR/results.json`` (default: a temporary folder).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import LABS, NOTEBOOKS, ROOT, assign, autograder_zip  # noqa: E402


def ensure_autograder(lab: str) -> Path:
    """Return the lab's autograder zip, building it if it is missing (it is not committed)."""
    lab_dir = LABS / lab
    try:
        return autograder_zip(lab_dir)
    except FileNotFoundError:
        master = NOTEBOOKS / f"{lab}.ipynb"
        if not master.exists():
            raise SystemExit(f"unknown lab {lab!r}: no notebook {master}") from None
        with tempfile.TemporaryDirectory() as scratch:
            built = assign(master, Path(scratch) / lab)
            target = lab_dir / "autograder" / built.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(built.read_bytes())
        return target


def grade(submission: Path, autograder: Path, output_dir: Path) -> dict:
    """Run ``autograder`` on ``submission`` in quick mode; return otter's results."""
    if not submission.is_file():
        raise SystemExit(f"submission not found: {submission}")
    # quick mode: grading re-runs the whole notebook; PYTHONPATH: otter runs it in a temporary
    # folder, where `import utils` works only if the course package is installed or on the path
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, "MNIST_LABS_MODE": "quick", "PYTHONPATH": python_path}
    output_dir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "otter",
        "run",
        "--no-logo",
        "-a",
        str(autograder),
        "-o",
        str(output_dir),
        str(submission.resolve()),
    ]
    subprocess.run(command, check=True, env=environment, capture_output=True, text=True)
    return json.loads((output_dir / "results.json").read_text())


def scores(results: dict) -> dict[str, tuple[float, float]]:
    """Question name → (score, possible points), from otter's results.json."""
    return {
        test["name"]: (float(test["score"]), float(test["max_score"]))
        for test in results["tests"]
        if "score" in test  # skips otter's "Public Tests" summary entry
    }


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lab", help="lab name, e.g. 01_mlp")
    parser.add_argument("submission", type=Path, help="the student's .ipynb")
    parser.add_argument("--output-dir", type=Path, default=None)
    args = parser.parse_args()
    output_dir = args.output_dir or Path(tempfile.mkdtemp(prefix=f"grade_{args.lab}_"))
    autograder = ensure_autograder(args.lab)
    per_question = scores(grade(args.submission, autograder, output_dir))
    for name, (score, possible) in per_question.items():
        print(f"{name:<20} {score:g} / {possible:g}")
    total = sum(s for s, _ in per_question.values()), sum(p for _, p in per_question.values())
    print(f"{'total':<20} {total[0]:g} / {total[1]:g}   (details: {output_dir}/results.json)")


if __name__ == "__main__":
    main()
