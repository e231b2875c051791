"""Pictures for the labs. Every function returns a matplotlib ``Figure``.

In a notebook each figure appears once, where it is drawn (see :mod:`utils.display`);
returning it lets a test inspect it and a script save it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from utils.display import show_once
from utils.validation import (
    check_consistent_length,
    check_count,
    check_finite_array,
    check_finite_number,
    check_flat_images,
    check_for_log_axis,
    check_history,
    check_labels,
    check_mapping,
    check_names,
    check_probabilities,
)

# a keras.callbacks.History, its .history dict, or a pandas DataFrame of it
HistoryLike = Mapping[str, Sequence[float]] | Any

MISTAKE_COLOR = "tab:red"


def finish_figure(fig: Figure, *, tight: bool = True) -> Figure:
    """Lay out ``fig``, show it once and detach it from pyplot, then return it.

    In a notebook the figure appears where it is drawn, once, whether the cell returns it,
    prints after it or draws more (:func:`utils.display.show_once`); detached, it is not
    drawn again by the inline backend, and loops that make many figures do not pile them
    up in pyplot's memory.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    tight : bool, default True
        Apply ``tight_layout``; False for a figure laid out by ``layout="constrained"``.

    Returns
    -------
    matplotlib.figure.Figure
        The same figure.
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig: expected a matplotlib Figure, got {type(fig).__name__}")
    if tight:
        fig.tight_layout()
    plt.close(fig)
    show_once(fig)
    return fig


def _grid(
    count: int, ncols: int, cell_size: float = 1.1, title_lines: int = 1
) -> tuple[Figure, np.ndarray]:
    count, ncols = check_count("count", count), check_count("ncols", ncols)
    ncols = min(ncols, count)
    nrows = int(np.ceil(count / ncols))
    height = cell_size * (1.0 + 0.25 * title_lines)  # room for the titles above each digit
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(cell_size * ncols, height * nrows), squeeze=False
    )
    for ax in axes.flat:
        ax.axis("off")
    return fig, axes.flat


def plot_digits(
    images: np.ndarray,
    labels: Sequence[int] | None = None,
    predictions: Sequence[int] | None = None,
    *,
    ncols: int = 10,
    max_images: int = 40,
    title: str | None = None,
) -> Figure:
    """Show digits in a grid, with their labels and optional predictions.

    A wrong prediction is written in red as ``true→predicted``.

    Parameters
    ----------
    images : numpy.ndarray
        Shape ``(n, 28, 28)``, ``(n, 28, 28, 1)`` or ``(n, 784)``.
    labels : sequence of int, optional
        True labels.
    predictions : sequence of int, optional
        Predicted labels; needs ``labels``.
    ncols : int, default 10
    max_images : int, default 40
        Show at most this many (the first ones).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_digits(x_train[:20], y_train[:20])  # doctest: +SKIP
    """
    images = check_flat_images("images", images)
    if len(images) == 0:
        raise ValueError("images: no images to show (an empty array)")
    if predictions is not None and labels is None:
        raise ValueError("predictions need the true labels too.")
    captions = {}
    for name, values in (("labels", labels), ("predictions", predictions)):
        if values is None:
            continue
        values = np.asarray(values)  # by position, whatever their index (a filtered Series)
        if values.ndim != 1:  # captions of any kind, one per image
            check_labels(name, values)  # names scores passed as labels, or a single number
        check_consistent_length(name, values, images, noun=name)
        captions[name] = list(values)
    labels, predictions = captions.get("labels"), captions.get("predictions")
    count = min(len(images), check_count("max_images", max_images))
    fig, axes = _grid(count, ncols)
    for i, ax in zip(range(count), axes, strict=False):  # spare axes stay blank
        ax.imshow(images[i].reshape(28, 28), cmap="gray_r")
        if labels is None:
            continue
        if predictions is None:
            ax.set_title(str(labels[i]), fontsize=9)
        elif predictions[i] == labels[i]:
            ax.set_title(str(labels[i]), fontsize=9)
        else:
            ax.set_title(f"{labels[i]}→{predictions[i]}", fontsize=9, color=MISTAKE_COLOR)
    if title:
        fig.suptitle(title)
    return finish_figure(fig)


