import keras
import numpy as np
import pytest

from utils import filters


def mlp(activation="relu", hidden=(16, 16), inputs=784):
    layers = [keras.Input((inputs,))]
    layers += [keras.layers.Dense(units, activation=activation) for units in hidden]
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers)


def test_dense_weights_are_drawn_as_28x28_images():
    model = mlp()
    fig = filters.plot_dense_weights(model, count=12, ncols=4)
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert len(images) == 12
    first = images[0].get_array()
    assert first.shape == (28, 28)
    assert np.allclose(first, np.asarray(model.layers[0].kernel)[:, 0].reshape(28, 28))
    vmin, vmax = images[0].get_clim()
    assert vmin == -vmax  # white means zero


def test_dense_weights_accepts_a_layer_and_caps_count():
    model = mlp(hidden=(5,))
    fig = filters.plot_dense_weights(model.layers[0], count=32)
    assert sum(1 for ax in fig.axes if ax.images) == 5


def test_dense_weights_needs_784_inputs():
    with pytest.raises(ValueError, match="takes 16 inputs"):
        filters.plot_dense_weights(mlp().layers[1])


def test_model_without_dense_layers_lists_its_layers():
    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(name="flat")])
    with pytest.raises(ValueError, match=r"no Dense layer.*\['flat'\]"):
        filters.plot_dense_weights(model)


def test_sigmoid_gradients_vanish_towards_the_input():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    images = rng.random((64, 784)).astype("float32")
    labels = rng.integers(0, 10, 64)
    norms = {}
    for activation in ("sigmoid", "relu"):
        model = mlp(activation, hidden=(64,) * 5)
        model.compile(loss="sparse_categorical_crossentropy")
        norms[activation] = filters.gradient_norms(model, images, labels)
        assert list(norms[activation]) == [layer.name for layer in model.layers]
    sigmoid, relu = (list(norms[a].values()) for a in ("sigmoid", "relu"))
    assert sigmoid[0] < sigmoid[-1] / 100  # shrinks by orders of magnitude
    assert sigmoid[0] / sigmoid[-1] < relu[0] / relu[-1]


def test_gradient_norms_needs_a_compiled_model():
    with pytest.raises(ValueError, match="compile the model"):
        filters.gradient_norms(mlp(), np.zeros((2, 784)), np.zeros(2))
