"""Checks of the inputs students pass to the course's functions, shared by every module.

Each check raises a short ``TypeError`` or ``ValueError`` that names the argument and what it
expected, whatever the input (its text stays a line long), and returns the value in the form
the caller works with.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np


def check_finite_number(name: str, value: Any, *, positive: bool = False) -> float:
    """Return ``value`` as a float, or raise naming ``name`` if it is no finite real number.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        A Python or NumPy int or float (a 0-d numeric array or tensor too); not a bool.
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
    if hasattr(value, "__array__") and not isinstance(value, np.ndarray | np.generic):
        # a framework's scalar (a TensorFlow tensor, what keras.ops returns): as NumPy sees it
        value = np.asarray(value)
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


SEED_MAX = 2**32 - 1  # NumPy's, scikit-learn's and keras.utils.set_random_seed's largest seed


def check_seed(name: str, value: Any) -> int:
    """Return ``value`` as an int seed ``0 .. 2**32 - 1``, or raise naming ``name``.

    One range for every seed of the course, the one NumPy, scikit-learn and Keras all take, so
    that a seed is refused here rather than deep inside one of them.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        A whole number (a float with no fraction too); not a bool.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``value`` is not a whole number.
    ValueError
        If it is negative or above ``2**32 - 1``.
    """
    return check_count(name, value, minimum=0, maximum=SEED_MAX)


def check_labels(name: str, labels: Any, *, classes: int = 10) -> np.ndarray:
    """Return ``labels`` as a 1-D int array of classes ``0 .. classes - 1``, or raise.

    A 2-D array of scores (probabilities or logits, one row per example) is named as such,
    with the ``argmax`` that turns it into labels.

    Raises
    ------
    TypeError, ValueError
        Naming ``name`` and what was expected, in one line whatever the input.
    """
    array = as_array(name, labels)
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


def check_targets(name: str, targets: Any, *, classes: int = 10) -> np.ndarray:
    """Return training targets: labels ``(n,)``, or one-hot (or soft) rows ``(n, classes)``.

    What ``model.fit`` takes with a sparse or a categorical cross-entropy alike.

    Raises
    ------
    TypeError, ValueError
        Naming ``name`` and what was expected, in one line whatever the input.
    """
    array = as_array(name, targets)
    if array.ndim == 2 and array.shape[1] == classes:
        return check_probabilities(name, array)  # each row a distribution over the classes
    return check_labels(name, array, classes=classes)


def check_consistent_length(
    name: str,
    values: Any,
    expected: Any,
    *,
    noun: str = "labels",
    expected_noun: str = "images",
) -> int:
    """Return ``len(values)`` if it is ``len(expected)``, or raise naming ``name`` and both counts.

    One item per example: ``labels`` for ``images``, ``y_pred`` for ``y_true``.

    Parameters
    ----------
    name : str
        The argument whose length is checked, for the message.
    values : sized
        A list, an array or a pandas Series (a single number has no length).
    expected : sized or int
        What ``values`` must match, or its length.
    noun, expected_noun : str
        What the items are called, for the message: ``"labels: 100 images but 99 labels"``.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If the lengths differ, or ``values`` is a single value.

    Examples
    --------
    >>> check_consistent_length("labels", [0, 1], np.zeros((2, 28, 28)))
    2
    """
    count = expected if isinstance(expected, int | np.integer) else len(expected)
    try:
        got = len(values)
    except TypeError:  # a single number (a 0-d array too) has no length
        got = None
    if got != count:
        shown = "a single value" if got is None else f"{got} {noun}"
        raise ValueError(f"{name}: {count} {expected_noun} but {shown}")
    return got


def as_array(name: str, values: Any) -> np.ndarray:
    """Return ``np.asarray(values)``, or raise naming ``name`` for rows of unequal lengths."""
    try:
        return np.asarray(values)
    except (ValueError, TypeError):  # NumPy's "inhomogeneous shape" message names no argument
        raise ValueError(
            f"{name}: expected a regular array (every row of one length), got {_shown(values)}"
        ) from None


def check_finite_array(name: str, values: Any) -> np.ndarray:
    """Return ``values`` as a float array, or raise if it is not numeric or holds nan/inf."""
    array = as_array(name, values)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected numbers, got {_kind(array)}")
    array = array.astype(float)
    check_all_finite(name, array)
    return array


