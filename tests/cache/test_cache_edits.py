"""The training cache's promise, as a property: an edited cell never loads another cell's run.

Each row edits one thing in a notebook-like cell (the code is executed as a notebook cell is:
its functions and classes have their source in ``linecache``, as IPython registers it) and runs
it with the cache installed, after the unedited cell filled it. It must retrain or refuse the
cache as the row says (saying why when it refuses), and give the figures a real run gives (the
History, the trained model's outputs, what the global random generators draw next). A run that
loaded is run again without the cache and compared: a loaded run with other figures is a stale
result, the one thing the cache must never give. A run that trained did so through the real
``fit`` (the harness counts those calls), along the cache's own path: each unedited cell checks
that this path gives a real run's figures (run with the cache, without it, then loaded), so that
retrained rows need no second run. Each unedited cell must load when it can: a cache that
refused everything would pass the rest.
"""

from __future__ import annotations

import contextlib
import io
import linecache
import random
import sys
import types
import uuid

import keras
import numpy as np
import pytest
from sklearn.pipeline import Pipeline

from utils import cache

RNG = np.random.default_rng(0)
X = RNG.random((32, 6)).astype("float32")
Y = np.arange(32) % 3
PROBE = RNG.random((4, 6)).astype("float32")

COMMON = """\
import random
import keras
import numpy as np
import tensorflow as tf
from keras import layers


def compiled(model, loss=None, metrics=("accuracy",), optimizer=None):
    model.compile(
        optimizer=optimizer or keras.optimizers.Adam(0.01),
        loss=loss or keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=list(metrics),
        run_eagerly=True,  # tiny runs: faster without tracing
    )
    return model
"""

SCENARIOS = {
    "dense": """
def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4, activation="relu"), layers.Dense(3)])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "fixed weights": """
def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dropout(0.5), layers.Dense(3)])
    model.set_weights(START)
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=8, verbose=0)
    return figures(model, history)
""",
    "custom layer": """
SCALE = 2.0


def helper(x):
    return x * SCALE


class Scale(layers.Layer):
    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return helper(x) * self.factor


def run():
    keras.utils.set_random_seed(0)
    scale = Scale(1.0)
    scale.factor = 1.0
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), scale, layers.Dense(3)])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "lambda": """
FACTOR = 2.0


def double(x):
    return x * 2.0


def twice(x):
    return x * 2.0


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((6,)),
        layers.Lambda(double),
        layers.Lambda(lambda x: x * 2.0),
        layers.Lambda(lambda x: twice(x)),
        layers.Lambda(lambda x: x * FACTOR),
        layers.Dense(3),
    ])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "loss function": """
WEIGHT = 1.0


def cross_entropy(y, p):
    return keras.losses.sparse_categorical_crossentropy(y, p, from_logits=True)


def my_loss(y, p, power=1.0):
    return keras.ops.mean(cross_entropy(y, p) ** power) * WEIGHT


def make_loss(k):
    def loss(y, p):
        return my_loss(y, p) * k
    return loss


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dense(3)])
    compiled(model, loss=make_loss(1.0))
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "loss class": """
class Weighted(keras.losses.Loss):
    def __init__(self, weight=1.0, **kwargs):
        super().__init__(**kwargs)
        self.weight = weight

    def call(self, y, p):
        return keras.losses.sparse_categorical_crossentropy(y, p, from_logits=True) * self.weight


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dense(3)])
    compiled(model, loss=Weighted(1.0))
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "metric": """
def offset(p):
    return p + 1.0


def mean_logit(y, p):
    return keras.ops.mean(offset(p))


class Peak(keras.metrics.Mean):
    def update_state(self, y, p, sample_weight=None):
        return super().update_state(keras.ops.max(p) * 1.0)


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dense(3)])
    compiled(model, metrics=[mean_logit, Peak()])
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "schedule": """
class Decay(keras.optimizers.schedules.LearningRateSchedule):
    def __call__(self, step):
        return 0.01 / (1.0 + keras.ops.cast(step, "float32"))

    def get_config(self):
        return {}


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dense(3)])
    compiled(model, optimizer=keras.optimizers.Adam(Decay()))
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "scheduler callback": """
RATE = 0.5


def halve(epoch, lr):
    return lr * RATE


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dense(3)])
    compiled(model)
    callbacks = [keras.callbacks.LearningRateScheduler(halve)]
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0, callbacks=callbacks)
    return figures(model, history)
