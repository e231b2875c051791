"""Shared fixtures: small MNIST-like data and the repository root."""

from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent


def make_mnist_like(n_train: int = 40, n_test: int = 20, seed: int = 0) -> dict[str, np.ndarray]:
    """Arrays in the layout of mnist.npz, every class present."""
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8),
        "y_train": (np.arange(n_train) % 10).astype(np.uint8),
        "x_test": rng.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8),
        "y_test": (np.arange(n_test) % 10).astype(np.uint8),
    }


@pytest.fixture
def mnist_file(tmp_path: Path) -> Path:
    """A small valid MNIST-layout .npz file."""
    path = tmp_path / "mnist.npz"
    np.savez_compressed(path, **make_mnist_like())
    return path
