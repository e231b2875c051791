"""Lab 05 (overfitting and regularisation)'s answers: wrong ones, valid ones, and the globals they run in.

What each table holds and how it is run: :mod:`lab_answers`.
"""

from pathlib import Path

import keras
import numpy as np

from lab_answers import mnist_sample, notebook_function, scaffold
from utils import data

LAB = "05_dropout"

# The build_mlp scaffold (its given lines, read from the student version); each answer adds
# its own body.
REGULARISED_MLP_GIVEN = scaffold(LAB, "build_mlp")

COMPILED = """    model = keras.Sequential(layers)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
"""


def regularised_mlp_answer(block: str, output: str = 'L.Dense(10, activation="softmax")') -> str:
    """build_mlp with the hidden ``block`` (lines of the loop body) written twice, then ``output``."""
    return (
        REGULARISED_MLP_GIVEN
        + "    for _ in range(2):\n"
        + "".join(f"        {line}\n" for line in block.strip().splitlines())
        + f"    layers.append({output})\n"
        + COMPILED
    )


RIGHT_BLOCK = """
layers.append(L.Dense(512, kernel_regularizer=regulariser))
layers += [L.BatchNormalization()] if batchnorm else []
layers.append(L.Activation("relu"))
layers += [L.Dropout(dropout)] if dropout else []
"""

EARLY_STOPPING_FIT = """
    history = model.fit(
        x, y, epochs=epochs, batch_size=BATCH_SIZE, validation_data=(x_val, y_val),
        callbacks=[stopper], verbose=verbose,
    )
"""


def early_stopping_answer(callback: str, fit: str = EARLY_STOPPING_FIT, best: str = "") -> str:
    """fit_with_early_stopping with the given callback, fit call and returned best epoch."""
    return (
        "def fit_with_early_stopping(model, x, y, epochs, patience, verbose=0):\n"
        f"    stopper = {callback}\n"
        + fit.strip("\n")
        + "\n"
        + f"    return history, {best or 'stopper.best_epoch + 1'}\n"
    )


RIGHT_CALLBACK = (
    'keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, '
    "restore_best_weights=True)"
)