""",
    "activation": """
def gain():
    return 2.0


def scaled_relu(x):
    return keras.ops.relu(x) * gain()


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4, activation=scaled_relu), layers.Dense(3)])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "regularizer and constraint": """
def l1_penalty(w):
    return 0.01 * keras.ops.sum(keras.ops.abs(w))


class Shrink(keras.regularizers.Regularizer):
    def __call__(self, w):
        return 0.01 * keras.ops.sum(w ** 2)

    def get_config(self):
        return {}


def clip(w):
    return keras.ops.clip(w, -0.5, 0.5)


class Positive(keras.constraints.Constraint):
    def __call__(self, w):
        return keras.ops.relu(w)

    def get_config(self):
        return {}


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((6,)),
        layers.Dense(4, kernel_regularizer=l1_penalty, kernel_constraint=clip),
        layers.Dense(3, kernel_regularizer=Shrink(), bias_constraint=Positive()),
    ])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "subclassed model": """
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(4)
        self.out = layers.Dense(3)

    def call(self, x):
        return self.out(self.hidden(x))


def run():
    keras.utils.set_random_seed(0)
    model = Net()
    model(X[:1])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "subclassed train_step": """
class Net(keras.Sequential):
    def train_step(self, data):
        return super().train_step(data)


def run():
    keras.utils.set_random_seed(0)
    model = Net([keras.Input((6,)), layers.Dense(4), layers.Dense(3)])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "built by build()": """
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.out = layers.Dense(3)

    def call(self, x):
        return self.out(x)


def run():
    keras.utils.set_random_seed(0)
    model = Net()
    model.build((None, 6))
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "pipeline": """
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def run():
    keras.utils.set_random_seed(0)
    classifier = LogisticRegression(C=1.0)
    pipeline = make_pipeline(StandardScaler(), classifier).fit(X, Y)
    return {"coef": classifier.coef_, "proba": pipeline.predict_proba(PROBE), **draws()}
""",
    "random pipeline": """
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import make_pipeline


def run():
    keras.utils.set_random_seed(0)
    np.random.seed(0)
    forest = RandomForestClassifier(n_estimators=3, random_state=None)
    pipeline = make_pipeline(forest).fit(X, Y)
    return {"proba": pipeline.predict_proba(PROBE), **draws()}
""",
    "pipeline of the notebook's own": """
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer


class Times(TransformerMixin, BaseEstimator):
    def fit(self, x, y=None):
        return self

    def transform(self, x):
        return x * 2.0


def shift(x):
    return x + 1.0


def run():
    keras.utils.set_random_seed(0)
    pipeline = make_pipeline(Times(), FunctionTransformer(shift), LogisticRegression())
    pipeline.fit(X, Y)
    return {"proba": pipeline.predict_proba(PROBE), **draws()}
""",
    # --- found by a red-team pass: what code reads besides its globals' plain values ---------
    "backbone read by a Lambda": """
keras.utils.set_random_seed(7)
BACKBONE = keras.Sequential([keras.Input((6,)), layers.Dense(5)])
BACKBONE.set_weights([w * 1.0 for w in BACKBONE.get_weights()])


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Lambda(lambda x: BACKBONE(x)), layers.Dense(3)])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "what a loss reads": """
import pandas as pd

STATS = pd.DataFrame({"scale": [1.0, 1.0, 1.0]})
PIXEL_MAX = 255


def weighted(y, p):
    scale = keras.ops.convert_to_tensor(STATS["scale"].to_numpy(), "float32")
    loss = keras.losses.sparse_categorical_crossentropy(y, p * scale, from_logits=True)
    return keras.ops.mean(loss) * weighted.weight / float(PIXEL_MAX + 1) * 256.0


weighted.weight = 1.0
RESCALE = layers.Rescaling(1.0)
RESCALE.extra = 0.0


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dense(3)])
    compiled(model, loss=lambda y, p: weighted(y, p) + RESCALE.extra)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "a layer's private settings": """
class Steps(layers.Layer):
    def call(self, x):
        for name, value in self.steps.items():
            x = x * value if name == "scale" else x + value
        return self._act(x)


def run():
    keras.utils.set_random_seed(0)
    steps = Steps()
    steps.steps = {"scale": 3.0, "shift": 1.0}
    steps._act = keras.activations.tanh
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), steps, layers.Dense(3)])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "class weights": """
def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dense(3)])
    compiled(model)
    weights = {0: 1.0, 1: 5.0, 2: 1.0}
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0, class_weight=weights)
    return figures(model, history)
