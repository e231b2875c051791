"""Checks of the inputs students pass to the course's functions, shared by every module.

Each check raises a short ``TypeError`` or ``ValueError`` that names the argument and what it
expected, whatever the input (its text stays a line long), and returns the value in the form
the caller works with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np


def check_finite_number(name: str, value: Any, *, positive: bool = False) -> float:
    """Return ``value`` as a float, or raise naming ``name`` if it is no finite real number.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        A Python or NumPy int or float (a 0-d numeric array too); not a bool.
    positive : bool, default False
        Refuse zero and negative numbers too (a duration, a size).

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If it is nan or infinite (or not above 0, with ``positive``).
    """
    scalar = isinstance(value, int | float | np.integer | np.floating) or (
        isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf"
    )
    if isinstance(value, bool | np.bool_) or not scalar:
        raise TypeError(f"{name}: expected a real number, got {type(value).__name__}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name}: expected a finite number, got {number}")
    if positive and number <= 0:
        raise ValueError(f"{name}: expected a number above 0, got {number:g}")
    return number


def check_count(name: str, value: Any, *, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an int, or raise naming ``name`` if it is no whole number in range.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        A Python or NumPy integer (a float with no fraction too); not a bool.
    minimum, maximum : int
        The range allowed (``maximum`` None: no upper bound).

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``value`` is not a whole number.
    ValueError
        If it is out of range.
    """
    whole = isinstance(value, int | np.integer) or (
        isinstance(value, float | np.floating) and float(value).is_integer()
    )
    if isinstance(value, bool | np.bool_) or not whole:
        raise TypeError(f"{name}: expected a whole number, got {_shown(value)}")
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        allowed = f"at least {minimum}" if maximum is None else f"{minimum} to {maximum}"
        raise ValueError(f"{name}: expected {allowed}, got {number}")
    return number


def check_labels(name: str, labels: Any, *, classes: int = 10) -> np.ndarray:
    """Return ``labels`` as a 1-D int array of classes ``0 .. classes - 1``, or raise.

    A 2-D array of scores (probabilities or logits, one row per example) is named as such,
    with the ``argmax`` that turns it into labels.

    Raises
    ------
    TypeError, ValueError
        Naming ``name`` and what was expected, in one line whatever the input.
    """
    array = np.asarray(labels)
    if array.ndim == 2 and array.shape[1] > 1:
        raise ValueError(
            f"{name}: expected one label per example, got an array of shape {array.shape}: "
            f"scores per class? Pass {name}.argmax(axis=1)"
        )
    if array.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D sequence of labels, got shape {array.shape}")
    if array.dtype.kind not in "iuf" or (
        array.dtype.kind == "f" and not np.all(array == array.round())
    ):
        raise TypeError(f"{name}: expected whole-number labels, got {_kind(array)}")
    if array.size and (array.min() < 0 or array.max() >= classes):
        raise ValueError(
            f"{name}: expected labels 0 to {classes - 1}, got values from {array.min():g} "
            f"to {array.max():g}"
        )
    return array.astype(int)


def check_probabilities(name: str, probabilities: Any, *, tolerance: float = 1e-3) -> np.ndarray:
    """Return ``probabilities`` as a 2-D float array whose rows are distributions, or raise.

    Logits (values outside [0, 1], or rows that do not sum to 1) are named as such, with the
    softmax that turns them into probabilities.
    """
    array = check_finite_array(name, probabilities)
    if array.ndim != 2:
        raise ValueError(
            f"{name}: expected one row of class probabilities per example, got shape {array.shape}"
        )
    sums = array.sum(axis=1)
    if array.size and (array.min() < 0 or array.max() > 1 or np.abs(sums - 1).max() > tolerance):
        raise ValueError(
            f"{name}: expected probabilities (each row in [0, 1], summing to 1), got values "
            f"from {array.min():.3g} to {array.max():.3g}: logits? Apply a softmax first"
        )
    return array


