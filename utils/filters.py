"""Kernels and filters: hand-made kernels, weights as pictures, gradients.

Lab 01 uses the first Dense layer's weights (each hidden unit's 784 weights
are a 28×28 template) and the gradient magnitude per layer (vanishing
gradients). Lab 02 applies hand-made kernels (Sobel) to digits. Lab 03 adds
learned convolution kernels, feature maps and saliency.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from utils.plotting import finish_figure


def _dense_layers(model: Any) -> list[Any]:
    import keras

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
    import keras

    layer = model_or_layer
    if not isinstance(layer, keras.layers.Dense):
        layer = _dense_layers(model_or_layer)[0]
    kernel = np.asarray(layer.kernel)
    if kernel.shape[0] != 784:
        raise ValueError(
            f"layer {layer.name!r} takes {kernel.shape[0]} inputs; weight pictures need the "
            "784 pixels of a flattened 28×28 image (use the first Dense layer)."
        )
    units = min(count, kernel.shape[1])
    ncols = min(ncols, units)
    nrows = int(np.ceil(units / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.2 * ncols, 1.3 * nrows), squeeze=False)
    for unit, ax in enumerate(axes.flat):
        ax.axis("off")
        if unit >= units:
            continue
        weights = kernel[:, unit].reshape(28, 28)
        limit = np.abs(weights).max() or 1.0  # symmetric colours: white means zero
        ax.imshow(weights, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(str(unit), fontsize=8)
    fig.suptitle(title or f"Input weights of {units} units of layer {layer.name!r}")
    return finish_figure(fig)


def gradient_norms(model: Any, images: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """Mean absolute gradient of the loss for each Dense layer's weights.

    One batch, one backward pass, no weight update. With sigmoid units the
    layers near the input get far smaller gradients than those near the
    output: the vanishing-gradient problem.

    Parameters
    ----------
    model : keras.Model
        A compiled model with Dense layers and a ``loss``.
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
        If the model is not compiled or has no Dense layer.
    """
    import keras
    import tensorflow as tf

    if getattr(model, "loss", None) is None:
        raise ValueError("compile the model first: gradient_norms needs its loss.")
    layers = _dense_layers(model)
    loss_fn = keras.losses.get(model.loss)  # accepts a name or a loss object
    with tf.GradientTape() as tape:
        loss = loss_fn(labels, model(images, training=False))
    grads = tape.gradient(loss, [layer.kernel for layer in layers])
    magnitudes = [float(tf.reduce_mean(tf.abs(grad))) for grad in grads]
    return {layer.name: value for layer, value in zip(layers, magnitudes, strict=True)}


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

    images = np.asarray(images, dtype=np.float32)
    kernel = np.asarray(kernel, dtype=np.float32)
    if kernel.ndim != 2:
        raise ValueError(f"kernel must be 2-D, got shape {kernel.shape}.")
    if images.ndim not in (2, 3):
        raise ValueError(f"expected an image (h, w) or images (n, h, w); got {images.shape}.")
    weights = kernel if images.ndim == 2 else kernel[np.newaxis]
    return correlate(images, weights, mode="constant", cval=0.0)


def plot_kernel_responses(
    image: np.ndarray,
    kernels: Mapping[str, np.ndarray],
    *,
    title: str | None = None,
) -> Figure:
    """Show an image, each kernel (with its weights written in) and its response.

    Parameters
    ----------
    image : numpy.ndarray
        One image ``(height, width)``.
    kernels : mapping of str to numpy.ndarray
        Name to 2-D kernel; one row per kernel.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    image = np.asarray(image, dtype=np.float32)
    if image.ndim != 2:
        raise ValueError(f"expected one image (height, width); got {image.shape}.")
    if not kernels:
        raise ValueError("no kernels to show.")
    fig, axes = plt.subplots(len(kernels), 3, figsize=(7.5, 2.6 * len(kernels)), squeeze=False)
    for (name, kernel), (ax_in, ax_kernel, ax_out) in zip(kernels.items(), axes, strict=True):
        kernel = np.asarray(kernel, dtype=np.float32)
        response = apply_kernel(image, kernel)
        ax_in.imshow(image, cmap="gray_r")
        ax_in.set_title("input")
        limit = np.abs(kernel).max() or 1.0
        ax_kernel.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)
        for (row, col), weight in np.ndenumerate(kernel):
            ax_kernel.text(col, row, f"{weight:.2g}", ha="center", va="center", fontsize=8)
        ax_kernel.set_title(f"kernel: {name}")
        limit = np.abs(response).max() or 1.0
        ax_out.imshow(response, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax_out.set_title("response")
        for ax in (ax_in, ax_kernel, ax_out):
            ax.set_xticks([])
            ax.set_yticks([])
    if title:
        fig.suptitle(title)
    return finish_figure(fig)
