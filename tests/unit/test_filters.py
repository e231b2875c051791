import keras
import numpy as np
import pytest

from utils import filters, probes


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
        norms[activation] = probes.gradient_norms(model, images, labels)
        assert list(norms[activation]) == [layer.name for layer in model.layers]
    sigmoid, relu = (list(norms[a].values()) for a in ("sigmoid", "relu"))
    assert sigmoid[0] < sigmoid[-1] / 100  # shrinks by orders of magnitude
    assert sigmoid[0] / sigmoid[-1] < relu[0] / relu[-1]


def test_gradient_norms_cover_convolutions_in_nested_models():
    keras.utils.set_random_seed(0)
    block = keras.Sequential([keras.Input((6, 6, 2)), keras.layers.Conv2D(2, 3, name="inner")])
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(2, 3, name="first")(inputs)
    x = keras.layers.Flatten()(block(x))
    model = keras.Model(inputs, keras.layers.Dense(3, name="out")(x))
    model.compile(loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    norms = probes.gradient_norms(model, rng.random((4, 8, 8, 1)), np.array([0, 1, 2, 0]))
    assert list(norms) == ["first", "inner", "out"]
    assert all(value > 0 for value in norms.values())


def test_gradient_norms_needs_a_compiled_model():
    with pytest.raises(ValueError, match="compile the model"):
        probes.gradient_norms(mlp(), np.zeros((2, 784)), np.zeros(2))


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
    with pytest.raises(ValueError, match="kernel: expected a 2-D kernel"):
        filters.apply_kernel(np.zeros((4, 4)), np.ones(3))
    with pytest.raises(ValueError, match=r"images \(n, h, w\)"):
        filters.apply_kernel(np.zeros((2, 4, 4, 1)), SOBEL_X)


def test_plot_kernel_responses_rows_and_weights():
    image = np.random.default_rng(0).random((28, 28))
    fig = filters.plot_kernel_responses(image, {"Gx": SOBEL_X, "Gy": SOBEL_X.T})
    pictures = [ax for ax in fig.axes if ax.images]
    assert len(pictures) == 5  # the input once, then each kernel above its response
    assert sum(ax.get_title() == "input" for ax in pictures) == 1
    kernel_axis = next(ax for ax in pictures if ax.get_title() == "Gx")
    assert [t.get_text() for t in kernel_axis.texts][:3] == ["-1", "0", "1"]
    responses = [ax for ax in pictures if ax.get_title() == "response"]
    assert np.allclose(responses[0].images[0].get_array(), filters.apply_kernel(image, SOBEL_X))
    with pytest.raises(ValueError, match="kernels: expected a dict"):
        filters.plot_kernel_responses(image, {})


# --- learned filters of CNNs -------------------------------------------------------------------


def small_cnn(functional=False):
    keras.utils.set_random_seed(0)
    layers = [
        keras.layers.Conv2D(4, 3, activation="relu", name="conv1"),
        keras.layers.MaxPooling2D(name="pool1"),
        keras.layers.Conv2D(6, 3, activation="relu", name="conv2"),
        keras.layers.Flatten(name="flat"),
        keras.layers.Dense(10, activation="softmax", name="out"),
    ]
    if not functional:
        return keras.Sequential([keras.Input((28, 28, 1)), *layers])
    inputs = keras.Input((28, 28, 1))
    x = inputs
    for layer in layers:
        x = layer(x)
    return keras.Model(inputs, x)


IMAGE = np.random.default_rng(1).random((28, 28)).astype("float32")


def test_plot_conv_kernels_shows_each_learned_kernel():
    model = small_cnn()
    fig = filters.plot_conv_kernels(model, "conv1")
    shown = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    assert len(shown) == 4
    assert np.allclose(shown[2], np.asarray(model.get_layer("conv1").kernel)[:, :, 0, 2])
    assert len([ax for ax in filters.plot_conv_kernels(model, "conv2").axes if ax.images]) == 6


@pytest.mark.parametrize("name", ["pool1", "nope"])
def test_plot_conv_kernels_lists_valid_names(name):
    with pytest.raises(ValueError, match=r"valid names: \['conv1', 'conv2'\]"):
        filters.plot_conv_kernels(small_cnn(), name)


def test_conv_kernels_average_over_input_channels():
    model = small_cnn()
    kernels = filters.conv_kernels(model, "conv2")
    weights = np.asarray(model.get_layer("conv2").kernel)  # (3, 3, 4, 6)
    assert kernels.shape == (6, 3, 3)
    assert np.allclose(kernels[5], weights[:, :, :, 5].mean(axis=-1))
    assert filters.conv_kernels(model).shape == (4, 3, 3)  # the first Conv2D by default


def test_most_similar_kernel_ignores_sign_scale_and_offset():
    rng = np.random.default_rng(0)
    candidates = rng.normal(size=(10, 3, 3))
    sobel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
    candidates[7] = -0.1 * sobel + 0.3  # the same detector, flipped, scaled and shifted
    candidates[2] = 0.5  # flat: must not divide by zero
    index, correlation = filters.most_similar_kernel(sobel, candidates)
    assert index == 7 and correlation == pytest.approx(-1.0)


def test_most_similar_kernel_checks_shapes():
    with pytest.raises(ValueError, match=r"\(n, 3, 3\).*\(4, 5, 5\)"):
        filters.most_similar_kernel(np.eye(3), np.zeros((4, 5, 5)))


def test_plot_kernels_titles_each_kernel_with_its_name():
    kernels = {"edge": np.array([[1.0, 0, -1]] * 3), "spot": np.eye(3)}
    fig = filters.plot_kernels(kernels, title="hand-made")
    drawn = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in drawn] == ["edge", "spot"]
    assert np.allclose(drawn[0].images[0].get_array(), kernels["edge"])
    with pytest.raises(ValueError, match="one shape"):
        filters.plot_kernels({"a": np.eye(3), "b": np.eye(5)})


