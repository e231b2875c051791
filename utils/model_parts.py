"""A Keras model's parts: its layers by kind or name, sub-models cut at them, inputs shaped for it.

What :mod:`utils.filters`, :mod:`utils.probes` and :mod:`utils.features` need to read a model
rather than compute with it. The checks of a model's state (built, has an input, has the named
layer) are in :mod:`utils.validation`, beside the other input checks.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.validation import (
    check_finite_array,
    check_fits_input,
    check_has_layers,
    check_layer_name,
    check_model,
    check_model_input,
)


def layers_of_kind(model: Any, kinds: tuple[type, ...]) -> list[Any]:
    """Return the model's top-level layers that are instances of ``kinds``, in order.

    Parameters
    ----------
    model : keras.Model
    kinds : tuple of type
        Layer classes, e.g. ``(keras.layers.Conv2D,)``.

    Returns
    -------
    list of keras.layers.Layer
    """
    return [layer for layer in check_model("model", model).layers if isinstance(layer, kinds)]


def flat_layers(model: Any) -> list[Any]:
    """Return every layer of ``model``, those of nested models included, in the model's order.

    Parameters
    ----------
    model : keras.Model

    Returns
    -------
    list of keras.layers.Layer
    """
    import keras

    check_model("model", model)
    flat = []
    for layer in model.layers:
        flat += flat_layers(layer) if isinstance(layer, keras.Model) else [layer]
    return flat


def conv_kinds() -> tuple[type, ...]:
    """Return the layer classes whose kernels are learned filters: ``(keras.layers.Conv2D,)``."""
    import keras

    return (keras.layers.Conv2D,)


def map_kinds() -> tuple[type, ...]:
    """Return the layer classes whose outputs are feature maps: convolution and pooling."""
    import keras

    return (
        keras.layers.Conv2D,
        keras.layers.MaxPooling2D,
        keras.layers.AveragePooling2D,
    )


def dense_layer(model_or_layer: Any) -> Any:
    """Return the layer itself if it is a Dense layer, else the model's first Dense layer.

    Parameters
    ----------
    model_or_layer : keras.Model or keras.layers.Dense

    Returns
    -------
    keras.layers.Dense

    Raises
    ------
    ValueError
        If the model has no Dense layer (the message lists its layers).
    """
    import keras

    if isinstance(model_or_layer, keras.layers.Dense):
        return model_or_layer
    layers = layers_of_kind(model_or_layer, (keras.layers.Dense,))
    check_has_layers(model_or_layer, layers, kind="Dense")
    return layers[0]


def pick_layer(model: Any, name: str | None, kinds: tuple[type, ...], kind: str) -> Any:
    """Return the layer ``name`` among the model's layers of ``kinds`` (the first if None).

    Parameters
    ----------
    model : keras.Model
    name : str or None
        A layer's name (its ``.name``).
    kinds : tuple of type
        The layer classes that qualify.
    kind : str
        What qualifies, for the messages, e.g. ``"Conv2D"``.

    Returns
    -------
    keras.layers.Layer

    Raises
    ------
    ValueError
        If no layer qualifies, or none of them has that name (the message lists the valid ones).
    """
    candidates = layers_of_kind(model, kinds)
    check_has_layers(model, candidates, kind=kind)
    if name is None:
        return candidates[0]
    valid = [layer.name for layer in candidates]
    check_layer_name("layer_name", name, model, among=valid, kind=kind)
    return candidates[valid.index(name)]


def submodel(model: Any, layers: list[Any]) -> Any:
    """Build a model from the input of ``model`` to the outputs of ``layers`` (Sequential too).

    Parameters
    ----------
    model : keras.Model
        A model with an input (built from ``keras.Input``, or trained).
    layers : list of keras.layers.Layer
        Layers of ``model``.

    Returns
    -------
    keras.Model
        With one output per layer.
    """
    import keras

    check_model_input("model", model)
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs  # as the model is called
    return keras.Model(inputs=inputs, outputs=[layer.output for layer in layers])


def score_model(model: Any, layer: Any) -> Any:
    """Make a model of ``layer``'s output, before its softmax if it has one (class scores).

    Simonyan et al. (2014) maximise and differentiate the class *score*: the softmax
    probability can also rise by pushing the other classes down, and it saturates near 1.

    Parameters
    ----------
    model : keras.Model
    layer : keras.layers.Layer
        A layer of ``model``.

    Returns
    -------
    callable
        ``scores(images, training=False)``.
    """
    import keras

    if getattr(layer, "activation", None) is not keras.activations.softmax:
        return submodel(model, [layer])
    before = keras.Model(model.inputs, layer.input)

    def logits(images: Any, training: bool = False) -> Any:
        scores = keras.ops.matmul(before(images, training=training), layer.kernel)
        return scores if layer.bias is None else scores + layer.bias

    return logits


def as_batch(model: Any, image: np.ndarray) -> np.ndarray:
    """Return one image shaped as the model's input, with a batch axis, or raise naming ``image``.

    Parameters
    ----------
    model : keras.Model
    image : numpy.ndarray
        As many finite numbers as the input holds, e.g. ``(28, 28)`` for ``(28, 28, 1)``.

    Returns
    -------
    numpy.ndarray
        ``float32``, shape ``(1, *input_shape)``.
    """
    shape = check_model_input("model", model)
    image = check_finite_array("image", image).astype(np.float32)  # nan maps would look blank
    check_fits_input("image", image, model, single=True)
    return image.reshape((1, *shape))


def loss_name(loss: Any) -> str:
    """Name a loss in snake case, whether given as a string, a function or an object.

    Parameters
    ----------
    loss : str, callable or keras.losses.Loss

    Returns
    -------
    str
        E.g. ``"sparse_categorical_crossentropy"``.
    """
    if isinstance(loss, str):
        return loss
    name = getattr(loss, "name", None) or getattr(loss, "__name__", type(loss).__name__)
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
