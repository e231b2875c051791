"""The opt-in training cache (utils.cache): a rerun loads what it trained, a change retrains."""

import json
import os
import shutil
import sys

import keras
import numpy as np
import pytest

from utils import cache, timing

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
        run_eagerly=True,  # tiny runs: faster without tracing
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
    """A cache folder holding one run of model(), with that run's model and History, and what
    Python's and NumPy's generators drew next (where a real run leaves them)."""
    import random

    folder = tmp_path_factory.mktemp("trained")
    net = model()
    history = fit(net, folder)
    return folder, net, history, (random.random(), np.random.random())


@pytest.fixture
def cached(trained, tmp_path):
    """A copy of the trained run's cache folder, for one test to change."""
    shutil.copytree(trained[0], tmp_path / "cache")
    return tmp_path / "cache"


def test_a_rerun_loads_the_weights_and_history_and_says_so(trained, cached, monkeypatch, capsys):
    fits = Counting(monkeypatch)
    _, first_net, first, _ = trained
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


def test_further_training_continues_as_it_did_from_the_restored_optimizer(tmp_path):
    def train_twice(folder):
        net = model()
        fit(net, folder)
        return fit(net, folder, epochs=1).history["loss"], net.get_weights()

    uncached_loss, uncached_weights = train_twice(None)
    train_twice(tmp_path)  # fills the cache
    cached_loss, cached_weights = train_twice(tmp_path)  # both runs loaded
    assert cached_loss == pytest.approx(uncached_loss, rel=1e-5)
    for a, b in zip(uncached_weights, cached_weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    # the restored step count and moments are in the second run's key: without them, a miss
    assert len(list(tmp_path.glob("*.json"))) == 2


def test_what_the_callbacks_recorded_is_restored(tmp_path, monkeypatch):

    def run():
        stopper = keras.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=10.0)
        timer = timing.epoch_timer()
        fit(model(), tmp_path, epochs=5, callbacks=[stopper, timer])
        return stopper.stopped_epoch, timer.seconds

    first_stop, first_seconds = run()
    fits = Counting(monkeypatch)
    assert run() == (first_stop, pytest.approx(first_seconds))
    assert fits.calls == 0 and first_stop == 1 and len(first_seconds) == 2


def test_a_callback_that_may_do_more_than_record_trains_for_real(tmp_path, monkeypatch, capsys):
    fits = Counting(monkeypatch)
    for _ in range(2):
        fit(model(), tmp_path, callbacks=[keras.callbacks.CSVLogger(str(tmp_path / "log.csv"))])
    assert fits.calls == 2
    assert "callback CSVLogger may do more than record" in capsys.readouterr().out