def check_all_finite(name: str, array: np.ndarray) -> None:
    """Raise naming ``name`` if a float ``array`` holds nan or inf; it is neither copied nor cast.

    For large stacks of images, where a float64 copy would cost gigabytes.
    """
    if array.dtype.kind in "fc" and not np.isfinite(array).all():
        raise ValueError(f"{name}: expected finite numbers, got nan or inf")


def check_mnist_images(name: str, images: Any) -> np.ndarray:
    """Return ``images`` as an array of 28 x 28 images, (n, 28, 28[, 1]), or raise naming it.

    A list of images is taken as their stack; anything else that is not a NumPy array (a
    TensorFlow tensor) is refused, with the ``np.asarray`` that converts it.
    """
    if isinstance(images, list | tuple):
        images = as_array(name, images)
    if not isinstance(images, np.ndarray):
        kind = type(images).__name__
        raise TypeError(
            f"{name}: expected a NumPy array of images, got {kind}: pass np.asarray(...)"
        )
    channels = images.shape[3:]  # one channel at most: (n, 28, 28, 3) would flatten to 2,352
    if images.ndim not in (3, 4) or images.shape[1:3] != (28, 28) or channels not in ((), (1,)):
        raise ValueError(
            f"{name}: expected shape (n, 28, 28) or (n, 28, 28, 1), got {images.shape}"
        )
    if images.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected pixels as numbers, got {_kind(images)}")
    return images


