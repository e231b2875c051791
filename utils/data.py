"""Load MNIST and prepare it for the labs.

:func:`load_mnist` looks for the data in this order:

1. an explicit ``path`` argument, or the file named by the environment
   variable ``MNIST_LABS_DATA``;
2. the Keras cache (``~/.keras/datasets/mnist.npz``, under ``KERAS_HOME`` if set), filled
   on first use by a download from Keras's server (or from the mirror ``MNIST_LABS_URL``
   names): what Google Colab and any machine with internet access use. Fetching and checking
   the file is :mod:`utils.mnist_file`'s job;
3. the small sample shipped in ``data/mnist_sample.npz``, with a one-line
   warning on stdout that says how to get the full set (:class:`MnistSampleWarning`).

While otter-grader grades a notebook, step 2 is left out: an autograder uses the sample.

A file the user pointed at (steps 1) must be valid: a missing, corrupt or
wrongly shaped file raises an error naming the file, never a silent fallback.

The other functions prepare the arrays: scale, flatten, add a channel axis, draw subsets,
split by digits, pad to colour images, stream training batches.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from utils import layout, mnist_file
from utils.mnist_file import ENV_DATA_PATH, IMAGE_SHAPE, NUM_CLASSES, PathLike, Split
from utils.mode import otter_is_grading
from utils.run_key import describe
from utils.validation import (
    as_array,
    check_all_finite,
    check_consistent_length,
    check_count,
    check_finite_array,
    check_labels,
    check_mnist_images,
    check_seed,
    check_targets,
)

SAMPLE_PATH = layout.SAMPLE


class MnistSampleWarning(UserWarning):
    """Warned when the labs fall back to the small embedded MNIST sample.

    Shown as one plain line on stdout (:func:`show_sample_warning`), not as Python's
    ``file.py:1: MnistSampleWarning: ...`` on stderr, which notebooks paint as an error. It is
    still a warning: ``warnings.simplefilter("ignore" or "error", MnistSampleWarning)`` works.
    """


def show_sample_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """Show a :class:`MnistSampleWarning` as its message alone on stdout; others as before.

    Installed as ``warnings.showwarning`` when this module is imported. Python calls it only
    for a warning its filters let through, and ``warnings.catch_warnings(record=True)`` (as in
    ``pytest.warns``) puts its own in place, so filtering and recording work as for any warning.
    """
    if issubclass(category, MnistSampleWarning):
        # the notebook's temporary file and line prefix would point at nothing a student has
        print(message, flush=True)
        return
    _shown_before(message, category, filename, lineno, file, line)


if getattr(warnings.showwarning, "__name__", "") != show_sample_warning.__name__:  # once
    _shown_before = warnings.showwarning
    warnings.showwarning = show_sample_warning


def load_mnist(
    path: PathLike | None = None,
    *,
    download: bool = True,
) -> tuple[Split, Split]:
    """Load MNIST as ``(x_train, y_train), (x_test, y_test)``.

    The arrays have the layout of ``keras.datasets.mnist.load_data()``:
    images ``(n, 28, 28)`` and labels ``(n,)``, both ``uint8``.

    Parameters
    ----------
    path : str or path-like, optional
        An ``.npz`` file with the arrays ``x_train``, ``y_train``, ``x_test``
        and ``y_test``. Defaults to the file named by ``MNIST_LABS_DATA``.
    download : bool, default True
        Whether to try Keras's download and cache when no file is given.
        With ``False`` (or when the download fails) the embedded sample in
        ``data/`` is used, with a :class:`MnistSampleWarning`.

    Returns
    -------
    (x_train, y_train), (x_test, y_test) : tuple of tuples of numpy.ndarray

    Raises
    ------
    FileNotFoundError
        If the given file (or the one ``MNIST_LABS_DATA`` names) does not exist.
    ValueError
        If that file is corrupt, truncated, or holds arrays of the wrong
        keys, shapes, dtypes or label values.

    Examples
    --------
    >>> (x_train, y_train), (x_test, y_test) = load_mnist()  # doctest: +SKIP
    >>> x_train.shape, x_train.dtype  # doctest: +SKIP
    ((60000, 28, 28), dtype('uint8'))
    """
    if path is None and os.environ.get(ENV_DATA_PATH):
        path = os.environ[ENV_DATA_PATH]
    if path is not None:
        return mnist_file.read_mnist_npz(path)
    if otter_is_grading():  # an autograder never downloads: the same data on every machine
        return mnist_file.read_mnist_npz(SAMPLE_PATH)
    if download:
        try:
            return mnist_file.read_mnist_npz(mnist_file.cached_download())
        except Exception as error:  # offline, blocked, too slow, or a bad file
            cause = (str(error).strip().splitlines() or [""])[0][:200]
            reason = f"the download failed ({type(error).__name__}: {cause})"
    else:
        reason = "download=False"
    warnings.warn(
        f"Using the small MNIST sample in data/ because {reason}. For the full "
        f"60,000/10,000 set, connect to the internet or set {ENV_DATA_PATH} "
        "to an mnist.npz file.",
        MnistSampleWarning,
        stacklevel=2,
    )
    return mnist_file.read_mnist_npz(SAMPLE_PATH)


def scale_images(images: np.ndarray) -> np.ndarray:
    """Scale pixels 0..255 to ``float32`` values in [0, 1].

    Parameters
    ----------
    images : numpy.ndarray or list
        Pixels 0..255 of any shape: ``uint8`` as MNIST stores them, or any integer type (a
        list of ints, an ``int64`` array), or floats that are all whole numbers 0..255 with
        some above 1 (``x.astype("float32")`` before scaling).

    Returns
    -------
    numpy.ndarray
        ``float32`` array of the same shape.

    Raises
    ------
    ValueError
        If the pixels are floats within [0, 1] (scaling twice is a common silent bug), or
        any pixel is outside 0..255, not whole, or not finite.
    TypeError
        If they are not numbers (or are booleans).

    Examples
    --------
    >>> scale_images(np.array([[0, 255]], dtype=np.uint8))
    array([[0., 1.]], dtype=float32)
    >>> scale_images([[0, 51]])
    array([[0. , 0.2]], dtype=float32)
    """
    images = as_array("images", images)
    if images.dtype.kind not in "iuf":
        raise TypeError(
            f"images: expected pixels 0..255 as numbers, got an array of {images.dtype}"
        )
    if images.dtype.kind == "f":
        images = check_finite_array("images", images)
        if images.size and images.max() <= 1:
            raise ValueError(
                f"images: expected pixels 0..255, got {images.dtype} values within [0, 1]: "
                "are these images already scaled?"
            )
        if not np.all(images == images.round()):
            raise ValueError("images: expected whole pixels 0..255, got fractions above 1")
    if images.size and (images.min() < 0 or images.max() > 255):
        raise ValueError(
            f"images: expected pixels 0..255, got values from {images.min():g} to {images.max():g}"
        )
    return images.astype(np.float32) / np.float32(255.0)


def flatten_images(images: np.ndarray) -> np.ndarray:
    """Turn images ``(n, 28, 28)`` into vectors ``(n, 784)`` for a Dense layer.

    Parameters
    ----------
    images : numpy.ndarray or list of them
        Shape ``(n, 28, 28)`` or ``(n, 28, 28, 1)``; ``n`` may be 0.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 784)``, same dtype.

    Examples
    --------
    >>> flatten_images(np.zeros((2, 28, 28))).shape
    (2, 784)
    """
    images = check_mnist_images("images", images)
    return images.reshape(len(images), 784)  # not -1: an empty selection has no size to infer


def add_channel_axis(images: np.ndarray) -> np.ndarray:
    """Turn images ``(n, 28, 28)`` into ``(n, 28, 28, 1)`` for a Conv2D layer.

    Parameters
    ----------
    images : numpy.ndarray or list of them
        Shape ``(n, 28, 28)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 28, 28, 1)``, same dtype.

    Examples
    --------
    >>> add_channel_axis(np.zeros((2, 28, 28))).shape
    (2, 28, 28, 1)
    """
    images = check_mnist_images("images", images)
    if images.ndim != 3:
        raise ValueError(f"images already have a channel axis: shape {images.shape}.")
    return images[..., np.newaxis]


def stratified_subset(
    images: np.ndarray,
    labels: np.ndarray,
    size: int | None,
    *,
    seed: int = 0,
) -> Split:
    """Draw ``size`` examples with the same class proportions as the whole.

    Parameters
    ----------
    images, labels : numpy.ndarray
        Examples and their labels, with equal first dimensions.
    size : int or None
        How many to keep. ``None`` or a size at least ``len(labels)`` returns
        the inputs unchanged (handy for "full mode uses everything").
    seed : int, default 0
        Random seed of the draw, 0 to ``2**32 - 1``.

    Returns
    -------
    images, labels : numpy.ndarray

    Examples
    --------
    >>> x, y = np.zeros((100, 28, 28)), np.repeat(np.arange(10), 10)
    >>> np.bincount(stratified_subset(x, y, 20)[1]).tolist()
    [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    """
    from sklearn.model_selection import train_test_split

    check_consistent_length("labels", labels, images)
    check_labels("labels", labels)
    seed = check_seed("seed", seed)  # here, not in scikit-learn's words
    if size is not None:
        size = check_count("size", size, minimum=NUM_CLASSES)  # one per class at least
    if size is None or size >= len(labels):
        return images, labels
    classes = np.unique(labels, return_counts=True)
    if len(labels) - size < len(classes[0]) or classes[1].min() < 2:
        raise ValueError(
            f"size: cannot draw {size} of {len(labels)} examples with each class's share kept "
            f"(every class needs 2 examples or more, and {len(classes[0])} must be left out)"
        )
    subset_images, _, subset_labels, _ = train_test_split(
        images, labels, train_size=size, stratify=labels, random_state=seed
    )
    return subset_images, subset_labels


def split_by_digits(
    images: np.ndarray,
    labels: np.ndarray,
    digits: Sequence[int],
    *,
    relabel: bool = False,
) -> tuple[Split, Split]:
    """Split examples into those whose label is in ``digits`` and the rest.

    Used for transfer learning: train on some digits, reuse on the others.

    Parameters
    ----------
    images, labels : numpy.ndarray
        Examples and their labels.
    digits : sequence of int
        The digits of the first part, e.g. ``range(5)``.
    relabel : bool, default False
        Renumber each part's labels 0, 1, ... in increasing digit order, as a
        fresh classifier head needs.

    Returns
    -------
    (images_in, labels_in), (images_out, labels_out) : tuple of tuples

    Examples
    --------
    >>> y = np.array([0, 5, 1, 6])
    >>> (_, y_in), (_, y_out) = split_by_digits(np.zeros((4, 28, 28)), y, [0, 1])
    >>> y_in.tolist(), y_out.tolist()
    ([0, 1], [5, 6])
    """
    if isinstance(digits, int | np.integer | str) or not hasattr(digits, "__iter__"):
        raise TypeError(f"digits: expected a list such as range(5) or [0, 1], got {digits!r:.40}")
    digits = sorted(set(check_labels("digits", list(digits)).tolist()))
    if not 0 < len(digits) < NUM_CLASSES:
        raise ValueError(
            f"digits: expected some of the digits 0..9 (the rest form the other part), "
            f"got {len(digits)}"
        )
    labels = np.asarray(labels)
    check_labels("labels", labels)
    images = as_array("images", images)  # a list is indexed by a mask below
    check_consistent_length("labels", labels, images)
    others = [d for d in range(NUM_CLASSES) if d not in digits]
    inside = np.isin(labels, digits)
    parts = []
    for mask, part_digits in ((inside, digits), (~inside, others)):
        part_labels = labels[mask]
        if relabel:
            part_labels = np.searchsorted(part_digits, part_labels).astype(labels.dtype)
        parts.append((images[mask], part_labels))
    return parts[0], parts[1]


def sample_per_class(
    images: np.ndarray,
    labels: np.ndarray,
    per_class: int | None,
    *,
    seed: int = 0,
) -> Split:
    """Draw exactly ``per_class`` examples of every class: a labelling budget.

    Unlike :func:`stratified_subset`, which keeps the class proportions of a
    total size, this asks "what if only k images of each digit were labelled?",
    the x axis of a label-efficiency curve.

    Parameters
    ----------
    images, labels : numpy.ndarray
        Examples and their labels, with equal first dimensions.
    per_class : int or None
        Examples of each class to keep; ``None`` keeps everything (unshuffled).
    seed : int, default 0
        Random seed of the draw, 0 to ``2**32 - 1``; the result is shuffled across classes.

    Returns
    -------
    images, labels : numpy.ndarray

    Raises
    ------
    ValueError
        If ``per_class`` is below 1 or a class has fewer examples than that.

    Examples
    --------
    >>> y = np.repeat(np.arange(3), 10)
    >>> _, y_few = sample_per_class(np.zeros((30, 28, 28)), y, 2)
    >>> sorted(y_few.tolist())
    [0, 0, 1, 1, 2, 2]
    """
    check_labels("labels", labels)
    images, labels = np.asarray(images), np.asarray(labels)
    check_consistent_length("labels", labels, images)
    seed = check_seed("seed", seed)
    if per_class is None:
        return images, labels
    per_class = check_count("per_class", per_class)
    rng = np.random.default_rng(seed)
    chosen = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if len(members) < per_class:
            raise ValueError(
                f"class {label} has {len(members)} examples, fewer than per_class={per_class}."
            )
        chosen.append(rng.choice(members, size=per_class, replace=False))
    order = rng.permutation(np.concatenate(chosen))
    return images[order], labels[order]


def to_rgb(images: np.ndarray, size: int = 32) -> np.ndarray:
    """Pad greyscale digits to ``size`` × ``size`` and repeat them on 3 colour channels.

    ImageNet networks in ``keras.applications`` expect colour images of at least
    32 × 32 pixels. MNIST digits sit in a blank margin, so padding with zeros
    (background) keeps every stroke exactly as it was, with no interpolation.

    Parameters
    ----------
    images : numpy.ndarray or list of them
        Shape ``(n, 28, 28)`` or ``(n, 28, 28, 1)``, any numeric dtype.
    size : int, default 32
        Side of the output; at least 28.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, size, size, 3)``, same dtype.

    Examples
    --------
    >>> to_rgb(np.zeros((2, 28, 28), dtype=np.uint8)).shape
    (2, 32, 32, 3)
    """
    images = check_mnist_images("images", images)
    size = check_count("size", size, minimum=IMAGE_SHAPE[0], maximum=512)  # no cropping
    images = images.reshape(len(images), *IMAGE_SHAPE)
    before = (size - IMAGE_SHAPE[0]) // 2
    after = size - IMAGE_SHAPE[0] - before
    padded = np.pad(images, ((0, 0), (before, after), (before, after)))
    return np.repeat(padded[..., np.newaxis], 3, axis=-1)


def training_stream(
    images: np.ndarray,
    labels: np.ndarray,
    *,
    steps: int,
    batch_size: int = 128,
    seed: int = 0,
) -> Any:
    """Exactly ``steps`` shuffled training batches, cycling through the examples.

    With 5 labelled images an "epoch" is one step and with 5,000 it is forty,
    so comparing methods by epochs would give the small budgets almost no
    training. A stream of a fixed number of steps gives every method and every
    budget the same number of weight updates: ``model.fit(stream)``.

    Parameters
    ----------
    images, labels : numpy.ndarray
        The training examples: finite numbers, and labels as class numbers or one-hot rows.
    steps : int
        Batches in the stream (weight updates of one ``fit``).
    batch_size : int, default 128
        At most this many examples per batch (fewer when there are fewer examples).
    seed : int, default 0
        Seed of the shuffling (0 to ``2**32 - 1``), reshuffled on every pass.

    Returns
    -------
    tf.data.Dataset
        Yields ``(images, labels)`` batches; its length is ``steps``.

    Examples
    --------
    >>> model.fit(training_stream(x_few, y_few, steps=300), verbose=0)  # doctest: +SKIP
    """
    import tensorflow as tf

    check_consistent_length("labels", labels, images)
    steps = check_count("steps", steps)
    batch_size = check_count("batch_size", batch_size)
    seed = check_seed("seed", seed)  # TensorFlow takes a negative seed without a word
    if len(images) == 0:
        raise ValueError("images: expected at least one example, got none")
    check_targets("labels", labels)
    images = as_array("images", images)
    check_all_finite("images", images)  # nan pixels would train a nan model, silently
    batch = min(batch_size, len(images))
    examples = tf.data.Dataset.from_tensor_slices((images, labels))
    shuffled = examples.shuffle(len(images), seed=seed, reshuffle_each_iteration=True)
    stream = shuffled.repeat().batch(batch, drop_remainder=True).take(steps)
    # what the stream is made of, for the training cache (utils.cache), which cannot read it
    # (TensorFlow mixes its global seed, set by keras.utils.set_random_seed, into the shuffle)
    global_seed, _ = tf.compat.v1.random.get_seed(seed)
    content = ("training_stream", images, labels, steps, batch, seed, global_seed)
    return describe(stream, *content)