def test_a_loaded_run_shows_its_epochs_when_fit_is_verbose(cached, capsys):
    fit(model(), cached, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    epochs = [line for line in lines if line.startswith("Epoch ")]
    assert [line.split(" (loaded)")[0] for line in epochs] == ["Epoch 1/2", "Epoch 2/2"]
    assert "accuracy: " in epochs[0] and "loss: " in epochs[0]


@pytest.fixture
def installed(monkeypatch):
    """cache.install's patches of keras.Model.fit and Pipeline.fit, undone after the test."""
    from sklearn.pipeline import Pipeline

    monkeypatch.setattr(keras.Model, "fit", keras.Model.fit)
    monkeypatch.setattr(Pipeline, "fit", Pipeline.fit)
    monkeypatch.setattr(cache, "_plain_fit", None)
    monkeypatch.setattr(cache, "_plain_pipeline_fit", None)


def test_install_sends_plain_fit_through_the_cache_and_stopwatch_reports_the_first_time(
    installed, trained, cached, capsys
):
    from utils.timing import Stopwatch

    stored = json.loads(next(cached.glob("*.json")).read_text())
    assert cache.install(cached)
    net = model()
    with Stopwatch() as watch:
        net.fit(X, Y, epochs=2, batch_size=16, verbose=0)  # the notebook's own call
    assert "not trained" in capsys.readouterr().out
    assert watch.seconds >= stored["seconds"] > 0  # the time training took, not loading
    for a, b in zip(trained[1].get_weights(), net.get_weights(), strict=True):
        assert np.array_equal(a, b)


def test_install_without_a_folder_changes_nothing(installed, monkeypatch):
    from sklearn.pipeline import Pipeline

    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    plain = keras.Model.fit, Pipeline.fit
    assert not cache.install()
    assert (keras.Model.fit, Pipeline.fit) == plain


def test_setup_installs_the_cache_and_says_where(installed, tmp_path, monkeypatch, capsys):
    from utils import session

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    session.setup()
    assert f"Training cache: {tmp_path}" in capsys.readouterr().out
    assert cache._plain_fit is not None


SQUARED = []  # the arrays slow_square really computed, logged through an unkeyed argument


def slow_square(values, *, workers=1, log=None):
    # the log is passed unkeyed: what a function reads (its defaults too) is part of its key,
    # and a log that grows with each call would change it
    log.append(values)
    return np.asarray(values) ** 2


def squares(values, folder=None, workers=1):
    return cache.cached_compute(
        "squares",
        slow_square,
        values,
        unkeyed={"workers": workers, "log": SQUARED},
        cache_dir=folder,
    )


def test_a_computation_is_stored_and_loaded_with_its_time(tmp_path, capsys):
    def compute(values, workers):
        return squares(values, tmp_path, workers)

    SQUARED.clear()
    values = np.arange(5)
    before = timing.replayed_seconds()
    first = compute(values, 1)
    assert len(SQUARED) == 1 and "cache:" not in capsys.readouterr().out
    again = compute(values, 4)  # the worker count is not part of the key
    assert len(SQUARED) == 1 and "cache: squares loaded" in capsys.readouterr().out
    assert np.array_equal(first, again) and timing.replayed_seconds() > before
    compute(values + 1, 1)  # other data: computed
    assert len(SQUARED) == 2


def test_without_a_folder_a_computation_is_a_plain_call(monkeypatch):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    SQUARED.clear()
    for _ in range(2):
        squares(np.arange(3))
    assert len(SQUARED) == 2


def test_hog_features_of_many_images_are_cached_quietly_when_asked(tmp_path, monkeypatch, capsys):
    from utils import features

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    images = RNG.integers(0, 256, (features.CACHED_FROM, 28, 28), dtype=np.uint8)
    first = features.hog_features(images, n_jobs=1, progress=False)
    again = features.hog_features(images, n_jobs=1, progress=False)
    assert np.array_equal(first, again) and "cache:" not in capsys.readouterr().out
    features.hog_features(images, n_jobs=1)
    assert "cache: HOG features of 1,000 images loaded" in capsys.readouterr().out
    assert list((tmp_path / "computed").rglob("output.pkl"))


def test_a_training_stream_is_cached_by_what_it_is_made_of(tmp_path, monkeypatch):
    from utils import data

    def stream(seed=0, labels=Y):
        return data.training_stream(X, labels, steps=6, batch_size=16, seed=seed)

    fits = Counting(monkeypatch)
    first = model()
    cache.cached_fit(first, stream(), verbose=0, cache_dir=tmp_path)
    again = model()
    cache.cached_fit(again, stream(), verbose=0, cache_dir=tmp_path)
    assert fits.calls == 1
    for a, b in zip(first.get_weights(), again.get_weights(), strict=True):
        assert np.array_equal(a, b)
    cache.cached_fit(model(), stream(seed=1), verbose=0, cache_dir=tmp_path)
    cache.cached_fit(model(), stream(labels=(Y + 1) % 3), verbose=0, cache_dir=tmp_path)
    assert fits.calls == 3


def test_a_pipeline_it_cannot_read_trains_uncached(tmp_path, monkeypatch, capsys):
    import tensorflow as tf

    fits = Counting(monkeypatch)
    for _ in range(2):
        pipeline = tf.data.Dataset.from_tensor_slices((X, Y)).batch(16)
        cache.cached_fit(model(), pipeline, verbose=0, cache_dir=tmp_path)
    assert fits.calls == 2 and "cache: not used" in capsys.readouterr().out


def test_a_broken_weights_file_trains_anew_from_the_runs_own_start(trained, cached, capsys):
    (weights,) = cached.glob("*.weights.h5")
    weights.write_bytes(b"not hdf5")
    net = model()
    fit(net, cached)
    assert "unreadable" in capsys.readouterr().out
    for a, b in zip(trained[1].get_weights(), net.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)  # as if trained uncached


def key_of(net, **kwargs):
    return cache.training_key(net, (X, Y), {"epochs": 2, **kwargs})


def test_a_layer_named_like_an_activation_does_not_hide_the_activation():
    def net(activation):
        keras.utils.set_random_seed(0)
        built = keras.Sequential(
            [keras.Input((6,)), keras.layers.Dense(3, activation=activation, name=activation)]
        )
        built.compile(optimizer="adam", loss="mse")
        return built

    assert key_of(net("softmax")) != key_of(net("sigmoid"))
    assert key_of(net("softmax")) == key_of(net("softmax"))


def test_an_edited_custom_loss_changes_the_key():
    def compiled(loss):
        net = model()
        net.compile(optimizer="adam", loss=loss)
        return net

    def my_loss(y_true, y_pred):
        return keras.ops.mean((y_pred - y_true) ** 2)

    first = key_of(compiled(my_loss))

    def my_loss(y_true, y_pred):  # noqa: F811  (the same name, edited: as in a rerun cell)
        return keras.ops.mean(keras.ops.abs(y_pred - y_true))

    assert key_of(compiled(my_loss)) != first


def test_a_reused_early_stopping_keeps_its_key_after_training():
    stopper = keras.callbacks.EarlyStopping(monitor="loss", patience=1, min_delta=0.01)
    before = key_of(model(), callbacks=[stopper])
    model().fit(X, Y, epochs=2, verbose=0, callbacks=[stopper])  # Keras sets and flips things
    assert key_of(model(), callbacks=[stopper]) == before
    other = keras.callbacks.EarlyStopping(monitor="loss", patience=2, min_delta=0.01)
    assert key_of(model(), callbacks=[other]) != before


def unbuilt():
    net = keras.Sequential([keras.layers.Dense(3)])
    net.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return net, {}


def with_a_callback_list():
    net = model()
    return net, {"callbacks": keras.callbacks.CallbackList(add_history=True, model=net)}


@pytest.mark.parametrize(
    "make, why",
    [(unbuilt, "not built"), (with_a_callback_list, "CallbackList")],
    ids=["unbuilt model", "callback list"],
)
def test_what_it_cannot_key_trains_uncached_saying_why(tmp_path, monkeypatch, capsys, make, why):
    fits = Counting(monkeypatch)
    for _ in range(2):
        net, kwargs = make()
        fit(net, tmp_path, **kwargs)
    assert fits.calls == 2 and why in capsys.readouterr().out


def test_a_cache_it_cannot_write_costs_the_entry_not_the_training(tmp_path, capsys):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    history = fit(model(), blocked)
    assert history.epoch == [0, 1]
    assert "trained but not stored" in capsys.readouterr().out


def test_an_incomplete_record_is_retrained(cached, monkeypatch, capsys):
    (record_file,) = cached.glob("*.json")
    record = json.loads(record_file.read_text())
    del record["seconds"]
    record_file.write_text(json.dumps(record))
    fits = Counting(monkeypatch)
    fit(model(), cached)
    assert fits.calls == 1 and "unreadable" in capsys.readouterr().out


def test_a_loaded_run_draws_what_the_trained_one_drew(tmp_path):
    def dropout_model():
        keras.utils.set_random_seed(0)
        net = keras.Sequential(
            [
                keras.Input((6,)),
                keras.layers.Dense(8),
                keras.layers.Dropout(0.5),
                keras.layers.Dense(3),
            ]
        )
        net.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(True))
        return net

    trained, loaded = dropout_model(), dropout_model()
    fit(trained, tmp_path)
    fit(loaded, tmp_path)  # from the cache
    draws = [np.asarray(net(X, training=True)) for net in (trained, loaded)]  # MC dropout
    np.testing.assert_allclose(draws[0], draws[1], rtol=1e-5, atol=1e-6)


