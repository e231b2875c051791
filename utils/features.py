"""Features for classical classifiers: hand-made (HOG) or learned (a network's layer).

:func:`hog_features` runs scikit-image's ``hog`` over a whole data set in
parallel (joblib) with a progress bar (tqdm). Its defaults are the course's
setting: 8 orientations in 4×4-pixel cells, one cell per block, which gives
7 × 7 cells × 8 = 392 features for a 28×28 digit.

:func:`layer_features` reads "off-the-shelf" features from a trained network
(transfer learning, lab 06); :func:`imagenet_backbone` loads a pretrained
``keras.applications`` network when its weights can be had, and says why not
when they can't.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from utils import cache
from utils.model_parts import submodel
from utils.plotting import finish_figure
from utils.validation import (
    as_array,
    check_all_finite,
    check_count,
    check_fits_input,
    check_image_stack,
    check_layer_name,
    check_model_input,
)

CHUNK_SIZE = 2000  # images per job: large enough that process start-up does not dominate
CACHED_FROM = 1000  # images: smaller stacks take less time to compute than to fingerprint


BLOCK_NORMS = ("L1", "L1-sqrt", "L2", "L2-Hys")  # scikit-image's block normalisations


def _hog_params(
    orientations: int,
    pixels_per_cell: tuple[int, int],
    cells_per_block: tuple[int, int],
    block_norm: str,
) -> dict:
    """Check HOG's settings and put them in the form scikit-image takes."""
    if block_norm not in BLOCK_NORMS:
        raise ValueError(f"block_norm: expected one of {BLOCK_NORMS}, got {block_norm!r}")
    return {
        "orientations": check_count("orientations", orientations, maximum=180),
        "pixels_per_cell": _pair("pixels_per_cell", pixels_per_cell),
        "cells_per_block": _pair("cells_per_block", cells_per_block),
        "block_norm": block_norm,
    }


