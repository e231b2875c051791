"""Inputs students get wrong, for the course's public functions: each gets a short, clear error.

One row per bad input: the function, its arguments, the exception expected and a fragment of
its message (naming the argument and what it expected). Every message must stay short, whatever
the input: a few lines at most, never the input's values listed out.
"""

import pathlib

import keras
import numpy as np
import pytest

from utils import course, data, features, files, filters, lab, plotting
from utils.validation import check_count, check_labels, check_probabilities

rng = np.random.default_rng(0)
N = 10_000  # as many as the test set: messages must not grow with it
LABELS = rng.integers(0, 10, N)
PROBABILITIES = rng.dirichlet(np.ones(10), size=N)
LOGITS = rng.normal(scale=5, size=(N, 10))
IMAGES = rng.random((N, 28, 28)).astype(np.float32)
SMALL = IMAGES[:20]


def tiny_cnn(side: int = 28):
    return keras.Sequential(
        [
            keras.Input((side, side, 1)),
            keras.layers.Conv2D(2, 3, name="conv"),
            keras.layers.Flatten(),
        ]
    )


def tiny_classifier():
    return keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)]
    )


def compiled_classifier():
    model = tiny_classifier()
    model.compile(loss="sparse_categorical_crossentropy")
    return model


COMPILED = compiled_classifier()


def tiny_decoder():
    return keras.Sequential([keras.Input((2,)), keras.layers.Dense(784)])


