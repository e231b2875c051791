"""Probes of a trained network: what it computes inside, and which inputs move it.

Lab 01 measures the gradient of the loss per layer (vanishing gradients); lab 03 reads the
feature maps of convolution and pooling layers, finds the inputs that make a unit respond
(activation maximisation) and the pixels a class's score depends on (saliency); lab 06
reads the feature maps of a transferred base. Each probe's picture lives here beside it.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from utils.model_parts import (
    as_batch,
    flat_layers,
    layers_of_kind,
    loss_name,
    map_kinds,
    pick_layer,
    score_model,
    submodel,
)
from utils.plotting import finish_figure
from utils.validation import (
    check_compiled,
    check_consistent_length,
    check_count,
    check_finite_array,
    check_finite_number,
    check_fits_input,
    check_has_layers,
    check_labels,
    check_layer_name,
    check_model_input,
    check_names,
    check_seed,
)


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

    check_compiled("model", model, needed_by="gradient_norms")
    layers = [
        layer
        for layer in flat_layers(model)
        if isinstance(layer, (keras.layers.Dense, keras.layers.Conv2D))
    ]
    check_has_layers(model, layers, kind="Dense or Conv2D")
    check_fits_input("images", images, model)
    images = check_finite_array("images", images)
    loss_fn = keras.losses.get(model.loss)  # accepts a name or a loss object
    with tf.GradientTape() as tape:
        outputs = model(images, training=False)
        labels = _check_targets(labels, outputs.shape[0], outputs.shape[-1], loss_name(model.loss))
        loss = loss_fn(labels, outputs)
    grads = tape.gradient(loss, [layer.kernel for layer in layers])
    magnitudes = [float(tf.reduce_mean(tf.abs(grad))) for grad in grads]
    return {layer.name: value for layer, value in zip(layers, magnitudes, strict=True)}


def _check_targets(labels: Any, count: int, classes: int, loss: str = "") -> np.ndarray:
    """Return the targets as an array, one per image in the form ``loss`` takes, or raise.

    Class numbers or one-hot rows; a list or a pandas Series comes back as a NumPy array,
    which every Keras loss takes.
    """
    array = np.asarray(labels)
    check_consistent_length("labels", array, count)
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
    kinds = map_kinds()
    if layer_names is None:
        layers = layers_of_kind(model, kinds)
        check_has_layers(model, layers, kind="convolution or pooling")
    else:
        names = check_names("layer_names", layer_names, example="['block1_conv1']")
        layers = [pick_layer(model, name, kinds, "convolution or pooling") for name in names]
    outputs = submodel(model, layers)(as_batch(model, image), training=False)
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

    check_model_input("model", model)
    layer = model.get_layer(check_layer_name("layer_name", layer_name, model))
    step_size = check_finite_number("step_size", step_size, positive=True)
    l2 = check_finite_number("l2", l2)
    blur = check_finite_number("blur", blur)
    noise = check_finite_number("noise", noise, positive=True)
    seed = check_seed("seed", seed)
    if l2 < 0 or blur < 0:
        raise ValueError(f"l2 and blur: expected 0 or more, got {l2:g} and {blur:g}")
    units = layer.output.shape[-1]
    steps = check_count("steps", steps, maximum=10_000)  # 10,000 steps take minutes already
    index = check_count("index", index, minimum=0)
    if not 0 <= index < units:
        raise ValueError(f"index {index} is out of range: layer {layer_name!r} has {units} units.")
    scores = score_model(model, layer)
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

    batch = tf.convert_to_tensor(as_batch(model, image))
    output_layer = model.layers[-1]
    with tf.GradientTape() as tape:
        tape.watch(batch)
        scores = score_model(model, output_layer)(batch, training=False)
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
