"""Kernels and filters: hand-made kernels, weights as pictures, gradients.

Lab 01 uses the first Dense layer's weights (each hidden unit's 784 weights
are a 28×28 template) and the gradient magnitude per layer (vanishing
gradients). Lab 02 applies hand-made kernels (Sobel) to digits. Lab 03 adds
learned convolution kernels, feature maps and saliency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from utils.plotting import finish_figure
from utils.validation import (
    check_count,
    check_finite_array,
    check_finite_number,
    check_labels,
    check_mapping,
    check_model,
    check_names,
    check_seed,
)


def _dense_layers(model: Any) -> list[Any]:
    import keras

    check_model("model", model)
    layers = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if not layers:
        names = [layer.name for layer in model.layers]
        raise ValueError(f"model has no Dense layer; its layers are {names}.")
    return layers


def plot_dense_weights(
    model_or_layer: Any,
    *,
    count: int = 32,
    ncols: int = 8,
    title: str | None = None,
) -> Figure:
    """Show each unit's input weights of a Dense layer on 784 pixels as an image.

    Red pixels push the unit up, blue pixels push it down; a softmax
    regression's ten units look like blurry templates of the ten digits.

    Parameters
    ----------
    model_or_layer : keras.Model or keras.layers.Dense
        A model (its first Dense layer is used) or a Dense layer whose input
        has 784 features.
    count : int, default 32
        Show the first ``count`` units.
    ncols : int, default 8
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If there is no Dense layer, or its input is not 784 pixels.
    """
    count = check_count("count", count)
    pictures = dense_weight_pictures(model_or_layer)[:count]
    title = (
        title
        or f"Input weights of {len(pictures)} units of layer {_dense_layer(model_or_layer).name!r}"
    )
    return _plot_weight_grid(pictures, ncols=ncols, cell=(1.2, 1.3), title=title)


def dense_weight_pictures(model_or_layer: Any) -> np.ndarray:
    """Return a Dense layer's input weights as pictures ``(units, 28, 28)``.

    The pictures :func:`plot_dense_weights` draws, as numbers (e.g. for :func:`smoothness`).

    Parameters
    ----------
    model_or_layer : keras.Model or keras.layers.Dense
        A model (its first Dense layer is used) or a Dense layer whose input has 784 features.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If there is no Dense layer, it has no weights yet, or its input is not 784 pixels.
    """
    layer = _dense_layer(model_or_layer)
    if not layer.built:
        raise ValueError(f"layer {layer.name!r} has no weights yet: build or train the model first")
    kernel = np.asarray(layer.kernel)
    if kernel.shape[0] != 784:
        raise ValueError(
            f"layer {layer.name!r} takes {kernel.shape[0]} inputs, not 784 pixels: weight "
            "pictures need a flattened 28×28 image (use the first Dense layer)."
        )
    return kernel.T.reshape(-1, 28, 28)


def _dense_layer(model_or_layer: Any) -> Any:
    """Return the layer itself if it is a Dense layer, else the model's first Dense layer."""
    import keras

    if isinstance(model_or_layer, keras.layers.Dense):
        return model_or_layer
    return _dense_layers(model_or_layer)[0]


def smoothness(pictures: np.ndarray) -> np.ndarray:
    """Measure how smooth each weight picture is: the correlation of neighbouring weights.

    Independent random weights (an untrained layer) score about 0; pictures of strokes and
    blobs, where a weight resembles the weights beside it, score well above.

    Parameters
    ----------
    pictures : numpy.ndarray
        ``(n, height, width)`` weight pictures.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` correlations in [-1, 1] (0 for a flat picture).

    Examples
    --------
    >>> float(smoothness(np.add.outer(np.arange(5.0), np.arange(5.0))[None])[0].round(2))
    1.0
    """
    pictures = check_finite_array("pictures", pictures)
    if pictures.ndim != 3 or min(pictures.shape[1:]) < 2:
        raise ValueError(f"pictures: expected (n, height, width), got shape {pictures.shape}")
    count = len(pictures)
    if count == 0:  # an empty selection: no correlations (reshape(0, -1) cannot infer a size)
        return np.zeros(0)
    pairs = [  # (each weight, its neighbour): to the right, then below
        (pictures[:, :, :-1], pictures[:, :, 1:]),
        (pictures[:, :-1, :], pictures[:, 1:, :]),
    ]
    a = np.concatenate([first.reshape(count, -1) for first, _ in pairs], axis=1)
    b = np.concatenate([second.reshape(count, -1) for _, second in pairs], axis=1)
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    norms = np.sqrt((a**2).sum(axis=1) * (b**2).sum(axis=1))
    return np.where(norms > 0, (a * b).sum(axis=1) / np.where(norms > 0, norms, 1.0), 0.0)


