"""Build data/mnist_sample.npz: a small, balanced, real MNIST sample.

Takes the first N_TRAIN training and N_TEST test images of each digit from a
full mnist.npz, keeps them in their original order, and stores their original
indices so anyone can check them against the full set.

Usage::

    python -m instructors sample ../shared/data/mnist.npz
"""

from __future__ import annotations

import argparse
import io

import numpy as np

from utils.files import write_atomically
from utils.layout import SAMPLE

N_TRAIN, N_TEST = 600, 200  # per digit: 6,000 training and 2,000 test images
OUT = SAMPLE


def first_per_digit(labels: np.ndarray, per_digit: int) -> np.ndarray:
    """Return the indices of the first ``per_digit`` examples of each digit, in original order."""
    chosen = [np.flatnonzero(labels == digit)[:per_digit] for digit in range(10)]
    return np.sort(np.concatenate(chosen))


def write_sample(source: str) -> None:
    """Write the sample of the full MNIST file ``source`` to ``data/mnist_sample.npz``."""
    with np.load(source, allow_pickle=False) as full:
        arrays = {key: full[key] for key in ("x_train", "y_train", "x_test", "y_test")}
    train_index = first_per_digit(arrays["y_train"], N_TRAIN)
    test_index = first_per_digit(arrays["y_test"], N_TEST)
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        x_train=arrays["x_train"][train_index],
        y_train=arrays["y_train"][train_index],
        x_test=arrays["x_test"][test_index],
        y_test=arrays["y_test"][test_index],
        train_index=train_index.astype(np.int32),
        test_index=test_index.astype(np.int32),
    )
    write_atomically(OUT, buffer.getvalue())
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m instructors sample", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "source", nargs="?", default="../shared/data/mnist.npz", help="a full mnist.npz"
    )
    write_sample(parser.parse_args(argv).source)


if __name__ == "__main__":
    main()