def plot_history(history: HistoryLike, *, title: str | None = None) -> Figure:
    """Training curves: loss and accuracy per epoch, training and validation.

    Parameters
    ----------
    history : keras.callbacks.History, dict or pandas.DataFrame
        What ``model.fit`` returns, its ``.history`` dict, or a pandas DataFrame of it; every
        metric with one number per epoch.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        One panel for the loss and, if recorded, one for the accuracy.
    """
    metrics = check_history("history", history)
    names = [name for name in ("loss", "accuracy") if name in metrics]
    fig, axes = plt.subplots(1, len(names), figsize=(5 * len(names), 3.5), squeeze=False)
    for ax, name in zip(axes.flat, names, strict=True):
        epochs = np.arange(1, len(metrics[name]) + 1)
        ax.plot(epochs, metrics[name], "o-", label="training")
        if f"val_{name}" in metrics:
            ax.plot(epochs, metrics[f"val_{name}"], "s-", label="validation")
        ax.set(xlabel="epoch", ylabel=name, title=name)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    return finish_figure(fig)


def compare_histories(
    histories: Mapping[str, HistoryLike],
    *,
    metrics: Sequence[str] = ("loss", "accuracy"),
    training: bool = True,
    title: str | None = None,
) -> Figure:
    """Several training runs on one figure, one colour per run.

    Solid lines are validation, dashed lines training (when recorded). With more than four
    runs the legend goes below the panels, where it covers no curve.

    Parameters
    ----------
    histories : mapping of str to History, dict or DataFrame
        Run name (e.g. the optimiser) to its history.
    metrics : sequence of str, default ("loss", "accuracy")
        One panel per metric; at least one.
    training : bool, default True
        Draw the training curves too; False keeps many runs readable (validation only).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    histories = check_mapping("histories", histories, "name -> History")
    metrics = check_names("metrics", metrics, example="['loss', 'accuracy']")
    runs = {name: check_history(f"histories[{name!r}]", run) for name, run in histories.items()}
    for name, run in runs.items():
        missing = [metric for metric in metrics if metric not in run]
        if missing:
            raise ValueError(
                f"run {name!r} did not record {missing[0]!r}; it has {sorted(run)}: "
                "pick among them with metrics=[...]"
            )
    fig, axes = plt.subplots(
        1, len(metrics), figsize=(5 * len(metrics), 3.8), squeeze=False, layout="constrained"
    )
    for ax, metric in zip(axes.flat, metrics, strict=True):
        for (name, run), color in zip(runs.items(), _colours(len(runs)), strict=True):
            epochs = np.arange(1, len(run[metric]) + 1)
            marker = "o" if len(epochs) <= 20 else None  # a run of one epoch is a single point
            has_validation = f"val_{metric}" in run
            if training or not has_validation:
                ax.plot(epochs, run[metric], "--", color=color, alpha=0.6, marker=marker, ms=3)
            if has_validation:
                ax.plot(epochs, run[f"val_{metric}"], "-", color=color, marker=marker, ms=4)
            ax.lines[-1].set_label(name)
        shown = "dashed: training" if training else "validation"
        ax.set(xlabel="epoch", ylabel=metric, title=f"{metric} ({shown})")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
    if len(runs) <= 4:
        axes.flat[0].legend()
    else:
        handles, names = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, names, loc="outside lower center", ncols=min(4, len(runs)))
    if title:
        fig.suptitle(title)
    return finish_figure(fig, tight=False)


def _colours(count: int) -> list:
    """One distinct colour per run: tab10's, tab20's, then evenly spaced along a colour map."""
    if count <= 10:
        return list(plt.cm.tab10.colors[:count])
    if count <= 20:
        return list(plt.cm.tab20.colors[:count])
    return list(plt.cm.turbo(np.linspace(0, 1, count)))


def plot_confusion_matrix(
    y_true: Sequence[int],
    y_pred: Sequence[int],
    *,
    labels: Sequence[int] | None = None,
    title: str | None = None,
) -> Figure:
    """Confusion matrix of true vs predicted digits (scikit-learn's display).

    Parameters
    ----------
    y_true, y_pred : sequence of int
    labels : sequence of int, optional
        The classes, in the order of the rows; default: the digits 0 to 9.
        E.g. ``range(5, 10)`` for a classifier of the digits 5 to 9.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    from sklearn.metrics import ConfusionMatrixDisplay

    if labels is not None and not np.size(labels):
        raise ValueError("labels: expected the classes to show, got none")
    if labels is not None:
        labels = check_labels("labels", labels, classes=np.iinfo(np.int32).max)
    classes = 10 if labels is None else max(10, int(np.max(labels)) + 1)
    y_true = check_labels("y_true", y_true, classes=classes)
    y_pred = check_labels("y_pred", y_pred, classes=classes)
    check_consistent_length(
        "y_pred", y_pred, y_true, noun="predictions", expected_noun="true labels"
    )
    if len(y_true) == 0:
        raise ValueError("y_true: expected at least one label, got none")
    if len(y_true) >= 20 and not np.intersect1d(y_true, y_pred).size:
        raise ValueError(
            f"y_true ({y_true.min()} to {y_true.max()}) and y_pred ({y_pred.min()} to "
            f"{y_pred.max()}) share no label: are they numbered the same way?"
        )
    labels = np.arange(10) if labels is None else check_labels("labels", labels, classes=classes)
    unknown = np.setdiff1d(np.concatenate([np.ravel(y_true), np.ravel(y_pred)]), labels)
    if unknown.size:
        raise ValueError(f"labels {unknown.tolist()} are not among the classes {labels.tolist()}.")
    width = max(5.0, 1.5 + 0.5 * len(labels))  # 6.5 x 5.5 inches for the ten digits, as before
    fig, ax = plt.subplots(figsize=(width, width - 1))
    ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, ax=ax, cmap="Blues", colorbar=False, labels=labels
    )
    ax.set_title(title or "Confusion matrix (rows: true digit)")
    return finish_figure(fig)