BAD_INPUTS = [
    # (id, function, args, kwargs, exception, fragment)
    (
        "confusion: probabilities as predictions",
        plotting.plot_confusion_matrix,
        (LABELS, PROBABILITIES),
        {},
        ValueError,
        "y_pred: expected one label per example",
    ),
    (
        "confusion: float labels with fractions",
        plotting.plot_confusion_matrix,
        (LABELS[:3], [0.5, 1.0, 2.0]),
        {},
        TypeError,
        "y_pred: expected whole-number labels",
    ),
    (
        "confusion: label 12",
        plotting.plot_confusion_matrix,
        ([1, 12], [1, 2]),
        {},
        ValueError,
        "y_true: expected labels 0 to 9",
    ),
    (
        "mistakes: logits",
        plotting.plot_confident_mistakes,
        (IMAGES, LABELS, LOGITS),
        {},
        ValueError,
        "probabilities: expected probabilities",
    ),
    (
        "mistakes: count 0",
        plotting.plot_confident_mistakes,
        (SMALL, LABELS[:20], PROBABILITIES[:20]),
        {"count": 0},
        ValueError,
        "count: expected at least 1",
    ),
    (
        "mistakes: ncols 0",
        plotting.plot_confident_mistakes,
        (SMALL, LABELS[:20], PROBABILITIES[:20]),
        {"ncols": 0},
        ValueError,
        "ncols: expected at least 1",
    ),
    (
        "mistakes: nan probabilities",
        plotting.plot_confident_mistakes,
        (SMALL[:1], [1], [[np.nan] * 10]),
        {},
        ValueError,
        "probabilities: expected finite",
    ),
    (
        "digits grid: max_images 0",
        plotting.plot_digits,
        (SMALL,),
        {"max_images": 0},
        ValueError,
        "max_images: expected at least 1",
    ),
    (
        "decoded grid: 10,000 steps",
        plotting.plot_decoded_grid,
        (None, rng.random((50, 2))),
        {"steps": 10**4},
        ValueError,
        "steps: expected 2 to 60",
    ),
    (
        "decoded grid: steps 2.5",
        plotting.plot_decoded_grid,
        (None, rng.random((50, 2))),
        {"steps": 2.5},
        TypeError,
        "steps: expected a whole number",
    ),
    (
        "split: label 12",
        data.split_by_digits,
        (SMALL[:3], np.array([1, 12, 3]), [1, 2]),
        {"relabel": True},
        ValueError,
        "labels: expected labels 0 to 9",
    ),
    (
        "split: digit 1.7",
        data.split_by_digits,
        (SMALL[:3], np.array([1, 2, 3]), [1.7]),
        {},
        TypeError,
        "digits: expected whole-number",
    ),
    (
        "split: no digits",
        data.split_by_digits,
        (SMALL[:3], np.array([1, 2, 3]), []),
        {},
        ValueError,
        "digits: expected some of the digits 0..9",
    ),
    (
        "apply_kernel: nan kernel",
        filters.apply_kernel,
        (SMALL[0], np.full((3, 3), np.nan)),
        {},
        ValueError,
        "kernel: expected finite numbers",
    ),
    (
        "apply_kernel: text kernel",
        filters.apply_kernel,
        (SMALL[0], [["a"]]),
        {},
        TypeError,
        "kernel: expected numbers",
    ),
    (
        "most_similar_kernel: 1-D kernel",
        filters.most_similar_kernel,
        (np.ones(3), np.ones((4, 3, 3))),
        {},
        ValueError,
        "kernel: expected a 2-D kernel",
    ),
    (
        "plot_kernels: ncols 0",
        filters.plot_kernels,
        ({"a": np.ones((3, 3))},),
        {"ncols": 0},
        ValueError,
        "ncols: expected at least 1",
    ),
    (
        "plot_kernels: none",
        filters.plot_kernels,
        ({},),
        {},
        ValueError,
        "kernels: expected a dict of name -> 2-D kernel, got an empty one",
    ),
    (
        "feature maps: max_maps 0",
        filters.plot_feature_maps,
        (tiny_cnn(), SMALL[0]),
        {"max_maps": 0},
        ValueError,
        "max_maps: expected at least 1",
    ),
    (
        "fastest epoch: nan",
        lab.fastest_epoch_seconds,
        ([3.0, np.nan, 2.0],),
        {},
        ValueError,
        "seconds: expected finite",
    ),
    (
        "fastest epoch: nan first",
        lab.fastest_epoch_seconds,
        ([np.nan, 2.0, 3.0],),
        {},
        ValueError,
        "seconds: expected finite",
    ),
    (
        "fastest epoch: nothing timed",
        lab.fastest_epoch_seconds,
        ([],),
        {},
        ValueError,
        "no epochs timed",
    ),
    (
        "record_result: epochs 'five'",
        lab.record_result,
        ("01_mlp", "m", 0.9),
        {"epochs": "five"},
        TypeError,
        "epochs: expected a whole number",
    ),
    (
        "record_result: nan",
        lab.record_result,
        ("01_mlp", "m", np.nan),
        {},
        ValueError,
        "value: expected a finite number",
    ),
    # data
    ("scale: already scaled", data.scale_images, (IMAGES,), {}, ValueError, "already scaled"),
    ("flatten: 1-D", data.flatten_images, (np.ones(5),), {}, ValueError, "got (5,)"),
    ("channel axis: text", data.add_channel_axis, ("abc",), {}, ValueError, "got str"),
    (
        "subset: size 1.5",
        data.stratified_subset,
        (SMALL, LABELS[:20], 1.5),
        {},
        TypeError,
        "size: expected a whole number",
    ),
    (
        "subset: size 5",
        data.stratified_subset,
        (SMALL, LABELS[:20], 5),
        {},
        ValueError,
        "size: expected at least 10",
    ),
    (
        "per class: probabilities as labels",
        data.sample_per_class,
        (SMALL, PROBABILITIES[:20], 1),
        {},
        ValueError,
        "labels: expected one label per example",
    ),
    (
        "per class: 0",
        data.sample_per_class,
        (SMALL, LABELS[:20], 0),
        {},
        ValueError,
        "per_class: expected at least 1",
    ),
    ("rgb: size 10", data.to_rgb, (SMALL,), {"size": 10}, ValueError, "size: expected 28 to 512"),
    (
        "stream: 0 steps",
        data.training_stream,
        (SMALL, LABELS[:20]),
        {"batch_size": 4, "steps": 0},
        ValueError,
        "steps >= 1",
    ),
    (
        "load: missing file",
        data.load_mnist,
        ("no/such/mnist.npz",),
        {},
        FileNotFoundError,
        "MNIST file not found: no/such/mnist.npz",
    ),
    # features
    ("hog: one image", features.hog_features, (SMALL[0],), {}, ValueError, "use images[None]"),
    (
        "hog: nan pixels",
        features.hog_features,
        (np.full((2, 28, 28), np.nan),),
        {},
        ValueError,
        "images: expected finite numbers",
    ),
    (
        "layer features: unknown layer",
        features.layer_features,
        (tiny_cnn(), SMALL[..., None], "nope"),
        {},
        ValueError,
        "no layer 'nope'",
    ),
    # filters
    (
        "dense weights: conv model",
        filters.plot_dense_weights,
        (tiny_cnn(),),
        {},
        ValueError,
        "model has no Dense layer",
    ),
    (
        "conv kernels: dense model",
        filters.conv_kernels,
        (tiny_decoder(),),
        {},
        ValueError,
        "has no Conv2D layer",
    ),
    (
        "feature maps: 32 x 32 image",
        filters.feature_maps,
        (tiny_cnn(), np.ones((32, 32))),
        {},
        ValueError,
        "does not fit the model's input",
    ),
    (
        "activation: unit 99",
        filters.maximize_activation,
        (tiny_cnn(), "conv", 99),
        {},
        ValueError,
        "index 99 is out of range",
    ),
    (
        "activation: 0 steps",
        filters.maximize_activation,
        (tiny_cnn(), "conv", 0),
        {"steps": 0},
        ValueError,
        "steps: expected 1 to 10000",
    ),
    (
        "saliency: class 12",
        filters.saliency_map,
        (tiny_classifier(), SMALL[0], 12),
        {},
        ValueError,
        "out of range 0..9",
    ),
    # plotting
    (
        "digits: probabilities as labels",
        plotting.plot_digits,
        (SMALL, PROBABILITIES[:20]),
        {},
        ValueError,
        "labels: expected one label per example",
    ),
    (
        "histories: none",
        plotting.compare_histories,
        ({},),
        {},
        ValueError,
        "histories: expected a dict of name -> History, got an empty one",
    ),
    (
        "latent space: an array, not a dict",
        plotting.plot_latent_space,
        (rng.random((20, 2)), LABELS[:20]),
        {},
        TypeError,
        "codes: expected a dict",
    ),
    (
        "latent space: probabilities as labels",
        plotting.plot_latent_space,
        ({"pca": rng.random((20, 2))}, PROBABILITIES[:20]),
        {},
        ValueError,
        "labels: expected one label per example",
    ),
    # lab
    ("mode: 'fast'", lab.set_mode, ("fast",), {}, ValueError, "expected one of ('full', 'quick')"),
    ("seed: text", lab.seed_everything, ("abc",), {}, TypeError, "seed: expected a whole number"),
    ("seed: negative", lab.seed_everything, (-1,), {}, ValueError, "seed: expected at least 0"),
    (
        "history: text per epoch",
        plotting.plot_history,
        ({"loss": ["a", "b"]},),
        {},
        TypeError,
        "history['loss']: expected numbers per epoch",
    ),
    (
        "history: not a history",
        plotting.plot_history,
        ({},),
        {},
        ValueError,
        "expected a keras History",
    ),
    (
        "histories: a number",
        plotting.compare_histories,
        ({"a": 5},),
        {},
        ValueError,
        "expected a keras History",
    ),
    (
        "mean/std: nan",
        plotting.plot_mean_std,
        ([1, 2], {"a": [[np.nan], [1.0]]}),
        {"xlabel": "x", "ylabel": "y"},
        ValueError,
        "runs['a']: expected finite numbers",
    ),
    (
        "mean/std: one row short",
        plotting.plot_mean_std,
        ([1, 2], {"a": [[0.5, 0.6]]}),
        {"xlabel": "x", "ylabel": "y"},
        ValueError,
        "expected results of shape (2, seeds)",
    ),
    (
        "reconstructions: a short row",
        plotting.plot_reconstructions,
        ({"originals": SMALL, "rebuilt": SMALL[:3]},),
        {},
        ValueError,
        "a row has only 3",
    ),
    (
        "finish: not a figure",
        plotting.finish_figure,
        ("x",),
        {},
        TypeError,
        "fig: expected a matplotlib Figure",
    ),
    (
        "kernel responses: 1-D kernel",
        filters.plot_kernel_responses,
        (SMALL[0], {"k": np.ones(3)}),
        {},
        ValueError,
        "kernel: expected a 2-D kernel",
    ),
    (
        "imagenet: unknown network",
        features.imagenet_backbone,
        (),
        {"name": "nope"},
        ValueError,
        "keras.applications has no network 'nope'",
    ),
    (
        "tests of an unknown lab",
        course.lab_tests,
        ("99_nope",),
        {},
        Exception,
        "No tests for lab 99_nope",
    ),
    (
        "lab name with a space",
        course.check_lab_name,
        ("x y",),
        {},
        ValueError,
        "expected a lab name such as '03_cnn'",
    ),
    (
        "conv kernels: max 0",
        filters.plot_conv_kernels,
        (tiny_cnn(),),
        {"max_kernels": 0},
        ValueError,
        "max_kernels: expected at least 1",
    ),
    (
        "hog picture: a stack",
        features.plot_hog,
        (SMALL,),
        {},
        ValueError,
        "image: expected one image (height, width), got shape (20, 28, 28)",
    ),
    (
        "layer values: a value short",
        plotting.plot_layer_values,
        ({"a": [1.0]}, ["l1", "l2"]),
        {},
        ValueError,
        "'a' has 1 values for 2 layers",
    ),
    (
        "layer values: none",
        plotting.plot_layer_values,
        ({}, ["l1"]),
        {},
        ValueError,
        "values: expected a dict of model name -> one value per layer",
    ),
    (
        "layer values: text",
        plotting.plot_layer_values,
        ({"a": ["x"]}, ["l1"]),
        {},
        TypeError,
        "values['a']: expected numbers",
    ),
    (
        "gradients: model not compiled",
        filters.gradient_norms,
        (tiny_classifier(), SMALL[..., None], LABELS[:20]),
        {},
        ValueError,
        "compile the model first",
    ),
    (
        "read: a folder",
        data.read_mnist_npz,
        (".",),
        {},
        FileNotFoundError,
        "MNIST file is a folder, not a file",
    ),
    ("pick: quick only", lab.pick, (), {"quick": 1}, TypeError, "'full'"),
    (
        "install: nothing named",
        course.install_on_colab,
        ("",),
        {"run": None},
        ValueError,
        "requirement: expected a package to install",
    ),
    (
        "pins: one name as a str",
        course.pinned_versions,
        ("numpy",),
        {},
        TypeError,
        "distributions: expected a list of names",
    ),
    (
        "version: a number",
        course.installed_version,
        (5,),
        {},
        TypeError,
        "distribution: expected a name",
    ),
    (
        "gradient norms: label 12",
        filters.gradient_norms,
        (COMPILED, SMALL[..., None], np.r_[12, LABELS[:19]]),
        {},
        ValueError,
        "labels: expected labels 0 to 9",
    ),
    (
        "gradient norms: labels of another batch",
        filters.gradient_norms,
        (COMPILED, SMALL[..., None], LABELS),
        {},
        ValueError,
        "labels: expected one per image (20), got 10000",
    ),
    (
        "gradient norms: one-hot rows of the wrong width",
        filters.gradient_norms,
        (COMPILED, SMALL[..., None], np.eye(9)[LABELS[:20] % 9]),
        {},
        ValueError,
        "labels: expected class numbers or one-hot rows of 10",
    ),
    # --- found by a red-team pass: what students copy and change in the labs ---
    (
        "kernel: one image with its channel axis",
        filters.apply_kernel,
        (SMALL[0, ..., None], np.eye(3)),
        {},
        ValueError,
        "looks like one image with a channel axis: pass image[..., 0]",
    ),
    (
        "kernel: arguments swapped",
        filters.apply_kernel,
        (np.eye(3), SMALL[0]),
        {},
        ValueError,
        "arguments swapped? apply_kernel(images, kernel)",
    ),
    (
        "confusion: head indices against digits 5-9",
        plotting.plot_confusion_matrix,
        (LABELS[:50] % 5 + 5, LABELS[:50] % 5),
        {},
        ValueError,
        "share no label: are they numbered the same way?",
    ),
    (
        "mistakes: digits 5-9 against 5 columns, no labels=",
        plotting.plot_confident_mistakes,
        (
            SMALL,
            LABELS[:20] % 5 + 5,
            PROBABILITIES[:20, :5] / PROBABILITIES[:20, :5].sum(1, keepdims=True),
        ),
        {},
        ValueError,
        "pass labels=, the digit of each column",
    ),
    (
        "mistakes: head indices with labels=5..9",
        plotting.plot_confident_mistakes,
        (
            SMALL,
            LABELS[:20] % 5,
            PROBABILITIES[:20, :5] / PROBABILITIES[:20, :5].sum(1, keepdims=True),
        ),
        {"labels": range(5, 10)},
        ValueError,
        "y_true: holds 0 to 4, but the probability columns are the digits 5 to 9",
    ),
    (
        "gradient norms: images not flattened for an MLP",
        filters.gradient_norms,
        (COMPILED, SMALL.reshape(20, 784), LABELS[:20]),
        {},
        ValueError,
        "images: shape (20, 784) does not fit the model's input (n, 28, 28, 1)",
    ),
    (
        "gradient norms: one-hot rows with a sparse loss",
        filters.gradient_norms,
        (COMPILED, SMALL[..., None], np.eye(10)[LABELS[:20]]),
        {},
        ValueError,
        "expected class numbers, got one-hot rows",
    ),
    (
        "histories: a list of histories",
        plotting.compare_histories,
        ([{"loss": [1.0]}, {"loss": [0.5]}],),
        {},
        TypeError,
        "histories: expected a dict of name -> History, got a list",
    ),
    (
        "histories: one metric as a string",
        plotting.compare_histories,
        ({"a": {"loss": [1.0], "mse": [1.0]}},),
        {"metrics": "mse"},
        TypeError,
        "metrics: expected a list such as ['loss', 'accuracy'], got 'mse'",
    ),
    (
        "epoch seconds: the timer itself",
        lab.fastest_epoch_seconds,
        (lab.epoch_timer(),),
        {},
        TypeError,
        "pass its .seconds",
    ),
    (
        "epoch seconds: one number",
        lab.fastest_epoch_seconds,
        (3.5,),
        {},
        TypeError,
        "seconds: expected a list of epoch times, got a float",
    ),
    (
        "kernel responses: one kernel, not a dict",
        filters.plot_kernel_responses,
        (SMALL[0], np.eye(3)),
        {},
        TypeError,
        "kernels: expected a dict of name -> 2-D kernel, got an array of shape (3, 3)",
    ),
    (
        "kernels: a list",
        filters.plot_kernels,
        ([np.eye(3), np.eye(3)],),
        {},
        TypeError,
        "kernels: expected a dict of name -> 2-D kernel, got a list",
    ),
    (
        "feature maps: one layer name as a string",
        filters.plot_feature_maps,
        (tiny_cnn(), SMALL[0], "conv"),
        {},
        TypeError,
        "layer_names: expected a list such as ['block1_conv1']",
    ),
    (
        "activation: a layer object for its name",
        filters.maximize_activation,
        (tiny_cnn(), tiny_cnn().layers[0], 0),
        {},
        TypeError,
        "layer_name: expected a layer's name (its .name), got a Conv2D",
    ),
    (
        "activation: a step of zero",
        filters.maximize_activation,
        (tiny_cnn(), "conv", 0),
        {"step_size": 0},
        ValueError,
        "step_size: expected a number above 0",
    ),
    (
        "hog: block_norm in lower case",
        features.hog_features,
        (SMALL,),
        {"block_norm": "l2"},
        ValueError,
        "block_norm: expected one of ('L1', 'L1-sqrt', 'L2', 'L2-Hys')",
    ),
    (
        "hog: a million orientations",
        features.hog_features,
        (SMALL,),
        {"orientations": 10**6},
        ValueError,
        "orientations: expected 1 to 180",
    ),
    (
        "hog picture: a flattened digit",
        features.plot_hog,
        (SMALL[0].reshape(1, 784),),
        {},
        ValueError,
        "image: expected one image (height, width), got shape (1, 784)",
    ),
    (
        "split: a number of digits for the digits",
        data.split_by_digits,
        (SMALL, LABELS[:20], 5),
        {},
        TypeError,
        "digits: expected a list such as range(5)",
    ),
    (
        "split: all ten digits",
        data.split_by_digits,
        (SMALL, LABELS[:20], range(10)),
        {},
        ValueError,
        "digits: expected some of the digits 0..9",
    ),
    (
        "rgb: a huge size",
        data.to_rgb,
        (SMALL,),
        {"size": 10**5},
        ValueError,
        "size: expected 28 to 512",
    ),
    (
        "decoded grid: the encoder for the decoder",
        plotting.plot_decoded_grid,
        (
            keras.Sequential([keras.Input((784,)), keras.layers.Dense(2)], name="encoder"),
            LOGITS[:50, :2],
        ),
        {},
        ValueError,
        "the encoder instead of the decoder?",
    ),
    (
        "decoded grid: percentile above 50",
        plotting.plot_decoded_grid,
        (tiny_decoder(), LOGITS[:50, :2]),
        {"percentile": 60},
        ValueError,
        "percentile: expected 0 to 50",
    ),
    (
        "reconstructions: an array, not a dict",
        plotting.plot_reconstructions,
        (SMALL,),
        {},
        TypeError,
        "rows: expected a dict of row label -> images, got an array of shape (20, 28, 28)",
    ),
    (
        "mean and std: an array, not a dict",
        plotting.plot_mean_std,
        ([0.0, 0.5], np.ones((2, 3))),
        {"xlabel": "rate", "ylabel": "accuracy"},
        TypeError,
        "runs: expected a dict of method name -> results",
    ),
    (
        "mean and std: None among the settings",
        plotting.plot_mean_std,
        ([500, 2000, None], {"MLP": np.ones((3, 2))}),
        {"xlabel": "images", "ylabel": "accuracy"},
        TypeError,
        "settings: expected numbers",
    ),
    (
        "layer values: a list of rows",
        plotting.plot_layer_values,
        ([[1.0, 2.0]], ["l1", "l2"]),
        {},
        TypeError,
        "values: expected a dict of model name -> one value per layer, got a list",
    ),
    (
        "latent space: a fractional number of points",
        plotting.plot_latent_space,
        ({"AE": LOGITS[:20, :2]}, LABELS[:20]),
        {"max_points": 2.5},
        TypeError,
        "max_points: expected a whole number",
    ),
    (
        "dense weights: a History for the model",
        filters.plot_dense_weights,
        (keras.callbacks.History(),),
        {},
        TypeError,
        "model: expected a Keras model, got a History",
    ),
    (
        "dense weights: count below 0",
        filters.plot_dense_weights,
        (tiny_classifier(),),
        {"count": -3},
        ValueError,
        "count: expected at least 1",
    ),
    (
        "saliency: a class index with a fraction",
        filters.saliency_map,
        (tiny_classifier(), SMALL[0]),
        {"class_index": 5.5},
        TypeError,
        "class_index: expected a whole number",
    ),
    (
        "pip reason: bytes from a subprocess run without text=True",
        course.pip_failure_reason,
        (b"ERROR: No matching distribution",),
        {},
        TypeError,
        "output: expected pip's output as str",
    ),
    (
        "origin: a number as the folder",
        course.course_origin,
        (5,),
        {},
        TypeError,
        "root: expected a folder",
    ),
    (
        "grader: a lab number",
        course.grader,
        (3,),
        {},
        ValueError,
        "lab=3: expected a lab name such as '03_cnn'",
    ),
    (
        "setup: seed as text",
        lab.setup,
        ("42",),
        {},
        TypeError,
        "seed: expected a whole number",
    ),
    (
        "download: no time at all",
        data.cached_download,
        (0,),
        {},
        ValueError,
        "seconds: expected a number above 0",
    ),
    (
        "download: time as text",
        data.download,
        ("http://127.0.0.1:9/mnist.npz", pathlib.Path("mnist.npz"), "30"),
        {},
        TypeError,
        "seconds: expected a real number",
    ),
    (
        "download: into a missing folder",
        data.download,
        ("http://127.0.0.1:9/mnist.npz", pathlib.Path("/nonexistent/folder/mnist.npz"), 30),
        {},
        FileNotFoundError,
        "target: its folder /nonexistent/folder does not exist",
    ),
    (
        "write: into a missing folder",
        files.write_atomically,
        ("/nonexistent/folder/results.json", "{}"),
        {},
        FileNotFoundError,
        "path: its folder /nonexistent/folder does not exist",
    ),
    (
        "write: over a folder",
        files.write_atomically,
        (pathlib.Path(__file__).parent, "{}"),
        {},
        IsADirectoryError,
        "path: expected a file, got the folder",
    ),
    (
        "write: a number as the content",
        files.write_atomically,
        ("results.json", 3),
        {},
        TypeError,
        "content: expected str or bytes",
    ),
]