""",
    "keras settings": """
LIMIT = None


def run():
    keras.utils.set_random_seed(0)
    keras.config.set_max_steps_per_epoch(LIMIT)
    try:
        model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dense(3)])
        compiled(model)
        history = model.fit(X, Y, epochs=2, batch_size=8, verbose=0)
    finally:
        keras.config.set_max_steps_per_epoch(None)
    return figures(model, history)
""",
    "History and an array metric": """
def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dense(3)])
    compiled(model, loss="categorical_crossentropy", metrics=[keras.metrics.F1Score(average=None)])
    recorder = keras.callbacks.History()
    onehot = keras.utils.to_categorical(Y, 3)
    history = model.fit(X, onehot, epochs=2, batch_size=16, verbose=0, callbacks=[recorder])
    shown = figures(model, history)
    return {**shown, "recorded": recorder.history["loss"], "epochs": recorder.epoch}
""",
    "tf.function helper": """
SCALE = 2.0


@tf.function
def helper(x):
    return x * SCALE


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Lambda(lambda x: helper(x)), layers.Dense(3)])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "cached helper": """
import functools

SCALE = 2.0


@functools.lru_cache
def gain():
    return SCALE


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Lambda(lambda x: x * gain()), layers.Dense(3)])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "a generator the notebook holds": """
NOISE = np.random.default_rng(0)


def noisy(x):
    return x + float(NOISE.normal())


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Lambda(noisy), layers.Dense(3)])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "names read dynamically": """
SCALE = 2.0


def scaled(x):
    return x * globals()["SCALE"]


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Lambda(scaled), layers.Dense(3)])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "a layer built by training": """
class Eager(layers.Layer):
    def call(self, x):
        return keras.ops.convert_to_tensor(np.tanh(np.asarray(x)))


def run():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), Eager(), layers.Dense(3)])
    compiled(model)
    history = model.fit(X, Y, epochs=1, batch_size=16, verbose=0)
    return figures(model, history)
""",
    "pipelines as scikit-learn fits them": """
import scipy.sparse
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SHIFT = 0.0


def run():
    keras.utils.set_random_seed(0)
    scaler = StandardScaler()
    nested = make_pipeline(make_pipeline(scaler), SGDClassifier(random_state=0, max_iter=5, tol=None))
    nested.fit(X + SHIFT, Y)
    warm = SGDClassifier(warm_start=True, max_iter=1, tol=None, random_state=0)
    for _ in range(2):
        make_pipeline(warm).fit(scipy.sparse.csr_matrix(X), Y)
    return {"mean": scaler.mean_, "coef": warm.coef_, "proba": nested.decision_function(PROBE), **draws()}
""",
    "a pipeline step it cannot store": """
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer


def run():
    keras.utils.set_random_seed(0)
    forest = RandomForestClassifier(n_estimators=3, random_state=None)
    pipeline = make_pipeline(FunctionTransformer(lambda x: x * 2.0), forest).fit(X, Y)
    return {"proba": pipeline.predict_proba(PROBE), **draws()}
""",
    "a pipeline holding a generator": """
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import make_pipeline


def run():
    keras.utils.set_random_seed(0)
    shared = np.random.RandomState(0)
    first = make_pipeline(RandomForestClassifier(n_estimators=3, random_state=shared)).fit(X, Y)
    second = make_pipeline(RandomForestClassifier(n_estimators=3, random_state=shared)).fit(X, Y)
    return {"first": first.predict_proba(PROBE), "second": second.predict_proba(PROBE), **draws()}
