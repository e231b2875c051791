"""The opt-in training cache (utils.cache): a rerun loads what it trained, a change retrains."""

import json
import shutil

import keras
import numpy as np
import pytest

from utils import cache

RNG = np.random.default_rng(0)
X = RNG.random((64, 6)).astype("float32")
Y = RNG.integers(0, 3, 64)


def model(units=4, seed=0, learning_rate=1e-2):
    keras.utils.set_random_seed(seed)
    net = keras.Sequential([keras.Input((6,)), keras.layers.Dense(units), keras.layers.Dense(3)])
    net.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return net


class Counting:
    """Counts the model.fit calls that really train."""

    def __init__(self, monkeypatch):
        self.calls = 0
        original = keras.Model.fit

        def counted(net, *args, **kwargs):
            self.calls += 1
            return original(net, *args, **kwargs)

        monkeypatch.setattr(keras.Model, "fit", counted)


def fit(net, folder, x=X, y=Y, **kwargs):
    kwargs = {"epochs": 2, "batch_size": 16, "verbose": 0, **kwargs}
    return cache.cached_fit(net, x, y, cache_dir=folder, **kwargs)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A cache folder holding one run of model(), with that run's model and History."""
    folder = tmp_path_factory.mktemp("trained")
    net = model()
    return folder, net, fit(net, folder)


@pytest.fixture
def cached(trained, tmp_path):
    """A copy of the trained run's cache folder, for one test to change."""
    shutil.copytree(trained[0], tmp_path / "cache")
    return tmp_path / "cache"


def test_a_rerun_loads_the_weights_and_history_and_says_so(trained, cached, monkeypatch, capsys):
    fits = Counting(monkeypatch)
    _, first_net, first = trained
    second_net = model()
    second = fit(second_net, cached)
    assert fits.calls == 0
    assert sorted(second.history) == sorted(first.history)
    for metric, values in first.history.items():
        assert second.history[metric] == pytest.approx(values)
    assert second.epoch == [0, 1] and second_net.history is second
    for a, b in zip(first_net.get_weights(), second_net.get_weights(), strict=True):
        assert np.array_equal(a, b)
    (line,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("cache:")]
    assert "2 epoch(s) loaded" in line and "not trained" in line


@pytest.mark.parametrize(
    "changed",
    [
        lambda folder: fit(model(units=5), folder),  # the architecture
        lambda folder: fit(model(seed=1), folder),  # the initial weights
        lambda folder: fit(model(learning_rate=1e-3), folder),  # the compile settings
        lambda folder: fit(model(), folder, x=X + 0.5),  # the data
        lambda folder: fit(model(), folder, epochs=3),  # the fit arguments
        lambda folder: fit(model(), folder, callbacks=[keras.callbacks.EarlyStopping(patience=1)]),
    ],
    ids=["architecture", "seed", "compile", "data", "epochs", "callback"],
)
def test_anything_changed_trains_anew(cached, monkeypatch, changed):
    fits = Counting(monkeypatch)
    changed(cached)
    assert fits.calls == 1


def test_without_a_folder_it_is_plain_fit(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    fits = Counting(monkeypatch)
    for _ in range(2):
        cache.cached_fit(model(), X, Y, epochs=1, verbose=0)
    assert fits.calls == 2 and not list(tmp_path.iterdir())


def test_the_folder_can_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "runs"))
    cache.cached_fit(model(), X, Y, epochs=1, verbose=0)
    assert len(list((tmp_path / "runs").glob("*.weights.h5"))) == 1


def test_an_unreadable_entry_is_retrained_and_replaced(cached, monkeypatch, capsys):
    fits = Counting(monkeypatch)
    (record,) = cached.glob("*.json")
    record.write_text("{not json")
    fit(model(), cached)
    assert fits.calls == 1 and "unreadable" in capsys.readouterr().out
    assert json.loads(record.read_text())["epoch"] == [0, 1]
    assert not list(cached.glob(".*"))  # no partial file left behind


def test_data_it_cannot_fingerprint_is_trained_uncached(tmp_path, monkeypatch, capsys):
    fits = Counting(monkeypatch)
    batches = keras.utils.PyDataset  # a generator-like input has no content to hash

    class Batches(batches):
        def __len__(self):
            return 4

        def __getitem__(self, index):
            return X[index * 16 : (index + 1) * 16], Y[index * 16 : (index + 1) * 16]

    for _ in range(2):
        cache.cached_fit(model(), Batches(), epochs=1, verbose=0, cache_dir=tmp_path)
    assert fits.calls == 2 and "cache: not used" in capsys.readouterr().out


def test_an_uncompiled_model_is_refused_by_name(tmp_path):
    net = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="model: compile it"):
        cache.cached_fit(net, X, Y, cache_dir=tmp_path)