@pytest.mark.parametrize("functional", [False, True])
def test_feature_maps_of_every_conv_and_pool_layer(functional):
    model = small_cnn(functional)
    maps = probes.feature_maps(model, IMAGE)
    assert list(maps) == ["conv1", "pool1", "conv2"]
    assert maps["conv1"].shape == (26, 26, 4) and maps["pool1"].shape == (13, 13, 4)
    assert maps["conv2"].shape == (11, 11, 6)
    expected = keras.Model(model.inputs[0], model.get_layer("conv1").output)(IMAGE[None, ..., None])
    assert np.allclose(maps["conv1"], np.asarray(expected)[0], atol=1e-6)


def test_feature_maps_reject_bad_names_and_images():
    model = small_cnn()
    with pytest.raises(ValueError, match=r"no convolution or pooling layer 'flat'.*'pool1'"):
        probes.feature_maps(model, IMAGE, ["flat"])
    with pytest.raises(ValueError, match="does not fit the model's input"):
        probes.feature_maps(model, np.zeros((27, 27)))
    with pytest.raises(ValueError, match="no convolution or pooling layer"):
        probes.feature_maps(mlp(), np.zeros(784))


def test_plot_feature_maps_rows_per_layer():
    fig = probes.plot_feature_maps(small_cnn(), IMAGE, max_maps=3)
    rows = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert rows == ["conv1\n26×26", "pool1\n13×13", "conv2\n11×11"]
    assert sum(1 for ax in fig.axes if ax.images) == 3 * (1 + 3)


def test_maximize_activation_raises_the_unit_it_targets():
    model = small_cnn()
    probe = keras.Model(model.inputs[0], model.get_layer("conv2").output)
    start = np.random.default_rng(0).uniform(0.0, 1.0, (1, 28, 28, 1)).astype("float32")
    before = np.asarray(probe(start))[0].mean(axis=(0, 1))
    unit = int(np.argmax(before > 0))  # a unit that responds at all to the start image
    found = probes.maximize_activation(model, "conv2", unit, steps=30, seed=0)
    assert found.shape == (28, 28, 1) and found.min() >= 0 and found.max() <= 1
    after = np.asarray(probe(found[None]))[0].mean(axis=(0, 1))
    assert after[unit] > 2 * before[unit]


def test_maximize_activation_checks_layer_and_index():
    model = small_cnn()
    with pytest.raises(ValueError, match=r"no layer 'conv9' in model .*; valid names: \['conv1'"):
        probes.maximize_activation(model, "conv9", 0)
    with pytest.raises(ValueError, match="index 10 is out of range.*10 units"):
        probes.maximize_activation(model, "out", 10)


def test_saliency_is_where_the_class_score_looks():
    weights = np.zeros((784, 10), dtype="float32")
    weights[5 * 28 + 7, 3] = 2.0  # class 3 depends on pixel (5, 7) only
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
    model.layers[0].set_weights([weights, np.zeros(10, "float32")])
    saliency = probes.saliency_map(model, IMAGE, class_index=3)
    assert saliency.shape == (28, 28)
    assert saliency[5, 7] == pytest.approx(2.0) and np.count_nonzero(saliency) == 1
    with pytest.raises(ValueError, match="out of range 0..9"):
        probes.saliency_map(model, IMAGE, class_index=12)


