"""Helpers shared by the MNIST Keras labs: one job per module.

A notebook starts with ``utils.setup()``, picks its mode with ``utils.set_mode(...)`` and then
calls the modules. The names below (``utils.__all__``) are the notebooks' own API.

Modules
-------
- :mod:`utils.layout`: the course's configuration: its root folder, the labs, the public home;
- :mod:`utils.validation`: the checks of every input (arrays, labels, lengths, a model's state);
- :mod:`utils.files`: writing a file whole or not at all (``write_atomically``);
- :mod:`utils.display`: showing a figure once in a notebook;
- :mod:`utils.random_state`: the global random generators' state, read and restored;
- :mod:`utils.mode`: the lab mode, quick or full (``set_mode``, ``pick``, ``needs_full_mode``);
- :mod:`utils.timing`: ``Stopwatch``, ``epoch_timer``, the fastest epoch, the replay ledger;
- :mod:`utils.colab`: where the course is, Google Colab, installs that change nothing there;
- :mod:`utils.mnist_file`: the MNIST file: download, checksum, Keras's cache, reading it;
- :mod:`utils.model_parts`: a Keras model's layers by kind or name, sub-models cut at them;
- :mod:`utils.plotting`: digit grids, training curves, confusion matrices, results;
- :mod:`utils.predictions`: a student's prediction beside what was measured (``reveal``);
- :mod:`utils.results`: a lab's headline figures for the README (``record_result``);
- :mod:`utils.code_key`, :mod:`utils.cache_record`, :mod:`utils.run_key`: the training cache's
  keys (code, data, settings) and its records on disk;
- :mod:`utils.student_grader`: the grader of a student version (``utils.grader``);
- :mod:`utils.filters`: hand-made kernels, kernel measures, weights as pictures;
- :mod:`utils.probes`: gradient norms per layer, feature maps, activation maximisation, saliency;
- :mod:`utils.cache`: the instructors' opt-in training cache for live demos (``cached_fit``);
- :mod:`utils.data`: load MNIST (offline-safe) and prepare its arrays;
- :mod:`utils.features`: HOG features and pictures, a network's layer as features;
- :mod:`utils.session`: ``setup``: seeds, the machine's line, the demo's cache.

Floors
------
A module imports only modules on floors below its own (imports inside functions included):
nothing imports upward, so there is no import circle, and no module imports ``instructors``,
``tests`` or ``tools`` (``tests/unit/test_import_graph.py`` checks all three).

0. ``layout``, ``validation``, ``files``, ``display``, ``random_state``, ``mode``
1. ``timing``, ``colab``, ``mnist_file``, ``model_parts``, ``plotting``, ``predictions``,
   ``results``, ``code_key``, ``cache_record``
2. ``student_grader``, ``filters``, ``probes``, ``run_key``
3. ``cache``, ``data``
4. ``features``
5. ``session``; this ``__init__`` stands on top and only re-exports.

Where a picture lives
---------------------
Beside what it computes: a ``plot_*`` that computes what it shows sits in the module of that
computation (``filters.plot_conv_kernels`` beside ``conv_kernels``, ``probes.plot_feature_maps``
beside ``feature_maps``, ``features.plot_hog`` beside ``hog_features``), and so does a picture
in that module's own style (``filters.plot_kernels`` draws any kernels as the weight pictures
are drawn). :mod:`utils.plotting` draws what the caller computed and hands in as arrays,
histories or values (digits, training curves, confusion matrices, ``plot_layer_values`` of
``probes.gradient_norms``); it imports no computing module. Every figure is finished with
``plotting.finish_figure``.
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