def _pair(name: str, value: Any) -> tuple[int, int]:
    """Take ``(rows, columns)``, or one number for both, as a pair of counts."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        value = (value, value)
    if isinstance(value, np.ndarray):  # e.g. np.array([4, 4])
        value = value.tolist() if value.ndim == 1 else None
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != 2:
        raise TypeError(f"{name}: expected (rows, columns) such as (4, 4), got {value!r:.40}")
    return check_count(name, value[0], maximum=64), check_count(name, value[1], maximum=64)


def _hog_chunk(images: np.ndarray, params: dict) -> np.ndarray:
    from skimage.feature import hog

    return np.stack([hog(image, **params) for image in images]).astype(np.float32)


def hog_features(
    images: np.ndarray,
    *,
    orientations: int = 8,
    pixels_per_cell: tuple[int, int] = (4, 4),
    cells_per_block: tuple[int, int] = (1, 1),
    block_norm: str = "L2-Hys",
    n_jobs: int | None = None,
    progress: bool = True,
) -> np.ndarray:
    """Compute the HOG feature vectors of many images, in parallel.

    Parameters
    ----------
    images : numpy.ndarray
        Greyscale images ``(n, height, width)`` (or ``(n, height, width, 1)``),
        ``uint8`` or floating point.
    orientations : int, default 8
        Bins of the orientation histogram of each cell (over 0..180 degrees).
    pixels_per_cell : tuple of int, default (4, 4)
        Cell size in pixels.
    cells_per_block : tuple of int, default (1, 1)
        Cells normalised together; ``(1, 1)`` normalises each cell alone.
    block_norm : str, default "L2-Hys"
        One of scikit-image's ``"L1"``, ``"L1-sqrt"``, ``"L2"``, ``"L2-Hys"``.
    n_jobs : int, optional
        Worker processes, at least 1, or -1 for every core; default: the CPU cores this
        process may use (joblib's count).
    progress : bool, default True
        Show a tqdm progress bar.

    Returns
    -------
    numpy.ndarray
        ``float32`` array ``(n, features)``; 392 features with the defaults on
        28×28 images.

    Raises
    ------
    ValueError
        For images of the wrong shape or dtype, or cells larger than the image.

    Examples
    --------
    >>> features = hog_features(x_train)  # doctest: +SKIP
    >>> features.shape  # doctest: +SKIP
    (60000, 392)
    """
    images = check_image_stack("images", images)
    params = _hog_params(orientations, pixels_per_cell, cells_per_block, block_norm)
    if n_jobs is not None:  # joblib's own errors for these come late, or never (2.5, "all")
        n_jobs = check_count("n_jobs", n_jobs, minimum=-1)
        if n_jobs == 0:
            raise ValueError("n_jobs: expected at least 1, or -1 for every core, got 0")
    cells = np.array(images.shape[1:]) // np.array(params["pixels_per_cell"])
    if np.any(cells < np.array(params["cells_per_block"])):
        raise ValueError(
            f"pixels_per_cell: {params['pixels_per_cell']}-pixel cells in blocks of "
            f"{params['cells_per_block']} do not fit in {images.shape[1]}×{images.shape[2]} images."
        )
    unkeyed = {"n_jobs": n_jobs, "progress": progress}
    if len(images) < CACHED_FROM:
        return _hog_of_stack(images, params, **unkeyed)
    what = f"HOG features of {len(images):,} images"
    import skimage

    return cache.cached_compute(  # stored only when MNIST_LABS_CACHE is set
        *(what, _hog_of_stack, images, params),
        unkeyed=unkeyed,
        depends_on=(_hog_chunk, f"scikit-image {skimage.__version__}"),
        quiet=not progress,
    )


def _hog_of_stack(
    images: np.ndarray, params: dict, *, n_jobs: int | None, progress: bool
) -> np.ndarray:
    """HOG features of a checked image stack, in chunks over worker processes."""
    from joblib import Parallel, cpu_count, delayed
    from tqdm.auto import tqdm

    chunks = [images[start : start + CHUNK_SIZE] for start in range(0, len(images), CHUNK_SIZE)]
    jobs = n_jobs or cpu_count()  # joblib's count honours container limits and LOKY_MAX_CPU_COUNT
    if jobs == 1 or len(chunks) == 1:
        results: Iterator[np.ndarray] = (_hog_chunk(chunk, params) for chunk in chunks)
    else:
        results = Parallel(n_jobs=jobs, return_as="generator")(
            delayed(_hog_chunk)(chunk, params) for chunk in chunks
        )
    bar = tqdm(total=len(images), desc="HOG", unit="img", disable=not progress)
    parts = []
    for part in results:
        parts.append(part)
        bar.update(len(part))
    bar.close()
    return np.concatenate(parts)


def plot_hog(
    image: np.ndarray,
    *,
    orientations: int = 8,
    pixels_per_cell: tuple[int, int] = (4, 4),
    cells_per_block: tuple[int, int] = (1, 1),
    block_norm: str = "L2-Hys",
    title: str | None = None,
) -> Figure:
    """Show a digit next to its HOG: one star of gradient orientations per cell.

    Parameters
    ----------
    image : numpy.ndarray
        One greyscale image ``(height, width)``.
    orientations, pixels_per_cell, cells_per_block, block_norm
        As in :func:`hog_features`.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    from skimage.feature import hog

    image = as_array("image", image)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim != 2 or min(image.shape) < 2:
        raise ValueError(f"image: expected one image (height, width), got shape {image.shape}")
    image = check_image_stack("image", image[None])[0]
    params = _hog_params(orientations, pixels_per_cell, cells_per_block, block_norm)
    features = hog(image, **params)
    cell_params = {**params, "cells_per_block": (1, 1)}  # one histogram per cell, to draw
    cells = hog(image, feature_vector=False, **cell_params)[:, :, 0, 0, :]  # (rows, cols, bins)
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 4.0), layout="constrained")
    left.imshow(image, cmap="gray_r")
    left.set_title("digit")
    right.imshow(np.zeros_like(image, dtype=float), cmap="gray_r", vmin=0, vmax=1)
    _draw_stars(right, cells, params["pixels_per_cell"])
    right.set_title(f"HOG: {len(features)} features\n(lines along the edges, thick = many votes)")
    for ax in (left, right):
        ax.set_xticks(np.arange(-0.5, image.shape[1], params["pixels_per_cell"][1]), [])
        ax.set_yticks(np.arange(-0.5, image.shape[0], params["pixels_per_cell"][0]), [])
        ax.grid(color="tab:blue", alpha=0.3)  # the cell grid
        ax.tick_params(length=0)
    if title:
        fig.suptitle(title)
    return finish_figure(fig, tight=False)


def _draw_stars(ax: Any, cells: np.ndarray, cell_size: tuple[int, int]) -> None:
    """Draw each cell's histogram as a star: one line per bin, along the edge it stands for.

    A bin counts gradients of one orientation; the edge runs at right angles to the gradient,
    so the line is drawn there (as scikit-image's picture does), as thick as the bin's votes.
    """
    rows, columns, bins = cells.shape
    largest = cells.max() or 1.0
    half = 0.45 * min(cell_size)
    for row, column, index in np.ndindex(rows, columns, bins):
        weight = cells[row, column, index] / largest
        if weight < 0.05:
            continue
        angle = np.pi * (index + 0.5) / bins + np.pi / 2  # the gradient's, turned by 90°
        centre_x = (column + 0.5) * cell_size[1] - 0.5
        centre_y = (row + 0.5) * cell_size[0] - 0.5
        dx, dy = half * np.cos(angle), half * np.sin(angle)  # image rows go down, as the y axis
        ax.plot(
            [centre_x - dx, centre_x + dx],
            [centre_y - dy, centre_y + dy],
            color="tab:orange",
            linewidth=3 * weight,
            alpha=0.4 + 0.6 * weight,
            solid_capstyle="round",
        )


# --- learned features: transfer learning (lab 06) -----------------------------------------------