def _plot_weight_grid(
    pictures: np.ndarray,
    *,
    ncols: int,
    cell: tuple[float, float],
    title: str,
    labels: Sequence[str] | None = None,
    shared_scale: bool = True,
) -> Figure:
    """Draw weight pictures ``(n, h, w)`` in a grid, red positive, blue negative, white zero.

    With ``shared_scale`` every panel uses one colour scale, read on the colour bar, so that
    panels compare; otherwise each panel is scaled to its own largest weight (for comparing
    patterns of kernels whose sizes differ, e.g. hand-made and learned ones).
    """
    count = check_count("kernels to draw", len(pictures))
    labels = [str(index) for index in range(count)] if labels is None else list(labels)
    ncols = min(check_count("ncols", ncols), count)
    nrows = int(np.ceil(count / ncols))
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(cell[0] * ncols + (0.8 if shared_scale else 0), cell[1] * nrows + 0.4),
        squeeze=False,
        layout="constrained",
    )
    shared_limit = float(np.abs(pictures[:count]).max()) or 1.0
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index < count:
            limit = shared_limit if shared_scale else float(np.abs(pictures[index]).max()) or 1.0
            image = ax.imshow(pictures[index], cmap="RdBu_r", vmin=-limit, vmax=limit)
            ax.set_title(labels[index], fontsize=8)
    if shared_scale:
        fig.colorbar(image, ax=axes, shrink=0.8, label="weight")
    fig.suptitle(title if shared_scale else f"{title} (each scaled to its largest weight)")
    return finish_figure(fig, tight=False)


