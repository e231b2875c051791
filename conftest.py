"""Settings for every test run, notebooks included (nbval starts kernels that inherit them)."""

import os

os.environ.setdefault("MNIST_LABS_MODE", "quick")  # tests never run the full-mode training
os.environ.setdefault("MPLBACKEND", "Agg")  # no display on CI