WRONG_ANSWERS = {  # each loses points
    "q1_build_mlp": {
        "batch norm after the ReLU": regularised_mlp_answer(
            """
layers.append(L.Dense(512, kernel_regularizer=regulariser))
layers.append(L.Activation("relu"))
layers += [L.BatchNormalization()] if batchnorm else []
layers += [L.Dropout(dropout)] if dropout else []
"""
        ),
        "dropout before the ReLU": regularised_mlp_answer(
            """
layers.append(L.Dense(512, kernel_regularizer=regulariser))
layers += [L.BatchNormalization()] if batchnorm else []
layers += [L.Dropout(dropout)] if dropout else []
layers.append(L.Activation("relu"))
"""
        ),
        "the L2 penalty on the output layer too": regularised_mlp_answer(
            RIGHT_BLOCK, 'L.Dense(10, activation="softmax", kernel_regularizer=regulariser)'
        ),
        "no L2 penalty": regularised_mlp_answer(
            RIGHT_BLOCK.replace("L.Dense(512, kernel_regularizer=regulariser)", "L.Dense(512)")
        ),
        "batch norm whatever the flag": regularised_mlp_answer(
            RIGHT_BLOCK.replace(
                "layers += [L.BatchNormalization()] if batchnorm else []",
                "layers.append(L.BatchNormalization())",
            )
        ),
        "always Dropout(0.5)": regularised_mlp_answer(
            RIGHT_BLOCK.replace("L.Dropout(dropout)", "L.Dropout(0.5)")
        ),
        "logits out: no softmax": regularised_mlp_answer(RIGHT_BLOCK, "L.Dense(10)"),
        "one hidden block": regularised_mlp_answer(RIGHT_BLOCK).replace("range(2)", "range(1)"),
        "SGD, not Adam": regularised_mlp_answer(RIGHT_BLOCK).replace(
            'optimizer="adam"', 'optimizer="sgd"'
        ),
    },
    "q2_fit_early_stopping": {
        "the best epoch worked back from where it stopped": early_stopping_answer(
            RIGHT_CALLBACK, best="stopper.stopped_epoch - patience + 1"
        ),
        "the weights of the last epoch kept (no restore_best_weights)": early_stopping_answer(
            'keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)'
        ),
        "watches the validation accuracy": early_stopping_answer(
            'keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=patience, '
            "restore_best_weights=True)"
        ),
        "watches the training loss": early_stopping_answer(
            'keras.callbacks.EarlyStopping(monitor="loss", patience=patience, '
            "restore_best_weights=True)"
        ),
        "validates on a split of the training images": early_stopping_answer(
            RIGHT_CALLBACK,
            EARLY_STOPPING_FIT.replace("validation_data=(x_val, y_val)", "validation_split=0.1"),
        ),
        "the lab's PATIENCE instead of the argument": early_stopping_answer(
            RIGHT_CALLBACK.replace("patience=patience", "patience=PATIENCE")
        ),
        "the best epoch counted from 0": early_stopping_answer(
            RIGHT_CALLBACK, best="stopper.best_epoch"
        ),
        "the last epoch run returned as the best": early_stopping_answer(
            RIGHT_CALLBACK, best='len(history.history["loss"])'
        ),
        "Keras's default batch size": early_stopping_answer(
            RIGHT_CALLBACK, EARLY_STOPPING_FIT.replace("batch_size=BATCH_SIZE, ", "")
        ),
    },
    "q3_dropout_forward": {
        "no rescaling": """
def dropout_forward(x, rate, keep, training=True):
    x = np.asarray(x, float)
    return x * np.asarray(keep) if training else x
""",
        "multiplies by (1 - rate)": """
def dropout_forward(x, rate, keep, training=True):
    x = np.asarray(x, float)
    return x * np.asarray(keep) * (1 - rate) if training else x
""",
        "drops at inference too": """
def dropout_forward(x, rate, keep, training=True):
    return np.asarray(x, float) * np.asarray(keep) / (1 - rate)
""",
        "keep and drop swapped": """
def dropout_forward(x, rate, keep, training=True):
    x = np.asarray(x, float)
    return x * (1 - np.asarray(keep)) / (1 - rate) if training else x
""",
        "divides by the rate": """
def dropout_forward(x, rate, keep, training=True):
    x = np.asarray(x, float)
    return x * np.asarray(keep) / rate if training else x
""",
        "`training is True` check": """
def dropout_forward(x, rate, keep, training=True):
    x = np.asarray(x, float)
    if training is True:
        return x * np.asarray(keep) / (1 - rate)
    return x
""",
        "keyword-only training": """
def dropout_forward(x, rate, keep, *, training=True):
    x = np.asarray(x, float)
    return x * np.asarray(keep) / (1 - rate) if training else x
""",
        "no asarray (fails on Python lists)": """
def dropout_forward(x, rate, keep, training=True):
    if not training:
        return x
    return x * keep / (1 - rate)
""",
        "keep fraction of the mask instead of 1 - rate": """
def dropout_forward(x, rate, keep, training=True):
    x, keep = np.asarray(x, float), np.asarray(keep, float)
    return x * keep / keep.mean() if training else x
""",
        "modifies x in place": """
def dropout_forward(x, rate, keep, training=True):
    x = np.asarray(x, dtype=float)
    if training:
        x *= np.asarray(keep)
        x /= 1 - rate
    return x
""",
        "scales at inference (old-style dropout)": """
def dropout_forward(x, rate, keep, training=True):
    x = np.asarray(x, float)
    return x * np.asarray(keep) / (1 - rate) if training else x * (1 - rate)
""",
        "Keras's default training=None (inference unless told)": """
def dropout_forward(x, rate, keep, training=None):
    x = np.array(x, dtype=np.float64)
    if training:
        x = x * (np.asarray(keep) / (1.0 - rate))
    return x
""",
        "floor division": """
def dropout_forward(x, rate, keep, training=True):
    x = np.asarray(x, float)
    return x * np.asarray(keep) // (1 - rate) if training else x
""",
    },
    "q4_pick_rate": {
        "best single run": """
def pick_rate(rates, accuracies):
    return rates[int(np.argmax(np.asarray(accuracies).max(axis=1)))]
""",
        "returns the index": """
def pick_rate(rates, accuracies):
    return int(np.argmax(np.asarray(accuracies).mean(axis=1)))
""",
        "averages over rates": """
def pick_rate(rates, accuracies):
    return rates[int(np.argmax(np.asarray(accuracies).mean(axis=0)))]
""",
        "larger rate on a tie": """
def pick_rate(rates, accuracies):
    means = np.asarray(accuracies).mean(axis=1)
    return rates[len(means) - 1 - int(np.argmax(means[::-1]))]
""",
        "median over seeds": """
def pick_rate(rates, accuracies):
    return rates[int(np.argmax(np.median(np.asarray(accuracies), axis=1)))]
""",
        "majority vote: the rate that wins most seeds": """
def pick_rate(rates, accuracies):
    winners = np.argmax(np.asarray(accuracies), axis=0)
    return rates[int(np.bincount(winners, minlength=len(rates)).argmax())]
""",
        "means rounded to 2 decimals (as printed)": """
def pick_rate(rates, accuracies):
    means = np.round(np.asarray(accuracies).mean(axis=1), 2)
    return rates[int(np.argmax(means))]
""",
        "max over (mean, rate) pairs: larger rate on a tie": """
def pick_rate(rates, accuracies):
    means = np.asarray(accuracies).mean(axis=1)
    return max(zip(means, rates))[1]
""",
        "dict keyed by mean: later rate overwrites a tie": """
def pick_rate(rates, accuracies):
    means = np.asarray(accuracies).mean(axis=1)
    by_mean = dict(zip(means, rates))
    return by_mean[max(by_mean)]
""",
        "mean minus standard deviation": """
def pick_rate(rates, accuracies):
    a = np.asarray(accuracies)
    return rates[int(np.argmax(a.mean(axis=1) - a.std(axis=1)))]
""",
        "worst seed (min over seeds)": """
def pick_rate(rates, accuracies):
    return rates[int(np.argmax(np.asarray(accuracies).min(axis=1)))]
""",
        "means rounded to 4 decimals (as the notebook prints :.2%)": """
def pick_rate(rates, accuracies):
    means = np.round(np.asarray(accuracies, float).mean(axis=1), 4)
    return rates[int(np.argmax(means))]
""",
        "means rounded to 3 decimals": """
def pick_rate(rates, accuracies):
    means = np.round(np.asarray(accuracies, float).mean(axis=1), 3)
    return rates[int(np.argmax(means))]
""",
    },
}


