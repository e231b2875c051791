"""Kernels and weights as pictures: hand-made kernels, kernel measures, learned weights.

Lab 01 draws the first Dense layer's weights (each hidden unit's 784 weights are a 28×28
template) and measures how smooth they are. Lab 02 applies hand-made kernels (Sobel) to
digits. Lab 03 draws learned convolution kernels and measures them against hand-made ones and
against untrained copies. What a network computes from an input (feature maps, saliency,
gradients) is :mod:`utils.probes`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from utils.model_parts import conv_kinds, dense_layer, pick_layer
from utils.plotting import finish_figure
from utils.validation import (
    check_built,
    check_count,
    check_finite_array,
    check_mapping,
    check_seed,
)


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
        or f"Input weights of {len(pictures)} units of layer {dense_layer(model_or_layer).name!r}"
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
    layer = check_built(dense_layer(model_or_layer))
    kernel = np.asarray(layer.kernel)
    if kernel.shape[0] != 784:
        raise ValueError(
            f"layer {layer.name!r} takes {kernel.shape[0]} inputs, not 784 pixels: weight "
            "pictures need a flattened 28×28 image (use the first Dense layer)."
        )
    return kernel.T.reshape(-1, 28, 28)


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
    layer = pick_layer(model, layer_name, conv_kinds(), "Conv2D")
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
    layer = pick_layer(model, layer_name, conv_kinds(), "Conv2D")
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
    layer = pick_layer(model, layer_name, conv_kinds(), "Conv2D")
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
