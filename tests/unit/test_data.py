import http.server
import io
import os
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import keras
import numpy as np
import pytest

import utils.mnist_file
from conftest import ROOT, make_mnist_like
from utils import data
from utils.data import MnistSampleWarning

# the full set the sample was cut from: where MNIST_LABS_DATA points (read before the fixture
# below unsets it), else beside the checkout
FULL_MNIST = Path(
    os.environ.get(utils.mnist_file.ENV_DATA_PATH) or ROOT.parent / "shared" / "data" / "mnist.npz"
)


@pytest.fixture(autouse=True)
def no_data_variable(monkeypatch):
    monkeypatch.delenv(utils.mnist_file.ENV_DATA_PATH, raising=False)


def test_explicit_path_gives_keras_layout(mnist_file):
    (x_train, y_train), (x_test, y_test) = data.load_mnist(mnist_file)
    assert x_train.shape == (40, 28, 28) and x_test.shape == (20, 28, 28)
    assert y_train.shape == (40,) and y_test.shape == (20,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert np.array_equal(y_train, make_mnist_like()["y_train"])


def test_environment_variable_names_the_file(mnist_file, monkeypatch):
    monkeypatch.setenv(utils.mnist_file.ENV_DATA_PATH, str(mnist_file))
    (x_train, _), _ = data.load_mnist()
    assert np.array_equal(x_train, make_mnist_like()["x_train"])


def test_missing_file_is_named(tmp_path):
    missing = tmp_path / "nowhere.npz"
    with pytest.raises(FileNotFoundError, match="nowhere.npz"):
        data.load_mnist(missing)


def test_folder_instead_of_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="is a folder, not a file"):
        data.load_mnist(tmp_path)


def test_missing_file_from_variable_is_not_silently_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv(utils.mnist_file.ENV_DATA_PATH, str(tmp_path / "typo.npz"))
    with pytest.raises(FileNotFoundError, match="typo.npz.*MNIST_LABS_DATA"):
        data.load_mnist()


def test_corrupt_file_is_a_value_error_naming_it(tmp_path):
    path = tmp_path / "corrupt.npz"
    path.write_bytes(b"this is not a zip archive" * 10)
    with pytest.raises(ValueError, match="corrupt.npz.*corrupt or truncated"):
        data.load_mnist(path)


def test_truncated_file_is_a_value_error(mnist_file, tmp_path):
    path = tmp_path / "truncated.npz"
    path.write_bytes(mnist_file.read_bytes()[:-200])
    with pytest.raises(ValueError, match="truncated.npz"):
        data.load_mnist(path)


def test_missing_keys_are_listed(tmp_path):
    path = tmp_path / "images_only.npz"
    arrays = make_mnist_like()
    del arrays["y_test"]
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=r"lacks \['y_test'\]"):
        data.load_mnist(path)


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("x_train", np.zeros((40, 28, 27), np.uint8), r"x_train has shape \(40, 28, 27\)"),
        ("x_test", np.zeros((20, 784), np.uint8), r"x_test has shape \(20, 784\)"),
        ("y_train", np.zeros(39, np.uint8), r"y_train has shape \(39,\)"),
        ("x_train", np.zeros((40, 28, 28), np.float32), "x_train has dtype float32"),
        ("y_test", np.full(20, 10, np.uint8), "labels above 9"),
    ],
)
def test_wrong_arrays_are_rejected(tmp_path, key, value, message):
    path = tmp_path / "wrong.npz"
    np.savez(path, **{**make_mnist_like(), key: value})
    with pytest.raises(ValueError, match=message):
        data.load_mnist(path)


# --- the download: a local stand-in for Keras's server ----------------------------------------


class Mirror:
    """An HTTP server on 127.0.0.1 that sends one file, slowly if asked, and counts requests."""

    def __init__(self, body: bytes, chunk_seconds: float = 0.0, chunk: int = 1 << 16):
        self.body, self.chunk_seconds, self.chunk, self.requests = body, chunk_seconds, chunk, 0
        mirror = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                mirror.requests += 1
                self.send_response(200)
                self.send_header("Content-Length", str(len(mirror.body)))
                self.end_headers()
                for start in range(0, len(mirror.body), mirror.chunk):
                    time.sleep(mirror.chunk_seconds)
                    self.wfile.write(mirror.body[start : start + mirror.chunk])

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads, self.server.block_on_close = True, False  # close at once
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/mnist.npz"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def mnist_bytes(mnist_file):
    return mnist_file.read_bytes()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty Keras cache of this test's own."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    return tmp_path / "keras" / "datasets"


