"""Lab 01 (multilayer perceptrons)'s answers: wrong ones, valid ones, and the globals they run in.

What each table holds and how it is run: :mod:`lab_answers`.
"""

from pathlib import Path

import keras
import numpy as np

from lab_answers import flattened_digits, notebook_function, scaffold

LAB = "01_mlp"

# The scaffolds of questions 1 and 2 (their given lines, read from the student version);
# each answer adds its own body.
BUILD_MLP_GIVEN = scaffold(LAB, "build_mlp")

TRAIN_MLP_GIVEN = scaffold(LAB, "train_mlp")


def train_mlp_answer(
    optimizer: str = "keras.optimizers.Adam(schedule)",
    loss: str = '"sparse_categorical_crossentropy"',
    metrics: str = '["accuracy"]',
    fit: str = "epochs=EPOCHS, batch_size=BATCH_SIZE",
    held_out: str = "validation_split=VALIDATION_SPLIT",
) -> str:
    """Lab 01's train_mlp: the scaffold, then compile and fit with the given arguments' source."""
    return (
        TRAIN_MLP_GIVEN
        + f"    model.compile(\n        optimizer={optimizer},\n        loss={loss},\n"
        + f"        metrics={metrics},\n    )\n"
        + f"    history = model.fit(\n        x_train, y_train, {fit},\n"
        + f"        {held_out}, verbose=verbose,\n    )\n    return model, history\n"
    )


# The backward answers, written as students would, after the scaffold; the parts most
# answers share are named once.
BACKWARD_GIVEN = scaffold(LAB, "backward")

P_MINUS_Y = """    n = len(y)
    delta2 = p.copy()
    delta2[np.arange(n), y] -= 1
    delta2 /= n
"""

RELU_DELTA1 = """    delta1 = (delta2 @ params["W2"].T) * (z1 > 0)
"""

GRADIENTS = """    return {"W1": x.T @ delta1, "b1": delta1.sum(axis=0), "W2": h.T @ delta2, "b2": delta2.sum(axis=0)}
"""