def test_a_pipeline_fit_is_cached_and_the_pipeline_works_as_fitted(tmp_path, installed, capsys):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    assert cache.install(tmp_path)

    def fitted(c=1.0, x=X):
        return make_pipeline(StandardScaler(), LogisticRegression(C=c)).fit(x, Y)

    first = fitted()
    assert "cache:" not in capsys.readouterr().out
    again = fitted()  # loaded
    assert "cache: LogisticRegression pipeline fitted on 64 examples loaded" in (
        capsys.readouterr().out
    )
    assert np.array_equal(first.predict_proba(X), again.predict_proba(X))
    assert again[-1].n_features_in_ == 6 and again.score(X, Y) == first.score(X, Y)
    for changed in (fitted(c=0.1), fitted(x=X + 1)):  # other settings, other data: fitted
        assert "cache:" not in capsys.readouterr().out
        assert not np.array_equal(changed.predict_proba(X), first.predict_proba(X))


# --- damaged files: each is trained anew, saying so, never loaded -------------------------------


def flip_a_bit(path, fraction=0.6):
    data = bytearray(path.read_bytes())
    data[int(len(data) * fraction)] ^= 0x10
    path.write_bytes(bytes(data))


def edit_record(change):
    def damage(folder):
        (record_file,) = folder.glob("*.json")
        record = json.loads(record_file.read_text())
        change(record, folder)
        record_file.write_text(json.dumps(record))

    return damage