def plot_confident_mistakes(
    images: np.ndarray,
    y_true: Sequence[int],
    probabilities: np.ndarray,
    *,
    count: int = 10,
    ncols: int = 10,
    labels: Sequence[int] | None = None,
) -> Figure:
    """Show the mistakes the model was most sure of, most confident first.

    Each digit is titled ``true→predicted`` with the predicted probability.

    Parameters
    ----------
    images : numpy.ndarray
        The examples, ``(n, 28, 28)`` or flattened.
    y_true : sequence of int
        True classes, as digits (values of ``labels``).
    probabilities : numpy.ndarray
        Shape ``(n, classes)``: the model's class probabilities.
    count : int, default 10
    ncols : int, default 10
    labels : sequence of int, optional
        The digit of each probability column; default: column ``i`` is digit ``i``.
        E.g. ``range(5, 10)`` for a classifier of the digits 5 to 9.

    Returns
    -------
    matplotlib.figure.Figure
    """
    probabilities = check_probabilities("probabilities", probabilities)
    y_true = check_labels("y_true", y_true)
    count = check_count("count", count)
    ncols = check_count("ncols", ncols)
    images = check_flat_images("images", images)
    check_consistent_length("images", images, y_true, noun="images", expected_noun="labels")
    check_consistent_length(
        "probabilities", probabilities, y_true, noun="rows", expected_noun="labels"
    )
    if len(y_true) == 0:  # "no mistakes" would be said of no examples at all
        raise ValueError("y_true: expected at least one example, got none")
    if labels is None:
        labels = np.arange(probabilities.shape[1])
    else:
        labels = check_labels("labels", labels)
    if len(labels) != probabilities.shape[1]:
        raise ValueError(
            f"labels: {len(labels)} labels for {probabilities.shape[1]} probability columns."
        )
    outside = np.setdiff1d(y_true, labels)
    if outside.size:
        hint = "" if len(labels) == 10 else " (pass labels=, the digit of each column)"
        raise ValueError(
            f"y_true: holds {outside.min()} to {outside.max()}, but the probability columns "
            f"are the digits {labels.min()} to {labels.max()}{hint}"
        )
    predicted = labels[probabilities.argmax(axis=1)]
    confidence = probabilities.max(axis=1)
    wrong = np.flatnonzero(predicted != y_true)
    worst = wrong[np.argsort(-confidence[wrong])][:count]
    if len(worst) == 0:
        fig, ax = plt.subplots(figsize=(4, 1))
        ax.axis("off")
        ax.text(0.5, 0.5, "no mistakes", ha="center", va="center")
        return finish_figure(fig)
    fig, axes = _grid(len(worst), ncols, cell_size=1.3, title_lines=2)
    for index, ax in zip(worst, axes, strict=False):
        ax.imshow(np.asarray(images[index]).reshape(28, 28), cmap="gray_r")
        ax.set_title(
            f"{y_true[index]}→{predicted[index]}\n{confidence[index]:.0%}",
            fontsize=9,
            color=MISTAKE_COLOR,
        )
    fig.suptitle("Most confident mistakes (true→predicted, confidence)")
    return finish_figure(fig)


