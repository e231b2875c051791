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


SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)


def test_apply_kernel_is_cross_correlation_with_same_size():
    image = np.zeros((5, 5))
    image[:, 3:] = 1.0  # a vertical edge, dark to bright going right
    response = filters.apply_kernel(image, SOBEL_X)
    assert response.shape == (5, 5) and response.dtype == np.float32
    assert response[2, 2] == 4.0 and response[2, 3] == 4.0  # positive: no kernel flip
    assert response[2, 0] == 0.0


def test_apply_kernel_on_a_stack_matches_one_by_one():
    stack = np.random.default_rng(0).random((3, 8, 8))
    together = filters.apply_kernel(stack, SOBEL_X)
    assert np.allclose(together[1], filters.apply_kernel(stack[1], SOBEL_X))


def test_apply_kernel_rejects_bad_shapes():
    with pytest.raises(ValueError, match="kernel must be 2-D"):
        filters.apply_kernel(np.zeros((4, 4)), np.ones(3))
    with pytest.raises(ValueError, match=r"images \(n, h, w\)"):
        filters.apply_kernel(np.zeros((2, 4, 4, 1)), SOBEL_X)


def test_plot_kernel_responses_rows_and_weights():
    image = np.random.default_rng(0).random((28, 28))
    fig = filters.plot_kernel_responses(image, {"Gx": SOBEL_X, "Gy": SOBEL_X.T})
    assert len(fig.axes) == 6
    kernel_axis = fig.axes[1]
    assert kernel_axis.get_title() == "kernel: Gx"
    assert [t.get_text() for t in kernel_axis.texts][:3] == ["-1", "0", "1"]
    shown = fig.axes[2].images[0].get_array()
    assert np.allclose(shown, filters.apply_kernel(image, SOBEL_X))
    with pytest.raises(ValueError, match="no kernels"):
        filters.plot_kernel_responses(image, {})