def other_weights(record, folder):  # a valid weights file, of another run
    net = model(seed=3)
    fit(net, None)
    net.save_weights(folder / record["weights"])


RECORD_DAMAGE = {
    "truncated record": lambda f: next(f.glob("*.json")).write_text('{"weights": "a'),
    "empty record": lambda f: next(f.glob("*.json")).write_bytes(b""),
    "binary record": lambda f: next(f.glob("*.json")).write_bytes(bytes(range(256))),
    "a list, not a record": lambda f: next(f.glob("*.json")).write_text("[1, 2]"),
    "a record from before checksums": edit_record(lambda r, f: r.pop("weights_sha256")),
    "a History longer than its epochs": edit_record(lambda r, f: r["history"]["loss"].append(1.0)),
    "weights outside the cache": edit_record(lambda r, f: r.update(weights="../x.weights.h5")),
    "weights named by a number": edit_record(lambda r, f: r.update(weights=7)),
    "another number of random layers": edit_record(lambda r, f: r.update(seed_states=[[1, 2]])),
    "a damaged random state": edit_record(lambda r, f: r["random_state"].update(numpy=[1])),
    "weights file missing": lambda f: next(f.glob("*.weights.h5")).unlink(),
    "weights file truncated": lambda f: next(f.glob("*.weights.h5")).write_bytes(
        next(f.glob("*.weights.h5")).read_bytes()[:1000]
    ),
    "one bit flipped in the weights": lambda f: flip_a_bit(next(f.glob("*.weights.h5"))),
    "another run's weights": edit_record(lambda r, f: other_weights(r, f)),
    "a History value changed": edit_record(lambda r, f: r["history"]["loss"].__setitem__(0, 0.5)),
    "seconds as text": edit_record(lambda r, f: r.update(seconds="0.5")),
}


@pytest.mark.parametrize("damage", list(RECORD_DAMAGE.values()), ids=list(RECORD_DAMAGE))
def test_a_damaged_entry_trains_anew_as_a_real_run_would(trained, cached, capsys, damage):
    import random

    damage(cached)
    capsys.readouterr()
    net = model()
    history = fit(net, cached)
    after = (random.random(), np.random.random())
    assert "unreadable" in capsys.readouterr().out
    assert history.history["loss"] == pytest.approx(trained[2].history["loss"], rel=1e-5)
    for a, b in zip(trained[1].get_weights(), net.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)  # trained, not half-loaded
    assert after == trained[3]  # the generators left where the real run left them


def damaged_output(change):
    def damage(folder):
        (output,) = folder.rglob("output.pkl")
        change(output)

    return damage


OUTPUT_DAMAGE = {
    "truncated": damaged_output(lambda p: p.write_bytes(p.read_bytes()[:40])),
    "garbage": damaged_output(lambda p: p.write_bytes(b"not a pickle at all")),
    "one bit flipped": damaged_output(lambda p: flip_a_bit(p, 0.8)),
    "empty": damaged_output(lambda p: p.write_bytes(b"")),
}