VALID_ANSWERS = {  # each gets full marks
    "q1_build_mlp": {
        "a ReLU layer, Dropout(0.0) and L2(0.0) kept in when off": REGULARISED_MLP_GIVEN
        + """    for _ in range(2):
        layers.append(L.Dense(512, kernel_regularizer=keras.regularizers.L2(l2)))
        if batchnorm:
            layers.append(L.BatchNormalization())
        layers.append(L.ReLU())
        layers.append(L.Dropout(dropout))
    layers.append(L.Dense(10))
    layers.append(L.Softmax())
    model = keras.Sequential(layers)
    model.compile(
        optimizer=keras.optimizers.Adam(),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    return model
""",
        "model.add, the ReLU inside Dense without batch norm, and a debug print": (
            REGULARISED_MLP_GIVEN
            + """    model = keras.Sequential(layers)
    for block in range(2):
        if batchnorm:
            model.add(L.Dense(512, kernel_regularizer=regulariser))
            model.add(L.BatchNormalization())
            model.add(L.Activation(keras.activations.relu))
        else:
            model.add(L.Dense(512, activation="relu", kernel_regularizer=regulariser))
        if dropout > 0:
            model.add(L.Dropout(rate=dropout))
        print("block", block + 1, "done")
    model.add(L.Dense(10, activation="softmax"))
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["acc"])
    return model
"""
        ),
        "the question's loop": regularised_mlp_answer(RIGHT_BLOCK),
    },
    "q2_fit_early_stopping": {
        "the best epoch read off the history": early_stopping_answer(
            "keras.callbacks.EarlyStopping(patience=patience, restore_best_weights=True)",
            best='int(np.argmin(history.history["val_loss"])) + 1',
        ),
        "every argument spelled out, and a debug print": """
def fit_with_early_stopping(model, x, y, epochs, patience, verbose=0):
    callback = keras.callbacks.EarlyStopping(
        monitor="val_loss", min_delta=0, patience=patience, mode="min",
        restore_best_weights=True, start_from_epoch=0,
    )
    history = model.fit(
        x=x, y=y, batch_size=BATCH_SIZE, epochs=epochs, verbose=verbose,
        callbacks=[callback], validation_data=(x_val, y_val), shuffle=True,
    )
    print("stopped after", len(history.epoch), "epochs")
    return history, callback.best_epoch + 1
""",
        "the question's callback": early_stopping_answer(RIGHT_CALLBACK),
    },
    "q3_dropout_forward": {
        "np.where on the mask": """
def dropout_forward(x, rate, keep, training=True):
    if not training:
        return np.asarray(x)
    return np.where(np.asarray(keep) != 0, np.asarray(x, float) / (1 - rate), 0.0)
""",
        "element loop, returns a nested list": """
def dropout_forward(x, rate, keep, training=True):
    x = np.asarray(x, float)
    if not training:
        return x.tolist()
    flat = [xi / (1 - rate) if ki else 0.0 for xi, ki in zip(x.ravel(), np.ravel(keep))]
    return np.array(flat).reshape(x.shape).tolist()
""",
        "keras.ops in float32": """
def dropout_forward(x, rate, keep, training=True):
    if training:
        x = keras.ops.where(keras.ops.convert_to_tensor(np.asarray(keep, bool)),
                            keras.ops.convert_to_tensor(np.asarray(x, 'float32')) / (1 - rate), 0.0)
    return keras.ops.convert_to_numpy(x)
""",
        "boolean-mask assignment into zeros": """
def dropout_forward(x, rate, keep, training=True):
    x = np.array(x, dtype=np.float64)
    if training:
        out = np.zeros_like(x)
        kept = np.asarray(keep).astype(bool)
        out[kept] = x[kept] * (1.0 / (1.0 - rate))
        return out
    return x
""",
        "debug print": """
def dropout_forward(x, rate, keep, training=True):
    x = np.asarray(x, float)
    print('training' if training else 'inference', 'rate', rate)
    return x * np.asarray(keep) / (1 - rate) if training else x
""",
        "tf.where tensor result": """
def dropout_forward(x, rate, keep, training=True):
    import tensorflow as tf
    x = tf.convert_to_tensor(np.asarray(x, dtype=np.float64))
    if not training:
        return x
    return tf.where(tf.cast(np.asarray(keep), tf.bool), x / (1 - rate), tf.zeros_like(x))
""",
        "scale = 1/(1-rate) multiply": """
def dropout_forward(x, rate, keep, training=True):
    scale = 1.0 / (1.0 - rate)
    return [a * k * scale for a, k in zip(np.ravel(x), np.ravel(keep))] if training and np.ndim(x) == 1 else (np.asarray(x, float) * np.asarray(keep) * scale if training else np.asarray(x, float))
""",
    },
    "q4_pick_rate": {
        "sum instead of mean (same number of seeds)": """
def pick_rate(rates, accuracies):
    totals = np.asarray(accuracies).sum(axis=1)
    return rates[int(np.argmax(totals))]
""",
        "loop with strict >": """
def pick_rate(rates, accuracies):
    best_rate, best_mean = None, -1.0
    for rate, row in zip(rates, accuracies):
        mean = float(np.mean(row))
        if mean > best_mean:
            best_rate, best_mean = rate, mean
    return best_rate
""",
        "pandas idxmax": """
def pick_rate(rates, accuracies):
    import pandas as pd
    return pd.DataFrame(np.asarray(accuracies), index=list(rates)).mean(axis=1).idxmax()
""",
        "smallest of the tied rates": """
def pick_rate(rates, accuracies):
    means = np.asarray(accuracies, float).mean(axis=1)
    return min(r for r, m in zip(rates, means) if m == means.max())
""",
        "max over indices with a key, np.float64 result": """
def pick_rate(rates, accuracies):
    means = np.mean(accuracies, axis=1)
    best = max(range(len(means)), key=lambda i: means[i])
    return np.asarray(rates, dtype=float)[best]
""",
        "debug print": """
def pick_rate(rates, accuracies):
    means = np.asarray(accuracies).mean(axis=1)
    print(dict(zip(rates, means)))
    return rates[int(np.argmax(means))]
""",
        "keras float32 means": """
def pick_rate(rates, accuracies):
    means = keras.ops.convert_to_numpy(keras.ops.mean(keras.ops.convert_to_tensor(accuracies, 'float32'), axis=1))
    return rates[int(np.argmax(means))]
""",
        "statistics.mean loop with strict >": """
def pick_rate(rates, accuracies):
    import statistics
    best = None
    for r, row in zip(rates, accuracies):
        m = statistics.mean(float(v) for v in row)
        if best is None or m > best[0]:
            best = (m, r)
    return best[1]
""",
        "sorted with key (-mean, rate)": """
def pick_rate(rates, accuracies):
    means = np.mean(accuracies, axis=1)
    return sorted(zip(rates, means), key=lambda t: (-t[1], t[0]))[0][0]
""",
        "np.float32 rates (tensor gather)": """
def pick_rate(rates, accuracies):
    means = np.asarray(accuracies).mean(axis=1)
    return np.asarray(rates, dtype=np.float32)[int(np.argmax(means))]
""",
    },
}


def lab_globals(master: Path) -> dict:
    """What lab 05's exercises use from the notebook: its helpers and settings, real digits."""
    env = {"np": np, "keras": keras, "L": keras.layers}
    exec(notebook_function(master, "augmentation_layers"), env)
    images, labels = mnist_sample()
    digits = data.add_channel_axis(data.scale_images(images))
    env.update(
        x_small=digits[:300],
        y_small=labels[:300],
        x_val=digits[-200:],  # never trained on
        y_val=labels[-200:],
        BATCH_SIZE=16,  # not Keras's default of 32: a forgotten batch size shows
        PATIENCE=5,
    )
    return env
