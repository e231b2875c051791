"""Build data/mnist_sample.npz: a small, balanced, real MNIST sample.

Takes the first N_TRAIN training and N_TEST test images of each digit from a
full mnist.npz, keeps them in their original order, and stores their original
indices so anyone can check them against the full set.

Usage: python tools/make_sample.py ../shared/data/mnist.npz
"""

import sys
from pathlib import Path

import numpy as np

N_TRAIN, N_TEST = 600, 200  # per digit: 6,000 training and 2,000 test images
OUT = Path(__file__).resolve().parent.parent / "data" / "mnist_sample.npz"


def first_per_digit(labels: np.ndarray, per_digit: int) -> np.ndarray:
    """Indices of the first ``per_digit`` examples of each digit, in original order."""
    chosen = [np.flatnonzero(labels == digit)[:per_digit] for digit in range(10)]
    return np.sort(np.concatenate(chosen))


def main(source: str) -> None:
    with np.load(source, allow_pickle=False) as full:
        arrays = {key: full[key] for key in ("x_train", "y_train", "x_test", "y_test")}
    train_index = first_per_digit(arrays["y_train"], N_TRAIN)
    test_index = first_per_digit(arrays["y_test"], N_TEST)
    np.savez_compressed(
        OUT,
        x_train=arrays["x_train"][train_index],
        y_train=arrays["y_train"][train_index],
        x_test=arrays["x_test"][test_index],
        y_test=arrays["y_test"][test_index],
        train_index=train_index.astype(np.int32),
        test_index=test_index.astype(np.int32),
    )
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/mnist.npz")