def check_finite_array(name: str, values: Any) -> np.ndarray:
    """Return ``values`` as a float array, or raise if it is not numeric or holds nan/inf."""
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected numbers, got {_kind(array)}")
    array = array.astype(float)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name}: expected finite numbers, got nan or inf")
    return array


def check_mnist_images(name: str, images: Any) -> None:
    """Raise naming ``name`` unless ``images`` is an array of 28 x 28 images, (n, 28, 28[, 1])."""
    if not isinstance(images, np.ndarray):
        kind = type(images).__name__
        raise TypeError(
            f"{name}: expected a NumPy array of images, got {kind}: pass np.asarray(...)"
        )
    if images.ndim < 3 or images.shape[1:3] != (28, 28):
        shape = getattr(images, "shape", type(images).__name__)
        raise ValueError(f"{name} must have shape (n, 28, 28) or (n, 28, 28, 1); got {shape}.")


def check_image_stack(name: str, images: Any) -> np.ndarray:
    """Return ``images`` as greyscale ``(n, height, width)`` of any size, or raise naming ``name``.

    A channel axis of one, ``(n, h, w, 1)`` as a Conv2D takes them, is dropped; pixels must be
    uint8 (0..255) or finite floats.
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or min(images.shape[1:]) < 2:
        raise ValueError(
            f"{name}: expected greyscale images (n, height, width), got shape {images.shape}"
            " (for one image use images[None], for flattened ones reshape to (n, 28, 28))."
        )
    if len(images) == 0:
        raise ValueError(f"{name}: expected at least one image, got none")
    if images.dtype != np.uint8 and not np.issubdtype(images.dtype, np.floating):
        raise ValueError(
            f"{name} must be uint8 (0..255) or floating point (0..1); got {images.dtype}."
        )
    if images.dtype != np.uint8:
        check_finite_array(name, images)
    return images


def check_flat_images(name: str, images: Any) -> np.ndarray:
    """Return ``images`` as ``(n, 784)`` from any shape of 28 x 28 images, or raise naming it."""
    images = np.asarray(images)
    if images.ndim < 2 or int(np.prod(images.shape[1:])) != 784:
        raise ValueError(f"{name}: expected 28×28 images, got an array of shape {images.shape}.")
    if images.dtype.kind == "f":
        check_finite_array(name, images)
    return images.reshape(len(images), 784)


def check_mapping(name: str, value: Any, what: str) -> Mapping:
    """Return ``value`` if it is a non-empty dict-like mapping, or raise naming ``name``.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
    what : str
        What it maps, e.g. ``"name -> History"``, for the message.

    Returns
    -------
    collections.abc.Mapping

    Raises
    ------
    TypeError
        If ``value`` is not a mapping (an array, a list, a single object).
    ValueError
        If it is empty.
    """
    if not isinstance(value, Mapping):
        raise TypeError(f"{name}: expected a dict of {what}, got {_shown_type(value)}")
    if not value:
        raise ValueError(f"{name}: expected a dict of {what}, got an empty one")
    return value


def check_names(name: str, value: Any, *, example: str = "['a', 'b']") -> list[str]:
    """Return ``value`` as a list of strings, or raise naming ``name``.

    A single string is refused (its letters would be taken as names).

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
    example : str
        An example of a valid value, for the message.

    Returns
    -------
    list of str
    """
    if isinstance(value, str) or not isinstance(value, Sequence | np.ndarray):
        raise TypeError(f"{name}: expected a list such as {example}, got {_shown(value)}")
    names = list(value)
    if not all(isinstance(item, str) for item in names):
        raise TypeError(f"{name}: expected a list of names such as {example}")
    return names


def _shown_type(value: Any) -> str:
    """Name a value's type in a few words: an array's shape too, never its values."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a {type(value).__name__}"


def _kind(array: np.ndarray) -> str:
    """Describe an array's contents in a few words (never its values)."""
    return f"an array of {array.dtype} with shape {array.shape}"


def _shown(value: Any) -> str:
    """Show a value in at most a few dozen characters."""
    text = repr(value)
    return text if len(text) <= 40 else f"a {type(value).__name__}"