def layer_features(
    model: Any, images: np.ndarray, layer_name: str, *, batch_size: int = 512
) -> np.ndarray:
    """Return the outputs of one layer of a trained model, one flat vector per image.

    This is the "off-the-shelf" use of a network: cut it after ``layer_name``
    and hand the vectors to any classifier (e.g. scikit-learn's).

    Parameters
    ----------
    model : keras.Model
        A Sequential or functional model with a defined input.
    images : numpy.ndarray
        Inputs of the model's input shape, e.g. ``(n, 28, 28, 1)``.
    layer_name : str
        A layer of ``model`` (a nested model such as a convolutional base counts as one layer).
    batch_size : int, default 512

    Returns
    -------
    numpy.ndarray
        Shape ``(n, features)``, float32; feature maps are flattened.

    Raises
    ------
    ValueError
        For a name that is not a layer of ``model`` (the message lists them) or images that
        do not fit its input.

    Examples
    --------
    >>> layer_features(cnn, x_test, "penultimate").shape  # doctest: +SKIP
    (10000, 128)
    """
    check_layer_name("layer_name", layer_name, model)
    check_model_input("model", model)
    cut = submodel(model, [model.get_layer(layer_name)])
    images = as_array("images", images)
    batch_size = check_count("batch_size", batch_size)
    if len(images) == 0:
        raise ValueError("images: expected at least one image, got none")
    check_fits_input("images", images, model)
    if images.dtype.kind not in "biuf":
        raise TypeError(f"images: expected pixels as numbers, got an array of {images.dtype}")
    check_all_finite("images", images)  # nan features would pass on to the classifier unseen
    # called batch by batch, not through predict(): each new cut would compile a predict
    # function of its own, and a few of them make TensorFlow print warnings about retracing
    batches = []
    for start in range(0, len(images), batch_size):
        outputs = cut(images[start : start + batch_size], training=False)
        if isinstance(outputs, (list, tuple)):  # a one-output list, in some Keras 3 releases
            outputs = outputs[0]
        batches.append(np.asarray(outputs, dtype=np.float32))
    return np.concatenate(batches).reshape(len(images), -1)


def imagenet_backbone(
    name: str = "MobileNetV2", input_shape: tuple[int, int, int] = (32, 32, 3)
) -> tuple[Any | None, str]:
    """Load a ``keras.applications`` network with ImageNet weights, without its top.

    The weights come from the Keras cache (``~/.keras/models``) or are downloaded
    once. Offline, or when the download is blocked, nothing is raised: the
    network is ``None`` and the message says why, so a notebook can skip an
    optional section in one line.

    Parameters
    ----------
    name : str, default "MobileNetV2"
        A constructor of ``keras.applications``, e.g. ``"MobileNetV2"``, ``"ResNet50"``.
    input_shape : tuple of int, default (32, 32, 3)
        Colour images; MobileNetV2 needs at least 32 × 32. Its ImageNet weights
        were trained at 224 × 224, and its convolutions accept any size, so
        Keras's warning about that is silenced here.

    Returns
    -------
    model : keras.Model or None
        The frozen-ready base, with global average pooling: one vector per image.
    message : str
        One line: what was loaded, or why not and how to get it.

    Raises
    ------
    TypeError
        For a name that is not a str, or an input shape that is not three whole numbers.
    ValueError
        For a name that ``keras.applications`` lacks or an input shape the network refuses.
    """
    import keras

    if not isinstance(name, str):
        raise TypeError(f"name: expected a network's name such as 'MobileNetV2', got {name!r:.40}")
    if isinstance(input_shape, str) or not isinstance(input_shape, Sequence | np.ndarray):
        raise TypeError(f"input_shape: expected (height, width, 3), got {input_shape!r:.40}")
    if len(input_shape) != 3:
        raise ValueError(
            f"input_shape: expected (height, width, 3) such as (32, 32, 3), got {input_shape!r:.40}"
        )
    input_shape = tuple(check_count("input_shape", side) for side in input_shape)
    constructor = getattr(keras.applications, name, None)
    if not callable(constructor):
        raise ValueError(
            f"keras.applications has no network {name!r}; try MobileNetV2, ResNet50 or VGG16."
        )
    download_log = io.StringIO()  # Keras prints "Downloading data from ..." before failing
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(download_log):
            warnings.filterwarnings("ignore", message=".*input_shape.*", category=UserWarning)
            model = constructor(
                weights="imagenet", include_top=False, input_shape=input_shape, pooling="avg"
            )
    except ValueError as error:  # a shape the network refuses: the caller's to fix, in one line
        reason = (str(error).strip().splitlines() or [""])[0][:160]
        raise ValueError(f"input_shape: {name} refuses {input_shape}: {reason}") from None
    except Exception as error:  # offline, Keras raises a bare Exception("URL fetch failure ...")
        cause = error.__cause__ or error.__context__ or error  # e.g. the URLError underneath
        reason = str(getattr(cause, "reason", "") or cause).splitlines()[0][:160]
        return None, (
            f"{name}'s ImageNet weights are not in the Keras cache and could not be "
            f"downloaded ({type(cause).__name__}: {reason}); skipped. Run online once to "
            "cache them."
        )
    return model, f"{name} with ImageNet weights: {model.count_params():,} parameters."