def plot_layer_values(
    values: Mapping[str, Sequence[float]],
    layer_names: Sequence[str],
    *,
    ylabel: str = "mean |gradient|",
    log_scale: bool = True,
    title: str | None = None,
) -> Figure:
    """Draw grouped bars of one number per layer for several models.

    Used to show gradient magnitudes per layer (vanishing gradients).

    Parameters
    ----------
    values : mapping of str to sequence of float
        Model name to one value per layer.
    layer_names : sequence of str
        Bar-group labels, input side first.
    ylabel : str, default "mean |gradient|"
    log_scale : bool, default True
        Gradients span orders of magnitude, so a log axis shows them best. A value of 0, which
        a log axis cannot draw, is written as "0" at the foot of its bar's place; negative
        values need ``log_scale=False``.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    values = check_mapping("values", values, "model name -> one value per layer")
    layer_names = check_names("layer_names", layer_names, example="['hidden 1', 'output']")
    rows = {}
    for name, row in values.items():
        row = check_finite_array(f"values[{name!r}]", row)
        if row.ndim != 1:
            raise ValueError(f"values[{name!r}]: expected one value per layer, got {row.shape}")
        check_consistent_length(
            f"values[{name!r}]", row, layer_names, noun="values", expected_noun="layers"
        )
        if log_scale:
            # a 0 (a gradient that underflowed) is written in; a negative value has no place
            check_for_log_axis(f"values[{name!r}]", row[row != 0], switch="log_scale")
        rows[name] = row
    if log_scale and not any((row > 0).any() for row in rows.values()):
        raise ValueError("values: all 0, nothing to draw on a log axis: pass log_scale=False")
    fig, ax = plt.subplots(figsize=(7, 3.8))
    width = 0.8 / max(1, len(rows))
    positions = np.arange(len(layer_names))
    for offset, (name, row) in enumerate(rows.items()):
        bars = ax.bar(positions + offset * width, row, width, label=name)
        for place in positions[(row == 0) & log_scale]:  # a log axis drops a bar of 0 silently
            ax.text(
                place + offset * width,
                0.01,
                "0",
                transform=ax.get_xaxis_transform(),  # x in data, y at the foot of the axes
                ha="center",
                va="bottom",
                fontsize=8,
                color=bars.patches[0].get_facecolor(),
            )
    ax.set_xticks(positions + width * (len(rows) - 1) / 2, layer_names)
    ax.set(ylabel=ylabel, title=title or "")
    if log_scale:
        ax.set_yscale("log")
    ax.grid(axis="y", alpha=0.3)
    if len(layer_names) > 8:  # bars everywhere: the legend goes below, where it hides none
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=len(rows))
    else:
        ax.legend()
    return finish_figure(fig)


def plot_loss_curves(
    curves: Mapping[str, Sequence[float]],
    *,
    reference: float | None = None,
    reference_label: str = "reference",
    xlabel: str = "step",
    ylabel: str = "training loss",
    title: str | None = None,
) -> Figure:
    """Draw one loss curve per run on a log axis; steps whose loss is not finite are gaps.

    Used to compare learning rates: a rate too large can overflow the loss.

    Parameters
    ----------
    curves : mapping of str to sequence of float
        Run name to its loss at each step: positive numbers, or ``inf`` / ``nan`` where the run
        overflowed. A run with such steps has a cross at the first and says how many it has.
    reference : float, optional
        A level to draw as a dashed line, e.g. the loss of guessing; above 0 (the log axis).
    reference_label : str, default "reference"
    xlabel, ylabel : str
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The y axis is logarithmic: losses span orders of magnitude.
    """
    curves = check_mapping("curves", curves, "run name -> loss at each step")
    checked = {}
    for name, losses in curves.items():
        try:
            losses = np.asarray(losses, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"curves[{name!r}]: expected numbers, got {losses!r:.60}") from None
        if losses.ndim != 1 or losses.size == 0:
            raise ValueError(
                f"curves[{name!r}]: expected a 1-D sequence of losses, got {losses.shape}"
            )
        finite = np.isfinite(losses)
        if not finite.any():
            raise ValueError(f"curves[{name!r}]: no finite loss to draw")
        if (losses[finite] <= 0).any():
            raise ValueError(f"curves[{name!r}]: losses must be positive for the log axis")
        checked[name] = losses
    if reference is not None:  # a line at 0 or below would be left off the log axis unsaid
        reference = check_finite_number("reference", reference)
        if reference <= 0:
            raise ValueError(f"reference: expected a loss above 0 (log axis), got {reference:g}")
    fig, ax = plt.subplots(figsize=(7, 4.6))
    for name, losses in checked.items():
        finite = np.isfinite(losses)
        steps = np.arange(len(losses))
        (line,) = ax.plot(steps, np.where(finite, losses, np.nan), label=name)
        if not finite.all():
            first = int(np.argmin(finite))
            at = losses[finite][-1] if first == 0 else losses[first - 1]
            ax.plot(first, at, "x", color=line.get_color(), markersize=10)
            line.set_label(f"{name} (loss not finite at {np.sum(~finite)} steps, first {first})")
    if reference is not None:
        ax.axhline(reference, color="0.3", linestyle="--", label=reference_label)
    ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title or "")
    ax.grid(alpha=0.3)
    # below the axes: curves fill the whole panel, spikes and the reference line included
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=3)
    return finish_figure(fig)


# --- autoencoders (lab 04) ----------------------------------------------------------------------


def plot_reconstructions(
    rows: Mapping[str, np.ndarray], *, count: int = 10, title: str | None = None
) -> Figure:
    """Show the same digits once per row: originals, then their reconstructions.

    Parameters
    ----------
    rows : mapping of str to numpy.ndarray
        Row label (e.g. ``"original"``, ``"PCA 32"``) to images in any 28×28
        layout; row ``i`` of every array is the same digit.
    count : int, default 10
        Digits (columns) to show: the first ``count``.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> plot_reconstructions({"original": x, "autoencoder": model.predict(x)})  # doctest: +SKIP
    """
    rows = check_mapping("rows", rows, "row label -> images")
    count = check_count("count", count)
    images = {label: check_flat_images(label, values) for label, values in rows.items()}
    shortest = min(len(values) for values in images.values())
    if shortest < count:
        raise ValueError(f"count={count} digits asked for, but a row has only {shortest}.")
    fig, axes = plt.subplots(
        len(images), count, figsize=(1.0 * count + 1.2, 1.05 * len(images)), squeeze=False
    )
    for axes_row, (label, values) in zip(axes, images.items(), strict=True):
        for ax, image in zip(axes_row, values[:count], strict=True):
            ax.imshow(image.reshape(28, 28), cmap="gray_r", vmin=0, vmax=max(1.0, image.max()))
            ax.set_xticks([])
            ax.set_yticks([])
        axes_row[0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=9)
    if title:
        fig.suptitle(title)
    return finish_figure(fig)


def plot_latent_space(
    codes: Mapping[str, np.ndarray],
    labels: Sequence[int],
    *,
    max_points: int = 5000,
    axis_names: tuple[str, str] = ("code 1", "code 2"),
    title: str | None = None,
) -> Figure:
    """Scatter 2-D codes coloured by digit, one panel per method.

    Parameters
    ----------
    codes : mapping of str to numpy.ndarray
        Method name (e.g. ``"autoencoder"``, ``"PCA"``) to codes ``(n, 2)``.
    labels : sequence of int
        The digit of each of the ``n`` points.
    max_points : int, default 5000
        Plot at most this many points (the first ones), so the picture stays legible.
    axis_names : tuple of str, default ("code 1", "code 2")
        E.g. ``("PC 1", "PC 2")`` for a PCA projection.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    codes = check_mapping("codes", codes, "method name -> (n, 2) codes")
    max_points = check_count("max_points", max_points)
    labels = check_labels("labels", labels)
    axis_names = check_names("axis_names", axis_names, example="('PC 1', 'PC 2')")
    if len(axis_names) != 2:
        raise ValueError(f"axis_names: expected two names (x, y), got {len(axis_names)}")
    checked = {}
    for name, points in codes.items():
        points = check_finite_array(f"codes[{name!r}]", points)
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(
                f"codes[{name!r}]: expected 2-D codes (n, 2), got shape {points.shape}."
            )
        check_consistent_length(f"labels (codes[{name!r}])", labels, points, expected_noun="codes")
        if len(points) == 0:
            raise ValueError(f"codes[{name!r}]: expected at least one code, got none")
        checked[name] = points
    fig, axes = plt.subplots(
        1, len(checked), figsize=(4.6 * len(checked), 4.2), squeeze=False, layout="constrained"
    )
    shown = slice(0, max_points)
    present = np.unique(labels[shown])  # a colour per digit shown, and only those in the bar
    colours = ListedColormap([plt.cm.tab10.colors[digit] for digit in present])
    positions = np.searchsorted(present, labels[shown])
    size = 12 if len(positions) <= 1000 else 6  # large enough to tell the colours apart
    for ax, (name, points) in zip(axes.flat, checked.items(), strict=True):
        points = points[shown]
        scatter = ax.scatter(
            points[:, 0],
            points[:, 1],
            c=positions,
            cmap=colours,
            vmin=-0.5,
            vmax=len(present) - 0.5,
            s=size,
            alpha=0.8,
            linewidths=0,
        )
        ax.set(title=name, xlabel=axis_names[0], ylabel=axis_names[1])
    bar = fig.colorbar(scatter, ax=list(axes.flat), ticks=range(len(present)), label="digit")
    bar.set_ticklabels([str(digit) for digit in present])
    if title:
        fig.suptitle(title)
    return finish_figure(fig, tight=False)  # laid out by "constrained", for the colour bar


