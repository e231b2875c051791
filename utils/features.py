"""Hand-made features: Histograms of Oriented Gradients (HOG) for many images.

:func:`hog_features` runs scikit-image's ``hog`` over a whole data set in
parallel (joblib) with a progress bar (tqdm). Its defaults are the course's
setting: 8 orientations in 4×4-pixel cells, one cell per block, which gives
7 × 7 cells × 8 = 392 features for a 28×28 digit.
"""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from utils.plotting import finish_figure

CHUNK_SIZE = 2000  # images per job: large enough that process start-up does not dominate


def _check_images(images: np.ndarray) -> np.ndarray:
    """Return ``images`` as ``(n, height, width)``, or raise a clear ValueError."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]  # (n, 28, 28, 1), as a Conv2D takes them
    if images.ndim != 3 or min(images.shape[1:]) < 2:
        raise ValueError(
            f"expected a stack of greyscale images of shape (n, height, width); got {images.shape}"
            " (for one image use images[None], for flattened ones reshape to (n, 28, 28))."
        )
    if images.dtype != np.uint8 and not np.issubdtype(images.dtype, np.floating):
        raise ValueError(
            f"images must be uint8 (0..255) or floating point (0..1); got {images.dtype}."
        )
    return images


def _hog_params(
    orientations: int,
    pixels_per_cell: tuple[int, int],
    cells_per_block: tuple[int, int],
    block_norm: str,
) -> dict:
    return {
        "orientations": orientations,
        "pixels_per_cell": tuple(pixels_per_cell),
        "cells_per_block": tuple(cells_per_block),
        "block_norm": block_norm,
    }


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
        Worker processes; default: the CPU cores this process may use (joblib's count).
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
    from joblib import Parallel, cpu_count, delayed
    from tqdm.auto import tqdm

    images = _check_images(images)
    params = _hog_params(orientations, pixels_per_cell, cells_per_block, block_norm)
    cells = np.array(images.shape[1:]) // np.array(params["pixels_per_cell"])
    if np.any(cells < np.array(params["cells_per_block"])):
        raise ValueError(
            f"{params['pixels_per_cell']}-pixel cells in blocks of {params['cells_per_block']} "
            f"do not fit in {images.shape[1]}×{images.shape[2]} images."
        )
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

    image = _check_images(np.asarray(image)[None])[0]
    params = _hog_params(orientations, pixels_per_cell, cells_per_block, block_norm)
    features, picture = hog(image, visualize=True, **params)
    fig, (left, right) = plt.subplots(1, 2, figsize=(6, 3.2))
    left.imshow(image, cmap="gray_r")
    left.set_title("digit")
    right.imshow(picture, cmap="magma")
    right.set_title(f"HOG: {len(features)} features")
    for ax in (left, right):
        ax.set_xticks(np.arange(-0.5, image.shape[1], params["pixels_per_cell"][1]), [])
        ax.set_yticks(np.arange(-0.5, image.shape[0], params["pixels_per_cell"][0]), [])
        ax.grid(color="tab:blue", alpha=0.3)  # the cell grid
        ax.tick_params(length=0)
    if title:
        fig.suptitle(title)
    return finish_figure(fig)
