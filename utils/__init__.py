"""Helpers shared by the MNIST Keras labs.

A notebook starts with ``utils.setup()``, picks its mode with ``utils.set_mode(...)`` and then
calls the modules:

- :mod:`utils.data`: load MNIST (offline-safe) and prepare it;
- :mod:`utils.plotting`: digit grids, training curves, confusion matrices;
- :mod:`utils.filters`: hand-made kernels, weights as pictures, gradients per layer;
- :mod:`utils.features`: HOG features of many images, HOG pictures;
- :mod:`utils.lab`: seeds, the quick/full mode, timing, results;
- :mod:`utils.course`: where the course is, Google Colab, the grader of a student version;
- :mod:`utils.cache`: the instructors' opt-in training cache for live demos (its keys:
  :mod:`utils.run_key`).
"""

import os

# TensorFlow's C++ start-up messages (CUDA probing, oneDNN notices) look like
# errors to students; keep warnings and errors only. Must precede the import.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from utils.cache import cached_fit  # noqa: E402
from utils.mode import lab_mode, needs_full_mode, pick, set_mode  # noqa: E402
from utils.predictions import reveal  # noqa: E402
from utils.results import record_result  # noqa: E402
from utils.session import setup  # noqa: E402
from utils.student_grader import grader  # noqa: E402
from utils.timing import Stopwatch, epoch_timer, fastest_epoch_seconds  # noqa: E402

__all__ = [
    "Stopwatch",
    "cached_fit",
    "epoch_timer",
    "fastest_epoch_seconds",
    "grader",
    "lab_mode",
    "needs_full_mode",
    "pick",
    "record_result",
    "reveal",
    "set_mode",
    "setup",
]