def plot_decoded_grid(
    decoder: Any,
    codes: np.ndarray,
    *,
    steps: int = 15,
    percentile: float = 2.0,
    title: str | None = None,
) -> Figure:
    """Decode a regular grid over a 2-D latent plane into one mosaic of digits.

    The grid spans the central part of ``codes`` (from the ``percentile``-th to
    the ``100 - percentile``-th percentile on each axis), so it covers where the
    data actually lie.

    Parameters
    ----------
    decoder : keras.Model or callable
        Maps codes ``(m, 2)`` to images in any 28×28 layout; a Keras model's
        ``predict`` is used when it has one.
    codes : numpy.ndarray
        Codes ``(n, 2)`` of real digits, for the grid's range: finite, and spread on both axes.
    steps : int, default 15
        Grid points per axis.
    percentile : float, default 2.0
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    steps = check_count("steps", steps, minimum=2, maximum=60)  # 60 x 60 digits fill a figure
    if not (hasattr(decoder, "predict") or callable(decoder)) or isinstance(decoder, str):
        raise TypeError(
            f"decoder: expected a Keras model or a function of codes, got {type(decoder).__name__}"
        )
    # checked here: nan codes would reach the decoder and be blamed on its output
    codes = check_finite_array("codes", codes).astype(np.float32)
    if codes.ndim != 2 or codes.shape[1] != 2:
        raise ValueError(f"codes: expected 2-D codes (n, 2), got shape {codes.shape}.")
    if len(codes) == 0:
        raise ValueError("codes: expected the codes of some digits, got none")
    percentile = check_finite_number("percentile", percentile)
    if not 0 <= percentile < 50:
        raise ValueError(
            f"percentile: expected 0 to 50 (the share cut at each end), got {percentile:g}"
        )
    inputs = getattr(decoder, "inputs", None)
    if inputs and tuple(inputs[0].shape[1:]) != (2,):
        raise ValueError(
            f"decoder: expected a model taking (n, 2) codes; {getattr(decoder, 'name', 'it')!r} "
            f"takes {tuple(inputs[0].shape)}: the encoder instead of the decoder?"
        )
    low = np.percentile(codes, percentile, axis=0)
    high = np.percentile(codes, 100 - percentile, axis=0)
    if np.any(low == high):  # a collapsed code: every grid point would decode the same digit
        axis = int(np.argmax(low == high)) + 1
        raise ValueError(
            f"codes: code {axis} takes a single value ({low[axis - 1]:g}) over the central "
            "part: the grid would span nothing (a collapsed encoder?)"
        )
    xs = np.linspace(low[0], high[0], steps)
    ys = np.linspace(high[1], low[1], steps)  # top row: large code 2, as on the scatter plot
    grid = np.array([[x, y] for y in ys for x in xs], dtype=np.float32)
    if hasattr(decoder, "predict"):  # a Keras model
        outputs = decoder.predict(grid, verbose=0)
    else:
        outputs = decoder(grid)
    images = check_flat_images("decoder output", outputs).reshape(steps, steps, 28, 28)
    mosaic = images.transpose(0, 2, 1, 3).reshape(steps * 28, steps * 28)
    fig, ax = plt.subplots(figsize=(6, 6))
    ax.imshow(mosaic, cmap="gray_r", extent=(low[0], high[0], low[1], high[1]), aspect="auto")
    ax.set(xlabel="code 1", ylabel="code 2", title=title or "Decoded grid over the latent plane")
    return finish_figure(fig)


# --- repeated runs (lab 05) ---------------------------------------------------------------------


def plot_mean_std(
    settings: Sequence[float],
    runs: Mapping[str, np.ndarray],
    *,
    xlabel: str,
    ylabel: str,
    log_x: bool = False,
    title: str | None = None,
) -> Figure:
    """Mean ± one standard deviation over repeated runs (seeds), one line per method.

    Parameters
    ----------
    settings : sequence of float
        The x values, e.g. dropout rates or training-set sizes.
    runs : mapping of str to numpy.ndarray
        Method name to results of shape ``(len(settings), seeds)``.
    xlabel, ylabel : str
    log_x : bool, default False
        A log x axis, for settings such as training-set sizes (all above 0).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The line is the mean over seeds, the shaded band mean ± std.

    Examples
    --------
    >>> plot_mean_std([0.0, 0.5], {"MLP": np.array([[0.9, 0.91], [0.93, 0.94]])},
    ...               xlabel="dropout rate", ylabel="test accuracy")  # doctest: +SKIP
    """
    runs = check_mapping("runs", runs, "method name -> results (settings, seeds)")
    settings = check_finite_array("settings", settings)
    if settings.ndim != 1 or settings.size == 0:
        raise ValueError(f"settings: expected one x value per row of results, got {settings.shape}")
    if log_x:
        check_for_log_axis("settings", settings, switch="log_x")
    checked = {}
    for name, values in runs.items():
        values = check_finite_array(f"runs[{name!r}]", values)
        if values.ndim != 2 or len(values) != len(settings) or values.shape[1] == 0:
            raise ValueError(
                f"runs[{name!r}]: expected results of shape ({len(settings)}, seeds), "
                f"got {values.shape}."
            )
        checked[name] = values
    fig, ax = plt.subplots(figsize=(6.4, 4))
    for name, values in checked.items():
        mean, std = values.mean(axis=1), values.std(axis=1)
        (line,) = ax.plot(settings, mean, "o-", label=f"{name} (n={values.shape[1]})")
        ax.fill_between(settings, mean - std, mean + std, color=line.get_color(), alpha=0.2)
    if log_x:
        ax.set_xscale("log")
    if len(settings) <= 12:  # a tick at each setting: no epoch 1.5, no rate that was not run
        ax.set_xticks(settings, [f"{value:g}" for value in settings])
        ax.minorticks_off()
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title or "")
    ax.grid(alpha=0.3)
    ax.legend()
    return finish_figure(fig)