""",
}

# (id, scenario, text in the cell, its replacement, what the cache must do: "retrain" or "refuse")
EDITS = [
    # the usual changes, kept working
    ("units", "dense", "Dense(4,", "Dense(5,", "retrain"),
    ("activation string", "dense", '"relu"', '"tanh"', "retrain"),
    (
        "another layer",
        "dense",
        "layers.Dense(3)])",
        "layers.Dropout(0.3), layers.Dense(3)])",
        "retrain",
    ),
    (
        "learning rate",
        "dense",
        "compiled(model)",
        "compiled(model, optimizer=keras.optimizers.Adam(0.05))",
        "retrain",
    ),
    (
        "optimizer",
        "dense",
        "compiled(model)",
        "compiled(model, optimizer=keras.optimizers.SGD(0.1))",
        "retrain",
    ),
    (
        "clipnorm",
        "dense",
        "compiled(model)",
        "compiled(model, optimizer=keras.optimizers.Adam(0.01, clipnorm=0.01))",
        "retrain",
    ),
    (
        "loss",
        "dense",
        "compiled(model)",
        'compiled(model, loss="sparse_categorical_crossentropy")',
        "retrain",
    ),
    ("metrics", "dense", "compiled(model)", "compiled(model, metrics=())", "retrain"),
    ("epochs", "dense", "epochs=1", "epochs=2", "retrain"),
    ("batch size", "dense", "batch_size=16", "batch_size=8", "retrain"),
    ("no shuffle", "dense", "verbose=0)", "verbose=0, shuffle=False)", "retrain"),
    ("data", "dense", "fit(X, Y", "fit(X * 2, Y", "retrain"),
    (
        "one pixel",
        "dense",
        "fit(X, Y",
        "fit(np.where(np.arange(6) == 5, X + 1e-3, X), Y",
        "retrain",
    ),
    ("labels", "dense", "fit(X, Y", "fit(X, (Y + 1) % 3", "retrain"),
    (
        "sample weights",
        "dense",
        "verbose=0)",
        "verbose=0, sample_weight=np.linspace(0.5, 1.5, 32))",
        "retrain",
    ),
    (
        "class weights",
        "dense",
        "verbose=0)",
        "verbose=0, class_weight={0: 1.0, 1: 2.0, 2: 1.0})",
        "retrain",
    ),
    ("validation split", "dense", "verbose=0)", "verbose=0, validation_split=0.25)", "retrain"),
    (
        "validation data",
        "dense",
        "verbose=0)",
        "verbose=0, validation_data=(X[:8], Y[:8]))",
        "retrain",
    ),
    ("seed", "dense", "set_random_seed(0)", "set_random_seed(1)", "retrain"),
    (
        "frozen layer",
        "dense",
        "compiled(model)",
        "model.layers[0].trainable = False; compiled(model)",
        "retrain",
    ),
    (
        "early stopping",
        "dense",
        "verbose=0)",
        'verbose=0, callbacks=[keras.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=1.0)])',
        "retrain",
    ),
    (
        "steps per epoch",
        "dense",
        "fit(X, Y, epochs=1, batch_size=16",
        "fit(X, Y, epochs=1, batch_size=4, steps_per_epoch=2",
        "retrain",
    ),
    ("initial epoch", "dense", "epochs=1", "epochs=2, initial_epoch=1", "retrain"),
    (
        "trained further",
        "dense",
        "    return figures(model, history)",
        "    history = model.fit(X, Y, epochs=1, verbose=0)\n    return figures(model, history)",
        "retrain",
    ),
    # the global random state when the initial weights are fixed
    ("seed, fixed weights", "fixed weights", "set_random_seed(0)", "set_random_seed(1)", "retrain"),
    (
        "numpy seed, fixed weights",
        "fixed weights",
        "model.set_weights(START)",
        "model.set_weights(START); np.random.seed(7)",
        "retrain",
    ),
    (
        "python seed, fixed weights",
        "fixed weights",
        "model.set_weights(START)",
        "model.set_weights(START); random.seed(7)",
        "retrain",
    ),
    (
        "tensorflow seed, fixed weights",
        "fixed weights",
        "model.set_weights(START)",
        "model.set_weights(START); tf.random.set_seed(7)",
        "retrain",
    ),
    # custom code, and what it reads
    (
        "custom layer's call",
        "custom layer",
        "return helper(x) * self.factor",
        "return helper(x) * self.factor + 1.0",
        "retrain",
    ),
    (
        "custom layer's helper",
        "custom layer",
        "return x * SCALE",
        "return x * SCALE * 3.0",
        "retrain",
    ),
    ("custom layer's global", "custom layer", "SCALE = 2.0", "SCALE = 30.0", "retrain"),
    ("custom layer's argument", "custom layer", "Scale(1.0)", "Scale(3.0)", "retrain"),
    (
        "custom layer's attribute",
        "custom layer",
        "scale.factor = 1.0",
        "scale.factor = 3.0",
        "retrain",
    ),
    (
        "custom layer's method added",
        "custom layer",
        "    def call(self, x):",
        "    def compute(self, x):\n        return x\n\n    def call(self, x):",
        "retrain",
    ),
    (
        "Lambda(named function)",
        "lambda",
        "def double(x):\n    return x * 2.0",
        "def double(x):\n    return x * 30.0",
        "retrain",
    ),
    ("Lambda(lambda)", "lambda", "lambda x: x * 2.0", "lambda x: x * 30.0", "retrain"),
    (
        "Lambda's helper",
        "lambda",
        "def twice(x):\n    return x * 2.0",
        "def twice(x):\n    return x * 3.0",
        "retrain",
    ),
    ("Lambda's global", "lambda", "FACTOR = 2.0", "FACTOR = 30.0", "retrain"),
    (
        "custom loss's helper",
        "loss function",
        "from_logits=True)\n\n\ndef my_loss",
        "from_logits=True) * 2.0\n\n\ndef my_loss",
        "retrain",
    ),
    ("custom loss's global", "loss function", "WEIGHT = 1.0", "WEIGHT = 3.0", "retrain"),
    ("custom loss's default", "loss function", "power=1.0", "power=2.0", "retrain"),
    ("custom loss's closure", "loss function", "make_loss(1.0)", "make_loss(3.0)", "retrain"),
    (
        "custom loss's body",
        "loss function",
        "return my_loss(y, p) * k",
        "return my_loss(y, p) * k + 0.5",
        "retrain",
    ),
    ("Loss subclass's call", "loss class", "* self.weight", "* self.weight * 2.0", "retrain"),
    ("Loss subclass's argument", "loss class", "Weighted(1.0)", "Weighted(3.0)", "retrain"),
    ("metric's helper", "metric", "return p + 1.0", "return p + 5.0", "retrain"),
    ("Metric subclass", "metric", "keras.ops.max(p) * 1.0", "keras.ops.max(p) * 4.0", "retrain"),
    ("schedule's code", "schedule", "0.01 / (1.0 +", "0.05 / (1.0 +", "retrain"),
    ("scheduler's global", "scheduler callback", "RATE = 0.5", "RATE = 0.1", "retrain"),
    (
        "scheduler's function",
        "scheduler callback",
        "return lr * RATE",
        "return lr * RATE * 0.5",
        "retrain",
    ),
    ("activation's helper", "activation", "return 2.0", "return 5.0", "retrain"),
    (
        "activation's code",
        "activation",
        "keras.ops.relu(x) * gain()",
        "keras.ops.tanh(x) * gain()",
        "retrain",
    ),
    (
        "regularizer function",
        "regularizer and constraint",
        "0.01 * keras.ops.sum(keras.ops.abs",
        "0.5 * keras.ops.sum(keras.ops.abs",
        "retrain",
    ),
    (
        "Regularizer subclass",
        "regularizer and constraint",
        "0.01 * keras.ops.sum(w ** 2)",
        "0.5 * keras.ops.sum(w ** 2)",
        "retrain",
    ),
    ("constraint function", "regularizer and constraint", "-0.5, 0.5", "-0.05, 0.05", "retrain"),
    (
        "Constraint subclass",
        "regularizer and constraint",
        "keras.ops.relu(w)",
        "keras.ops.relu(w) + 0.1",
        "retrain",
    ),
    # what cannot be keyed is refused
    (
        "subclassed model's call",
        "subclassed model",
        "self.out(self.hidden(x))",
        "self.out(self.hidden(x) * 30.0)",
        "refuse",
    ),
    (
        "subclassed train_step",
        "subclassed train_step",
        "return super().train_step(data)",
        "data = (data[0] * 30.0, data[1])\n        return super().train_step(data)",
        "refuse",
    ),
    (
        "model built by build()",
        "built by build()",
        "return self.out(x)",
        "return self.out(x * 30.0)",
        "refuse",
    ),
    (
        "Regularizer without get_config",
        "regularizer and constraint",
        "    def get_config(self):\n        return {}\n\n\ndef clip",
        "\n\ndef clip",
        "refuse",
    ),
    # found by a red-team pass
    ("backbone's weights", "backbone read by a Lambda", "w * 1.0", "w * 3.0", "retrain"),
    (
        "a DataFrame a loss reads",
        "what a loss reads",
        '"scale": [1.0, 1.0, 1.0]',
        '"scale": [1.0, 3.0, 1.0]',
        "retrain",
    ),
    (
        "a NumPy integer type",
        "what a loss reads",
        "PIXEL_MAX = 255",
        "PIXEL_MAX = np.uint8(255)",
        "retrain",
    ),
    (
        "a function's attribute",
        "what a loss reads",
        "weighted.weight = 1.0",
        "weighted.weight = 5.0",
        "retrain",
    ),
    (
        "an attribute set on a Keras object",
        "what a loss reads",
        "RESCALE.extra = 0.0",
        "RESCALE.extra = 1.0",
        "retrain",
    ),
    (
        "a dict's order",
        "a layer's private settings",
        '{"scale": 3.0, "shift": 1.0}',
        '{"shift": 1.0, "scale": 3.0}',
        "retrain",
    ),
    (
        "a private attribute",
        "a layer's private settings",
        "keras.activations.tanh",
        "keras.activations.relu",
        "retrain",
    ),
    (
        "class weights keyed by text",
        "class weights",
        "{0: 1.0, 1: 5.0, 2: 1.0}",
        '{"0": 1.0, "1": 5.0, "2": 1.0}',
        "retrain",
    ),
    ("Keras's step cap", "keras settings", "LIMIT = None", "LIMIT = 1", "retrain"),
    (
        "an array metric's data",
        "History and an array metric",
        "fit(X, onehot",
        "fit(X * 2, onehot",
        "retrain",
    ),
    ("tf.function's global", "tf.function helper", "SCALE = 2.0", "SCALE = 30.0", "refuse"),
    ("lru_cache's global", "cached helper", "SCALE = 2.0", "SCALE = 30.0", "refuse"),
    (
        "a held generator's seed",
        "a generator the notebook holds",
        "default_rng(0)",
        "default_rng(1)",
        "refuse",
    ),
    (
        "a nested pipeline's data",
        "pipelines as scikit-learn fits them",
        "SHIFT = 0.0",
        "SHIFT = 1.0",
        "retrain",
    ),
    # scikit-learn pipelines
    ("pipeline's setting", "pipeline", "C=1.0", "C=0.01", "retrain"),
    ("pipeline's data", "pipeline", "fit(X, Y)", "fit(X * 3, Y)", "retrain"),
    (
        "random_state=None after another seed",
        "random pipeline",
        "np.random.seed(0)",
        "np.random.seed(1)",
        "retrain",
    ),
    (
        "notebook's transformer class",
        "pipeline of the notebook's own",
        "return x * 2.0",
        "return x * 5.0",
        "retrain",
    ),
    (
        "notebook's FunctionTransformer",
        "pipeline of the notebook's own",
        "return x + 1.0",
        "return x - 1.0",
        "retrain",
    ),
]
REFUSED_SCENARIOS = {  # scenario: a fragment of the line that says why
    "subclassed model": "subclassed model",
    "subclassed train_step": "subclassed model",
    "built by build()": "subclassed model",
    "tf.function helper": "tf.function",
    "cached helper": "functools cache",
    "a generator the notebook holds": "random generator the notebook holds",
    "names read dynamically": "globals()",
    "a layer built by training": "not built until training",
    "a pipeline step it cannot store": "cannot be stored",
    "a pipeline holding a generator": "random generator the fit would advance",
}


def figures(model, history) -> dict:
    """What a cell's run shows: its History, the trained model's outputs, the next draws."""
    shown = {f"history {name}": values for name, values in history.history.items()}
    shown["outputs"] = np.asarray(model(PROBE))
    return {**shown, **draws()}


def draws() -> dict:
    """What the global random generators give next (a loaded run must leave them as it found)."""
    return {
        "python": random.random(),
        "numpy": np.random.random(2),
        "keras": np.asarray(keras.random.uniform((2,))),
    }


TRAINED = []  # one entry per fit that really trained (keras or scikit-learn)


def counted(fit):
    def really_fit(*args, **kwargs):
        TRAINED.append(fit)
        return fit(*args, **kwargs)

    return really_fit


def run_cell(source: str) -> tuple[dict, str, int]:
    """Execute ``source`` as a notebook cell is executed, then its ``run()``; return its figures,
    what it printed and how many fits really trained.

    As in a notebook: the cell's namespace is ``__main__`` (pickle finds its classes there), and
    its source is where inspect (and the cache) can read it, as IPython registers it. Each cell
    gets a file name of its own, as each kernel does.
    """
    filename = f"<notebook-cell-{uuid.uuid4().hex}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    main = types.ModuleType("__main__")
    main.__dict__.update(X=X, Y=Y, PROBE=PROBE, START=START, figures=figures, draws=draws)
    printed, before = io.StringIO(), len(TRAINED)
    with contextlib.redirect_stdout(printed), as_main(main):
        exec(compile(source, filename, "exec"), main.__dict__)  # noqa: S102  (the tests' cells)
        shown = main.run()
    return shown, printed.getvalue(), len(TRAINED) - before


@contextlib.contextmanager
def as_main(module):
    saved = sys.modules["__main__"]
    sys.modules["__main__"] = module
    try:
        yield
    finally:
        sys.modules["__main__"] = saved


def start_weights() -> list[np.ndarray]:
    keras.utils.set_random_seed(42)
    model = keras.Sequential(
        [keras.Input((6,)), keras.layers.Dense(4), keras.layers.Dropout(0.5), keras.layers.Dense(3)]
    )
    return model.get_weights()


START = start_weights()


@contextlib.contextmanager
def cache_installed(folder):
    """``utils.cache.install(folder)`` for the block: every fit through the cache, then undone."""
    saved = (keras.Model.fit, Pipeline.fit, cache._plain_fit, cache._plain_pipeline_fit)
    keras.Model.fit, Pipeline.fit = counted(keras.Model.fit), counted(Pipeline.fit)
    cache._plain_fit = cache._plain_pipeline_fit = None  # install() takes the counted ones
    cache.install(folder)
    try:
        yield
    finally:
        keras.Model.fit, Pipeline.fit, cache._plain_fit, cache._plain_pipeline_fit = saved


def outcome(printed: str, trained: int) -> str:
    """What the cache did: refused (saying so), trained for real, or loaded every run."""
    if "cache: not used" in printed:
        return "refuse"
    return "retrain" if trained else "loaded"


def same(first: dict, second: dict) -> bool:
    if first.keys() != second.keys():
        return False
    return all(
        np.allclose(first[name], second[name], rtol=1e-6, atol=1e-7, equal_nan=True)
        for name in first
    )


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """One cache for the whole table, each scenario's unedited cell run into it once: an edit
    must not load any other row's run either."""
    folder = tmp_path_factory.mktemp("demo-cache")
    filled = {}

    def fill(scenario):
        if scenario not in filled:
            with cache_installed(folder):
                filled[scenario] = run_cell(COMMON + SCENARIOS[scenario])
        return filled[scenario]

    return folder, fill


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_an_unedited_cell_reruns_from_the_cache_with_the_same_figures(shared_cache, scenario):
    folder, fill = shared_cache
    first, _, _ = fill(scenario)
    real, _, _ = run_cell(COMMON + SCENARIOS[scenario])  # no cache
    assert same(first, real), "the run that filled the cache differs from a real run"
    with cache_installed(folder):
        again, printed, trained = run_cell(COMMON + SCENARIOS[scenario])
    if scenario in REFUSED_SCENARIOS:
        assert outcome(printed, trained) == "refuse", printed
        assert REFUSED_SCENARIOS[scenario] in printed, printed
    else:
        assert outcome(printed, trained) == "loaded", printed
    assert same(again, real), "the rerun's figures differ from a real run's"


@pytest.mark.parametrize(
    "scenario, old, new, expected", [edit[1:] for edit in EDITS], ids=[edit[0] for edit in EDITS]
)
def test_an_edited_cell_retrains_or_is_refused_never_stale(
    shared_cache, scenario, old, new, expected
):
    folder, fill = shared_cache
    fill(scenario)
    source = COMMON + SCENARIOS[scenario]
    assert source.count(old) == 1, f"the edit's text must occur once in {scenario!r}"
    edited = source.replace(old, new)
    with cache_installed(folder):
        cached, printed, trained = run_cell(edited)
    if not trained:  # loaded: the one case that can be stale, so run it for real to compare
        real, _, _ = run_cell(edited)
        assert same(cached, real), f"stale: the cache gave other figures than a real run\n{printed}"
    assert outcome(printed, trained) == expected, printed
    assert all(len(line) < 300 for line in printed.splitlines()), "a refusal is one short line"
