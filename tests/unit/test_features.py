import numpy as np
import pytest
from skimage.feature import hog

from utils import features

RNG = np.random.default_rng(0)
DIGITS = RNG.integers(0, 256, size=(7, 28, 28), dtype=np.uint8)


def test_course_setting_is_the_default_and_gives_392_features():
    result = features.hog_features(DIGITS, progress=False)
    assert result.shape == (7, 392) and result.dtype == np.float32
    expected = hog(
        DIGITS[3],
        orientations=8,
        pixels_per_cell=(4, 4),
        cells_per_block=(1, 1),
        block_norm="L2-Hys",
    )
    assert np.allclose(result[3], expected, atol=1e-6)


def test_parameters_are_passed_through():
    result = features.hog_features(
        DIGITS,
        orientations=9,
        pixels_per_cell=(7, 7),
        cells_per_block=(2, 2),
        block_norm="L1",
        progress=False,
    )
    expected = hog(
        DIGITS[0], orientations=9, pixels_per_cell=(7, 7), cells_per_block=(2, 2), block_norm="L1"
    )
    assert result.shape == (7, 3 * 3 * 2 * 2 * 9)
    assert np.allclose(result[0], expected, atol=1e-6)


def test_parallel_chunks_match_a_single_process(monkeypatch):
    monkeypatch.setattr(features, "CHUNK_SIZE", 3)  # several chunks from 7 images
    parallel = features.hog_features(DIGITS, n_jobs=2, progress=False)
    serial = features.hog_features(DIGITS, n_jobs=1, progress=False)
    assert np.array_equal(parallel, serial)


def test_channel_axis_and_float_images_are_accepted():
    with_channel = features.hog_features(DIGITS[..., None], progress=False)
    scaled = features.hog_features(DIGITS / 255.0, progress=False)
    assert with_channel.shape == scaled.shape == (7, 392)


@pytest.mark.parametrize(
    "images, message",
    [
        (np.zeros((3, 784), np.uint8), r"images \(n, height, width\), got shape"),
        (np.zeros((28, 28), np.uint8), r"images \(n, height, width\), got shape"),
        (np.zeros((3, 28, 28, 3), np.uint8), r"images \(n, height, width\), got shape"),
        (np.zeros((3, 28, 28), np.int64), "uint8.*or floating point"),
        (np.zeros((3, 28, 28), bool), "uint8.*or floating point"),
    ],
)
def test_wrong_images_are_rejected(images, message):
    with pytest.raises(ValueError, match=message):
        features.hog_features(images, progress=False)


def test_cells_that_do_not_fit_are_rejected():
    with pytest.raises(ValueError, match="do not fit"):
        features.hog_features(
            DIGITS, pixels_per_cell=(14, 14), cells_per_block=(3, 3), progress=False
        )


def test_progress_bar_counts_images(capsys):
    features.hog_features(DIGITS, progress=True, n_jobs=1)
    assert "7/7" in capsys.readouterr().err


def test_plot_hog_shows_digit_and_glyphs():
    fig = features.plot_hog(DIGITS[0])
    left, right = fig.axes
    assert left.images[0].get_array().shape == (28, 28)
    assert right.get_title().startswith("HOG: 392 features")
    assert right.lines  # the stars


def test_hog_stars_run_along_the_edges():
    stroke = np.zeros((8, 8))
    stroke[:, 3:5] = 1.0  # a vertical stroke: gradients horizontal, edges vertical
    fig = features.plot_hog(stroke, pixels_per_cell=(8, 8), orientations=8)
    thickest = max(fig.axes[1].lines, key=lambda line: line.get_linewidth())
    (x0, x1), (y0, y1) = thickest.get_xdata(), thickest.get_ydata()
    assert abs(x1 - x0) < 0.25 * abs(y1 - y0)  # drawn (nearly) vertical, along the stroke
    with pytest.raises(ValueError, match="shape"):
        features.plot_hog(DIGITS)


# --- learned features (lab 06) ------------------------------------------------------------------


def small_cnn():
    import keras

    layers = keras.layers
    inputs = keras.Input((28, 28, 1))
    base = keras.Sequential(
        [keras.Input((28, 28, 1)), layers.Conv2D(4, 3), layers.MaxPooling2D()], name="conv_base"
    )
    hidden = layers.Dense(6, name="penultimate")(layers.Flatten()(base(inputs)))
    return keras.Model(inputs, layers.Dense(3)(hidden))


def test_layer_features_flatten_a_layer_or_nested_base():
    model = small_cnn()
    images = DIGITS[..., None].astype(np.float32) / 255
    hidden = features.layer_features(model, images, "penultimate", batch_size=3)
    assert hidden.shape == (7, 6) and hidden.dtype == np.float32
    base = model.get_layer("conv_base")
    assert np.allclose(
        hidden, model.get_layer("penultimate")(base(images).numpy().reshape(7, -1)), atol=1e-5
    )
    maps = features.layer_features(model, images, "conv_base")
    assert maps.shape == (7, 13 * 13 * 4)


def test_layer_features_name_the_layers_and_the_input_shape():
    model = small_cnn()
    with pytest.raises(ValueError, match=r"no layer 'dense_9'.*'penultimate'"):
        features.layer_features(model, np.zeros((2, 28, 28, 1)), "dense_9")
    with pytest.raises(ValueError, match=r"does not fit the model's input \(n, 28, 28, 1\)"):
        features.layer_features(model, np.zeros((2, 784)), "penultimate")


def test_imagenet_backbone_offline_is_one_line_not_an_exception(monkeypatch, tmp_path):
    import urllib.error

    import keras.src.utils.file_utils as file_utils

    def no_network(*args, **kwargs):
        raise urllib.error.URLError("Name or service not known")

    # the real Keras download path, with the network cut where Keras reaches it
    monkeypatch.setattr(file_utils, "urlretrieve", no_network)
    monkeypatch.setattr(file_utils.config, "keras_home", lambda: str(tmp_path))  # empty cache
    model, message = features.imagenet_backbone("MobileNetV2", (32, 32, 3))
    assert model is None
    assert "\n" not in message and "MobileNetV2" in message and "could not be downloaded" in message
    assert "Name or service not known" in message


def test_imagenet_backbone_names_the_mistakes_it_cannot_skip():
    with pytest.raises(ValueError, match="no network 'MobileNetV9'"):
        features.imagenet_backbone("MobileNetV9")
    with pytest.raises(ValueError):  # MobileNetV2 needs at least 32 x 32 pixels
        features.imagenet_backbone("MobileNetV2", (16, 16, 3))


def test_hog_stars_follow_a_diagonal_stroke_the_right_way_round():
    stroke = np.clip(np.eye(16) + np.eye(16, k=1) + np.eye(16, k=-1), 0, 1)  # "\", rows go down
    fig = features.plot_hog(stroke, pixels_per_cell=(16, 16), orientations=8)
    thickest = max(fig.axes[1].lines, key=lambda line: line.get_linewidth())
    (x0, x1), (y0, y1) = thickest.get_xdata(), thickest.get_ydata()
    assert (x1 - x0) * (y1 - y0) > 0  # right and down together: "\", not "/"