def gradient_norms(model: Any, images: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """Return the mean absolute gradient of the loss for each Dense or Conv2D layer's weights.

    One batch, one backward pass, no weight update. With sigmoid units the
    layers near the input get far smaller gradients than those near the
    output: the vanishing-gradient problem. Layers inside nested models count
    too, in the order the model runs them.

    Parameters
    ----------
    model : keras.Model
        A compiled model with Dense or Conv2D layers and a ``loss``.
    images : numpy.ndarray
        A batch the model accepts.
    labels : numpy.ndarray
        Their labels, in the form the model's loss expects.

    Returns
    -------
    dict of str to float
        Layer name to mean ``|dL/dW|``, input side first.

    Raises
    ------
    ValueError
        If the model is not compiled or has no Dense or Conv2D layer.
    """
    import keras
    import tensorflow as tf

    check_model("model", model)  # None is no model, not an uncompiled one
    if getattr(model, "loss", None) is None:
        raise ValueError("compile the model first: gradient_norms needs its loss.")
    layers = [
        layer
        for layer in _flat_layers(model)
        if isinstance(layer, (keras.layers.Dense, keras.layers.Conv2D))
    ]
    if not layers:
        names = [layer.name for layer in model.layers]
        raise ValueError(f"model has no Dense or Conv2D layer; its layers are {names}.")
    _check_fits_input(model, images)
    images = check_finite_array("images", images)
    loss_fn = keras.losses.get(model.loss)  # accepts a name or a loss object
    with tf.GradientTape() as tape:
        outputs = model(images, training=False)
        labels = _check_targets(labels, outputs.shape[0], outputs.shape[-1], _loss_name(model.loss))
        loss = loss_fn(labels, outputs)
    grads = tape.gradient(loss, [layer.kernel for layer in layers])
    magnitudes = [float(tf.reduce_mean(tf.abs(grad))) for grad in grads]
    return {layer.name: value for layer, value in zip(layers, magnitudes, strict=True)}


def _flat_layers(model: Any) -> list[Any]:
    """Every layer of ``model``, those of nested models included, in the model's order."""
    import keras

    check_model("model", model)
    flat = []
    for layer in model.layers:
        flat += _flat_layers(layer) if isinstance(layer, keras.Model) else [layer]
    return flat


def _loss_name(loss: Any) -> str:
    """Name a loss in snake case, whether given as a string, a function or an object."""
    if isinstance(loss, str):
        return loss
    name = getattr(loss, "name", None) or getattr(loss, "__name__", type(loss).__name__)
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def _check_fits_input(model: Any, images: Any) -> None:
    """Refuse a batch whose shape the model's input does not take, naming both shapes."""
    expected = tuple(model.inputs[0].shape[1:]) if getattr(model, "inputs", None) else None
    got = np.shape(images)[1:]
    if expected is not None and (
        len(got) != len(expected)
        or any(e is not None and e != g for e, g in zip(expected, got, strict=True))
    ):
        wanted = ", ".join(str(e) for e in expected)
        raise ValueError(
            f"images: shape {np.shape(images)} does not fit the model's input (n, {wanted})"
        )


def _check_targets(labels: Any, count: int, classes: int, loss: str = "") -> np.ndarray:
    """Return the targets as an array, one per image in the form ``loss`` takes, or raise.

    Class numbers or one-hot rows; a list or a pandas Series comes back as a NumPy array,
    which every Keras loss takes.
    """
    array = np.asarray(labels)
    if array.ndim == 0 or len(array) != count:
        got = "a single value" if array.ndim == 0 else len(array)
        raise ValueError(f"labels: expected one per image ({count}), got {got}")
    one_hot = array.ndim == 2 and array.shape[1] == classes > 1
    if one_hot and "sparse" in loss:
        raise ValueError(f"labels: the loss is {loss}: expected class numbers, got one-hot rows")
    if not one_hot and loss == "categorical_crossentropy":
        raise ValueError(
            f"labels: the loss is {loss}: expected one-hot rows of {classes}, got shape "
            f"{array.shape} (keras.utils.to_categorical, or a sparse_ loss)"
        )
    if one_hot:
        check_finite_array("labels", array)
        return array
    column = array.ndim == 2 and array.shape[1] == 1
    if array.ndim != 1 and not column:
        raise ValueError(
            f"labels: expected class numbers or one-hot rows of {classes}, got shape {array.shape}"
        )
    # one sigmoid unit: labels 0 and 1
    check_labels("labels", array[:, 0] if column else array, classes=max(classes, 2))
    return array


def apply_kernel(images: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Slide a kernel over images, as a convolution layer does (cross-correlation).

    The output has the input's size ("same" padding, zeros outside the image).

    Parameters
    ----------
    images : numpy.ndarray
        One image ``(height, width)`` or a stack ``(n, height, width)``.
    kernel : numpy.ndarray
        A 2-D kernel, e.g. the 3×3 Sobel kernel.

    Returns
    -------
    numpy.ndarray
        ``float32`` responses, same shape as ``images``.

    Examples
    --------
    >>> apply_kernel(np.eye(3), np.array([[1.0, -1.0]])).shape
    (3, 3)
    """
    from scipy.ndimage import correlate

    images = check_finite_array("images", images).astype(np.float32)
    kernel = check_finite_array("kernel", kernel).astype(np.float32)
    if kernel.ndim != 2:
        raise ValueError(f"kernel: expected a 2-D kernel, got shape {kernel.shape}")
    if kernel.size == 0:
        raise ValueError(f"kernel: expected at least one weight, got shape {kernel.shape}")
    if images.ndim == 3 and images.shape[-1] == 1:
        raise ValueError(
            f"images: shape {images.shape} looks like one image with a channel axis: "
            "pass image[..., 0]"
        )
    if images.ndim not in (2, 3):
        raise ValueError(
            f"images: expected an image (h, w) or images (n, h, w), got {images.shape}"
        )
    if kernel.shape[0] > images.shape[-2] or kernel.shape[1] > images.shape[-1]:
        raise ValueError(
            f"kernel: {kernel.shape} is larger than the images {images.shape[-2:]}: "
            "arguments swapped? apply_kernel(images, kernel)"
        )
    weights = kernel if images.ndim == 2 else kernel[np.newaxis]
    return correlate(images, weights, mode="constant", cval=0.0)


def plot_kernel_responses(
    image: np.ndarray,
    kernels: Mapping[str, np.ndarray],
    *,
    title: str | None = None,
) -> Figure:
    """Show an image once, then each kernel (its weights written in) above its response.

    Each response has its own colour bar: kernels of different sizes give responses of
    different sizes, and each is read for where it is positive (red) or negative (blue).

    Parameters
    ----------
    image : numpy.ndarray
        One image ``(height, width)``.
    kernels : mapping of str to numpy.ndarray
        Name to 2-D kernel; one column per kernel.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    image = check_finite_array("image", image).astype(np.float32)
    if image.ndim != 2:
        raise ValueError(f"image: expected one image (height, width), got {image.shape}")
    kernels = check_mapping("kernels", kernels, "name -> 2-D kernel")
    kernels = {  # checked before drawing, each named by its key
        name: check_finite_array(f"kernels[{name!r}]", kernel).astype(np.float32)
        for name, kernel in kernels.items()
    }
    columns = 1 + len(kernels)
    fig, axes = plt.subplots(
        2, columns, figsize=(2.3 * columns, 5.0), squeeze=False, layout="constrained"
    )
    axes[0, 0].imshow(image, cmap="gray_r")
    axes[0, 0].set_title("input")
    for (name, kernel), (ax_kernel, ax_out) in zip(kernels.items(), axes[:, 1:].T, strict=True):
        response = apply_kernel(image, kernel)
        limit = np.abs(kernel).max() or 1.0
        ax_kernel.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)
        for (row, col), weight in np.ndenumerate(kernel):
            colour = "white" if abs(weight) > 0.6 * limit else "black"  # readable on dark cells
            ax_kernel.text(
                col, row, f"{weight:.2g}", ha="center", va="center", fontsize=8, color=colour
            )
        ax_kernel.set_title(name, fontsize=9)
        limit = np.abs(response).max() or 1.0
        shown = ax_out.imshow(response, cmap="RdBu_r", vmin=-limit, vmax=limit)
        fig.colorbar(shown, ax=ax_out, orientation="horizontal", shrink=0.9, pad=0.02)
        ax_out.set_title("response", fontsize=9)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    axes[1, 0].axis("off")
    if title:
        fig.suptitle(title)
    return finish_figure(fig, tight=False)


# --- learned filters of convolutional networks (lab 03) ---------------------------------------


def _layers_of_kind(model: Any, kinds: tuple[type, ...]) -> list[Any]:
    return [layer for layer in model.layers if isinstance(layer, kinds)]


def _conv_kinds() -> tuple[type, ...]:
    import keras

    return (keras.layers.Conv2D,)


def _map_kinds() -> tuple[type, ...]:
    import keras

    return (
        keras.layers.Conv2D,
        keras.layers.MaxPooling2D,
        keras.layers.AveragePooling2D,
    )


def _pick_layer(model: Any, name: str | None, kinds: tuple[type, ...], what: str) -> Any:
    """Return the layer ``name`` among those of ``kinds`` (the first if None), or raise."""
    check_model("model", model)
    if name is not None and not isinstance(name, str):
        kind = type(name).__name__
        raise TypeError(f"layer_name: expected a layer's name (its .name), got a {kind}")
    candidates = _layers_of_kind(model, kinds)
    valid = [layer.name for layer in candidates]
    if not candidates:
        raise ValueError(
            f"model has no {what} layer; its layers are {[layer.name for layer in model.layers]}."
        )
    if name is None:
        return candidates[0]
    if name not in valid:
        raise ValueError(f"{name!r} is not a {what} layer of this model; valid names: {valid}.")
    return candidates[valid.index(name)]


def _submodel(model: Any, layers: list[Any]) -> Any:
    """Build a model from the input to the outputs of ``layers`` (Sequential ones too)."""
    import keras

    if not getattr(model, "inputs", None):
        raise ValueError("the model has no defined input; build it with keras.Input first.")
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs  # as the model is called
    return keras.Model(inputs=inputs, outputs=[layer.output for layer in layers])


def _score_model(model: Any, layer: Any) -> Any:
    """Make a model of ``layer``'s output, before its softmax if it has one (class scores).

    Simonyan et al. (2014) maximise and differentiate the class *score*: the softmax
    probability can also rise by pushing the other classes down, and it saturates near 1.
    """
    import keras

    if getattr(layer, "activation", None) is not keras.activations.softmax:
        return _submodel(model, [layer])
    before = keras.Model(model.inputs, layer.input)

    def logits(images: Any, training: bool = False) -> Any:
        scores = keras.ops.matmul(before(images, training=training), layer.kernel)
        return scores if layer.bias is None else scores + layer.bias

    return logits


def _as_batch(model: Any, image: np.ndarray) -> np.ndarray:
    """One image shaped as the model's input, with a batch axis, or raise naming ``image``."""
    check_model("model", model)
    if not getattr(model, "inputs", None):
        raise ValueError("model: it has no input shape yet; build it (keras.Input) or train it")
    shape = tuple(model.inputs[0].shape[1:])
    image = check_finite_array("image", image).astype(np.float32)  # nan maps would look blank
    if image.size != int(np.prod(shape)):
        raise ValueError(f"image of shape {image.shape} does not fit the model's input {shape}.")
    return image.reshape((1, *shape))


def conv_kernels(model: Any, layer_name: str | None = None) -> np.ndarray:
    """Return the learned kernels of a Conv2D layer as ``(filters, height, width)``.

    For a layer with several input channels, each kernel is averaged over them
    (the first layer of an MNIST CNN has just one).

    Parameters
    ----------
    model : keras.Model
    layer_name : str, optional
        A Conv2D layer's name; default: the first Conv2D layer.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If the name is not a Conv2D layer of the model (the message lists the valid ones).

    Examples
    --------
    >>> conv_kernels(cnn, "conv1").shape  # doctest: +SKIP
    (32, 3, 3)
    """
    layer = _pick_layer(model, layer_name, _conv_kinds(), "Conv2D")
    return _as_pictures(np.asarray(layer.kernel))


def _as_pictures(weights: np.ndarray) -> np.ndarray:
    """Turn a Conv2D kernel ``(height, width, inputs, filters)`` into ``(filters, h, w)``."""
    return np.moveaxis(weights.mean(axis=2), -1, 0)


def untrained_kernels(
    model: Any, layer_name: str | None = None, *, trials: int = 200, seed: int = 0
) -> np.ndarray:
    """Draw the kernels of untrained copies of a Conv2D layer: the control for learned ones.

    Each trial draws the layer's kernels afresh from its own initialiser: the same shape and
    distribution, no training. A property of the learned kernels is evidence of learning
    only where it stands out from these.

    Parameters
    ----------
    model : keras.Model
    layer_name : str, optional
        A Conv2D layer's name; default: the first Conv2D layer.
    trials : int, default 200
        Untrained layers drawn.
    seed : int, default 0

    Returns
    -------
    numpy.ndarray
        ``(trials, filters, height, width)``, as :func:`conv_kernels` gives per layer.
    """
    layer = _pick_layer(model, layer_name, _conv_kinds(), "Conv2D")
    trials = check_count("trials", trials, maximum=10_000)
    seed = check_seed("seed", seed)
    shape = tuple(layer.kernel.shape)
    initializer = layer.kernel_initializer
    config = initializer.get_config()
    banks = []
    for trial in range(trials):
        fresh = type(initializer).from_config({**config, "seed": seed + trial})
        banks.append(_as_pictures(np.asarray(fresh(shape))))
    return np.stack(banks)


def ramp_fit(kernels: np.ndarray) -> np.ndarray:
    """Measure how much of each kernel is a straight ramp: an edge detector's shape.

    The share of a kernel's variance (R²) explained by the best plane ``a·x + b·y + c``
    over its positions. A plane is a pure change of brightness in one direction, what a
    Sobel kernel measures (its R² is 0.89); random weights score low, a spot or a line near 0.

    Parameters
    ----------
    kernels : numpy.ndarray
        One 2-D kernel or a stack ``(..., height, width)``.

    Returns
    -------
    numpy.ndarray
        R² in [0, 1] per kernel (0 for a flat kernel), shape ``kernels.shape[:-2]``.

    Examples
    --------
    >>> float(ramp_fit(np.array([[-1.0, 0.0, 1.0]] * 3)).round(3))
    1.0
    """
    kernels = check_finite_array("kernels", kernels)
    if kernels.ndim < 2 or min(kernels.shape[-2:]) < 2:
        raise ValueError(f"kernels: expected 2-D kernels (..., height, width), got {kernels.shape}")
    height, width = kernels.shape[-2:]
    rows, columns = np.mgrid[0:height, 0:width]
    plane = np.c_[columns.ravel(), rows.ravel(), np.ones(height * width)]
    values = kernels.reshape(-1, height * width).T  # one column per kernel
    coefficients, *_ = np.linalg.lstsq(plane, values, rcond=None)
    residual = ((values - plane @ coefficients) ** 2).sum(axis=0)
    total = ((values - values.mean(axis=0)) ** 2).sum(axis=0)
    r2 = np.where(total > 0, 1 - residual / np.where(total > 0, total, 1.0), 0.0)
    return r2.reshape(kernels.shape[:-2])


def plot_conv_kernels(
    model: Any,
    layer_name: str | None = None,
    *,
    max_kernels: int = 32,
    ncols: int = 8,
) -> Figure:
    """Show the learned kernels of a Conv2D layer, one small image each.

    Parameters
    ----------
    model : keras.Model
    layer_name : str, optional
        A Conv2D layer's name; default: the first Conv2D layer.
    max_kernels : int, default 32
    ncols : int, default 8

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the name is not a Conv2D layer of the model (the message lists the valid ones).
    """
    layer = _pick_layer(model, layer_name, _conv_kinds(), "Conv2D")
    kernels = conv_kernels(model, layer.name)
    count = min(check_count("max_kernels", max_kernels), len(kernels))
    title = f"{count} kernels of layer {layer.name!r} ({kernels.shape[1]}×{kernels.shape[2]})"
    return _plot_weight_grid(kernels[:count], ncols=ncols, cell=(1.1, 1.2), title=title)


def most_similar_kernel(kernel: np.ndarray, candidates: np.ndarray) -> tuple[int, float]:
    """Find the candidate kernel most correlated with ``kernel``, whatever the sign.

    A kernel and its negative detect the same pattern (with opposite signs), so
    the match maximises the absolute correlation coefficient.

    Parameters
    ----------
    kernel : numpy.ndarray
        One 2-D kernel, e.g. a hand-made ``(3, 3)`` one.
    candidates : numpy.ndarray
        Kernels of the same shape, stacked: ``(n, height, width)``.

    Returns
    -------
    tuple of (int, float)
        Index of the best candidate and its (signed) correlation with ``kernel``.

    Examples
    --------
    >>> index, r = most_similar_kernel(np.eye(3), np.stack([np.ones((3, 3)), -np.eye(3)]))
    >>> index, round(r, 3)
    (1, -1.0)
    """
    kernel = check_finite_array("kernel", kernel)
    candidates = check_finite_array("candidates", candidates)
    if kernel.ndim != 2:
        raise ValueError(f"kernel: expected a 2-D kernel (height, width), got shape {kernel.shape}")
    if candidates.ndim != 3 or candidates.shape[1:] != kernel.shape:
        raise ValueError(
            f"candidates: expected shape (n, {kernel.shape[0]}, {kernel.shape[1]}) "
            f"for a {kernel.shape} kernel; got {candidates.shape}."
        )
    if len(candidates) == 0:
        raise ValueError("candidates: expected at least one kernel to compare, got none")

    def centred(values: np.ndarray) -> np.ndarray:
        values = values - values.mean(axis=(-2, -1), keepdims=True)
        norms = np.sqrt((values**2).sum(axis=(-2, -1), keepdims=True))
        return values / np.where(norms > 0, norms, 1.0)  # a flat kernel correlates with nothing

    correlations = (centred(candidates) * centred(kernel)).sum(axis=(1, 2))
    best = int(np.argmax(np.abs(correlations)))
    return best, float(correlations[best])


def plot_kernels(
    kernels: Mapping[str, np.ndarray], *, ncols: int = 8, title: str = "Kernels"
) -> Figure:
    """Show named 2-D kernels side by side, in the colours of the learned-kernel pictures.

    Parameters
    ----------
    kernels : mapping of str to numpy.ndarray
        Name (the picture's title) to 2-D kernel; all of one shape.
    ncols : int, default 8
    title : str, default "Kernels"

    Returns
    -------
    matplotlib.figure.Figure
    """
    kernels = check_mapping("kernels", kernels, "name -> 2-D kernel")
    pictures = [
        check_finite_array(f"kernels[{name!r}]", kernel).astype(np.float32)
        for name, kernel in kernels.items()
    ]
    if any(p.ndim != 2 or p.shape != pictures[0].shape for p in pictures):
        shapes = sorted({p.shape for p in pictures})  # each shape once: the list stays short
        raise ValueError(f"kernels: expected 2-D kernels of one shape; got {shapes}.")
    return _plot_weight_grid(
        np.stack(pictures),
        ncols=ncols,
        cell=(1.5, 1.6),
        title=title,
        labels=list(kernels),
        shared_scale=False,
    )


def feature_maps(
    model: Any, image: np.ndarray, layer_names: list[str] | None = None
) -> dict[str, np.ndarray]:
    """Return the outputs of the convolution and pooling layers for one image.

    Parameters
    ----------
    model : keras.Model
        A Sequential or functional model with a defined input.
    image : numpy.ndarray
        One image of the model's input size, e.g. ``(28, 28)`` or ``(28, 28, 1)``.
    layer_names : list of str, optional
        Conv2D or pooling layers to read; default: all of them, input side first.

    Returns
    -------
    dict of str to numpy.ndarray
        Layer name to its maps, ``(height, width, channels)``.

    Raises
    ------
    ValueError
        For a name that is not a convolution or pooling layer (the message lists the valid ones),
        or an image that does not fit the model.
    """
    kinds = _map_kinds()
    check_model("model", model)
    if layer_names is None:
        layers = _layers_of_kind(model, kinds)
        if not layers:
            _pick_layer(model, None, kinds, "convolution or pooling")  # raises with the names
    else:
        names = check_names("layer_names", layer_names, example="['block1_conv1']")
        layers = [_pick_layer(model, name, kinds, "convolution or pooling") for name in names]
    outputs = _submodel(model, layers)(_as_batch(model, image), training=False)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return {layer.name: np.asarray(out)[0] for layer, out in zip(layers, outputs, strict=True)}


def plot_feature_maps(
    model: Any,
    image: np.ndarray,
    layer_names: list[str] | None = None,
    *,
    max_maps: int = 8,
) -> Figure:
    """Show the input and, row by row, the feature maps of each conv/pool layer.

    Parameters
    ----------
    model : keras.Model
    image : numpy.ndarray
        One image of the model's input size.
    layer_names : list of str, optional
        Default: every Conv2D and pooling layer.
    max_maps : int, default 8
        Maps shown per layer (the first ones).

    Returns
    -------
    matplotlib.figure.Figure
    """
    max_maps = check_count("max_maps", max_maps)
    maps = feature_maps(model, image, layer_names)
    picture = np.asarray(image, dtype=np.float32)
    picture = picture.reshape(picture.shape[:2]) if picture.ndim == 3 else picture  # (h, w, 1)
    if picture.ndim != 2:
        raise ValueError(f"image: expected one image (h, w) or (h, w, 1), got {picture.shape}")
    columns = 1 + max_maps
    fig, axes = plt.subplots(
        len(maps),
        columns,
        figsize=(1.2 * columns + 0.9, 1.4 * len(maps) + 0.4),
        squeeze=False,
        layout="constrained",
    )
    for row, (name, values) in zip(axes, maps.items(), strict=True):
        for ax in row:
            ax.axis("off")
        row[0].imshow(picture, cmap="gray_r")
        row[0].set_title(f"{name}\n{values.shape[0]}×{values.shape[1]}", fontsize=7)
        shown = values[..., :max_maps]
        low, high = float(shown.min()), float(shown.max())  # one scale per layer: maps compare
        for channel, ax in enumerate(row[1 : 1 + shown.shape[-1]]):
            image = ax.imshow(shown[..., channel], cmap="viridis", vmin=low, vmax=high or 1.0)
        fig.colorbar(image, ax=list(row), shrink=0.85, pad=0.01)
    fig.suptitle("Feature maps, input side at the top (first column: the input)")
    return finish_figure(fig, tight=False)


def maximize_activation(
    model: Any,
    layer_name: str,
    index: int,
    *,
    steps: int = 100,
    step_size: float = 0.05,
    l2: float = 0.0,
    blur: float = 0.0,
    noise: float = 1.0,
    seed: int = 0,
) -> np.ndarray:
    """Find an input that makes one filter (or class unit) respond strongly.

    Gradient ascent on the input image, starting from random noise: each step moves the
    pixels along the normalised gradient of the unit's mean output, then clips them to
    [0, 1], the range of the training images. For a softmax output layer the unit's output
    is its class score (the logit), as in Simonyan et al. (2014), not its probability.

    Without regularisation the result is often noise that the network scores highly (an
    adversarial image); ``l2`` (a penalty on the pixels' squared values, which favours
    blank paper) and ``blur`` (a Gaussian blur after each step, which removes pixel-level
    noise) keep only the strokes the score really needs.

    Parameters
    ----------
    model : keras.Model
    layer_name : str
        Any layer of the model: a Conv2D layer for a filter, the output layer for a class.
    index : int
        The filter (channel) or class unit.
    steps : int, default 100
    step_size : float, default 0.05
    l2 : float, default 0
        Weight of the penalty ``mean(pixel²)``, against the unit's mean output.
    blur : float, default 0
        Standard deviation, in pixels, of the blur after each step (0: none).
    noise : float, default 1
        The starting pixels are drawn uniformly from ``[0, noise]``.
    seed : int, default 0
        Seed of the starting noise, 0 to ``2**32 - 1``.

    Returns
    -------
    numpy.ndarray
        The image, shaped like the model's input without the batch axis.

    Raises
    ------
    ValueError
        For an unknown layer name (the message lists the valid ones) or an index out of range.
    """
    import tensorflow as tf
    from scipy.ndimage import gaussian_filter

    names = [layer.name for layer in check_model("model", model).layers]
    if not getattr(model, "inputs", None):
        raise ValueError("model: it has no input shape yet; build it (keras.Input) or train it")
    if not isinstance(layer_name, str):
        kind = type(layer_name).__name__
        raise TypeError(f"layer_name: expected a layer's name (its .name), got a {kind}")
    step_size = check_finite_number("step_size", step_size, positive=True)
    l2 = check_finite_number("l2", l2)
    blur = check_finite_number("blur", blur)
    noise = check_finite_number("noise", noise, positive=True)
    seed = check_seed("seed", seed)
    if l2 < 0 or blur < 0:
        raise ValueError(f"l2 and blur: expected 0 or more, got {l2:g} and {blur:g}")
    if layer_name not in names:
        raise ValueError(f"no layer {layer_name!r}; valid names: {names}.")
    layer = model.get_layer(layer_name)
    units = layer.output.shape[-1]
    steps = check_count("steps", steps, maximum=10_000)  # 10,000 steps take minutes already
    index = check_count("index", index, minimum=0)
    if not 0 <= index < units:
        raise ValueError(f"index {index} is out of range: layer {layer_name!r} has {units} units.")
    scores = _score_model(model, layer)
    shape = (1, *model.inputs[0].shape[1:])
    # start from full-range noise: from a flat grey image a ReLU unit may be off everywhere,
    # and then its gradient is zero and the ascent cannot start
    start = np.random.default_rng(seed).uniform(0.0, noise, size=shape).astype(np.float32)
    image = tf.Variable(start)
    spatial = [blur if 0 < axis <= 2 else 0.0 for axis in range(len(shape))]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            objective = tf.reduce_mean(scores(image, training=False)[..., index])
            objective -= l2 * tf.reduce_mean(tf.square(image))
        gradient = tape.gradient(objective, image)
        moved = tf.clip_by_value(image + step_size * gradient / (tf.norm(gradient) + 1e-8), 0, 1)
        if blur:
            moved = gaussian_filter(moved.numpy(), sigma=spatial)
        image.assign(moved)
    return image.numpy()[0]


def saliency_map(model: Any, image: np.ndarray, class_index: int | None = None) -> np.ndarray:
    """Measure how much each pixel affects one class's score: ``|d score / d pixel|``.

    The score is the class's logit, before the output layer's softmax (Simonyan et al., 2014).

    Parameters
    ----------
    model : keras.Model
    image : numpy.ndarray
        One image of the model's input size.
    class_index : int, optional
        Default: the class the model predicts.

    Returns
    -------
    numpy.ndarray
        Non-negative saliency, ``(28, 28)`` for MNIST-sized inputs (the input's shape
        without channels otherwise).
    """
    import tensorflow as tf

    batch = tf.convert_to_tensor(_as_batch(model, image))
    output_layer = model.layers[-1]
    with tf.GradientTape() as tape:
        tape.watch(batch)
        scores = _score_model(model, output_layer)(batch, training=False)
        if class_index is None:
            class_index = int(tf.argmax(scores[0]))
        class_index = check_count("class_index", class_index, minimum=0)
        if not 0 <= class_index < scores.shape[-1]:
            raise ValueError(
                f"class_index {class_index} is out of range 0..{scores.shape[-1] - 1}."
            )
        score = scores[0, class_index]
    saliency = np.abs(tape.gradient(score, batch).numpy()[0])
    if saliency.size == 784:
        return saliency.reshape(28, 28)
    return saliency.max(axis=-1) if saliency.ndim == 3 else saliency