@pytest.fixture
def mirror(mnist_bytes, monkeypatch):
    served = Mirror(mnist_bytes)
    monkeypatch.setenv(utils.mnist_file.ENV_URL, served.url)
    yield served
    served.close()


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_no_network_falls_back_to_sample_naming_the_cause(cache, monkeypatch):
    monkeypatch.setenv(utils.mnist_file.ENV_URL, f"http://127.0.0.1:{unused_port()}/mnist.npz")
    with pytest.warns(MnistSampleWarning, match=r"download failed \(URLError: .*refused.*MNIST_"):
        (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert x_train.shape == (6000, 28, 28) and x_test.shape == (2000, 28, 28)
    assert sorted(p.name for p in cache.iterdir()) == ["mnist.npz.lock"]  # nothing half-written


def test_the_download_fills_the_cache_once(cache, mirror, mnist_file):
    with warnings.catch_warnings():
        warnings.simplefilter("error", MnistSampleWarning)
        (x_train, _), _ = data.load_mnist()
        (again, _), _ = data.load_mnist()
    expected = np.load(mnist_file)["x_train"]
    assert np.array_equal(x_train, expected) and np.array_equal(again, expected)
    assert mirror.requests == 1 and (cache / "mnist.npz").read_bytes() == mirror.body


def test_a_bad_download_is_refused_and_not_cached(cache, monkeypatch):
    bad = io.BytesIO()
    np.savez(bad, x_train=np.zeros((5, 32, 32), np.uint8))
    served = Mirror(bad.getvalue())
    monkeypatch.setenv(utils.mnist_file.ENV_URL, served.url)
    try:
        with pytest.warns(MnistSampleWarning, match="ValueError: .* lacks"):
            (x_train, _), _ = data.load_mnist()
    finally:
        served.close()
    assert x_train.shape == (6000, 28, 28) and not (cache / "mnist.npz").exists()


def test_a_corrupt_cache_is_fetched_again(cache, mirror):
    cache.mkdir(parents=True)
    (cache / "mnist.npz").write_bytes(mirror.body[: len(mirror.body) // 2])  # a crash mid-copy
    with warnings.catch_warnings():
        warnings.simplefilter("error", MnistSampleWarning)
        data.load_mnist()
    assert mirror.requests == 1 and (cache / "mnist.npz").read_bytes() == mirror.body


def test_a_server_that_never_answers_is_given_up_on_in_time(cache, monkeypatch):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts connections, never answers (a dead proxy)
    monkeypatch.setenv(
        utils.mnist_file.ENV_URL, f"http://127.0.0.1:{silent.getsockname()[1]}/mnist.npz"
    )
    monkeypatch.setattr(utils.mnist_file, "DOWNLOAD_SECONDS", 2.0)
    start = time.monotonic()
    try:
        with pytest.warns(MnistSampleWarning, match="download failed .*timed out"):
            data.load_mnist()
    finally:
        silent.close()
    assert time.monotonic() - start < 10


def test_a_download_slower_than_the_limit_is_given_up(cache, mnist_bytes, monkeypatch):
    slow = Mirror(mnist_bytes, chunk_seconds=0.3, chunk=1024)
    monkeypatch.setenv(utils.mnist_file.ENV_URL, slow.url)
    monkeypatch.setattr(utils.mnist_file, "DOWNLOAD_SECONDS", 1.0)
    try:
        with pytest.warns(MnistSampleWarning, match="TimeoutError: .*took more than 1 s"):
            data.load_mnist()
    finally:
        slow.close()
    assert sorted(p.name for p in cache.iterdir()) == ["mnist.npz.lock"]


LOADER = """
import warnings
from utils.data import MnistSampleWarning, load_mnist
warnings.simplefilter("error", MnistSampleWarning)
(x_train, _), _ = load_mnist()
print(x_train.shape[0])
"""


def test_loaders_started_together_download_once(cache, mnist_bytes, tmp_path):
    slow = Mirror(mnist_bytes, chunk_seconds=0.05, chunk=8192)  # about a second per download
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "KERAS_HOME": str(cache.parent),
        utils.mnist_file.ENV_URL: slow.url,
        "PYTHONPATH": str(ROOT),
    }
    try:
        loaders = [
            subprocess.Popen(
                [sys.executable, "-c", LOADER],
                env=environment,
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        finished = [loader.communicate(timeout=120) for loader in loaders]
    finally:
        slow.close()
    expected = str(len(np.load(io.BytesIO(mnist_bytes))["x_train"]))
    assert [out.strip() for out, _ in finished] == [expected] * 4, [e for _, e in finished]
    assert slow.requests == 1
    assert sorted(p.name for p in cache.iterdir()) == ["mnist.npz", "mnist.npz.lock"]


def test_download_false_uses_sample_without_the_network(cache, monkeypatch):
    monkeypatch.setattr(utils.mnist_file, "cached_download", pytest.fail)
    with pytest.warns(MnistSampleWarning, match="download=False"):
        data.load_mnist(download=False)


def test_sample_is_balanced_real_mnist():
    with np.load(data.SAMPLE_PATH) as sample:
        assert np.bincount(sample["y_train"]).tolist() == [600] * 10
        assert np.bincount(sample["y_test"]).tolist() == [200] * 10
        assert data.SAMPLE_PATH.stat().st_size < 3_000_000
        if not FULL_MNIST.is_file():
            pytest.skip("full MNIST not available to check the sample against")
        with np.load(FULL_MNIST) as full:
            for split in ("train", "test"):
                index = sample[f"{split}_index"]
                assert np.array_equal(sample[f"x_{split}"], full[f"x_{split}"][index])
                assert np.array_equal(sample[f"y_{split}"], full[f"y_{split}"][index])


def test_scale_images():
    scaled = data.scale_images(np.array([[0, 51, 255]], dtype=np.uint8))
    assert scaled.dtype == np.float32
    assert np.allclose(scaled, [[0.0, 0.2, 1.0]])


def test_scale_images_refuses_already_scaled_input():
    with pytest.raises(ValueError, match="already scaled"):
        data.scale_images(np.zeros((2, 28, 28), np.float32))


def test_flatten_and_channel_axis():
    images = np.arange(2 * 28 * 28).reshape(2, 28, 28)
    flat = data.flatten_images(images)
    assert flat.shape == (2, 784) and flat[1, 0] == 784
    assert data.flatten_images(images[..., None]).shape == (2, 784)
    assert data.add_channel_axis(images).shape == (2, 28, 28, 1)


@pytest.mark.parametrize("bad", [np.zeros((2, 784)), np.zeros((28, 28)), [[0] * 28] * 28])
def test_flatten_rejects_non_images(bad):
    with pytest.raises((ValueError, TypeError), match=r"\(n, 28, 28\)|NumPy array"):
        data.flatten_images(bad)


def test_add_channel_axis_rejects_a_second_channel_axis():
    with pytest.raises(ValueError, match="already have a channel axis"):
        data.add_channel_axis(np.zeros((2, 28, 28, 1)))


def test_stratified_subset_keeps_class_proportions():
    labels = np.repeat(np.arange(10), [100, 200, 100, 100, 100, 100, 100, 100, 100, 100])
    images = np.arange(len(labels))
    sub_images, sub_labels = data.stratified_subset(images, labels, 110, seed=3)
    assert len(sub_labels) == 110
    assert np.bincount(sub_labels)[1] == 20 and np.bincount(sub_labels)[0] == 10
    assert np.array_equal(labels[sub_images], sub_labels)  # pairs stay together
    again, _ = data.stratified_subset(images, labels, 110, seed=3)
    assert np.array_equal(sub_images, again)


def test_stratified_subset_none_means_everything():
    images, labels = np.zeros((30, 28, 28)), np.arange(30) % 10
    assert data.stratified_subset(images, labels, None)[0] is images
    assert data.stratified_subset(images, labels, 500)[0] is images


def test_stratified_subset_rejects_bad_input():
    with pytest.raises(ValueError, match="3 images but 4 labels"):
        data.stratified_subset(np.zeros(3), np.zeros(4), 2)
    with pytest.raises(ValueError, match="at least 10"):
        data.stratified_subset(np.zeros(30), np.arange(30) % 10, 5)


def test_split_by_digits():
    labels = np.array([0, 5, 1, 6, 9, 4], dtype=np.uint8)
    images = np.arange(6)
    (in_images, in_labels), (out_images, out_labels) = data.split_by_digits(
        images, labels, range(5)
    )
    assert in_labels.tolist() == [0, 1, 4] and in_images.tolist() == [0, 2, 5]
    assert out_labels.tolist() == [5, 6, 9] and out_images.tolist() == [1, 3, 4]


def test_split_by_digits_relabels_each_part_from_zero():
    labels = np.array([7, 2, 9, 3, 8], dtype=np.uint8)
    (_, in_labels), (_, out_labels) = data.split_by_digits(labels, labels, [7, 9], relabel=True)
    assert in_labels.tolist() == [0, 1]  # 7 → 0, 9 → 1
    assert out_labels.tolist() == [2, 3, 7]  # 2, 3, 8 among 0-6, 8: positions 2, 3, 7


@pytest.mark.parametrize("digits", [[], [10], [-1, 3]])
def test_split_by_digits_rejects_bad_digits(digits):
    with pytest.raises(ValueError, match="digits: expected (some of the digits|labels 0 to 9)"):
        data.split_by_digits(np.zeros(3), np.zeros(3), digits)


def test_sample_per_class_draws_exactly_k_of_each_class_without_repeats():
    labels = np.repeat(np.arange(5, 10), 20)
    images = np.arange(100)[:, None, None] * np.ones((1, 28, 28))  # image i is filled with i
    x, y = data.sample_per_class(images, labels, 3, seed=1)
    assert np.bincount(y, minlength=10)[5:].tolist() == [3] * 5
    assert len(set(x[:, 0, 0].tolist())) == 15  # no image drawn twice
    assert np.array_equal(labels[x[:, 0, 0].astype(int)], y)  # images keep their labels
    assert not np.array_equal(y, np.sort(y))  # shuffled across classes, ready for fit()


def test_sample_per_class_depends_on_the_seed_only():
    labels = np.repeat(np.arange(3), 30)
    images = np.arange(90)[:, None, None] * np.ones((1, 28, 28))
    first, again = (data.sample_per_class(images, labels, 4, seed=7)[0] for _ in range(2))
    other = data.sample_per_class(images, labels, 4, seed=8)[0]
    assert np.array_equal(first, again) and not np.array_equal(first, other)


def test_sample_per_class_none_keeps_everything_and_bad_budgets_are_named():
    labels = np.array([0, 0, 1, 1, 1])
    images = np.zeros((5, 28, 28))
    assert data.sample_per_class(images, labels, None)[1] is labels
    with pytest.raises(ValueError, match="class 0 has 2 examples"):
        data.sample_per_class(images, labels, 3)
    with pytest.raises(ValueError, match="at least 1"):
        data.sample_per_class(images, labels, 0)
    with pytest.raises(ValueError, match="4 labels"):
        data.sample_per_class(images, labels[:4], 1)


def test_to_rgb_pads_without_changing_the_strokes():
    digits = np.random.default_rng(0).integers(0, 256, size=(3, 28, 28), dtype=np.uint8)
    rgb = data.to_rgb(digits)
    assert rgb.shape == (3, 32, 32, 3) and rgb.dtype == np.uint8
    assert np.array_equal(rgb[:, 2:30, 2:30, 1], digits)  # centred, every channel the same
    assert np.array_equal(rgb[..., 0], rgb[..., 2])
    assert rgb[:, :2].max() == 0 and rgb[:, :, 30:].max() == 0  # background margin
    assert data.to_rgb(digits[..., None], size=35).shape == (3, 35, 35, 3)


def test_to_rgb_rejects_cropping_and_non_images():
    with pytest.raises(ValueError, match="size: expected 28 to 512"):
        data.to_rgb(np.zeros((1, 28, 28)), size=24)
    with pytest.raises(ValueError, match=r"\(n, 28, 28\)"):
        data.to_rgb(np.zeros((1, 32, 32, 3)))


def test_training_stream_gives_exactly_the_steps_asked_cycling_through_few_examples():
    images = np.arange(5)[:, None, None] * np.ones((1, 28, 28), np.float32)
    labels = np.arange(5)
    stream = data.training_stream(images, labels, steps=7, batch_size=128, seed=0)
    batches = [(x.numpy(), y.numpy()) for x, y in stream]
    assert len(batches) == 7
    assert all(x.shape == (5, 28, 28) for x, _ in batches)  # the batch shrinks to the examples
    assert all(sorted(y.tolist()) == [0, 1, 2, 3, 4] for _, y in batches)  # each pass: all once
    assert all(np.array_equal(x[:, 0, 0], y) for x, y in batches)  # images keep their labels
    assert len({tuple(y.tolist()) for _, y in batches}) > 1  # reshuffled between passes


def test_training_stream_feeds_keras_fit_and_rejects_nonsense():
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(2)])
    model.compile(
        optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    )
    stream = data.training_stream(
        np.zeros((10, 28, 28), np.float32), np.zeros(10), steps=4, batch_size=3
    )
    history = model.fit(stream, verbose=0, shuffle=False)  # the stream is shuffled already
    assert len(history.history["loss"]) == 1 and model.optimizer.iterations.numpy() == 4
    with pytest.raises(ValueError, match="steps: expected at least 1, got 0"):
        data.training_stream(np.zeros((3, 28, 28)), np.zeros(3), steps=0)
    with pytest.raises(ValueError, match="2 labels"):
        data.training_stream(np.zeros((3, 28, 28)), np.zeros(2), steps=1)


def test_the_sample_warning_is_one_plain_line_on_stdout(tmp_path):
    shown = subprocess.run(
        [sys.executable, "-c", "from utils.data import load_mnist; load_mnist(download=False)"],
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.startswith("Using the small MNIST sample in data/ because download=False")
    assert shown.stdout.count("\n") == 1 and "MnistSampleWarning" not in shown.stdout
    assert "MnistSampleWarning" not in shown.stderr and "Using" not in shown.stderr
    with warnings.catch_warnings():  # and it is still a warning, filtered like any other
        warnings.simplefilter("error", MnistSampleWarning)
        with pytest.raises(MnistSampleWarning):
            data.load_mnist(download=False)