def check_image_stack(name: str, images: Any) -> np.ndarray:
    """Return ``images`` as greyscale ``(n, height, width)`` of any size, or raise naming ``name``.

    A channel axis of one, ``(n, h, w, 1)`` as a Conv2D takes them, is dropped; pixels must be
    uint8 (0..255) or finite floats.
    """
    images = as_array(name, images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or min(images.shape[1:]) < 2:
        raise ValueError(
            f"{name}: expected greyscale images (n, height, width), got shape {images.shape}"
            " (for one image use images[None], for flattened ones reshape to (n, 28, 28))."
        )
    if len(images) == 0:
        raise ValueError(f"{name}: expected at least one image, got none")
    if images.dtype != np.uint8 and images.dtype.kind != "f":
        raise ValueError(
            f"{name} must be uint8 (0..255) or floating point (0..1); got {images.dtype}: "
            "convert with .astype(np.uint8) or scale_images"
        )
    check_all_finite(name, images)
    return images


def check_flat_images(name: str, images: Any) -> np.ndarray:
    """Return ``images`` as ``(n, 784)`` from any shape of 28 x 28 images, or raise naming it."""
    images = as_array(name, images)
    if images.ndim < 2 or int(np.prod(images.shape[1:])) != 784:
        raise ValueError(f"{name}: expected 28×28 images, got an array of shape {images.shape}.")
    if images.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected pixels as numbers, got {_kind(images)}")
    check_all_finite(name, images)
    return images.reshape(len(images), 784)


def check_for_log_axis(name: str, values: np.ndarray, *, switch: str) -> None:
    """Raise naming ``name`` if ``values`` hold a number at or below 0, which a log axis drops.

    Matplotlib leaves such points out of a log axis without a word; ``switch`` is the argument
    that turns the log axis off, named in the message.
    """
    if values.size and values.min() <= 0:
        raise ValueError(
            f"{name}: a log axis cannot show {values.min():g} (only numbers above 0): "
            f"pass {switch}=False"
        )


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
    """Return ``value`` as a non-empty list of strings, or raise naming ``name``.

    A single string is refused (its letters would be taken as names), and so is an empty list
    (nothing to draw or read).

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
    if not names:
        raise ValueError(f"{name}: expected a list such as {example}, got an empty one")
    return names


def check_model(name: str, model: Any) -> Any:
    """Return ``model`` if it looks like a Keras model (it has layers), or raise naming ``name``.

    Checked before a layer is looked up, so that ``None`` or a History is named as such rather
    than failing on a missing attribute.
    """
    if not hasattr(model, "layers") or isinstance(model, type):
        raise TypeError(f"{name}: expected a Keras model, got a {type(model).__name__}")
    return model


def check_model_input(name: str, model: Any) -> tuple:
    """Return the shape a model's input takes, batch axis left out, or raise if it has none yet.

    A model built from ``keras.Input`` (or trained once) has an input; one whose first layer
    has no input shape does not, and no sub-model can be cut from it.

    Parameters
    ----------
    name : str
        The model argument's name, for the message.
    model : keras.Model

    Returns
    -------
    tuple
        E.g. ``(28, 28, 1)``; ``None`` for a size the model leaves open.

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model.
    ValueError
        If it has no input yet.
    """
    check_model(name, model)
    if not getattr(model, "inputs", None):
        raise ValueError(f"{name}: it has no input shape yet; build it (keras.Input) or train it")
    return tuple(model.inputs[0].shape[1:])


def check_fits_input(name: str, values: Any, model: Any, *, single: bool = False) -> None:
    """Raise naming ``name`` unless ``values`` fit the model's input: a batch, or one example.

    A model with no input yet takes any shape (its first call builds it).

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    values : array-like
        A batch ``(n, ...)`` of the input's shape, or with ``single`` one example holding as
        many numbers as the input (``(28, 28)`` fits ``(28, 28, 1)``).
    model : keras.Model
    single : bool, default False

    Raises
    ------
    ValueError
        Naming both shapes.
    """
    check_model("model", model)
    if not getattr(model, "inputs", None):
        return
    expected = tuple(model.inputs[0].shape[1:])
    shape = np.shape(values)
    if single:
        fits = None not in expected and int(np.prod(shape)) == int(np.prod(expected))
        wanted = str(expected)
    else:
        got = shape[1:]
        fits = len(got) == len(expected) and all(
            e is None or e == g for e, g in zip(expected, got, strict=True)
        )
        wanted = "(n, " + ", ".join(str(e) for e in expected) + ")"
    if not fits:
        raise ValueError(f"{name}: shape {shape} does not fit the model's input {wanted}")


def check_compiled(name: str, model: Any, *, needed_by: str) -> Any:
    """Return ``model`` if it is a compiled Keras model (it has a loss), or raise.

    Parameters
    ----------
    name : str
        The model argument's name, for the message.
    model : keras.Model
    needed_by : str
        The function that needs the loss, named in the message.

    Returns
    -------
    keras.Model
    """
    check_model(name, model)  # None is no model, not an uncompiled one
    if getattr(model, "loss", None) is None:
        raise ValueError(f"{name}: compile the model first: {needed_by} needs its loss.")
    return model


def check_built(layer: Any) -> Any:
    """Return ``layer`` if it has its weights (it is built), or raise naming it.

    Parameters
    ----------
    layer : keras.layers.Layer

    Returns
    -------
    keras.layers.Layer
    """
    if not getattr(layer, "built", False):
        raise ValueError(f"layer {layer.name!r} has no weights yet: build or train the model first")
    return layer


def check_layer_name(
    name: str,
    layer_name: Any,
    model: Any,
    *,
    among: Sequence[str] | None = None,
    kind: str = "",
) -> str:
    """Return ``layer_name`` if it names a layer of ``model`` (of the right kind), or raise.

    The message lists the valid names, so that a typo is fixed at once.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    layer_name : object
        What was passed: a layer's name (its ``.name``), not the layer.
    model : keras.Model
    among : sequence of str, optional
        The names of the layers that qualify (e.g. the Conv2D ones); default: every layer.
    kind : str, optional
        What qualifies, for the message, e.g. ``"Conv2D"``.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``model`` is not a model or ``layer_name`` is not a str.
    ValueError
        If no layer qualifies, or none has that name.
    """
    check_model("model", model)
    if not isinstance(layer_name, str):
        shown = type(layer_name).__name__
        raise TypeError(f"{name}: expected a layer's name (its .name), got a {shown}")
    check_has_layers(model, among, kind=kind)
    valid = [layer.name for layer in model.layers] if among is None else list(among)
    if layer_name not in valid:
        what = f"{kind} layer" if kind else "layer"
        model_name = getattr(model, "name", "")
        raise ValueError(f"no {what} {layer_name!r} in model {model_name!r}; valid names: {valid}.")
    return layer_name


def check_has_layers(model: Any, among: Sequence[Any] | None, *, kind: str = "") -> None:
    """Raise, listing the model's layers, if ``among`` (its layers of ``kind``) is empty.

    Parameters
    ----------
    model : keras.Model
    among : sequence or None
        The layers (or names) that qualify; None: every layer does.
    kind : str, optional
        What qualifies, for the message, e.g. ``"Dense"``.
    """
    if among is not None and not len(among):
        names = [layer.name for layer in check_model("model", model).layers]
        what = f"{kind} layer" if kind else "layer"
        raise ValueError(f"model has no {what}; its layers are {names}.")


def check_history(name: str, history: Any) -> dict[str, np.ndarray]:
    """Return the per-epoch metrics of a training run as ``{metric: 1-D float array}``.

    Takes what ``model.fit`` returns (a ``keras.callbacks.History``), its ``.history`` dict, or
    a pandas DataFrame of it (``pd.DataFrame(history.history)``). Every metric needs one number
    per epoch, as many as ``loss`` has; nan stays (a diverging run shows as a gap).

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    history : keras.callbacks.History, dict or pandas.DataFrame

    Returns
    -------
    dict of str to numpy.ndarray

    Raises
    ------
    TypeError, ValueError
        Naming ``name`` (and the metric) and what was expected.
    """
    if hasattr(history, "layers"):  # the model itself (fitted, its .history is a History)
        raise TypeError(
            f"{name}: expected what model.fit returns (a History) or its .history dict, "
            f"got a {type(history).__name__}"
        )
    metrics = getattr(history, "history", history)
    if hasattr(metrics, "columns") and hasattr(metrics, "to_numpy"):  # a pandas DataFrame
        metrics = {column: metrics[column].to_numpy() for column in metrics.columns}
    if hasattr(history, "history") and isinstance(metrics, Mapping) and not metrics:
        raise ValueError(f"{name}: no epochs recorded (did fit run for 0 epochs?)")
    if not isinstance(metrics, Mapping) or "loss" not in metrics:
        raise ValueError(
            f"{name}: expected a keras History (what model.fit returns) or a dict with a 'loss' "
            f"list; got {_shown_type(history)}"
        )
    arrays = {}
    for metric, values in metrics.items():
        label = f"{name}[{metric!r}]"
        array = as_array(label, values)
        if array.dtype.kind not in "iuf":
            raise TypeError(f"{label}: expected numbers per epoch, got {values!r:.60}")
        if array.ndim != 1:
            raise ValueError(f"{label}: expected one number per epoch, got shape {array.shape}")
        arrays[metric] = array.astype(float)
    epochs = len(arrays["loss"])
    if epochs == 0:
        raise ValueError(f"{name}: no epochs recorded ('loss' is empty)")
    for metric, array in arrays.items():
        if len(array) != epochs:  # validation_freq > 1 does this; where each value belongs is lost
            raise ValueError(
                f"{name}[{metric!r}]: {len(array)} values for the {epochs} epochs of 'loss' "
                "(every metric needs one per epoch; fit with validation_freq=1)"
            )
    return arrays


def check_identifier(name: str, value: Any, *, example: str) -> str:
    """Return ``value`` if it is a name of letters, digits and underscores, or raise.

    Such names fit anywhere: a column, a key, a cell of a Markdown table (no space, newline
    or ``|`` to break it).
    """
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a name such as {example!r}, got {_shown(value)}")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        raise ValueError(
            f"{name}: expected letters, digits and underscores such as {example!r}, "
            f"got {value!r:.60}"
        )
    return value


def check_one_line(name: str, value: Any) -> str:
    """Return ``value`` if it is one line of text that fits a Markdown table's cell, or raise."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a line of text, got {_shown(value)}")
    if "\n" in value or "\r" in value or "|" in value:
        raise ValueError(
            f"{name}: expected one line without '|' (a cell of the README's table), "
            f"got {value!r:.60}"
        )
    return value


def check_output_file(name: str, path: Any) -> Path:
    """Return ``path`` as a ``Path`` to a file that can be created or appended to, or raise.

    Raises
    ------
    TypeError
        If ``path`` is not a str or path-like.
    IsADirectoryError
        If it is a folder.
    FileNotFoundError
        If its folder does not exist.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"{name}: expected a file name, got {type(path).__name__}")
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{name}: expected a file, got the folder {path}")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{name}: its folder {path.parent} does not exist")
    return path


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