WRONG_ANSWERS = {  # each loses points
    "q2_train_mlp": {
        "the string 'adam': a constant learning rate, no schedule": train_mlp_answer(
            optimizer='"adam"'
        ),
        "one-hot loss for integer labels": train_mlp_answer(loss='"categorical_crossentropy"'),
        "validated on the test set instead of a held-out split": train_mlp_answer(
            held_out="validation_data=(x_test, y_test)"
        ),
        "the number of epochs typed in": train_mlp_answer(fit="epochs=5, batch_size=BATCH_SIZE"),
        "Keras's default batch size": train_mlp_answer(fit="epochs=EPOCHS"),
        "no metric: accuracy never measured": TRAIN_MLP_GIVEN
        + """    model.compile(
        optimizer=keras.optimizers.Adam(schedule),
        loss="sparse_categorical_crossentropy",
    )
    history = model.fit(
        x_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE,
        validation_split=VALIDATION_SPLIT, verbose=verbose,
    )
    return model, history
""",
        "SGD on the schedule": train_mlp_answer(optimizer="keras.optimizers.SGD(schedule)"),
    },
    "q1_build_mlp": {
        "dropout on the inputs of each Dense layer, not after it": BUILD_MLP_GIVEN
        + """    for units in hidden:
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
        layers.append(keras.layers.Dense(units, activation=activation))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers, name=name)
""",
        "hidden layers without their activation": BUILD_MLP_GIVEN
        + """    for units in hidden:
        layers.append(keras.layers.Dense(units))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers, name=name)
""",
        "the output layer gets the hidden activation, no softmax": BUILD_MLP_GIVEN
        + """    for units in hidden:
        layers.append(keras.layers.Dense(units, activation=activation))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(10, activation=activation))
    return keras.Sequential(layers, name=name)
""",
        "logits out: no softmax on the output": BUILD_MLP_GIVEN
        + """    for units in hidden:
        layers.append(keras.layers.Dense(units, activation=activation))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(10))
    return keras.Sequential(layers, name=name)
""",
        "two hidden layers of 512 whatever `hidden` says": BUILD_MLP_GIVEN
        + """    for units in (512, 512):
        layers.append(keras.layers.Dense(units, activation=activation))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers, name=name)
""",
        "always ReLU, ignoring `activation`": BUILD_MLP_GIVEN
        + """    for units in hidden:
        layers.append(keras.layers.Dense(units, activation="relu"))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers, name=name)
""",
        "dropout after the output layer too": BUILD_MLP_GIVEN
        + """    for units in hidden:
        layers.append(keras.layers.Dense(units, activation=activation))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    if dropout:
        layers.append(keras.layers.Dropout(dropout))
    return keras.Sequential(layers, name=name)
""",
        "one dropout layer at the end of the hidden stack only": BUILD_MLP_GIVEN
        + """    for units in hidden:
        layers.append(keras.layers.Dense(units, activation=activation))
    if dropout and hidden:
        layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers, name=name)
""",
        "the width of the first hidden layer for every hidden layer": BUILD_MLP_GIVEN
        + """    for _ in hidden:
        layers.append(keras.layers.Dense(hidden[0], activation=activation))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers, name=name)
""",
        "the name left out": BUILD_MLP_GIVEN
        + """    for units in hidden:
        layers.append(keras.layers.Dense(units, activation=activation))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers)
""",
    },
    "q4_parameters": {
        "forgets the biases": """
def count_parameters(s):
    return sum(a * b for a, b in zip(s[:-1], s[1:]))
""",
        "a bias per input unit": """
def count_parameters(s):
    return sum(a * b + a for a, b in zip(s[:-1], s[1:]))
""",
        "counts units": """
def count_parameters(s):
    return sum(s)
""",
        "pops the input width off the caller's list": """
def count_parameters(layer_sizes):
    total = 0
    previous = layer_sizes.pop(0)
    for width in layer_sizes:
        total += previous * width + width
        previous = width
    return total
""",
        "build_mlp with the hidden widths only (784 in, 10 out assumed)": """
def count_parameters(layer_sizes):
    return build_mlp(hidden=tuple(layer_sizes[1:-1])).count_params()
""",
        "recursion without a one-layer base case": """
def count_parameters(layer_sizes):
    first = (layer_sizes[0] + 1) * layer_sizes[1]
    if len(layer_sizes) == 2:
        return first
    return first + count_parameters(layer_sizes[1:])
""",
        "one bias per layer, not per unit": """
def count_parameters(layer_sizes):
    pairs = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    return sum(a * b for a, b in pairs) + len(pairs)
""",
        "biases of the hidden layers only": """
def count_parameters(layer_sizes):
    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:])) + sum(layer_sizes[1:-1])
""",
        "per-layer counts instead of the total": """
def count_parameters(layer_sizes):
    return [a * b + b for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]
""",
    },
    "q5_softmax": {
        "overflows on large logits": """
def softmax(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=1, keepdims=True)
""",
        "normalises columns": """
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum(axis=0, keepdims=True)
""",
        "normalises the whole array": """
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()
""",
        "subtracts the row minimum": """
def softmax(logits):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.min(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
""",
        "subtracts the row mean": """
def softmax(logits):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.mean(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
""",
        "subtracts each row's first logit": """
def softmax(logits):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z[:, :1])
    return e / e.sum(axis=1, keepdims=True)
""",
        "shifts only when a logit exceeds 700": """
def softmax(logits):
    z = np.asarray(logits, dtype=float)
    if z.max() > 700:
        z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
""",
        "shifts in place (mutates the caller's array)": """
def softmax(logits):
    z = np.asarray(logits)
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
""",
        "subtracts the column maximum": """
def softmax(logits):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
""",
        "no keepdims": """
def softmax(logits):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max(axis=1))
    return e / e.sum(axis=1)
""",
        "no shift, longdouble exp (overflows past ~11356)": """
def softmax(logits):
    z = np.asarray(logits, dtype=np.longdouble)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(float)
""",
        "shift by row max only when positive": """
def softmax(logits):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - np.maximum(z.max(axis=1, keepdims=True), 0))
    return e / e.sum(axis=1, keepdims=True)
""",
        "clip logits to +-700": """
def softmax(logits):
    z = np.clip(np.asarray(logits, dtype=float), -700, 700)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
""",
        "global max, row sums": """
def softmax(logits):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum(axis=1, keepdims=True)
""",
    },
    "q6_vanishing": {
        "sigmoid instead of its derivative": """
def sigmoid_derivative(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
""",
        "z(1 - z)": """
def sigmoid_derivative(z):
    z = np.asarray(z, dtype=float)
    return z * (1 - z)
""",
        "factor 0.5 per layer": """
def max_gradient_factor(n):
    return 0.5 ** n
""",
        "adds instead of multiplies": """
def max_gradient_factor(n):
    return 0.25 * n
""",
        "e^-z / (1 + e^-z)^2 (nan for z <= -710)": """
def sigmoid_derivative(z):
    z = np.asarray(z, dtype=np.float64)
    return np.exp(-z) / (1 + np.exp(-z)) ** 2
""",
        "e^z / (1 + e^z)^2 (nan for z >= 710)": """
def sigmoid_derivative(z):
    z = np.asarray(z, dtype=np.float64)
    return np.exp(z) / (1 + np.exp(z)) ** 2
""",
        "tanh derivative scaled by 1/4": """
def sigmoid_derivative(z):
    z = np.asarray(z, dtype=np.float64)
    return 0.25 * (1 - np.tanh(z) ** 2)
""",
        "maximum of sigma' read off a sampled grid": """
def max_gradient_factor(n_layers):
    return sigmoid_derivative(np.linspace(-10, 10, 1000)).max() ** n_layers
""",
        "the output layer does not count": """
def max_gradient_factor(n_layers):
    return 0.25 ** max(n_layers - 1, 0)
""",
        "at least one layer": """
def max_gradient_factor(n_layers):
    return 0.25 ** max(n_layers, 1)
""",
        "clip z to +-500": """
def sigmoid_derivative(z):
    z = np.clip(np.asarray(z, dtype=float), -500, 500)
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)
""",
    },
    "q7_backprop": {
        "sums over the batch instead of averaging": BACKWARD_GIVEN
        + """    delta2 = p.copy()
    delta2[np.arange(len(y)), y] -= 1
"""
        + RELU_DELTA1
        + GRADIENTS,
        "forgets the ReLU's derivative": BACKWARD_GIVEN
        + P_MINUS_Y
        + """    delta1 = delta2 @ params["W2"].T
"""
        + GRADIENTS,
        "the sigmoid's derivative instead of the ReLU's": BACKWARD_GIVEN
        + P_MINUS_Y
        + """    s = 1 / (1 + np.exp(-z1))
    delta1 = (delta2 @ params["W2"].T) * s * (1 - s)
"""
        + GRADIENTS,
        "W2 not transposed (right shapes only when W2 is square)": BACKWARD_GIVEN
        + P_MINUS_Y
        + """    delta1 = (delta2 @ params["W2"]) * (z1 > 0)
"""
        + GRADIENTS,
        "the sign flipped: Y - P": BACKWARD_GIVEN
        + """    n = len(y)
    delta2 = -p.copy()
    delta2[np.arange(n), y] += 1
    delta2 /= n
"""
        + RELU_DELTA1
        + GRADIENTS,
        "divides by n twice: the biases' gradients as means": BACKWARD_GIVEN
        + P_MINUS_Y
        + RELU_DELTA1
        + """    return {"W1": x.T @ delta1, "b1": delta1.mean(axis=0), "W2": h.T @ delta2, "b2": delta2.mean(axis=0)}
""",
        "the labels subtracted as numbers: P - y": BACKWARD_GIVEN
        + """    delta2 = (p - y[:, None]) / len(y)
"""
        + RELU_DELTA1
        + GRADIENTS,
        "ten classes hard-coded": BACKWARD_GIVEN
        + """    delta2 = (p - np.eye(10)[y]) / len(y)
"""
        + RELU_DELTA1
        + GRADIENTS,
        "W1's gradient from the hidden activations, not the inputs": BACKWARD_GIVEN
        + P_MINUS_Y
        + RELU_DELTA1
        + """    return {"W1": h.T @ delta1, "b1": delta1.sum(axis=0), "W2": h.T @ delta2, "b2": delta2.sum(axis=0)}
""",
        "the ReLU applied to the delta instead of its derivative at Z1": BACKWARD_GIVEN
        + P_MINUS_Y
        + """    back = delta2 @ params["W2"].T
    delta1 = np.maximum(back, 0)
"""
        + GRADIENTS,
        "the softmax's derivative p(1 - p) multiplied in as well": BACKWARD_GIVEN
        + """    n = len(y)
    onehot = np.zeros_like(p)
    onehot[np.arange(n), y] = 1
    delta2 = (p - onehot) * p * (1 - p) / n
"""
        + RELU_DELTA1
        + GRADIENTS,
        "the biases' gradients from the first example only": BACKWARD_GIVEN
        + P_MINUS_Y
        + RELU_DELTA1
        + """    return {"W1": x.T @ delta1, "b1": delta1[0] * len(y), "W2": h.T @ delta2, "b2": delta2[0] * len(y)}
""",
        "finite differences instead of backprop (copies the gradient check)": """
def backward(params, cache, y):
    x = cache["x"]
    y = np.asarray(y)

    def loss(ps):
        h = np.maximum(x @ ps["W1"] + ps["b1"], 0)
        s = h @ ps["W2"] + ps["b2"]
        s = s - s.max(axis=1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        return -logp[np.arange(len(y)), y].mean()

    eps = 1e-5
    grads = {}
    for name, value in params.items():
        g = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            up = {**params, name: value.copy()}
            down = {**params, name: value.copy()}
            up[name][index] += eps
            down[name][index] -= eps
            g[index] = (loss(up) - loss(down)) / (2 * eps)
        grads[name] = g
    return grads
""",
        "also takes the gradient-descent step on params (in place)": """
def backward(params, cache, y, learning_rate=1e-3):
    x, z1, h, p = cache["x"], cache["z1"], cache["h"], cache["p"]
    y = np.asarray(y)
"""
        + P_MINUS_Y
        + RELU_DELTA1
        + """    grads = {"W1": x.T @ delta1, "b1": delta1.sum(axis=0), "W2": h.T @ delta2, "b2": delta2.sum(axis=0)}
    for name in params:
        params[name] -= learning_rate * grads[name]
    return grads
""",
        "the number of classes from the labels: np.eye(y.max() + 1)": BACKWARD_GIVEN
        + """    onehot = np.eye(y.max() + 1)[y]
    delta2 = (p - onehot) / len(y)
"""
        + RELU_DELTA1
        + GRADIENTS,
        "keras.utils.to_categorical without num_classes": """
def backward(params, cache, y):
    x, z1, h, p = cache["x"], cache["z1"], cache["h"], cache["p"]
    onehot = keras.utils.to_categorical(y)
    delta2 = (p - onehot) / len(y)
"""
        + RELU_DELTA1
        + GRADIENTS,
        "the ReLU's derivative as np.sign(z1) (-1 where off)": BACKWARD_GIVEN
        + """    delta2 = p.copy()
    delta2[np.arange(len(y)), y] -= 1
    delta2 /= len(y)
    delta1 = (delta2 @ params["W2"].T) * np.sign(z1)
"""
        + GRADIENTS,
        "multiplies by H instead of ReLU'(Z1)": BACKWARD_GIVEN
        + """    delta2 = p.copy()
    delta2[np.arange(len(y)), y] -= 1
    delta2 /= len(y)
    delta1 = (delta2 @ params["W2"].T) * h
"""
        + GRADIENTS,
        "averages over the classes: / p.shape[1]": BACKWARD_GIVEN
        + """    delta2 = p.copy()
    delta2[np.arange(len(y)), y] -= 1
    delta2 /= p.shape[1]
"""
        + RELU_DELTA1
        + GRADIENTS,
        "divides by n at each layer: delta1 / n again": BACKWARD_GIVEN
        + P_MINUS_Y
        + """    delta1 = (delta2 @ params["W2"].T) * (z1 > 0) / n
"""
        + GRADIENTS,
        "only the true class's column of P - Y": BACKWARD_GIVEN
        + """    n = len(y)
    delta2 = np.zeros_like(p)
    delta2[np.arange(n), y] = p[np.arange(n), y] - 1
    delta2 /= n
"""
        + RELU_DELTA1
        + GRADIENTS,
        "the mask built by overwriting H in place, H then reused for W2": BACKWARD_GIVEN
        + P_MINUS_Y
        + """    mask = h
    mask[mask > 0] = 1
    delta1 = (delta2 @ params["W2"].T) * mask
"""
        + GRADIENTS,
        "W2's gradient from Z1 instead of H": BACKWARD_GIVEN
        + P_MINUS_Y
        + RELU_DELTA1
        + """    return {"W1": x.T @ delta1, "b1": delta1.sum(axis=0), "W2": z1.T @ delta2, "b2": delta2.sum(axis=0)}
""",
        "no gradients for the biases (zeros)": BACKWARD_GIVEN
        + P_MINUS_Y
        + RELU_DELTA1
        + """    return {"W1": x.T @ delta1, "b1": np.zeros_like(params["b1"]), "W2": h.T @ delta2, "b2": np.zeros_like(params["b2"])}
""",
        "the biases' gradients kept 2-D (keepdims=True)": BACKWARD_GIVEN
        + P_MINUS_Y
        + RELU_DELTA1
        + """    return {"W1": x.T @ delta1, "b1": delta1.sum(axis=0, keepdims=True), "W2": h.T @ delta2, "b2": delta2.sum(axis=0, keepdims=True)}
""",
        "W1 gradient transposed: delta1.T @ x": BACKWARD_GIVEN
        + P_MINUS_Y
        + RELU_DELTA1
        + """    return {"W1": delta1.T @ x, "b1": delta1.sum(axis=0), "W2": h.T @ delta2, "b2": delta2.sum(axis=0)}
""",
    },
    "q3_ensemble": {
        "majority vote": """
def ensemble_predict(ps):
    votes = np.array([p.argmax(axis=1) for p in ps])
    return np.array([np.bincount(v).argmax() for v in votes.T])
""",
        "maximum instead of mean": """
def ensemble_predict(ps):
    return np.max(ps, axis=0).argmax(axis=1)
""",
        "first model only": """
def ensemble_predict(ps):
    return ps[0].argmax(axis=1)
""",
        "argmax over models": """
def ensemble_predict(ps):
    return np.mean(ps, axis=0).argmax(axis=0)
""",
        "geometric mean (mean log-probability)": """
def ensemble_predict(probabilities):
    logs = np.log(np.asarray(probabilities) + 1e-12)
    return logs.mean(axis=0).argmax(axis=1)
""",
        "weights each model by its confidence": """
def ensemble_predict(probabilities):
    p = np.asarray(probabilities)
    weights = p.max(axis=2, keepdims=True)
    return (p * weights).sum(axis=0).argmax(axis=1)
""",
        "median over models": """
def ensemble_predict(probabilities):
    return np.median(probabilities, axis=0).argmax(axis=1)
""",
        "product of probabilities": """
def ensemble_predict(probabilities):
    return np.prod(probabilities, axis=0).argmax(axis=1)
""",
        "trusts the most confident model": """
def ensemble_predict(probabilities):
    p = np.asarray(probabilities)
    best = p.max(axis=2).argmax(axis=0)
    return p[best, np.arange(p.shape[1])].argmax(axis=1)
""",
        "confidence-weighted vote": """
def ensemble_predict(probabilities):
    p = np.asarray(probabilities)
    votes = np.zeros(p.shape[1:])
    for model in p:
        votes[np.arange(len(model)), model.argmax(axis=1)] += model.max(axis=1)
    return votes.argmax(axis=1)
""",
        "mean of squared probabilities": """
def ensemble_predict(probabilities):
    return np.mean(np.asarray(probabilities) ** 2, axis=0).argmax(axis=1)
""",
        "mean of sqrt probabilities": """
def ensemble_predict(probabilities):
    return np.mean(np.sqrt(np.asarray(probabilities)), axis=0).argmax(axis=1)
""",
        "softmax of each model's probabilities, then mean": """
def ensemble_predict(probabilities):
    p = np.asarray(probabilities)
    e = np.exp(p); e = e / e.sum(axis=2, keepdims=True)
    return e.mean(axis=0).argmax(axis=1)
""",
        "majority vote, ties by mean": """
def ensemble_predict(probabilities):
    p = np.asarray(probabilities)
    votes = np.zeros(p.shape[1:])
    for m in p:
        votes[np.arange(len(m)), m.argmax(1)] += 1
    return (votes + 1e-3 * p.mean(0)).argmax(1)
""",
    },
}