@pytest.mark.parametrize("damage", list(OUTPUT_DAMAGE.values()), ids=list(OUTPUT_DAMAGE))
def test_a_damaged_computation_is_computed_anew(tmp_path, capsys, damage):
    values = np.arange(50.0)
    SQUARED.clear()
    squares(values, tmp_path)
    damage(tmp_path)
    capsys.readouterr()
    again = squares(values, tmp_path)
    assert np.array_equal(again, values**2) and len(SQUARED) == 2
    assert "unreadable" in capsys.readouterr().out
    squares(values, tmp_path)  # stored anew
    assert len(SQUARED) == 2


def test_the_tensorflow_version_is_in_the_key(monkeypatch):
    import tensorflow as tf

    before = key_of(model())
    monkeypatch.setattr(tf, "__version__", "0.0-another")
    assert key_of(model()) != before


def test_a_weights_file_is_on_disk_before_its_record_names_it(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(
        os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")) or real_fsync(fd)
    )
    fit(model(), tmp_path)
    weights = [path for path in synced if path.endswith(".weights.h5")]
    records = [path for path in synced if ".json" in path]
    assert weights and records and synced.index(weights[0]) < synced.index(records[0])


# --- what decides a run, beyond the notebook's cells ----------------------------------------


def lambda_model(function):
    keras.utils.set_random_seed(0)
    net = keras.Sequential(
        [keras.Input((6,)), keras.layers.Lambda(function), keras.layers.Dense(3)]
    )
    net.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(True))
    return net


def test_a_module_is_keyed_by_the_code_that_runs_not_by_its_file(tmp_path, monkeypatch):
    import importlib

    module_file = tmp_path / "course_helper_for_test.py"
    module_file.write_text("def helper(x):\n    return x * 2.0\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    helper_module = importlib.import_module("course_helper_for_test")  # made above, a module

    def run(folder):
        net = lambda_model(lambda x: helper_module.helper(x))
        return fit(net, folder, epochs=1).history["loss"]

    run(tmp_path / "cache")  # fills, with x * 2.0
    module_file.write_text("def helper(x):\n    return x * 30.0\n")
    importlib.reload(helper_module)
    run(tmp_path / "cache")  # x * 30.0: trained and stored
    module_file.write_text("def helper(x):\n    return x * 2.0\n")  # on disk only: no reload
    assert run(tmp_path / "cache") == pytest.approx(run(None))  # x * 30.0 runs, and loads
    monkeypatch.delitem(sys.modules, "course_helper_for_test")


def test_a_stream_serves_one_cached_fit_and_a_reuse_says_why(tmp_path, capsys):
    from utils import data

    stream = data.training_stream(X, Y, steps=2, batch_size=16)
    net = model()
    cache.cached_fit(net, stream, verbose=0, cache_dir=tmp_path)
    cache.cached_fit(net, stream, verbose=0, cache_dir=tmp_path)
    assert "this stream served an earlier fit: make a new stream" in capsys.readouterr().out
    fresh = data.training_stream(X, Y, steps=2, batch_size=16)
    cache.cached_fit(model(), fresh, verbose=0, cache_dir=tmp_path)  # loaded
    cache.cached_fit(model(), fresh, verbose=0, cache_dir=tmp_path)
    assert "it was loaded then, so this pass is not" in capsys.readouterr().out


def test_pandas_and_sparse_data_are_keyed_by_what_they_hold(tmp_path, monkeypatch):
    import pandas as pd

    fits = Counting(monkeypatch)
    for frame in (pd.DataFrame(X), pd.DataFrame(X), pd.DataFrame(X * 2)):
        fit(model(), tmp_path, x=frame, epochs=1)
    assert fits.calls == 2


def test_a_pipeline_of_the_course_s_own_transformers_loads(tmp_path, installed, capsys):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    from utils import features

    images = RNG.integers(0, 256, (40, 28, 28), dtype=np.uint8)
    labels = np.arange(40) % 3
    assert cache.install(tmp_path)
    for _ in range(2):  # lab 02's pipelines: the course's HOG, which calls the cache itself
        hog = FunctionTransformer(features.hog_features, kw_args={"progress": False})
        make_pipeline(hog, LogisticRegression()).fit(images, labels)
    printed = capsys.readouterr().out
    assert "not used" not in printed and "pipeline fitted on 40 examples loaded" in printed