@pytest.mark.parametrize(
    "function, args, kwargs, error, fragment",
    [row[1:] for row in BAD_INPUTS],
    ids=[row[0] for row in BAD_INPUTS],
)
def test_a_bad_input_gets_a_short_error_naming_it(function, args, kwargs, error, fragment):
    with pytest.raises(error) as raised:
        function(*args, **kwargs)
    message = str(raised.value)
    assert fragment in message, message
    assert len(message) < 300 and message.count("\n") < 3, message


def test_the_checks_take_what_is_valid():
    assert check_count("count", np.int64(3)) == 3 and check_count("count", 4.0) == 4
    assert check_labels("y", [0, 9, 3.0]).tolist() == [0, 9, 3]
    assert check_probabilities("p", PROBABILITIES[:5]).shape == (5, 10)
    figure = plotting.plot_confusion_matrix(LABELS[:50], PROBABILITIES[:50].argmax(axis=1))
    assert figure is not None


def test_an_unreadable_data_file_says_permission_denied(mnist_file, monkeypatch):
    opened = pathlib.Path.open

    def denied(self, *args, **kwargs):  # as for another user's file (the tests may run as root)
        if self == mnist_file:
            raise PermissionError(13, "Permission denied", str(self))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", denied)
    with pytest.raises(PermissionError, match="not readable \\(permission denied\\)"):
        data.read_mnist_npz(mnist_file)