VALID_ANSWERS = {  # each gets full marks
    "q2_train_mlp": {
        "loss and metric objects, keyword arguments": train_mlp_answer(
            optimizer="keras.optimizers.Adam(learning_rate=schedule)",
            loss="keras.losses.SparseCategoricalCrossentropy()",
            metrics='[keras.metrics.SparseCategoricalAccuracy(name="accuracy")]',
        ),
        "the loss function itself, positional fit, a debug print": TRAIN_MLP_GIVEN
        + """    model.compile(keras.optimizers.Adam(schedule), keras.losses.sparse_categorical_crossentropy,
                  metrics=["accuracy"])
    print("training for", EPOCHS, "epochs")
    history = model.fit(x_train, y_train, BATCH_SIZE, EPOCHS, verbose,
                        validation_split=VALIDATION_SPLIT)
    return model, history
""",
        "the split typed as 0.1, the History taken from model.history": TRAIN_MLP_GIVEN
        + """    model.compile(
        optimizer=keras.optimizers.Adam(schedule),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_split=0.1,
              verbose=0)
    return model, model.history
""",
    },
    "q1_build_mlp": {
        "Dense, then a separate Activation layer": BUILD_MLP_GIVEN
        + """    for units in hidden:
        layers += [keras.layers.Dense(units), keras.layers.Activation(activation)]
        if dropout > 0:
            layers.append(keras.layers.Dropout(dropout))
    layers += [keras.layers.Dense(10), keras.layers.Softmax()]
    return keras.Sequential(layers, name=name)
""",
        "a Dropout layer after every hidden layer, rate 0 included": BUILD_MLP_GIVEN
        + """    for units in hidden:
        layers.append(keras.layers.Dense(units, activation=activation))
        layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers, name=name)
""",
        "the functional API, with a debug print": BUILD_MLP_GIVEN
        + """    inputs = keras.Input(shape=(784,))
    h = inputs
    for layer in layers[1:]:
        h = layer(h)
    for units in hidden:
        h = keras.layers.Dense(units, activation=activation)(h)
        if dropout:
            h = keras.layers.Dropout(rate=dropout)(h)
    print("built", hidden, activation)
    outputs = keras.layers.Dense(10, activation=keras.activations.softmax)(h)
    return keras.Model(inputs, outputs, name=name)
""",
        "model.add on a Sequential": BUILD_MLP_GIVEN
        + """    model = keras.Sequential(name=name)
    for layer in layers:
        model.add(layer)
    for units in hidden:
        model.add(keras.layers.Dense(units, activation=activation))
        if dropout:
            model.add(keras.layers.Dropout(dropout))
    model.add(keras.layers.Dense(10, activation="softmax"))
    return model
""",
    },
    "q4_parameters": {
        "Keras builds the MLP and counts": """
def count_parameters(layer_sizes):
    if len(layer_sizes) < 2:
        return 0
    model = keras.Sequential([keras.Input((layer_sizes[0],))]
                             + [keras.layers.Dense(n) for n in layer_sizes[1:]])
    return model.count_params()
""",
        "index loop": """
def count_parameters(layer_sizes):
    total = 0
    for i in range(1, len(layer_sizes)):
        total += layer_sizes[i - 1] * layer_sizes[i] + layer_sizes[i]
    return total
""",
        "np.dot of widths": """
def count_parameters(layer_sizes):
    s = np.asarray(layer_sizes, dtype=np.int64)
    return int(np.dot(s[:-1], s[1:]) + s[1:].sum())
""",
        "prints (debug)": """
def count_parameters(layer_sizes):
    print('layer sizes:', layer_sizes)
    return sum((a + 1) * b for a, b in zip(layer_sizes, layer_sizes[1:]))
""",
        "reduce with operator": """
from functools import reduce
def count_parameters(layer_sizes):
    return reduce(lambda t, ab: t + (ab[0] + 1) * ab[1], zip(layer_sizes, layer_sizes[1:]), 0)
""",
        "float result": """
def count_parameters(layer_sizes):
    s = np.asarray(layer_sizes, dtype=float)
    return float(np.sum((s[:-1] + 1) * s[1:]))
""",
    },
    "q5_softmax": {
        "scipy.special.softmax": """
def softmax(logits):
    from scipy.special import softmax as sp_softmax
    return sp_softmax(np.asarray(logits, dtype=float), axis=1)
""",
        "logsumexp": """
def softmax(logits):
    from scipy.special import logsumexp
    z = np.asarray(logits, dtype=float)
    return np.exp(z - logsumexp(z, axis=1, keepdims=True))
""",
        "row loop": """
def softmax(logits):
    rows = []
    for row in np.asarray(logits, dtype=float):
        e = np.exp(row - np.max(row))
        rows.append(e / np.sum(e))
    return np.array(rows)
""",
        "transposed broadcasting": """
def softmax(logits):
    z = np.asarray(logits, dtype=float).T
    e = np.exp(z - z.max(axis=0))
    return (e / e.sum(axis=0)).T
""",
        "prints (debug)": """
def softmax(logits):
    z = np.asarray(logits, dtype=float)
    print('max logit per row:', z.max(axis=1))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
""",
        "keras.activations.softmax": """
def softmax(logits):
    logits = np.asarray(logits, dtype=np.float64)
    return keras.ops.convert_to_numpy(keras.activations.softmax(logits, axis=1))
""",
        "tf.nn.softmax": """
def softmax(logits):
    import tensorflow as tf
    logits = np.asarray(logits, dtype=np.float64)
    return tf.nn.softmax(logits, axis=1).numpy()
""",
        "logaddexp.reduce": """
def softmax(logits):
    z = np.asarray(logits, dtype=np.float64)
    return np.exp(z - np.logaddexp.reduce(z, axis=1, keepdims=True))
""",
        "float32 numpy": """
def softmax(logits):
    z = np.asarray(logits, dtype=np.float32)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
""",
        "keras.ops.softmax on float32 tensor": """
def softmax(logits):
    return keras.ops.convert_to_numpy(keras.ops.softmax(keras.ops.convert_to_tensor(logits, 'float32'), axis=1))
""",
    },
    "q6_vanishing": {
        "scipy.special.expit": """
from scipy.special import expit
def sigmoid_derivative(z):
    return expit(z) * expit(-np.asarray(z, dtype=float))
def max_gradient_factor(n_layers):
    return float(sigmoid_derivative(0.0)) ** n_layers
""",
        "tanh identity and a loop": """
def sigmoid_derivative(z):
    z = np.asarray(z, dtype=float)
    return 0.25 * (1 - np.tanh(z / 2) ** 2)
def max_gradient_factor(n_layers):
    factor = 1.0
    for _ in range(n_layers):
        factor *= 0.25
    return factor
""",
        "stable exp(-|z|) form and 1 / 4 ** n": """
def sigmoid_derivative(z):
    e = np.exp(-np.abs(np.asarray(z, dtype=float)))
    return e / (1 + e) ** 2
def max_gradient_factor(n_layers):
    return 1 / 4 ** n_layers
""",
        "prints (debug)": """
def sigmoid_derivative(z):
    z = np.asarray(z, dtype=float)
    s = 1 / (1 + np.exp(-z))
    print('sigmoid:', s)
    return s - s ** 2
def max_gradient_factor(n_layers):
    print('layers:', n_layers)
    return 0.25 ** n_layers
""",
        "keras.ops.sigmoid (float64 input kept)": """
def sigmoid_derivative(z):
    z = np.asarray(z, dtype=np.float64)
    s = keras.ops.convert_to_numpy(keras.ops.sigmoid(z))
    return s * (1 - s)
def max_gradient_factor(n_layers):
    return 0.25 ** n_layers
""",
        "math loop with stable branch": """
import math
def sigmoid_derivative(z):
    z = np.asarray(z, dtype=np.float64)
    def s(v):
        return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))
    return np.vectorize(lambda v: s(v) * (1 - s(v)))(z)
def max_gradient_factor(n_layers):
    return math.pow(0.25, n_layers)
""",
        "np.power(4., -n) and np.float32 0.25": """
def sigmoid_derivative(z):
    z = np.asarray(z, dtype=np.float64)
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)
def max_gradient_factor(n_layers):
    return np.float32(0.25) ** n_layers
""",
        "numpy float32": """
def sigmoid_derivative(z):
    z = np.asarray(z, dtype=np.float32)
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)
def max_gradient_factor(n_layers):
    return 0.25 ** n_layers
""",
        "keras.activations.sigmoid float32": """
def sigmoid_derivative(z):
    s = keras.ops.convert_to_numpy(keras.activations.sigmoid(keras.ops.convert_to_tensor(np.asarray(z), 'float32')))
    return s * (1 - s)
def max_gradient_factor(n_layers):
    return 0.25 ** n_layers
""",
    },
    "q7_backprop": {
        "one-hot labels from np.eye, the number of classes read off p": BACKWARD_GIVEN
        + """    onehot = np.eye(p.shape[1])[y]
    delta2 = (p - onehot) / len(y)
    delta1 = delta2 @ params["W2"].T * (z1 > 0)
"""
        + GRADIENTS,
        "a loop over the examples with outer products": BACKWARD_GIVEN
        + """    grads = {name: np.zeros_like(value) for name, value in params.items()}
    for i in range(len(y)):
        d2 = p[i].copy()
        d2[y[i]] -= 1
        d1 = params["W2"].dot(d2) * (z1[i] > 0)
        grads["W2"] += np.outer(h[i], d2)
        grads["b2"] += d2
        grads["W1"] += np.outer(x[i], d1)
        grads["b1"] += d1
    for name in grads:
        grads[name] /= len(y)
    return grads
""",
        "np.einsum, np.where and the mask from H, with a debug print": BACKWARD_GIVEN
        + """    onehot = (np.arange(p.shape[1]) == y[:, None]).astype(float)
    delta2 = (p - onehot) / y.shape[0]
    delta1 = np.where(h > 0, np.einsum("nc,kc->nk", delta2, params["W2"]), 0.0)
    print("delta shapes:", delta1.shape, delta2.shape)
    gradients = {}
    gradients["W2"] = np.einsum("nk,nc->kc", h, delta2)
    gradients["b2"] = np.sum(delta2, axis=0)
    gradients["W1"] = np.einsum("nd,nk->dk", x, delta1)
    gradients["b1"] = np.sum(delta1, axis=0)
    return gradients
""",
        "np.heaviside, the mean taken at the end": BACKWARD_GIVEN
        + """    error = p.copy()
    error[np.arange(len(y)), y] -= 1
    back = (error @ params["W2"].T) * np.heaviside(z1, 0.0)
    n = len(y)
    return {
        "W2": h.T @ error / n,
        "b2": error.mean(axis=0),
        "W1": x.T @ back / n,
        "b1": back.mean(axis=0),
    }
""",
        "keras.utils.to_categorical with num_classes, np.dot": """
def backward(params, cache, y):
    x, z1, h, p = cache["x"], cache["z1"], cache["h"], cache["p"]
    Y = keras.utils.to_categorical(y, num_classes=p.shape[1])
    n = x.shape[0]
    dZ2 = (p - Y) / n
    dW2 = np.dot(h.T, dZ2)
    db2 = np.sum(dZ2, axis=0)
    dH = np.dot(dZ2, params["W2"].T)
    dZ1 = dH * (z1 > 0).astype(float)
    dW1 = np.dot(x.T, dZ1)
    db1 = np.sum(dZ1, axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
""",
        "the full softmax Jacobian per example, from dL/dP = -Y / (nP)": BACKWARD_GIVEN
        + """    n, c = p.shape
    dp = np.zeros_like(p)
    dp[np.arange(n), y] = -1 / (n * p[np.arange(n), y])
    jacobians = np.einsum("ij,jk->ijk", p, np.eye(c)) - np.einsum("ij,ik->ijk", p, p)
    dscores = np.einsum("ijk,ij->ik", jacobians, dp)
    dh = dscores @ params["W2"].T
    dz1 = dh * (z1 > 0)
    return {"W1": x.T @ dz1, "b1": dz1.sum(0), "W2": h.T @ dscores, "b2": dscores.sum(0)}
""",
        "recomputes the forward pass from params and x, log-sum-exp softmax": """
def backward(params, cache, y):
    x = cache["x"]
    y = np.asarray(y)
    z1 = x @ params["W1"] + params["b1"]
    h = np.maximum(0, z1)
    s = h @ params["W2"] + params["b2"]
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    d2 = p / len(y)
    d1 = d2 @ params["W2"].T
    d1[z1 <= 0] = 0
    return dict(W1=x.T @ d1, b1=d1.sum(axis=0), W2=h.T @ d2, b2=d2.sum(axis=0))
""",
        "P - Y written into the cache's own P (no copy)": """
def backward(params, cache, y):
    p = cache["p"]
    n = len(y)
    p[range(n), y] -= 1
    p /= n
    dh = p @ params["W2"].T
    dz = dh * (cache["h"] > 0)
    return {"W2": cache["h"].T @ p, "b2": p.sum(axis=0), "W1": cache["x"].T @ dz, "b1": dz.sum(axis=0)}
""",
        "np.sign(H) as the ReLU's derivative, np.matmul and np.add.reduce": BACKWARD_GIVEN
        + """    Y = np.zeros(p.shape)
    Y[np.arange(y.size), y] = 1.0
    d2 = (p - Y) / y.size
    d1 = np.matmul(d2, np.transpose(params["W2"])) * np.sign(h)
    return {
        "W1": np.matmul(np.transpose(x), d1),
        "b1": np.add.reduce(d1, axis=0),
        "W2": np.matmul(np.transpose(h), d2),
        "b2": np.add.reduce(d2, axis=0),
    }
""",
        "keras.ops in float64, tensors returned": """
def backward(params, cache, y):
    ops = keras.ops
    x, z1, h, p = cache["x"], cache["z1"], cache["h"], cache["p"]
    n = p.shape[0]
    Y = ops.one_hot(ops.convert_to_tensor(y), p.shape[1], dtype="float64")
    d2 = (ops.convert_to_tensor(p) - Y) / n
    d1 = ops.matmul(d2, ops.transpose(params["W2"])) * ops.cast(z1 > 0, "float64")
    return {
        "W1": ops.matmul(ops.transpose(x), d1),
        "b1": ops.sum(d1, axis=0),
        "W2": ops.matmul(ops.transpose(h), d2),
        "b2": ops.sum(d2, axis=0),
    }
""",
        "computed in float32, as Keras does": """
def backward(params, cache, y):
    f = lambda a: np.asarray(a, dtype=np.float32)
    x, z1, h, p = f(cache["x"]), f(cache["z1"]), f(cache["h"]), f(cache["p"])
    y = np.asarray(y)
    d2 = p.copy()
    d2[np.arange(len(y)), y] -= 1
    d2 /= len(y)
    d1 = d2 @ f(params["W2"]).T * (z1 > 0)
    return {"W1": x.T @ d1, "b1": d1.sum(0), "W2": h.T @ d2, "b2": d2.sum(0)}
""",
        "labels as a Python list, np.take_along_axis, tensordot": """
def backward(params, cache, y):
    x, z1, h, p = cache["x"], cache["z1"], cache["h"], cache["p"]
    labels = [int(label) for label in y]
    idx = np.array(labels)[:, None]
    d2 = p.copy()
    np.put_along_axis(d2, idx, np.take_along_axis(p, idx, axis=1) - 1, axis=1)
    d2 = d2 / len(labels)
    d1 = np.tensordot(d2, params["W2"], axes=([1], [1])) * (z1 > 0)
    return {
        "W1": np.tensordot(x, d1, axes=([0], [0])),
        "b1": d1.sum(axis=0),
        "W2": np.tensordot(h, d2, axes=([0], [0])),
        "b2": d2.sum(axis=0),
    }
""",
        "transposed products: (delta.T @ A).T, one-hot by broadcasting": """
def backward(params, cache, y):
    x, z1, h, p = cache["x"], cache["z1"], cache["h"], cache["p"]
    y = np.asarray(y).reshape(-1, 1)
    Y = (y == np.arange(p.shape[-1])).astype(p.dtype)
    delta2 = (p - Y) / x.shape[0]
    delta1 = (params["W2"] @ delta2.T).T * np.greater(z1, 0)
    grads = dict()
    grads["W2"] = (delta2.T @ h).T
    grads["b2"] = np.ones(len(y)) @ delta2
    grads["W1"] = (delta1.T @ x).T
    grads["b1"] = np.ones(len(y)) @ delta1
    return grads
""",
        "pure Python loops over examples, classes and units": """
def backward(params, cache, y):
    x, z1, h, p = cache["x"], cache["z1"], cache["h"], cache["p"]
    n, c = p.shape
    k = h.shape[1]
    g = {name: np.zeros(value.shape) for name, value in params.items()}
    for i in range(n):
        d2 = [p[i, j] - (1 if j == y[i] else 0) for j in range(c)]
        for j in range(c):
            g["b2"][j] += d2[j] / n
            for u in range(k):
                g["W2"][u, j] += h[i, u] * d2[j] / n
        for u in range(k):
            if z1[i, u] > 0:
                d1 = sum(params["W2"][u, j] * d2[j] for j in range(c))
                g["b1"][u] += d1 / n
                g["W1"][:, u] += x[i] * d1 / n
    return g
""",
        "debug prints, np.mean of per-example outer products": BACKWARD_GIVEN
        + """    Y = np.eye(p.shape[1])[y]
    e2 = p - Y
    e1 = (e2 @ params["W2"].T) * (z1 > 0)
    print("loss:", -np.mean(np.log(p[np.arange(len(y)), y])))
    out = {
        "W1": np.mean(x[:, :, None] * e1[:, None, :], axis=0),
        "b1": np.mean(e1, axis=0),
        "W2": np.mean(h[:, :, None] * e2[:, None, :], axis=0),
        "b2": np.mean(e2, axis=0),
    }
    print({k: v.shape for k, v in out.items()})
    return out
""",
        "keras.ops.one_hot (float32), converted to NumPy": """
def backward(params, cache, y):
    x, z1, h, p = cache["x"], cache["z1"], cache["h"], cache["p"]
    Y = keras.ops.convert_to_numpy(keras.ops.one_hot(y, p.shape[1]))
    d2 = (p - Y) / len(y)
    d1 = d2 @ params["W2"].T * (z1 > 0)
    return {"W1": x.T @ d1, "b1": d1.sum(0), "W2": h.T @ d2, "b2": d2.sum(0)}
""",
        "tf.one_hot in float64, minus NumPy's P": """
def backward(params, cache, y):
    import tensorflow as tf
    x, z1, h, p = cache["x"], cache["z1"], cache["h"], cache["p"]
    Y = tf.one_hot(y, p.shape[1], dtype=tf.float64)
    d2 = ((p - Y) / len(y)).numpy()
    d1 = d2 @ params["W2"].T * (z1 > 0)
    return {"W1": x.T @ d1, "b1": d1.sum(0), "W2": h.T @ d2, "b2": d2.sum(0)}
""",
        "uint8 labels, as y_train has them": """
def backward(params, cache, y):
    x, z1, h, p = cache["x"], cache["z1"], cache["h"], cache["p"]
    y = np.asarray(y).astype(np.uint8)
    n = y.shape[0]
    d2 = p - np.eye(p.shape[1])[y]
    d2 = d2 / n
    d1 = d2 @ params["W2"].T * (z1 > 0)
    return {"W1": x.T @ d1, "b1": d1.sum(0), "W2": h.T @ d2, "b2": d2.sum(0)}
""",
    },
    "q3_ensemble": {
        "sum instead of mean": """
def ensemble_predict(probabilities):
    return np.sum(probabilities, axis=0).argmax(axis=1)
""",
        "np.stack and argmax(-1)": """
def ensemble_predict(probabilities):
    return np.argmax(np.stack(probabilities).mean(axis=0), axis=-1)
""",
        "loop over models": """
def ensemble_predict(probabilities):
    total = 0
    for p in probabilities:
        total = total + np.asarray(p)
    return np.argmax(total / len(probabilities), axis=1)
""",
        "prints (debug)": """
def ensemble_predict(probabilities):
    print(len(probabilities), 'models')
    return np.mean(probabilities, axis=0).argmax(axis=1)
""",
        "keras.ops": """
def ensemble_predict(probabilities):
    return keras.ops.convert_to_numpy(keras.ops.argmax(keras.ops.mean(keras.ops.stack(probabilities), axis=0), axis=1))
""",
        "python sum of arrays, list result": """
def ensemble_predict(probabilities):
    return list(sum(probabilities).argmax(axis=1))
""",
        "tf tensor returned": """
def ensemble_predict(probabilities):
    import tensorflow as tf
    return tf.argmax(tf.reduce_mean(tf.stack(probabilities), axis=0), axis=1)
""",
    },
}


def lab_globals(master: Path) -> dict:
    """What lab 01's exercises use from the notebook, built small."""
    env = {"np": np, "keras": keras}
    exec(notebook_function(master, "build_mlp"), env)
    rng = np.random.default_rng(0)
    members = [rng.dirichlet(np.ones(10), size=50) for _ in range(3)]
    x_train, y_train = flattened_digits()
    env.update(
        baseline=keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)]),
        member_probabilities=members,
        y_test=rng.integers(0, 10, 50),
        x_test=x_train[:50],
        x_train=x_train,
        y_train=y_train,
        EPOCHS=2,
        BATCH_SIZE=128,
        VALIDATION_SPLIT=0.1,
    )
    return env