def test_saliency_defaults_to_the_predicted_class():
    model = small_cnn()
    predicted = int(np.argmax(model(IMAGE[None, ..., None])))
    assert np.allclose(
        probes.saliency_map(model, IMAGE),
        probes.saliency_map(model, IMAGE, class_index=predicted),
    )


# --- controls: untrained layers, edge-likeness, class scores ---------------------------------


def test_untrained_kernels_are_fresh_draws_of_the_layers_initialiser():
    model = small_cnn()
    banks = filters.untrained_kernels(model, "conv1", trials=5, seed=3)
    assert banks.shape == (5, 4, 3, 3)
    assert not np.allclose(banks[0], banks[1])  # a new draw per trial
    assert np.allclose(banks, filters.untrained_kernels(model, "conv1", trials=5, seed=3))
    limit = np.sqrt(6 / (9 * 1 + 9 * 4))  # Glorot-uniform bound of a 3x3x1x4 kernel
    assert np.abs(banks).max() <= limit and np.abs(banks).max() > 0.8 * limit
    model.get_layer("conv1").kernel.assign(np.zeros((3, 3, 1, 4)))  # training does not matter
    assert np.allclose(banks, filters.untrained_kernels(model, "conv1", trials=5, seed=3))


def test_ramp_fit_scores_edges_high_and_spots_lines_and_noise_low():
    ramp = np.add.outer(np.arange(3.0), 2 * np.arange(3.0))  # brightness rising down and right
    assert filters.ramp_fit(ramp) == pytest.approx(1.0)
    assert filters.ramp_fit(-3 * ramp + 7) == pytest.approx(1.0)  # sign and offset: same detector
    assert filters.ramp_fit(SOBEL_X) == pytest.approx(8 / 9)
    laplacian = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    assert filters.ramp_fit(laplacian) == pytest.approx(0.0, abs=1e-9)
    assert filters.ramp_fit(np.zeros((3, 3))) == 0.0  # flat: no edge, no division by zero
    noise = np.random.default_rng(0).normal(size=(2000, 3, 3))
    assert np.median(filters.ramp_fit(noise)) < 0.35  # about 2 of 8 free dimensions
    assert filters.ramp_fit(noise.reshape(40, 50, 3, 3)).shape == (40, 50)


def test_class_scores_are_logits_not_probabilities():
    # two classes whose logits differ by a constant: the probability saturates, the logit not
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(2, activation="softmax")])
    weights = np.zeros((784, 2), dtype="float32")
    weights[:, 0] = 1.0
    model.layers[0].set_weights([weights, np.array([0.0, 20.0], "float32")])
    image = np.full((28, 28), 0.9, "float32")  # logit 0 = 705.6, class 0's probability ≈ 1
    saliency = probes.saliency_map(model, image, class_index=0)
    assert np.allclose(saliency, 1.0)  # d logit / d pixel; the probability's gradient is ≈ 0


def test_regularised_ascent_draws_less_ink_than_plain_ascent():
    model = small_cnn()
    plain = probes.maximize_activation(model, "out", 3, steps=20, step_size=1.0, noise=0.1)
    penalised = probes.maximize_activation(
        model, "out", 3, steps=20, step_size=1.0, noise=0.1, l2=50.0, blur=0.5
    )
    assert penalised.mean() < plain.mean()
    rough = np.abs(np.diff(plain[..., 0], axis=1)).mean()
    assert np.abs(np.diff(penalised[..., 0], axis=1)).mean() < rough  # the blur smooths


def test_smoothness_tells_strokes_from_noise():
    noise = np.random.default_rng(0).normal(size=(200, 28, 20))  # any size, not only square
    assert abs(np.median(filters.smoothness(noise))) < 0.05
    blob = np.exp(-((np.arange(28)[:, None] - 14) ** 2 + (np.arange(20) - 10) ** 2) / 20.0)
    assert filters.smoothness(blob[None])[0] > 0.9
    assert filters.smoothness(np.zeros((1, 4, 4)))[0] == 0.0
    checkerboard = np.indices((6, 6)).sum(axis=0) % 2 * 2.0 - 1
    assert filters.smoothness(checkerboard[None])[0] == pytest.approx(-1.0)


def test_dense_weight_pictures_are_the_first_layers_inputs():
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(5), keras.layers.Dense(3)])
    pictures = filters.dense_weight_pictures(model)
    assert pictures.shape == (5, 28, 28)
    assert np.allclose(pictures[2].ravel(), np.asarray(model.layers[0].kernel)[:, 2])
