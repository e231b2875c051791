"""Answers students write, for the graded questions of every lab: {lab: {question: {idea: source}}}.

Each source is run in globals like the lab's after it has run (``np``, ``keras``, ``L``, the
notebook's own helpers), after the solution, so that its definition replaces the solution's.

``WRONG_ANSWERS`` are plausible wrong ideas: each must lose points. ``VALID_ANSWERS`` are correct
answers written differently from the solution (other libraries, loops, other return types, a debug
``print``): each must get full marks. Many come from red-team passes that tried, for every
question, the inputs where a wrong idea and the right one differ.
"""

# What lab 01's scaffolds for questions 1 and 2 hand out written; each answer adds its own body.
BUILD_MLP_GIVEN = """
def build_mlp(hidden=(512, 512), activation="relu", dropout=0.0, shift=0.0, name="mlp"):
    layers = [keras.Input(shape=(784,))]
    if shift:
        layers += [
            keras.layers.Reshape((28, 28, 1)),
            keras.layers.RandomTranslation(shift, shift, fill_mode="constant"),
            keras.layers.Flatten(),
        ]
"""
TRAIN_MLP_GIVEN = """
def train_mlp(seed, verbose=2):
    keras.utils.set_random_seed(seed)
    model = build_mlp(hidden=(512, 512), dropout=0.25, shift=0.08, name=f"mlp_seed{seed}")
    steps = EPOCHS * int(np.ceil(len(x_train) * (1 - VALIDATION_SPLIT) / BATCH_SIZE))
    schedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=steps)
"""


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


# What most of lab 02's pipeline answers start with: the HOG settings, gathered.
HOG_PIPELINE_GIVEN = """
def hog_pipeline(classifier, orientations=8, pixels_per_cell=(4, 4), cells_per_block=(1, 1)):
    settings = dict(
        orientations=orientations,
        pixels_per_cell=pixels_per_cell,
        cells_per_block=cells_per_block,
        progress=False,
    )"""

# Lab 04's autoencoder answers, written as most students would; each idea changes one part.
AUTOENCODER_PARTS = {
    "encoder_hidden": '*[L.Dense(units, activation="relu") for units in hidden]',
    "code": "L.Dense(code_size)",
    "decoder_hidden": '*[L.Dense(units, activation="relu") for units in reversed(hidden)]',
    "output": 'L.Dense(784, activation="sigmoid")',
    "autoencoder": "keras.Sequential([encoder, decoder])",
    "compile": 'optimizer="adam", loss="binary_crossentropy", metrics=["mse"]',
}


def autoencoder_answer(**changed: str) -> str:
    """A Sequential build_autoencoder with the question's parts, some replaced."""
    part = {**AUTOENCODER_PARTS, **changed}
    return (
        "def build_autoencoder(code_size, hidden=(512, 256)):\n"
        f"    encoder = keras.Sequential([keras.Input(shape=(784,)), {part['encoder_hidden']},"
        f" {part['code']}])\n"
        f"    decoder = keras.Sequential([keras.Input(shape=(code_size,)), {part['decoder_hidden']},"
        f" {part['output']}])\n"
        f"    autoencoder = {part['autoencoder']}\n"
        f"    autoencoder.compile({part['compile']})\n"
        "    return encoder, decoder, autoencoder\n"
    )


# What lab 05's build_mlp scaffold hands out written; each answer adds its own body.
REGULARISED_MLP_GIVEN = """
def build_mlp(dropout=0.0, l2=0.0, batchnorm=False, augment=False):
    regulariser = keras.regularizers.L2(l2) if l2 else None
    layers = [
        keras.Input(shape=(28, 28, 1)),
        *(augmentation_layers() if augment else []),
        L.Flatten(),
    ]
"""
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


# What lab 03's LeNet answers share: the table's layers, written as most students would.
LENET_LAYERS = {
    "conv1": 'L.Conv2D(6, 5, padding="same", activation="relu", name="conv1")',
    "pool1": "L.MaxPooling2D()",
    "conv2": 'L.Conv2D(16, 5, activation="relu", name="conv2")',
    "pool2": "L.MaxPooling2D()",
    "flatten": "L.Flatten()",
    "dense1": 'L.Dense(120, activation="relu")',
    "dense2": 'L.Dense(84, activation="relu")',
    "output": 'L.Dense(10, activation="softmax")',
}


def lenet_answer(**changed: str) -> str:
    """A Sequential build_lenet with the table's layers, some replaced (``""`` drops one)."""
    layers = {**LENET_LAYERS, **changed}
    listed = "".join(f"            {layer},\n" for layer in layers.values() if layer)
    return (
        'def build_lenet(name="lenet"):\n'
        "    return keras.Sequential(\n"
        "        [\n"
        "            keras.Input(shape=(28, 28, 1)),\n"
        f"{listed}"
        "        ],\n"
        "        name=name,\n"
        "    )\n"
    )


# Lab 01's backward and lab 03's residual_block answers, written as students would; the
# parts most answers share are named once.
BACKWARD_GIVEN = """
def backward(params, cache, y):
    x, z1, h, p = cache["x"], cache["z1"], cache["h"], cache["p"]
    y = np.asarray(y)
"""
P_MINUS_Y = """    n = len(y)
    delta2 = p.copy()
    delta2[np.arange(n), y] -= 1
    delta2 /= n
"""
RELU_DELTA1 = """    delta1 = (delta2 @ params["W2"].T) * (z1 > 0)
"""
GRADIENTS = """    return {"W1": x.T @ delta1, "b1": delta1.sum(axis=0), "W2": h.T @ delta2, "b2": delta2.sum(axis=0)}
"""
RESIDUAL_GIVEN = """
def residual_block(x, filters):
"""
CONV_RELU = """    y = L.Conv2D(filters, 3, padding="same", activation="relu")(x)
"""
CONV_LINEAR = """    y = L.Conv2D(filters, 3, padding="same")(y)
"""
RELU_OF_SUM = """    return L.Activation("relu")(L.Add()([x, y]))
"""


WRONG_ANSWERS = {  # each loses points
    "01_mlp": {
        "q2_train_mlp": {
            "the string 'adam': a constant learning rate, no schedule": train_mlp_answer(
                optimizer='"adam"'
            ),
            "one-hot loss for integer labels": train_mlp_answer(loss='"categorical_crossentropy"'),
            "validated on the test set instead of a held-out split": train_mlp_answer(
                held_out="validation_data=(x_test, y_test)"
            ),
            "the number of epochs typed in": train_mlp_answer(
                fit="epochs=5, batch_size=BATCH_SIZE"
            ),
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
    },
    "02_hog_classifier": {
        "q1_gradient": {
            "flips the kernels (convolution)": """
def gradient_at(p):
    p = np.asarray(p, dtype=float)
    gx, gy = np.sum(p * sobel_x[::-1, ::-1]), np.sum(p * sobel_y[::-1, ::-1])
    return gx, gy, np.hypot(gx, gy), np.degrees(np.arctan2(gy, gx)) % 180
""",
            "signed orientation": """
def gradient_at(p):
    p = np.asarray(p, dtype=float)
    gx, gy = np.sum(p * sobel_x), np.sum(p * sobel_y)
    return gx, gy, np.hypot(gx, gy), np.degrees(np.arctan2(gy, gx))
""",
            "radians": """
def gradient_at(p):
    p = np.asarray(p, dtype=float)
    gx, gy = np.sum(p * sobel_x), np.sum(p * sobel_y)
    return gx, gy, np.hypot(gx, gy), np.arctan2(gy, gx) % np.pi
""",
            "|gx| + |gy| as magnitude": """
def gradient_at(p):
    p = np.asarray(p, dtype=float)
    gx, gy = np.sum(p * sobel_x), np.sum(p * sobel_y)
    return gx, gy, abs(gx) + abs(gy), np.degrees(np.arctan2(gy, gx)) % 180
""",
            "|signed angle| % 180": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx, gy = np.sum(patch * sobel_x), np.sum(patch * sobel_y)
    return gx, gy, np.hypot(gx, gy), abs(np.degrees(np.arctan2(gy, gx))) % 180
""",
            "arctan2(|gy|, |gx|) (folds into [0, 90])": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx, gy = np.sum(patch * sobel_x), np.sum(patch * sobel_y)
    return gx, gy, np.hypot(gx, gy), np.degrees(np.arctan2(abs(gy), abs(gx)))
""",
            "orientation truncated to whole degrees": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx, gy = np.sum(patch * sobel_x), np.sum(patch * sobel_y)
    return gx, gy, np.hypot(gx, gy), int(np.degrees(np.arctan2(gy, gx)) % 180)
""",
            "arctan(gy / gx) unguarded": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx, gy = np.sum(patch * sobel_x), np.sum(patch * sobel_y)
    return gx, gy, np.hypot(gx, gy), np.degrees(np.arctan(gy / gx)) % 180
""",
            "adds 180 to negative angles only": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx, gy = np.sum(patch * sobel_x), np.sum(patch * sobel_y)
    angle = np.degrees(np.arctan2(gy, gx))
    return gx, gy, np.hypot(gx, gy), angle + 180 if angle < 0 else angle
""",
            "y axis pointing up": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx, gy = np.sum(patch * sobel_x), np.sum(patch * sobel_y)
    return gx, gy, np.hypot(gx, gy), np.degrees(np.arctan2(-gy, gx)) % 180
""",
            "normalised Sobel (divided by 8)": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx, gy = np.sum(patch * sobel_x) / 8, np.sum(patch * sobel_y) / 8
    return gx, gy, np.hypot(gx, gy), np.degrees(np.arctan2(gy, gx)) % 180
""",
            "edge orientation (gradient + 90)": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx, gy = np.sum(patch * sobel_x), np.sum(patch * sobel_y)
    return gx, gy, np.hypot(gx, gy), (np.degrees(np.arctan2(gy, gx)) + 90) % 180
""",
        },
        "q2_hog_length": {
            "blocks do not overlap": """
def hog_length(size, cell, block, orientations):
    blocks = (size // cell) // block
    return blocks * blocks * block * block * orientations
""",
            "ignores blocks": """
def hog_length(size, cell, block, orientations):
    return (size // cell) ** 2 * orientations
""",
            "keeps partial cells": """
def hog_length(size, cell, block, orientations):
    blocks = -(-size // cell) - block + 1
    return blocks * blocks * block * block * orientations
""",
            "blocks slide one pixel": """
def hog_length(size, cell, block, orientations):
    blocks = size - block * cell + 1
    return blocks * blocks * block * block * orientations
""",
            "rounds the number of cells": """
def hog_length(size, cell, block, orientations):
    blocks = round(size / cell) - block + 1
    return blocks * blocks * block * block * orientations
""",
            "overlap of one cell whatever the block": """
def hog_length(size, cell, block, orientations):
    cells = size // cell
    blocks = cells - 1 if block > 1 else cells
    return blocks * blocks * block * block * orientations
""",
            "block not squared": """
def hog_length(size, cell, block, orientations):
    blocks = size // cell - block + 1
    return blocks * blocks * block * orientations
""",
            "float division, truncated at the end": """
def hog_length(size, cell, block, orientations):
    blocks = size / cell - block + 1
    return int(blocks * blocks * block * block * orientations)
""",
        },
        "q3_hog_pipeline": {
            "no scaler": HOG_PIPELINE_GIVEN
            + """
    return make_pipeline(FunctionTransformer(features.hog_features, kw_args=settings), classifier)
""",
            "each batch standardised by its own statistics (test images included)": HOG_PIPELINE_GIVEN
            + """
    def hog_standardised(images):
        return StandardScaler().fit_transform(features.hog_features(images, **settings))

    return make_pipeline(FunctionTransformer(hog_standardised), classifier)
""",
            "the settings ignored: always the course's HOG": """
def hog_pipeline(classifier, orientations=8, pixels_per_cell=(4, 4), cells_per_block=(1, 1)):
    to_hog = FunctionTransformer(features.hog_features, kw_args={"progress": False})
    return make_pipeline(to_hog, StandardScaler(), classifier)
""",
            "cells_per_block forgotten": """
def hog_pipeline(classifier, orientations=8, pixels_per_cell=(4, 4), cells_per_block=(1, 1)):
    settings = dict(orientations=orientations, pixels_per_cell=pixels_per_cell, progress=False)
    to_hog = FunctionTransformer(features.hog_features, kw_args=settings)
    return make_pipeline(to_hog, StandardScaler(), classifier)
""",
            "a new logistic regression instead of the classifier passed in": HOG_PIPELINE_GIVEN
            + """
    to_hog = FunctionTransformer(features.hog_features, kw_args=settings)
    return make_pipeline(to_hog, StandardScaler(), LogisticRegression(max_iter=300))
""",
            "scaled to [0, 1] (MinMaxScaler), not standardised": HOG_PIPELINE_GIVEN
            + """
    from sklearn.preprocessing import MinMaxScaler

    to_hog = FunctionTransformer(features.hog_features, kw_args=settings)
    return make_pipeline(to_hog, MinMaxScaler(), classifier)
""",
            "raw pixels: no HOG step": """
def hog_pipeline(classifier, orientations=8, pixels_per_cell=(4, 4), cells_per_block=(1, 1)):
    flatten = FunctionTransformer(lambda images: images.reshape(len(images), -1))
    return make_pipeline(flatten, StandardScaler(), classifier)
""",
            "the scaler before HOG, on the pixels": HOG_PIPELINE_GIVEN
            + """
    def scale_pixels(images):
        flat = images.reshape(len(images), -1).astype(float)
        return ((flat - flat.mean()) / flat.std()).reshape(images.shape)

    to_hog = FunctionTransformer(features.hog_features, kw_args=settings)
    return make_pipeline(FunctionTransformer(scale_pixels), to_hog, classifier)
""",
        },
        "q4_histogram": {
            "counts pixels": """
def cell_histogram(m, o, bins):
    o = np.asarray(o, dtype=float).ravel()
    return np.bincount((o // (180 / bins)).astype(int), minlength=bins)
""",
            "bins over 360 degrees": """
def cell_histogram(m, o, bins):
    m, o = np.ravel(m), np.asarray(o, dtype=float).ravel()
    return np.bincount((o // (360 / bins)).astype(int), weights=m, minlength=bins)
""",
            "histogram over the data's range": """
def cell_histogram(m, o, bins):
    return np.histogram(np.ravel(o), bins, weights=np.ravel(m))[0]
""",
            "integer bin width 180 // bins": """
def cell_histogram(magnitude, orientation, bins):
    magnitude = np.asarray(magnitude, dtype=float).ravel()
    orientation = np.asarray(orientation, dtype=float).ravel()
    which = np.minimum((orientation // (180 // bins)).astype(int), bins - 1)
    return np.bincount(which, weights=magnitude, minlength=bins)
""",
            "orientations truncated to whole degrees": """
def cell_histogram(magnitude, orientation, bins):
    magnitude = np.asarray(magnitude, dtype=float).ravel()
    orientation = np.asarray(orientation, dtype=float).ravel().astype(int)
    which = np.minimum((orientation / (180 / bins)).astype(int), bins - 1)
    return np.bincount(which, weights=magnitude, minlength=bins)
""",
            "np.arange edges with a float step": """
def cell_histogram(magnitude, orientation, bins):
    edges = np.arange(0, 180 + 180 / bins, 180 / bins)
    return np.histogram(np.ravel(orientation), edges, weights=np.ravel(magnitude))[0]
""",
            "left-open bins (ceil - 1)": """
def cell_histogram(magnitude, orientation, bins):
    magnitude = np.asarray(magnitude, dtype=float).ravel()
    orientation = np.asarray(orientation, dtype=float).ravel()
    which = np.clip(np.ceil(orientation / (180 / bins)).astype(int) - 1, 0, bins - 1)
    return np.bincount(which, weights=magnitude, minlength=bins)
""",
            "nearest bin centre": """
def cell_histogram(magnitude, orientation, bins):
    magnitude = np.asarray(magnitude, dtype=float).ravel()
    orientation = np.asarray(orientation, dtype=float).ravel()
    which = np.round(orientation / (180 / bins)).astype(int) % bins
    return np.bincount(which, weights=magnitude, minlength=bins)
""",
            "normalised histogram": """
def cell_histogram(magnitude, orientation, bins):
    h = np.histogram(np.ravel(orientation), bins, range=(0, 180),
                     weights=np.ravel(magnitude))[0]
    return h / h.sum()
""",
            "bin width 180 / (bins - 1)": """
def cell_histogram(magnitude, orientation, bins):
    magnitude = np.asarray(magnitude, dtype=float).ravel()
    orientation = np.asarray(orientation, dtype=float).ravel()
    which = np.minimum((orientation / (180 / (bins - 1))).astype(int), bins - 1)
    return np.bincount(which, weights=magnitude, minlength=bins)
""",
            "integer accumulator": """
def cell_histogram(magnitude, orientation, bins):
    h = np.zeros(bins, dtype=int)
    for m, o in zip(np.ravel(magnitude), np.ravel(orientation)):
        h[min(int(o / (180 / bins)), bins - 1)] += m
    return h
""",
            "orientations rounded to whole degrees": """
def cell_histogram(magnitude, orientation, bins):
    magnitude = np.asarray(magnitude, dtype=float).ravel()
    orientation = np.round(np.asarray(orientation, dtype=float).ravel())
    which = np.minimum((orientation / (180 / bins)).astype(int), bins - 1)
    return np.bincount(which, weights=magnitude, minlength=bins)
""",
            "bilinear vote between bin centres": """
def cell_histogram(magnitude, orientation, bins):
    m = np.asarray(magnitude, float).ravel(); o = np.asarray(orientation, float).ravel()
    w = 180 / bins
    pos = o / w - 0.5
    lo = np.floor(pos).astype(int); frac = pos - lo
    h = np.zeros(bins)
    np.add.at(h, lo % bins, m * (1 - frac)); np.add.at(h, (lo + 1) % bins, m * frac)
    return h
""",
        },
        "q5_confusion": {
            "counts correct answers too": """
def most_confused(t, p):
    from sklearn.metrics import confusion_matrix
    c = confusion_matrix(t, p, labels=range(10))
    return tuple(int(i) for i in np.unravel_index(c.argmax(), c.shape))
""",
            "(predicted, true) order": """
def most_confused(t, p):
    from sklearn.metrics import confusion_matrix
    c = confusion_matrix(t, p, labels=range(10))
    np.fill_diagonal(c, 0)
    i, j = np.unravel_index(c.argmax(), c.shape)
    return int(j), int(i)
""",
            "first mistake": """
def most_confused(t, p):
    i = next(k for k in range(len(t)) if t[k] != p[k])
    return int(t[i]), int(p[i])
""",
            "most-missed digit, then its commonest wrong label": """
def most_confused(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    wrong = t != p
    true_digit = np.bincount(t[wrong], minlength=10).argmax()
    predicted = np.bincount(p[wrong & (t == true_digit)], minlength=10).argmax()
    return int(true_digit), int(predicted)
""",
            "commonest wrong label, then its commonest true digit": """
def most_confused(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    wrong = t != p
    predicted = np.bincount(p[wrong], minlength=10).argmax()
    true_digit = np.bincount(t[wrong & (p == predicted)], minlength=10).argmax()
    return int(true_digit), int(predicted)
""",
            "confusion matrix without labels (indices, not digits)": """
def most_confused(y_true, y_pred):
    from sklearn.metrics import confusion_matrix
    c = confusion_matrix(y_true, y_pred)
    np.fill_diagonal(c, 0)
    i, j = np.unravel_index(c.argmax(), c.shape)
    return int(i), int(j)
""",
            "highest confusion rate (row-normalised)": """
def most_confused(y_true, y_pred):
    from sklearn.metrics import confusion_matrix
    c = confusion_matrix(y_true, y_pred, labels=range(10), normalize='true')
    np.fill_diagonal(c, 0)
    i, j = np.unravel_index(c.argmax(), c.shape)
    return int(i), int(j)
""",
            "unordered pairs (c + c.T)": """
def most_confused(y_true, y_pred):
    from sklearn.metrics import confusion_matrix
    c = confusion_matrix(y_true, y_pred, labels=range(10))
    c = c + c.T
    np.fill_diagonal(c, 0)
    i, j = np.unravel_index(c.argmax(), c.shape)
    return int(i), int(j)
""",
            "labels from y_true only": """
def most_confused(y_true, y_pred):
    from sklearn.metrics import confusion_matrix
    labels = np.unique(y_true)
    c = confusion_matrix(y_true, y_pred, labels=labels)
    np.fill_diagonal(c, 0)
    i, j = np.unravel_index(c.argmax(), c.shape)
    return int(labels[i]), int(labels[j])
""",
        },
    },
    "03_cnn": {
        "q1_output_size": {
            "ignores the stride": """
def conv_output_size(n, k, padding='valid', stride=1):
    return n if padding == 'same' else n - k + 1
""",
            "'same' ignores the stride": """
def conv_output_size(n, k, padding='valid', stride=1):
    return n if padding == 'same' else (n - k) // stride + 1
""",
            "divides without flooring": """
def conv_output_size(n, k, padding='valid', stride=1):
    return n / stride if padding == 'same' else (n - k) / stride + 1
""",
            "'same' as padding k // 2 (wrong for even k)": """
def conv_output_size(n, k, padding='valid', stride=1):
    p = k // 2 if padding == 'same' else 0
    return (n + 2 * p - k) // stride + 1
""",
            "'same' as padding (k - 1) // 2": """
def conv_output_size(n, k, padding='valid', stride=1):
    p = (k - 1) // 2 if padding == 'same' else 0
    return (n + 2 * p - k) // stride + 1
""",
            "'valid' as (n - k + 1) // stride": """
def conv_output_size(n, k, padding='valid', stride=1):
    return -(-n // stride) if padding == 'same' else (n - k + 1) // stride
""",
            "'same' as round(n / stride)": """
def conv_output_size(n, k, padding='valid', stride=1):
    return round(n / stride) if padding == 'same' else (n - k) // stride + 1
""",
            "'same' as n // stride": """
def conv_output_size(n, k, padding='valid', stride=1):
    return n // stride if padding == 'same' else (n - k) // stride + 1
""",
        },
        "q2_build_lenet": {
            "dropout added to the table": lenet_answer(
                flatten="L.Flatten(), L.Dropout(0.5)",
                dense1='L.Dense(120, activation="relu"), L.Dropout(0.5)',
            ),
            "shifted training digits added to the table": lenet_answer(
                conv1="L.RandomTranslation(0.1, 0.1), "
                'L.Conv2D(6, 5, padding="same", activation="relu", name="conv1")'
            ),
            "no padding on conv1 (the original's 32 × 32 inputs, not ours)": lenet_answer(
                conv1='L.Conv2D(6, 5, activation="relu", name="conv1")'
            ),
            "average pooling (the original's subsampling)": lenet_answer(
                pool1="L.AveragePooling2D(2)", pool2="L.AveragePooling2D(2)"
            ),
            "no activation on the convolutions": lenet_answer(
                conv1='L.Conv2D(6, 5, padding="same", name="conv1")',
                conv2='L.Conv2D(16, 5, name="conv2")',
            ),
            "logits out: no softmax": lenet_answer(output="L.Dense(10)"),
            "the second pooling forgotten": lenet_answer(pool2=""),
            "kernel size and filter count swapped": lenet_answer(
                conv1='L.Conv2D(5, 6, padding="same", activation="relu", name="conv1")',
                conv2='L.Conv2D(5, 16, activation="relu", name="conv2")',
            ),
            "tanh, the original's activation": lenet_answer(
                conv1='L.Conv2D(6, 5, padding="same", activation="tanh", name="conv1")',
                conv2='L.Conv2D(16, 5, activation="tanh", name="conv2")',
                dense1='L.Dense(120, activation="tanh")',
                dense2='L.Dense(84, activation="tanh")',
            ),
            "one model per name, built once and returned at every call": "_built = {}\n"
            + lenet_answer()
            .replace("def build_lenet(", "def _build(")
            .replace("    return keras", "    return keras", 1)
            + "\ndef build_lenet(name='lenet'):\n"
            + "    return _built.setdefault(name, _build(name))\n",
            "the name argument ignored": lenet_answer().replace("name=name", 'name="lenet"'),
            "the convolutions left unnamed": lenet_answer(
                conv1='L.Conv2D(6, 5, padding="same", activation="relu")',
                conv2='L.Conv2D(16, 5, activation="relu")',
            ),
        },
        "q3_conv_parameters": {
            "forgets the biases": """
def conv_parameters(k, c, f):
    return k * k * c * f
""",
            "forgets the input channels": """
def conv_parameters(k, c, f):
    return (k * k + 1) * f
""",
            "one bias per weight": """
def conv_parameters(k, c, f):
    return 2 * k * k * c * f
""",
            "a bias per input channel and filter": """
def conv_parameters(k, channels_in, filters):
    return (k * k + 1) * channels_in * filters
""",
            "adds the channels instead of multiplying": """
def conv_parameters(k, channels_in, filters):
    return (k * k + channels_in) * filters
""",
            "depthwise-separable count": """
def conv_parameters(k, channels_in, filters):
    return k * k * channels_in + channels_in * filters + filters
""",
            "channels and filters swapped": """
def conv_parameters(k, channels_in, filters):
    return (k * k * filters + 1) * channels_in
""",
            "k not squared": """
def conv_parameters(k, channels_in, filters):
    return (k * channels_in + 1) * filters
""",
        },
        "q4_vote_accuracy": {
            "the mean accuracy": """
def vote_accuracy(accuracies):
    return float(np.mean(accuracies))
""",
            "all of them right": """
def vote_accuracy(accuracies):
    return float(np.prod(accuracies))
""",
            "at least one of them right": """
def vote_accuracy(accuracies):
    return float(1 - np.prod(1 - np.asarray(accuracies)))
""",
            "the binomial with the mean accuracy for every member": """
from math import comb


def vote_accuracy(accuracies):
    n, p = len(accuracies), float(np.mean(accuracies))
    return sum(comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n // 2 + 1, n + 1))
""",
            "exactly a majority: two of three, the unanimous vote forgotten": """
def vote_accuracy(accuracies):
    a, b, c = accuracies
    return a * b * (1 - c) + a * (1 - b) * c + (1 - a) * b * c
""",
            "the formula for three, whatever the number": """
def vote_accuracy(accuracies):
    a, b, c = accuracies[:3]
    return a * b * c + a * b * (1 - c) + a * (1 - b) * c + (1 - a) * b * c
""",
            "half or more counts as a majority": """
def vote_accuracy(accuracies):
    right = np.array([1.0])
    for p in accuracies:
        right = np.convolve(right, [1 - p, p])
    return float(right[len(accuracies) // 2 :].sum())
""",
        },
        "q5_residual_block": {
            "no skip connection: two convolutions only": RESIDUAL_GIVEN
            + CONV_RELU
            + """    return L.Conv2D(filters, 3, padding="same", activation="relu")(y)
""",
            "the skip added after the last ReLU: x + ReLU(F(x))": RESIDUAL_GIVEN
            + CONV_RELU
            + """    y = L.Conv2D(filters, 3, padding="same", activation="relu")(y)
    return L.Add()([x, y])
""",
            "no ReLU after the sum": RESIDUAL_GIVEN
            + CONV_RELU
            + CONV_LINEAR
            + """    return L.Add()([x, y])
""",
            "no ReLU between the two convolutions": RESIDUAL_GIVEN
            + """    y = L.Conv2D(filters, 3, padding="same")(x)
"""
            + CONV_LINEAR
            + RELU_OF_SUM,
            "the shortcut taken after the first convolution": RESIDUAL_GIVEN
            + CONV_RELU
            + """    z = L.Conv2D(filters, 3, padding="same")(y)
    return L.Activation("relu")(L.Add()([y, z]))
""",
            "concatenated instead of added": RESIDUAL_GIVEN
            + CONV_RELU
            + CONV_LINEAR
            + """    return L.Activation("relu")(L.Concatenate()([x, y]))
""",
            "valid padding (the sum cannot line up)": RESIDUAL_GIVEN
            + """    y = L.Conv2D(filters, 3, activation="relu")(x)
    y = L.Conv2D(filters, 3)(y)
    return L.Activation("relu")(L.Add()([L.Cropping2D(2)(x), y]))
""",
            "a 1 x 1 convolution on the shortcut": RESIDUAL_GIVEN
            + CONV_RELU
            + CONV_LINEAR
            + """    shortcut = L.Conv2D(filters, 1)(x)
    return L.Activation("relu")(L.Add()([shortcut, y]))
""",
            "one convolution layer called twice (shared weights)": RESIDUAL_GIVEN
            + """    conv = L.Conv2D(filters, 3, padding="same")
    y = conv(L.Activation("relu")(conv(x)))
"""
            + RELU_OF_SUM,
            "the number of filters hard-coded to 16": RESIDUAL_GIVEN
            + """    y = L.Conv2D(16, 3, padding="same", activation="relu")(x)
    y = L.Conv2D(16, 3, padding="same")(y)
"""
            + RELU_OF_SUM,
            "5 x 5 kernels": RESIDUAL_GIVEN
            + """    y = L.Conv2D(filters, 5, padding="same", activation="relu")(x)
    y = L.Conv2D(filters, 5, padding="same")(y)
"""
            + RELU_OF_SUM,
            "dropout inside the block": RESIDUAL_GIVEN
            + CONV_RELU
            + """    y = L.Dropout(0.3)(y)
"""
            + CONV_LINEAR
            + RELU_OF_SUM,
            "the sum averaged: (x + F(x)) / 2": RESIDUAL_GIVEN
            + CONV_RELU
            + CONV_LINEAR
            + """    return L.Activation("relu")(L.Average()([x, y]))
""",
            "fixed layer names (two blocks cannot share a model)": RESIDUAL_GIVEN
            + """    y = L.Conv2D(filters, 3, padding="same", activation="relu", name="res_conv1")(x)
    y = L.Conv2D(filters, 3, padding="same", name="res_conv2")(y)
    return L.ReLU(name="res_relu")(L.Add(name="res_add")([x, y]))
""",
            "ReLU6 at the end (MobileNet's clipped ReLU)": RESIDUAL_GIVEN
            + CONV_RELU
            + CONV_LINEAR
            + """    return L.ReLU(max_value=6.0)(L.Add()([x, y]))
""",
            "the residual scaled: x + 0.1 F(x)": RESIDUAL_GIVEN
            + CONV_RELU
            + CONV_LINEAR
            + """    return L.ReLU()(x + 0.1 * y)
""",
            "pre-activation order: x + conv(ReLU(conv(ReLU(x))))": RESIDUAL_GIVEN
            + """    y = L.ReLU()(x)
"""
            + CONV_LINEAR
            + """    y = L.ReLU()(y)
"""
            + CONV_LINEAR
            + """    return L.Add()([x, y])
""",
            "batch normalisation after each convolution": RESIDUAL_GIVEN
            + """    y = L.Conv2D(filters, 3, padding="same")(x)
    y = L.BatchNormalization()(y)
    y = L.ReLU()(y)
"""
            + CONV_LINEAR
            + """    y = L.BatchNormalization()(y)
    return L.ReLU()(L.Add()([x, y]))
""",
            "layers cached per number of filters (shared between blocks)": """
_BLOCK_LAYERS = {}
def residual_block(x, filters):
    if filters not in _BLOCK_LAYERS:
        _BLOCK_LAYERS[filters] = (
            L.Conv2D(filters, 3, padding="same", activation="relu"),
            L.Conv2D(filters, 3, padding="same"),
        )
    conv1, conv2 = _BLOCK_LAYERS[filters]
    return L.ReLU()(L.Add()([x, conv2(conv1(x))]))
""",
            "both convolutions applied to x, in parallel": RESIDUAL_GIVEN
            + """    a = L.Conv2D(filters, 3, padding="same", activation="relu")(x)
    b = L.Conv2D(filters, 3, padding="same")(x)
    return L.ReLU()(L.Add()([x, a, b]))
""",
            "leaky ReLU at the end": RESIDUAL_GIVEN
            + CONV_RELU
            + CONV_LINEAR
            + """    return L.LeakyReLU()(L.Add()([x, y]))
""",
            "dilated convolutions (dilation_rate=2)": RESIDUAL_GIVEN
            + """    y = L.Conv2D(filters, 3, padding="same", dilation_rate=2, activation="relu")(x)
    y = L.Conv2D(filters, 3, padding="same", dilation_rate=2)(y)
    return L.ReLU()(L.Add()([x, y]))
""",
            "the second convolution a Conv2DTranspose": RESIDUAL_GIVEN
            + CONV_RELU
            + """    y = L.Conv2DTranspose(filters, 3, padding="same")(y)
    return L.ReLU()(L.Add()([x, y]))
""",
            "ReLU on the shortcut too: ReLU(ReLU(x) + F(x))": RESIDUAL_GIVEN
            + CONV_RELU
            + CONV_LINEAR
            + """    return L.ReLU()(L.Add()([L.ReLU()(x), y]))
""",
            "the first convolution frozen (trainable=False)": RESIDUAL_GIVEN
            + """    y = L.Conv2D(filters, 3, padding="same", activation="relu", trainable=False)(x)
"""
            + CONV_LINEAR
            + """    return L.ReLU()(L.Add()([x, y]))
""",
            "no biases in the convolutions": RESIDUAL_GIVEN
            + """    y = L.Conv2D(filters, 3, padding="same", activation="relu", use_bias=False)(x)
    y = L.Conv2D(filters, 3, padding="same", use_bias=False)(y)
    return L.ReLU()(L.Add()([x, y]))
""",
            "subtracts instead of adds": RESIDUAL_GIVEN
            + CONV_RELU
            + CONV_LINEAR
            + """    return L.ReLU()(L.Subtract()([x, y]))
""",
            "noise on the shortcut (GaussianNoise)": RESIDUAL_GIVEN
            + CONV_RELU
            + CONV_LINEAR
            + """    return L.ReLU()(L.Add()([L.GaussianNoise(0.1)(x), y]))
""",
        },
        "q6_kernel_design": {
            "Sobel Gx, wrong sign": """
vertical_edge = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
""",
            "horizontal edge": """
vertical_edge = np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]])
""",
            "vertical line detector": """
vertical_edge = np.array([[0, 1, 0], [0, 1, 0], [0, 1, 0]]) / 3
""",
            "Laplacian": """
vertical_edge = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
""",
            "fires on ink too": """
vertical_edge = np.array([[2, 1, 0], [2, 1, 0], [2, 1, 0]])
""",
            "Keras-shaped kernel (3, 3, 1, 1)": """
vertical_edge = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]]).reshape(3, 3, 1, 1)
""",
            "Sobel plus an offset": """
vertical_edge = np.array([[2, 1, 0], [3, 1, -1], [2, 1, 0]])
""",
            "second difference across columns": """
vertical_edge = np.array([[1, -2, 1], [1, -2, 1], [1, -2, 1]])
""",
            "1-D kernel": """
vertical_edge = np.array([1, 0, -1])
""",
            "uneven rows (one row does not sum to zero)": """
vertical_edge = np.array([[1, 0, -1], [2, 0, -2], [1, 0, 0]])
""",
        },
    },
    "04_autoencoder": {
        "q1_build_autoencoder": {
            "noise on the input: a denoising autoencoder": autoencoder_answer(
                encoder_hidden="L.GaussianNoise(0.2), "
                '*[L.Dense(units, activation="relu") for units in hidden]'
            ),
            "dropout after every hidden layer": autoencoder_answer(
                encoder_hidden="*[layer for units in hidden for layer in "
                '(L.Dense(units, activation="relu"), L.Dropout(0.3))]'
            ),
            "a ReLU on the code": autoencoder_answer(code='L.Dense(code_size, activation="relu")'),
            "a linear output: pixels outside [0, 1]": autoencoder_answer(output="L.Dense(784)"),
            "the decoder's widths in the encoder's order": autoencoder_answer(
                decoder_hidden='*[L.Dense(units, activation="relu") for units in hidden]'
            ),
            "the hidden widths ignored: always 512 and 256": autoencoder_answer(
                encoder_hidden='L.Dense(512, activation="relu"), L.Dense(256, activation="relu")',
                decoder_hidden='L.Dense(256, activation="relu"), L.Dense(512, activation="relu")',
            ),
            "the MSE as the loss": autoencoder_answer(
                compile='optimizer="adam", loss="mse", metrics=["mse"]'
            ),
            "no MSE metric": autoencoder_answer(
                compile='optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"]'
            ),
            "a new stack of layers for the autoencoder: not the encoder and decoder": (
                autoencoder_answer(
                    autoencoder="keras.Sequential([keras.Input(shape=(784,)), "
                    '*[L.Dense(units, activation="relu") for units in hidden], '
                    "L.Dense(code_size), "
                    '*[L.Dense(units, activation="relu") for units in reversed(hidden)], '
                    'L.Dense(784, activation="sigmoid")])'
                )
            ),
            "SGD, not Adam": autoencoder_answer(
                compile='optimizer="sgd", loss="binary_crossentropy", metrics=["mse"]'
            ),
            "a sigmoid on every layer": autoencoder_answer(
                encoder_hidden='*[L.Dense(units, activation="sigmoid") for units in hidden]',
                decoder_hidden='*[L.Dense(units, activation="sigmoid") for units in reversed(hidden)]',
            ),
        },
        "q2_conv_encoder": {
            "no convolutions": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)), L.Flatten(),
        L.Dense(128, activation='relu'), L.Dense(code_size)])
""",
            "code size fixed at 32": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)), L.Conv2D(8, 3),
        L.MaxPooling2D(), L.Flatten(), L.Dense(32)])
""",
            "feature maps as the code": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(code_size, 3, padding='same'), L.MaxPooling2D(), L.Flatten()])
""",
            "maps never shrink": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(8, 3, padding='same'), L.Conv2D(8, 3, padding='same'),
        L.Flatten(), L.Dense(code_size)])
""",
            "flat input": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((784,)), L.Reshape((28, 28, 1)),
        L.Conv2D(8, 3), L.MaxPooling2D(), L.Flatten(), L.Dense(code_size)])
""",
            "valid padding is the only shrink": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(16, 3, activation='relu'), L.Conv2D(32, 3, activation='relu'),
        L.Flatten(), L.Dense(code_size)])
""",
            "Dense before Conv, shrinks by Reshape": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)), L.Flatten(),
        L.Dense(14 * 14, activation='relu'), L.Reshape((14, 14, 1)),
        L.Conv2D(8, 3, padding='same', activation='relu'), L.Flatten(), L.Dense(code_size)])
""",
            "Reshape (28,28,1)->(14,14,4) as 'downsampling'": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)), L.Reshape((14, 14, 4)),
        L.Conv2D(16, 3, padding='same', activation='relu'), L.Flatten(), L.Dense(code_size)])
""",
            "convolution only on the code": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)), L.Flatten(), L.Dense(code_size),
        L.Reshape((1, 1, code_size)), L.Conv2D(code_size, 1), L.Flatten()])
""",
            "one 28x28 Conv2D (a Dense layer in disguise)": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)), L.Conv2D(code_size, 28), L.Flatten()])
""",
            "Cropping2D instead of pooling": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(16, 3, padding='same', activation='relu'), L.Cropping2D(7),
        L.Flatten(), L.Dense(code_size)])
""",
            "pools the image before any convolution": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)), L.MaxPooling2D(), L.MaxPooling2D(),
        L.Conv2D(16, 3, padding='same', activation='relu'), L.Flatten(), L.Dense(code_size)])
""",
            "global average pooling of same-size maps": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(code_size, 3, padding='same', activation='relu'), L.GlobalAveragePooling2D()])
""",
            "UpSampling instead of pooling": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(8, 3, padding='same', activation='relu'), L.UpSampling2D(),
        L.Flatten(), L.Dense(code_size)])
""",
            "no Input: model never built": """
def build_conv_encoder(code_size):
    return keras.Sequential([L.Conv2D(16, 3, padding='same', activation='relu'),
        L.MaxPooling2D(), L.Flatten(), L.Dense(code_size)])
""",
            "MaxPooling2D with pool_size 1 (nothing shrinks)": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(16, 3, padding='same', activation='relu'), L.MaxPooling2D(pool_size=1),
        L.Flatten(), L.Dense(code_size)])
""",
            "MaxPooling2D strides=1 padding='same' (nothing shrinks)": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(16, 3, padding='same', activation='relu'),
        L.MaxPooling2D(2, strides=1, padding='same'),
        L.Flatten(), L.Dense(code_size)])
""",
            "strided conv on the 1x1 code": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)), L.Flatten(), L.Dense(code_size),
        L.Reshape((1, 1, code_size)), L.Conv2D(code_size, 1, strides=2, padding='same'), L.Flatten()])
""",
        },
        "q3_worst_reconstructed": {
            "best first": """
def worst_reconstructed(a, b, count):
    d = np.asarray(a, float) - np.asarray(b, float)
    return np.argsort((d.reshape(len(d), -1) ** 2).mean(axis=1))[:count]
""",
            "largest single-pixel error": """
def worst_reconstructed(a, b, count):
    d = np.abs(np.asarray(a, float) - np.asarray(b, float))
    return np.argsort(d.reshape(len(d), -1).max(axis=1))[::-1][:count]
""",
            "assumes flat images": """
def worst_reconstructed(a, b, count):
    errors = ((np.asarray(a, float) - np.asarray(b, float)) ** 2).mean(axis=1)
    return np.argsort(errors)[::-1][:count]
""",
            "ranks pixels, not images": """
def worst_reconstructed(a, b, count):
    errors = ((np.asarray(a, float) - np.asarray(b, float)) ** 2).ravel()
    return np.argsort(errors)[::-1][:count]
""",
            "mean absolute error": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.abs(np.asarray(originals, float) - np.asarray(reconstructions, float))
    return np.argsort(d.reshape(len(d), -1).mean(axis=1))[::-1][:count]
""",
            "absolute value of the mean signed error": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.asarray(originals, float) - np.asarray(reconstructions, float)
    return np.argsort(np.abs(d.reshape(len(d), -1).mean(axis=1)))[::-1][:count]
""",
            "hard-coded 784 pixels": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.asarray(originals, float).reshape(-1, 784)
    d = d - np.asarray(reconstructions, float).reshape(-1, 784)
    return np.argsort((d ** 2).mean(axis=1))[::-1][:count]
""",
            "[-count:] slice: count=0 returns everything": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.asarray(originals, float) - np.asarray(reconstructions, float)
    errors = (d.reshape(len(d), -1) ** 2).mean(axis=1)
    return np.argsort(errors)[-count:][::-1]
""",
            "argpartition: the worst ones, unsorted": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.asarray(originals, float) - np.asarray(reconstructions, float)
    errors = (d.reshape(len(d), -1) ** 2).mean(axis=1)
    return np.argpartition(-errors, count - 1)[:count]
""",
            "no float conversion (uint8 images wrap around)": """
def worst_reconstructed(originals, reconstructions, count):
    d = originals - reconstructions
    return np.argsort((d.reshape(len(d), -1) ** 2).mean(axis=1))[::-1][:count]
""",
            "median squared error": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.asarray(originals, float) - np.asarray(reconstructions, float)
    return np.argsort(np.median(d.reshape(len(d), -1) ** 2, axis=1))[::-1][:count]
""",
            "returns the errors, not the indices": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.asarray(originals, float) - np.asarray(reconstructions, float)
    return np.sort((d.reshape(len(d), -1) ** 2).mean(axis=1))[::-1][:count]
""",
            "uint8 subtraction, float after (wraps)": """
def worst_reconstructed(originals, reconstructions, count):
    d = (originals - reconstructions).astype(float)
    errors = (d.reshape(len(d), -1) ** 2).mean(axis=1)
    return np.argsort(errors)[::-1][:count]
""",
            "uint8 abs difference via np.abs before float": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.abs(np.asarray(originals) - np.asarray(reconstructions)).astype(np.float64)
    errors = np.mean(np.square(d).reshape(len(d), -1), axis=1)
    return np.argsort(-errors)[:count]
""",
        },
    },
    "05_dropout": {
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
                EARLY_STOPPING_FIT.replace(
                    "validation_data=(x_val, y_val)", "validation_split=0.1"
                ),
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
    },
    "06_transfer_learning": {
        "q1_transfer_model": {
            "a head of its own: no ReLU on its hidden layer": """
def transfer_model(source_base, classes=5):
    base = keras.models.clone_model(source_base)
    base.set_weights(source_base.get_weights())
    base.trainable = False
    model = keras.Sequential(
        [keras.Input((28, 28, 1)), base, L.Flatten(), L.Dense(128), L.Dropout(0.5), L.Dense(classes, activation="softmax")]
    )
    return compile_model(model), base
""",
            "a head of its own: no softmax": """
def transfer_model(source_base, classes=5):
    base = keras.models.clone_model(source_base)
    base.set_weights(source_base.get_weights())
    base.trainable = False
    model = keras.Sequential(
        [keras.Input((28, 28, 1)), base, L.Flatten(), L.Dense(128, activation="relu"), L.Dropout(0.5), L.Dense(classes)]
    )
    return compile_model(model), base
""",
            "a head of its own: no dropout": """
def transfer_model(source_base, classes=5):
    base = keras.models.clone_model(source_base)
    base.set_weights(source_base.get_weights())
    base.trainable = False
    model = keras.Sequential(
        [keras.Input((28, 28, 1)), base, L.Flatten(), L.Dense(128, activation="relu"), L.Dense(classes, activation="softmax")]
    )
    return compile_model(model), base
""",
            "the source base itself, frozen in place: not a copy": """
def transfer_model(source_base, classes=5):
    source_base.trainable = False
    return compile_model(build_classifier(source_base, classes)), source_base
""",
            "clone_model alone: the architecture with fresh random weights": """
def transfer_model(source_base, classes=5):
    base = keras.models.clone_model(source_base)
    base.trainable = False
    return compile_model(build_classifier(base, classes)), base
""",
            "the copy left trainable": """
def transfer_model(source_base, classes=5):
    base = keras.models.clone_model(source_base)
    base.set_weights(source_base.get_weights())
    return compile_model(build_classifier(base, classes)), base
""",
            "the whole model frozen, the new head too": """
def transfer_model(source_base, classes=5):
    base = keras.models.clone_model(source_base)
    base.set_weights(source_base.get_weights())
    model = build_classifier(base, classes)
    model.trainable = False
    return compile_model(model), base
""",
            "the fine-tuning rate for the new head": """
def transfer_model(source_base, classes=5):
    base = keras.models.clone_model(source_base)
    base.set_weights(source_base.get_weights())
    base.trainable = False
    return compile_model(build_classifier(base, classes), 1e-4), base
""",
            "returns another copy than the one in the model": """
def transfer_model(source_base, classes=5):
    def frozen_copy():
        base = keras.models.clone_model(source_base)
        base.set_weights(source_base.get_weights())
        base.trainable = False
        return base

    return compile_model(build_classifier(frozen_copy(), classes)), frozen_copy()
""",
            "the classes argument ignored: always 5": """
def transfer_model(source_base, classes=5):
    base = keras.models.clone_model(source_base)
    base.set_weights(source_base.get_weights())
    base.trainable = False
    return compile_model(build_classifier(base)), base
""",
        },
        "q2_unfreeze_from": {
            "unfreezes the BatchNormalization layers too": """
def unfreeze_from(model, layer_name):
    start = [layer.name for layer in model.layers].index(layer_name)
    model.trainable = True
    for position, layer in enumerate(model.layers):
        layer.trainable = position >= start
    return model
""",
            "leaves the model itself frozen": """
def unfreeze_from(model, layer_name):
    start = [layer.name for layer in model.layers].index(layer_name)
    for position, layer in enumerate(model.layers):
        layer.trainable = position >= start
    return model
""",
            "unfreezes the layers before it": """
def unfreeze_from(model, layer_name):
    start = [layer.name for layer in model.layers].index(layer_name)
    model.trainable = True
    for position, layer in enumerate(model.layers):
        layer.trainable = position < start
    return model
""",
            "keeps the named layer frozen": """
def unfreeze_from(model, layer_name):
    start = [layer.name for layer in model.layers].index(layer_name)
    model.trainable = True
    for position, layer in enumerate(model.layers):
        layer.trainable = position > start
    return model
""",
            "unfreezes everything": """
def unfreeze_from(model, layer_name):
    model.trainable = True
    return model
""",
            "only the named layer": """
def unfreeze_from(model, layer_name):
    model.trainable = True
    for layer in model.layers:
        layer.trainable = layer.name == layer_name
    return model
""",
            "returns nothing": """
def unfreeze_from(model, layer_name):
    start = [layer.name for layer in model.layers].index(layer_name)
    model.trainable = True
    for position, layer in enumerate(model.layers):
        layer.trainable = position >= start
""",
            "unfreeze all via model.trainable, then freeze the layers before": """
def unfreeze_from(model, layer_name):
    model.trainable = True
    for layer in model.layers:
        if layer.name == layer_name:
            break
        layer.trainable = False
    return model
""",
            "only touches layers with weights": """
def unfreeze_from(model, layer_name):
    start = [layer.name for layer in model.layers].index(layer_name)
    model.trainable = True
    for position, layer in enumerate(model.layers):
        if layer.weights:
            layer.trainable = position >= start
    return model
""",
            "substring match on the name": """
def unfreeze_from(model, layer_name):
    start = next(i for i, layer in enumerate(model.layers) if layer_name in layer.name)
    model.trainable = True
    for position, layer in enumerate(model.layers):
        layer.trainable = position >= start
    return model
""",
            "returns a clone": """
def unfreeze_from(model, layer_name):
    new = keras.models.clone_model(model)
    new.set_weights(model.get_weights())
    start = [layer.name for layer in new.layers].index(layer_name)
    new.trainable = True
    for position, layer in enumerate(new.layers):
        layer.trainable = position >= start
    return new
""",
            "model.trainable = True last (undoes the freezing)": """
def unfreeze_from(model, layer_name):
    start = [layer.name for layer in model.layers].index(layer_name)
    for position, layer in enumerate(model.layers):
        layer.trainable = position >= start
    model.trainable = True
    return model
""",
            "skips model.layers[0] as if it were the Input": """
def unfreeze_from(model, layer_name):
    names = [layer.name for layer in model.layers]
    start = names.index(layer_name)
    model.trainable = True
    for position, layer in enumerate(model.layers[1:], start=1):
        layer.trainable = position >= start
    return model
""",
            "freezes the model, then unfreezes the top layers": """
def unfreeze_from(model, layer_name):
    start = [layer.name for layer in model.layers].index(layer_name)
    model.trainable = False
    for layer in model.layers[start:]:
        layer.trainable = True
    return model
""",
            "unfreezes from the top without freezing the rest": """
def unfreeze_from(model, layer_name):
    start = [layer.name for layer in model.layers].index(layer_name)
    model.trainable = True
    for layer in model.layers[start:]:
        layer.trainable = True
    return model
""",
        },
        "q3_head_parameters": {
            "forgets the biases": """
def head_parameters(shape, hidden, classes):
    return int(np.prod(shape)) * hidden + hidden * classes
""",
            "only the channels": """
def head_parameters(shape, hidden, classes):
    return (shape[-1] + 1) * hidden + (hidden + 1) * classes
""",
            "adds the dimensions": """
def head_parameters(shape, hidden, classes):
    return (sum(shape) + 1) * hidden + (hidden + 1) * classes
""",
            "forgets the output layer": """
def head_parameters(shape, hidden, classes):
    return (int(np.prod(shape)) + 1) * hidden
""",
            "notebook's build_head: 128 hidden units hard-wired": """
def head_layers(classes=5):
    return [L.Flatten(), L.Dense(128, activation='relu', name='penultimate'), L.Dropout(0.5),
            L.Dense(classes, activation='softmax', name='classes')]

def build_head(feature_shape, classes=5):
    return keras.Sequential([keras.Input(feature_shape), *head_layers(classes)])

def head_parameters(feature_shape, hidden, classes):
    return sum(int(np.prod(w.shape)) for w in build_head(feature_shape, classes).trainable_weights)
""",
            "assumes a 3-D shape (h * w * c)": """
def head_parameters(feature_shape, hidden, classes):
    h, w, c = feature_shape
    return (h * w * c + 1) * hidden + (hidden + 1) * classes
""",
            "assumes square maps (h * h * c)": """
def head_parameters(feature_shape, hidden, classes):
    inputs = feature_shape[0] ** 2 * feature_shape[-1]
    return (inputs + 1) * hidden + (hidden + 1) * classes
""",
            "a bias per input instead of per unit": """
def head_parameters(feature_shape, hidden, classes):
    inputs = int(np.prod(feature_shape))
    return inputs * (hidden + 1) + hidden * (classes + 1)
""",
            "one bias for the whole output layer": """
def head_parameters(feature_shape, hidden, classes):
    inputs = int(np.prod(feature_shape))
    return (inputs + 1) * hidden + hidden * classes + 1
""",
            "counts Flatten's outputs as parameters": """
def head_parameters(feature_shape, hidden, classes):
    inputs = int(np.prod(feature_shape))
    return inputs + (inputs + 1) * hidden + (hidden + 1) * classes
""",
        },
        "q4_labels_to_reach": {
            "best seed": """
def labels_to_reach(budgets, accuracies, target):
    reached = np.flatnonzero(np.asarray(accuracies).max(axis=1) >= target)
    return budgets[reached[0]] if len(reached) else None
""",
            "worst seed": """
def labels_to_reach(budgets, accuracies, target):
    reached = np.flatnonzero(np.asarray(accuracies).min(axis=1) >= target)
    return budgets[reached[0]] if len(reached) else None
""",
            "returns the index": """
def labels_to_reach(budgets, accuracies, target):
    reached = np.flatnonzero(np.asarray(accuracies).mean(axis=1) >= target)
    return int(reached[0]) if len(reached) else None
""",
            "strictly above the target": """
def labels_to_reach(budgets, accuracies, target):
    reached = np.flatnonzero(np.asarray(accuracies).mean(axis=1) > target)
    return budgets[reached[0]] if len(reached) else None
""",
            "the largest budget when never reached": """
def labels_to_reach(budgets, a, target):
    reached = np.flatnonzero(np.asarray(a).mean(axis=1) >= target)
    return budgets[reached[0]] if len(reached) else budgets[-1]
""",
            "the last budget that reaches it": """
def labels_to_reach(budgets, a, target):
    reached = np.flatnonzero(np.asarray(a).mean(axis=1) >= target)
    return budgets[reached[-1]] if len(reached) else None
""",
            "binary search (assumes a rising curve)": """
def labels_to_reach(budgets, accuracies, target):
    means = np.asarray(accuracies, float).mean(axis=1)
    i = int(np.searchsorted(means, target))
    return budgets[i] if i < len(means) else None
""",
            "the budget after the last one that misses": """
def labels_to_reach(budgets, accuracies, target):
    means = np.asarray(accuracies, float).mean(axis=1)
    missed = np.flatnonzero(means < target)
    if len(missed) == 0:
        return budgets[0]
    return budgets[missed[-1] + 1] if missed[-1] + 1 < len(budgets) else None
""",
            "means rounded to 2 decimals": """
def labels_to_reach(budgets, accuracies, target):
    means = np.round(np.asarray(accuracies, float).mean(axis=1), 2)
    reached = np.flatnonzero(means >= target)
    return budgets[reached[0]] if len(reached) else None
""",
            "median over seeds": """
def labels_to_reach(budgets, accuracies, target):
    reached = np.flatnonzero(np.median(np.asarray(accuracies), axis=1) >= target)
    return budgets[reached[0]] if len(reached) else None
""",
            "most seeds reach it": """
def labels_to_reach(budgets, accuracies, target):
    share = (np.asarray(accuracies) >= target).mean(axis=1)
    reached = np.flatnonzero(share >= 0.5)
    return budgets[reached[0]] if len(reached) else None
""",
            "mean minus std": """
def labels_to_reach(budgets, accuracies, target):
    a = np.asarray(accuracies, float)
    reached = np.flatnonzero(a.mean(axis=1) - a.std(axis=1) >= target)
    return budgets[reached[0]] if len(reached) else None
""",
            "argmax without a 'never reached' check": """
def labels_to_reach(budgets, accuracies, target):
    means = np.asarray(accuracies, float).mean(axis=1)
    return budgets[int(np.argmax(means >= target))]
""",
            "budget whose mean is the smallest one above target": """
def labels_to_reach(budgets, accuracies, target):
    means = np.asarray(accuracies, float).mean(axis=1)
    if not (means >= target).any():
        return None
    return budgets[int(np.argmin(np.where(means >= target, means, np.inf)))]
""",
            "means rounded to 3 decimals": """
def labels_to_reach(budgets, accuracies, target):
    means = np.round(np.asarray(accuracies, float).mean(axis=1), 3)
    reached = np.flatnonzero(means >= target)
    return budgets[reached[0]] if len(reached) else None
""",
            "means rounded to 4 decimals (as printed :.2%)": """
def labels_to_reach(budgets, accuracies, target):
    means = np.round(np.asarray(accuracies, float).mean(axis=1), 4)
    reached = np.flatnonzero(means >= target)
    return budgets[reached[0]] if len(reached) else None
""",
        },
    },
}

VALID_ANSWERS = {  # each gets full marks
    "01_mlp": {
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
    },
    "02_hog_classifier": {
        "q1_gradient": {
            "math module": """
import math
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx = float((patch * sobel_x).sum())
    gy = float((patch * sobel_y).sum())
    return gx, gy, math.hypot(gx, gy), math.degrees(math.atan2(gy, gx)) % 180
""",
            "scipy.ndimage.correlate at the centre": """
def gradient_at(patch):
    from scipy.ndimage import correlate
    patch = np.asarray(patch, dtype=float)
    gx = correlate(patch, sobel_x.astype(float))[1, 1]
    gy = correlate(patch, sobel_y.astype(float))[1, 1]
    return gx, gy, np.linalg.norm([gx, gy]), np.rad2deg(np.arctan2(gy, gx) % np.pi)
""",
            "guarded arctan(gy / gx)": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx, gy = np.sum(patch * sobel_x), np.sum(patch * sobel_y)
    if gx == 0:
        angle = 90.0 if gy != 0 else 0.0
    else:
        angle = np.degrees(np.arctan(gy / gx)) % 180
    return gx, gy, np.sqrt(gx ** 2 + gy ** 2), angle
""",
            "prints (debug)": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx, gy = np.sum(patch * sobel_x), np.sum(patch * sobel_y)
    print('gx, gy =', gx, gy)
    return gx, gy, np.hypot(gx, gy), (np.degrees(np.arctan2(gy, gx)) + 180) % 180
""",
            "filters.apply_kernel centre": """
def gradient_at(patch):
    from utils.filters import apply_kernel
    patch = np.asarray(patch, dtype=float)
    gx = float(apply_kernel(patch, sobel_x)[1, 1]); gy = float(apply_kernel(patch, sobel_y)[1, 1])
    return gx, gy, float(np.hypot(gx, gy)), float(np.degrees(np.arctan2(gy, gx)) % 180)
""",
            "np array result": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    gx, gy = np.sum(patch * sobel_x), np.sum(patch * sobel_y)
    return np.array([gx, gy, np.hypot(gx, gy), np.degrees(np.arctan2(gy, gx)) % 180])
""",
            "skimage-free complex number": """
def gradient_at(patch):
    patch = np.asarray(patch, dtype=float)
    g = complex(np.sum(patch * sobel_x), np.sum(patch * sobel_y))
    return g.real, g.imag, abs(g), np.angle(g, deg=True) % 180
""",
            "tensordot, keeps integer patch": """
def gradient_at(patch):
    p = np.asarray(patch)
    gx = np.tensordot(p, sobel_x); gy = np.tensordot(p, sobel_y)
    ang = np.degrees(np.arctan2(gy, gx))
    if ang < 0: ang += 180
    if ang >= 180: ang -= 180
    return [gx, gy, np.sqrt(gx * gx + gy * gy), ang]
""",
        },
        "q2_hog_length": {
            "ask the course's own HOG": """
def hog_length(size, cell, block, orientations):
    return features.hog_features(np.zeros((1, size, size)), orientations=orientations,
        pixels_per_cell=(cell, cell), cells_per_block=(block, block),
        progress=False).shape[1]
""",
            "skimage.feature.hog": """
def hog_length(size, cell, block, orientations):
    from skimage.feature import hog
    return hog(np.zeros((size, size)), orientations=orientations,
               pixels_per_cell=(cell, cell), cells_per_block=(block, block)).size
""",
            "pixel arithmetic": """
def hog_length(size, cell, block, orientations):
    blocks = (size - block * cell) // cell + 1
    return (blocks * block) ** 2 * orientations
""",
            "counting loop": """
def hog_length(size, cell, block, orientations):
    cells = size // cell
    positions = len(range(0, cells - block + 1))
    return positions ** 2 * block ** 2 * orientations
""",
            "prints (debug)": """
def hog_length(size, cell, block, orientations):
    cells = size // cell
    print('cells per side:', cells)
    return (cells - block + 1) ** 2 * block ** 2 * orientations
""",
        },
        "q3_hog_pipeline": {
            "pixels scaled to [0, 1] first, as in lab 01": """
def hog_pipeline(classifier, orientations=8, pixels_per_cell=(4, 4), cells_per_block=(1, 1)):
    def hog_of(images):
        return features.hog_features(
            images / 255.0,
            orientations=orientations,
            pixels_per_cell=pixels_per_cell,
            cells_per_block=cells_per_block,
            progress=False,
        )

    return make_pipeline(FunctionTransformer(hog_of), StandardScaler(), classifier)
""",
            "Pipeline with named steps and a lambda": """
def hog_pipeline(classifier, orientations=8, pixels_per_cell=(4, 4), cells_per_block=(1, 1)):
    from sklearn.pipeline import Pipeline

    def to_hog(images):
        return features.hog_features(
            images,
            orientations=orientations,
            pixels_per_cell=pixels_per_cell,
            cells_per_block=cells_per_block,
            progress=False,
        )

    return Pipeline(
        [("hog", FunctionTransformer(to_hog)), ("scale", StandardScaler()), ("model", classifier)]
    )
""",
            "a transformer class of its own, scikit-image's hog image by image": """
from sklearn.base import BaseEstimator, TransformerMixin


class HogTransformer(BaseEstimator, TransformerMixin):
    def __init__(self, orientations=8, pixels_per_cell=(4, 4), cells_per_block=(1, 1)):
        self.orientations = orientations
        self.pixels_per_cell = pixels_per_cell
        self.cells_per_block = cells_per_block

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        from skimage.feature import hog

        return np.array([
            hog(image, orientations=self.orientations, pixels_per_cell=self.pixels_per_cell,
                cells_per_block=self.cells_per_block)
            for image in X
        ])


def hog_pipeline(classifier, orientations=8, pixels_per_cell=(4, 4), cells_per_block=(1, 1)):
    return make_pipeline(
        HogTransformer(orientations, pixels_per_cell, cells_per_block), StandardScaler(), classifier
    )
""",
            "functools.partial, a cloned classifier and a debug print": """
def hog_pipeline(classifier, orientations=8, pixels_per_cell=(4, 4), cells_per_block=(1, 1)):
    from functools import partial

    from sklearn.base import clone

    hog = partial(
        features.hog_features,
        orientations=orientations,
        pixels_per_cell=pixels_per_cell,
        cells_per_block=cells_per_block,
    )
    print("HOG settings:", orientations, pixels_per_cell, cells_per_block)
    return make_pipeline(FunctionTransformer(hog), StandardScaler(), clone(classifier))
""",
        },
        "q4_histogram": {
            "np.histogram with range": """
def cell_histogram(magnitude, orientation, bins):
    return np.histogram(np.ravel(orientation), bins=bins, range=(0, 180),
                        weights=np.ravel(magnitude))[0]
""",
            "np.histogram with explicit linspace edges": """
def cell_histogram(magnitude, orientation, bins):
    edges = np.linspace(0, 180, bins + 1)
    return np.histogram(np.ravel(orientation), edges, weights=np.ravel(magnitude))[0]
""",
            "loop with np.add.at and o * bins // 180": """
def cell_histogram(magnitude, orientation, bins):
    m = np.asarray(magnitude, dtype=float).ravel()
    o = np.asarray(orientation, dtype=float).ravel()
    h = np.zeros(bins)
    np.add.at(h, np.minimum((o * bins // 180).astype(int), bins - 1), m)
    return h
""",
            "python loop": """
def cell_histogram(magnitude, orientation, bins):
    h = np.zeros(bins)
    width = 180 / bins
    for m, o in zip(np.ravel(magnitude), np.ravel(orientation)):
        k = int(o // width)
        h[min(k, bins - 1)] += m
    return h
""",
            "prints (debug)": """
def cell_histogram(magnitude, orientation, bins):
    print('bin width', 180 / bins)
    return np.histogram(np.ravel(orientation), bins=bins, range=(0, 180),
                        weights=np.ravel(magnitude))[0]
""",
            "scipy binned_statistic": """
def cell_histogram(magnitude, orientation, bins):
    from scipy.stats import binned_statistic
    return binned_statistic(np.ravel(orientation), np.ravel(magnitude), 'sum', bins=bins, range=(0, 180))[0]
""",
            "np.digitize on linspace edges": """
def cell_histogram(magnitude, orientation, bins):
    o = np.ravel(orientation); m = np.ravel(magnitude).astype(float)
    idx = np.digitize(o, np.linspace(0, 180, bins + 1)) - 1
    return np.array([m[idx == k].sum() for k in range(bins)])
""",
            "o / 180 * bins": """
def cell_histogram(magnitude, orientation, bins):
    o = np.ravel(orientation).astype(float); m = np.ravel(magnitude).astype(float)
    idx = np.minimum((o / 180 * bins).astype(int), bins - 1)
    return np.bincount(idx, weights=m, minlength=bins)
""",
            "pandas cut": """
def cell_histogram(magnitude, orientation, bins):
    import pandas as pd
    idx = pd.cut(np.ravel(orientation), np.linspace(0, 180, bins + 1), right=False, labels=False)
    return pd.Series(np.ravel(magnitude)).groupby(idx).sum().reindex(range(bins), fill_value=0).to_numpy()
""",
            "list result with math.floor": """
import math
def cell_histogram(magnitude, orientation, bins):
    h = [0.0] * bins
    for m, o in zip(np.ravel(magnitude), np.ravel(orientation)):
        h[min(math.floor(o * bins / 180), bins - 1)] += float(m)
    return h
""",
        },
        "q5_confusion": {
            "bincount of 10 t + p": """
def most_confused(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    wrong = t != p
    counts = np.bincount(10 * t[wrong] + p[wrong], minlength=100)
    return divmod(int(counts.argmax()), 10)
""",
            "pandas crosstab": """
def most_confused(y_true, y_pred):
    import pandas as pd
    table = pd.crosstab(pd.Series(list(y_true), name='t'),
                        pd.Series(list(y_pred), name='p')).stack()
    table = table[[t != p for t, p in table.index]]
    t, p = table.idxmax()
    return int(t), int(p)
""",
            "dict of counts, ties to the smallest pair": """
def most_confused(y_true, y_pred):
    counts = {}
    for t, p in zip(y_true, y_pred):
        if t != p:
            counts[(int(t), int(p))] = counts.get((int(t), int(p)), 0) + 1
    return min(counts, key=lambda pair: (-counts[pair], pair))
""",
            "numpy integers in the tuple": """
def most_confused(y_true, y_pred):
    c = np.zeros((10, 10), dtype=int)
    np.add.at(c, (np.asarray(y_true), np.asarray(y_pred)), 1)
    c[np.arange(10), np.arange(10)] = 0
    return np.unravel_index(np.argmax(c), c.shape)
""",
            "prints (debug)": """
def most_confused(y_true, y_pred):
    from sklearn.metrics import confusion_matrix
    counts = confusion_matrix(y_true, y_pred, labels=range(10))
    print(counts)
    counts = counts - np.diag(np.diag(counts))
    i, j = np.unravel_index(counts.argmax(), counts.shape)
    return int(i), int(j)
""",
            "Counter over mistakes": """
def most_confused(y_true, y_pred):
    from collections import Counter
    c = Counter((int(t), int(p)) for t, p in zip(y_true, y_pred) if t != p)
    return c.most_common(1)[0][0]
""",
            "confusion_matrix with union labels": """
def most_confused(y_true, y_pred):
    from sklearn.metrics import confusion_matrix
    labels = np.union1d(y_true, y_pred)
    c = confusion_matrix(y_true, y_pred, labels=labels)
    np.fill_diagonal(c, 0)
    i, j = np.unravel_index(c.argmax(), c.shape)
    return labels[i], labels[j]
""",
            "returns a list": """
def most_confused(y_true, y_pred):
    from sklearn.metrics import confusion_matrix
    c = confusion_matrix(y_true, y_pred, labels=list(range(10)))
    c[np.diag_indices(10)] = 0
    return list(np.unravel_index(np.argmax(c), c.shape))
""",
        },
    },
    "03_cnn": {
        "q1_output_size": {
            "Keras computes it": """
def conv_output_size(n, k, padding='valid', stride=1):
    layer = keras.layers.Conv2D(1, k, strides=stride, padding=padding)
    return layer.compute_output_shape((None, n, n, 1))[1]
""",
            "math.ceil for both": """
import math
def conv_output_size(n, k, padding='valid', stride=1):
    if padding == 'same':
        return math.ceil(n / stride)
    return math.ceil((n - k + 1) / stride)
""",
            "count the positions": """
def conv_output_size(n, k, padding='valid', stride=1):
    if padding == 'valid':
        return len(range(0, n - k + 1, stride))
    return (n - 1) // stride + 1
""",
            "prints (debug)": """
def conv_output_size(n, k, padding='valid', stride=1):
    print(n, k, padding, stride)
    if padding == 'same':
        return (n + stride - 1) // stride
    return (n - k) // stride + 1
""",
            "float arithmetic with int()": """
def conv_output_size(n, k, padding='valid', stride=1):
    import math
    if padding == 'same':
        return int(math.ceil(n / stride))
    return int((n - k) / stride) + 1
""",
            "explicit TF padding formula": """
def conv_output_size(n, k, padding='valid', stride=1):
    if padding.lower() == 'same':
        out = -(-n // stride)
        pad = max((out - 1) * stride + k - n, 0)
        return (n + pad - k) // stride + 1
    return (n - k) // stride + 1
""",
        },
        "q2_build_lenet": {
            "functional API": """
def build_lenet(name="lenet"):
    inputs = keras.Input(shape=(28, 28, 1))
    x = L.Conv2D(6, 5, padding="same", activation="relu", name="conv1")(inputs)
    x = L.MaxPooling2D(2)(x)
    x = L.Conv2D(16, 5, padding="valid", activation="relu", name="conv2")(x)
    x = L.MaxPooling2D(pool_size=(2, 2))(x)
    x = L.Flatten()(x)
    x = L.Dense(120, activation="relu")(x)
    x = L.Dense(84, activation="relu")(x)
    return keras.Model(inputs, L.Dense(10, activation="softmax")(x), name=name)
""",
            "model.add, separate activation layers and a debug print": """
def build_lenet(name="lenet"):
    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=(28, 28, 1)))
    model.add(keras.layers.Conv2D(6, (5, 5), padding="same", name="conv1"))
    model.add(keras.layers.ReLU())
    model.add(keras.layers.MaxPool2D())
    model.add(keras.layers.Conv2D(16, (5, 5), name="conv2"))
    model.add(keras.layers.Activation("relu"))
    model.add(keras.layers.MaxPool2D((2, 2)))
    model.add(keras.layers.Reshape((400,)))
    for units in (120, 84):
        model.add(keras.layers.Dense(units, activation=keras.activations.relu))
    model.add(keras.layers.Dense(10))
    model.add(keras.layers.Softmax())
    print("built", model.name)
    return model
""",
            "the table's plain Sequential": lenet_answer(),
        },
        "q3_conv_parameters": {
            "Keras builds the layer": """
def conv_parameters(k, channels_in, filters):
    layer = keras.layers.Conv2D(filters, k)
    layer.build((None, k, k, channels_in))
    return layer.count_params()
""",
            "weights plus biases": """
def conv_parameters(k, channels_in, filters):
    return k ** 2 * channels_in * filters + filters
""",
            "np.prod": """
def conv_parameters(k, channels_in, filters):
    return np.prod([k, k, channels_in, filters]) + filters
""",
            "prints (debug)": """
def conv_parameters(k, channels_in, filters):
    weights = k * k * channels_in * filters
    print('weights', weights, 'biases', filters)
    return weights + filters
""",
        },
        "q4_vote_accuracy": {
            "every outcome enumerated with itertools": """
import itertools


def vote_accuracy(accuracies):
    total = 0.0
    for outcome in itertools.product([True, False], repeat=len(accuracies)):
        if sum(outcome) * 2 > len(accuracies):
            chance = 1.0
            for p, right in zip(accuracies, outcome):
                chance *= p if right else 1 - p
            total += chance
    return total
""",
            "a table of counts, filled member by member, and a debug print": """
def vote_accuracy(accuracies):
    n = len(accuracies)
    table = [1.0] + [0.0] * n  # table[k]: P(k right so far)
    for p in accuracies:
        table = [table[k] * (1 - p) + (table[k - 1] * p if k else 0.0) for k in range(n + 1)]
    print("distribution of right answers:", table)
    return sum(table[k] for k in range(n + 1) if k > n / 2)
""",
            "recursion on the first member": """
from functools import lru_cache


def vote_accuracy(accuracies):
    ps = tuple(float(p) for p in accuracies)
    need = len(ps) // 2 + 1

    @lru_cache(maxsize=None)
    def at_least(i, k):
        if k <= 0:
            return 1.0
        if i == len(ps):
            return 0.0
        return ps[i] * at_least(i + 1, k - 1) + (1 - ps[i]) * at_least(i + 1, k)

    return at_least(0, need)
""",
        },
        "q5_residual_block": {
            "keras.layers.add and a ReLU layer": RESIDUAL_GIVEN
            + """    shortcut = x
    x = keras.layers.Conv2D(filters, (3, 3), padding="same")(x)
    x = keras.layers.ReLU()(x)
    x = keras.layers.Conv2D(filters, (3, 3), padding="same")(x)
    x = keras.layers.add([shortcut, x])
    return keras.layers.ReLU()(x)
""",
            "the + operator and keras.ops.relu, with a debug print": RESIDUAL_GIVEN
            + """    inner = L.Conv2D(filters, kernel_size=3, strides=1, padding="same", activation="relu")(x)
    inner = L.Conv2D(filters, kernel_size=3, strides=1, padding="same", activation=None)(inner)
    print("block output:", inner.shape)
    return keras.ops.relu(x + inner)
""",
            "F as a Sequential model of its own": RESIDUAL_GIVEN
            + """    f = keras.Sequential(
        [
            L.Conv2D(filters, 3, padding="same", activation="relu"),
            L.Conv2D(filters, 3, padding="same"),
        ]
    )
    return L.Activation("relu")(L.Add()([f(x), x]))
""",
            "the filters read off the input's channels": RESIDUAL_GIVEN
            + """    channels = x.shape[-1]
    y = L.Conv2D(channels, 3, padding="same", activation="relu")(x)
    y = L.Conv2D(channels, 3, padding="same", activation="linear")(y)
    return L.Activation(keras.activations.relu)(L.Add()([x, y]))
""",
            "a Layer subclass, convolutions made in __init__": """
class ResidualBlock(keras.layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")
        self.conv2 = keras.layers.Conv2D(filters, 3, padding="same")

    def call(self, inputs):
        return keras.ops.relu(inputs + self.conv2(self.conv1(inputs)))

"""
            + RESIDUAL_GIVEN
            + """    return ResidualBlock(filters)(x)
""",
            "a Layer subclass whose second convolution is made first": """
class Residual(keras.layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.out_conv = keras.layers.Conv2D(filters, 3, padding="same")
        self.in_conv = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")

    def call(self, x):
        return keras.ops.relu(x + self.out_conv(self.in_conv(x)))

"""
            + RESIDUAL_GIVEN
            + """    return Residual(filters)(x)
""",
            "layers made first (second one first), then wired": RESIDUAL_GIVEN
            + """    conv_out = L.Conv2D(filters, 3, padding="same")
    conv_in = L.Conv2D(filters, 3, padding="same", activation="relu")
    add, relu = L.Add(), L.ReLU()
    return relu(add([x, conv_out(conv_in(x))]))
""",
            "a nested functional Model, built inside and called on x": RESIDUAL_GIVEN
            + """    inputs = keras.Input(shape=x.shape[1:])
    y = L.Conv2D(filters, 3, padding="same", activation="relu")(inputs)
"""
            + CONV_LINEAR
            + """    block = keras.Model(inputs, L.ReLU()(L.Add()([inputs, y])))
    return block(x)
""",
            "keras.ops.maximum(keras.ops.add(...), 0)": RESIDUAL_GIVEN
            + """    f = L.Conv2D(filters, (3, 3), padding="same")(x)
    f = L.Activation("relu")(f)
    f = L.Conv2D(filters, (3, 3), padding="same")(f)
    return keras.ops.maximum(keras.ops.add(x, f), 0.0)
""",
            "a Lambda layer for the sum, 'SAME' in capitals, Convolution2D": RESIDUAL_GIVEN
            + """    y = keras.layers.Convolution2D(filters, kernel_size=[3, 3], padding="SAME", activation="relu")(x)
    y = keras.layers.Convolution2D(filters, kernel_size=[3, 3], padding="SAME")(y)
    s = L.Lambda(lambda t: t[0] + t[1])([x, y])
    return L.Activation("relu")(s)
""",
            "unique names from a counter": """
_blocks_made = [0]
def residual_block(x, filters):
    _blocks_made[0] += 1
    i = _blocks_made[0]
    y = L.Conv2D(filters, 3, padding="same", activation="relu", name=f"res{i}_conv1")(x)
    y = L.Conv2D(filters, 3, padding="same", name=f"res{i}_conv2")(y)
    return L.Activation("relu", name=f"res{i}_out")(L.Add(name=f"res{i}_add")([x, y]))
""",
            "He initialisation and a zero-initialised last convolution": RESIDUAL_GIVEN
            + """    y = L.Conv2D(filters, 3, padding="same", activation="relu", kernel_initializer="he_normal")(x)
    y = L.Conv2D(filters, 3, padding="same", kernel_initializer="zeros")(y)
    return L.ReLU()(L.Add()([y, x]))
""",
            "a loop over the two activations": RESIDUAL_GIVEN
            + """    y = x
    for activation in ("relu", None):
        y = L.Conv2D(filters, 3, strides=(1, 1), padding="same", activation=activation)(y)
    return L.ReLU()(y + x)
""",
            "keras.activations.relu called on the tensor, with a debug print": RESIDUAL_GIVEN
            + """    print("input", x.shape, "filters", filters)
    y = L.Conv2D(filters, 3, padding="same", activation=keras.activations.relu)(x)
    y = L.Conv2D(filters, 3, padding="same", activation="linear")(y)
    out = keras.activations.relu(keras.layers.add([x, y]))
    print("output", out.shape)
    return out
""",
            "tf.keras.layers (the same Keras 3)": """
import tensorflow as tf
def residual_block(x, filters):
    y = tf.keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    y = tf.keras.layers.Conv2D(filters, 3, padding="same")(y)
    return tf.keras.layers.ReLU()(tf.keras.layers.Add()([x, y]))
""",
            "layers created in build() of a Layer subclass": """
class Block(keras.layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.filters = filters

    def build(self, input_shape):
        self.convs = [
            L.Conv2D(self.filters, 3, padding="same", activation="relu"),
            L.Conv2D(self.filters, 3, padding="same"),
        ]
        for conv in self.convs:
            conv.build(input_shape)

    def call(self, x):
        y = x
        for conv in self.convs:
            y = conv(y)
        return keras.ops.relu(x + y)

"""
            + RESIDUAL_GIVEN
            + """    return Block(filters)(x)
""",
            "an Identity layer on the shortcut": RESIDUAL_GIVEN
            + """    shortcut = L.Identity()(x)
"""
            + CONV_RELU
            + CONV_LINEAR
            + """    return L.ReLU()(L.Add()([shortcut, y]))
""",
        },
        "q6_kernel_design": {
            "Prewitt": """
vertical_edge = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]])
""",
            "Scharr": """
vertical_edge = np.array([[3, 0, -3], [10, 0, -10], [3, 0, -3]])
""",
            "normalised Sobel as floats": """
vertical_edge = np.outer([1, 2, 1], [1, 0, -1]) / 8
""",
            "central difference in the middle row": """
vertical_edge = np.array([[0, 0, 0], [1, 0, -1], [0, 0, 0]])
""",
            "a list of lists": """
vertical_edge = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
""",
            "prints (debug)": """
vertical_edge = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]]) / 3
print(vertical_edge)
""",
            "negated Sobel via filters helper": """
vertical_edge = -np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32)
""",
            "tuple of tuples": """
vertical_edge = ((1, 0, -1), (2, 0, -2), (1, 0, -1))
""",
        },
    },
    "04_autoencoder": {
        "q1_build_autoencoder": {
            "a keras.Model subclass holding the two": """
class AutoEncoder(keras.Model):
    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder

    def call(self, x):
        return self.decoder(self.encoder(x))


def build_autoencoder(code_size, hidden=(512, 256)):
    encoder = keras.Sequential(
        [keras.Input(shape=(784,)), *[L.Dense(n, activation="relu") for n in hidden],
         L.Dense(code_size)]
    )
    decoder = keras.Sequential(
        [keras.Input(shape=(code_size,)), *[L.Dense(n, activation="relu") for n in hidden[::-1]],
         L.Dense(784, activation="sigmoid")]
    )
    autoencoder = AutoEncoder(encoder, decoder)
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy", metrics=["mse"])
    return encoder, decoder, autoencoder
""",
            "functional API, loss and metric objects": """
def build_autoencoder(code_size, hidden=(512, 256)):
    image = keras.Input(shape=(784,))
    x = image
    for units in hidden:
        x = keras.layers.Dense(units, activation="relu")(x)
    encoder = keras.Model(image, keras.layers.Dense(code_size)(x), name="encoder")
    code = keras.Input(shape=(code_size,))
    y = code
    for units in hidden[::-1]:
        y = keras.layers.Dense(units, activation="relu")(y)
    decoder = keras.Model(code, keras.layers.Dense(784, activation="sigmoid")(y), name="decoder")
    autoencoder = keras.Model(image, decoder(encoder(image)))
    autoencoder.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=keras.losses.BinaryCrossentropy(),
        metrics=[keras.metrics.MeanSquaredError()],
    )
    return encoder, decoder, autoencoder
""",
            "model.add, separate activation layers and a debug print": """
def build_autoencoder(code_size, hidden=(512, 256)):
    encoder = keras.Sequential()
    encoder.add(keras.Input(shape=(784,)))
    for units in hidden:
        encoder.add(keras.layers.Dense(units))
        encoder.add(keras.layers.ReLU())
    encoder.add(keras.layers.Dense(code_size, activation="linear"))
    decoder = keras.Sequential()
    decoder.add(keras.Input(shape=(code_size,)))
    for units in reversed(list(hidden)):
        decoder.add(keras.layers.Dense(units))
        decoder.add(keras.layers.Activation("relu"))
    decoder.add(keras.layers.Dense(784))
    decoder.add(keras.layers.Activation("sigmoid"))
    autoencoder = keras.Sequential([keras.Input(shape=(784,)), encoder, decoder])
    autoencoder.compile("adam", "binary_crossentropy", metrics=["mean_squared_error"])
    print(autoencoder.count_params(), "parameters")
    return encoder, decoder, autoencoder
""",
            "the question's Sequential": autoencoder_answer(),
        },
        "q2_conv_encoder": {
            "functional API": """
def build_conv_encoder(code_size):
    inputs = keras.Input(shape=(28, 28, 1))
    x = L.Conv2D(16, 3, padding='same', activation='relu')(inputs)
    x = L.MaxPooling2D()(x)
    x = L.Conv2D(32, 3, padding='same', activation='relu')(x)
    x = L.MaxPooling2D()(x)
    return keras.Model(inputs, L.Dense(code_size)(L.Flatten()(x)), name='conv_encoder')
""",
            "strided convolutions instead of pooling": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(16, 3, strides=2, padding='same', activation='relu'),
        L.Conv2D(32, 3, strides=2, padding='same', activation='relu'),
        L.Flatten(), L.Dense(code_size, name='code')])
""",
            "valid convs, average pooling, batch norm, dropout": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(8, 5, activation='relu'), L.BatchNormalization(), L.AveragePooling2D(2),
        L.Dropout(0.1), L.Flatten(), L.Dense(64, activation='relu'), L.Dense(code_size)])
""",
            "pooling then global average pooling to code_size filters": """
def build_conv_encoder(code_size):
    return keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(16, 3, padding='same', activation='relu'), L.MaxPooling2D(),
        L.Conv2D(code_size, 3, padding='same'), L.GlobalAveragePooling2D()])
""",
            "compiled model": """
def build_conv_encoder(code_size):
    model = keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(16, 3, padding='same', activation='relu'), L.MaxPooling2D(),
        L.Flatten(), L.Dense(code_size)])
    model.compile(optimizer='adam', loss='mse')
    return model
""",
            "conv block as a nested Sequential": """
def build_conv_encoder(code_size):
    features = keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(16, 3, padding='same', activation='relu'), L.MaxPooling2D(),
        L.Conv2D(32, 3, padding='same', activation='relu'), L.MaxPooling2D()], name='features')
    return keras.Sequential([keras.Input((28, 28, 1)), features, L.Flatten(), L.Dense(code_size)])
""",
            "Keras-2 style input_shape= on the first layer": """
def build_conv_encoder(code_size):
    return keras.Sequential([
        L.Conv2D(16, 3, padding='same', activation='relu', input_shape=(28, 28, 1)),
        L.MaxPooling2D(), L.Flatten(), L.Dense(code_size)])
""",
            "debug print (summary)": """
def build_conv_encoder(code_size):
    model = keras.Sequential([keras.Input((28, 28, 1)),
        L.Conv2D(16, 3, padding='same', activation='relu'), L.MaxPooling2D(),
        L.Flatten(), L.Dense(code_size)])
    print('encoder output shape:', model.output_shape)
    return model
""",
            "MaxPool2D alias, Input via InputLayer": """
def build_conv_encoder(code_size):
    return keras.Sequential([L.InputLayer(shape=(28, 28, 1)),
        L.Conv2D(8, 3, activation='relu'), L.MaxPool2D(), L.Flatten(), L.Dense(code_size)])
""",
            "rescaling first, strided conv": """
def build_conv_encoder(code_size):
    inp = keras.Input((28, 28, 1))
    x = L.Rescaling(1.0)(inp)
    x = L.Conv2D(8, 3, strides=(2, 2), activation='relu')(x)
    x = L.GlobalAveragePooling2D()(x)
    return keras.Model(inp, L.Dense(code_size)(x))
""",
        },
        "q3_worst_reconstructed": {
            "sum of squares instead of mean (same ranking)": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.asarray(originals, float) - np.asarray(reconstructions, float)
    errors = np.sum(d ** 2, axis=tuple(range(1, d.ndim)))
    return np.argsort(-errors)[:count]
""",
            "loop and sorted(), returns a list": """
def worst_reconstructed(originals, reconstructions, count):
    errors = []
    for a, b in zip(originals, reconstructions):
        d = np.ravel(a).astype(float) - np.ravel(b).astype(float)
        errors.append(float(np.mean(d * d)))
    order = sorted(range(len(errors)), key=lambda i: errors[i], reverse=True)
    return order[:count]
""",
            "norm (RMSE ranking), descending slice": """
def worst_reconstructed(originals, reconstructions, count):
    a = np.asarray(originals, float); b = np.asarray(reconstructions, float)
    errors = np.linalg.norm((a - b).reshape(len(a), -1), axis=1)
    return np.argsort(errors)[::-1][:count].tolist()
""",
            "sklearn mean_squared_error per image": """
def worst_reconstructed(originals, reconstructions, count):
    from sklearn.metrics import mean_squared_error
    a = np.asarray(originals, float); b = np.asarray(reconstructions, float)
    errors = mean_squared_error(a.reshape(len(a), -1).T, b.reshape(len(b), -1).T,
                                multioutput='raw_values')
    return list(np.argsort(errors)[::-1][:count])
""",
            "pandas nlargest": """
def worst_reconstructed(originals, reconstructions, count):
    import pandas as pd
    a = np.asarray(originals, float); b = np.asarray(reconstructions, float)
    errors = pd.Series(((a - b) ** 2).reshape(len(a), -1).mean(axis=1))
    return errors.nlargest(count).index.to_numpy()
""",
            "debug print": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.asarray(originals, float) - np.asarray(reconstructions, float)
    errors = (d.reshape(len(d), -1) ** 2).mean(axis=1)
    print('errors:', errors)
    return np.argsort(errors)[::-1][:count]
""",
            "keras.ops.top_k": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.asarray(originals, float) - np.asarray(reconstructions, float)
    errors = (d.reshape(len(d), -1) ** 2).mean(axis=1)
    return keras.ops.convert_to_numpy(keras.ops.top_k(errors, k=count)[1])
""",
            "heapq.nlargest": """
def worst_reconstructed(originals, reconstructions, count):
    import heapq
    d = np.asarray(originals, float) - np.asarray(reconstructions, float)
    errors = (d.reshape(len(d), -1) ** 2).mean(axis=1)
    return heapq.nlargest(count, range(len(errors)), key=errors.__getitem__)
""",
            "int64 cast": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.asarray(originals).astype(np.int64) - np.asarray(reconstructions).astype(np.int64) if np.asarray(originals).dtype.kind in 'ui' else np.asarray(originals, float) - np.asarray(reconstructions, float)
    errors = np.square(d).reshape(len(d), -1).mean(axis=1)
    return np.argsort(-errors, kind='stable')[:count]
""",
            "argpartition then sort": """
def worst_reconstructed(originals, reconstructions, count):
    d = np.asarray(originals, float) - np.asarray(reconstructions, float)
    errors = (d.reshape(len(d), -1) ** 2).mean(axis=1)
    if count == 0:
        return np.array([], dtype=int)
    top = np.argpartition(-errors, count - 1)[:count]
    return top[np.argsort(-errors[top])]
""",
            "float32 keras.ops mse": """
def worst_reconstructed(originals, reconstructions, count):
    a = np.asarray(originals, 'float32'); b = np.asarray(reconstructions, 'float32')
    errors = keras.ops.convert_to_numpy(keras.ops.mean(keras.ops.square(a - b), axis=tuple(range(1, a.ndim))))
    return np.argsort(errors)[::-1][:count]
""",
        },
    },
    "05_dropout": {
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
    },
    "06_transfer_learning": {
        "q1_transfer_model": {
            "the functional API written out, layer by layer frozen": """
def transfer_model(source_base, classes=5):
    base = keras.models.clone_model(source_base)
    base.set_weights(source_base.get_weights())
    for layer in base.layers:
        layer.trainable = False
    images = keras.Input(shape=(28, 28, 1))
    x = base(images, training=False)
    for layer in head_layers(classes):
        x = layer(x)
    model = keras.Model(images, x)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.001),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    return model, base
""",
            "a Sequential of the copy and the head, weights copied one layer at a time": """
def transfer_model(source_base, classes=5):
    base = keras.models.clone_model(source_base)
    for mine, theirs in zip(base.layers, source_base.layers):
        mine.set_weights(theirs.get_weights())
    base.trainable = False
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), base, *head_layers(classes)])
    print("trainable weights:", len(model.trainable_weights))
    return compile_model(model), base
""",
            "the question's route": """
def transfer_model(source_base, classes=5):
    base = keras.models.clone_model(source_base)
    base.set_weights(source_base.get_weights())
    base.trainable = False
    return compile_model(build_classifier(base, classes)), base
""",
        },
        "q2_unfreeze_from": {
            "a flag switched on at the named layer": """
def unfreeze_from(model, layer_name):
    model.trainable = True
    reached = False
    for layer in model.layers:
        reached = reached or layer.name == layer_name
        layer.trainable = reached
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    return model
""",
            "index loop over range(len(model.layers))": """
def unfreeze_from(model, layer_name):
    layers = model.layers
    start = None
    for i in range(len(layers)):
        if layers[i].name == layer_name:
            start = i
    model.trainable = True
    for i in range(len(layers)):
        layers[i].trainable = i >= start
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    return model
""",
            "get_layer and list.index": """
def unfreeze_from(model, layer_name):
    target = model.get_layer(layer_name)
    start = model.layers.index(target)
    model.trainable = True
    for layer in model.layers[:start]:
        layer.trainable = False
    for layer in model.layers[start:]:
        layer.trainable = True
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    return model
""",
            "debug print": """
def unfreeze_from(model, layer_name):
    names = [layer.name for layer in model.layers]
    start = names.index(layer_name)
    model.trainable = True
    for position, layer in enumerate(model.layers):
        layer.trainable = position >= start
    print('trainable:', names[start:])
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    return model
""",
            "set all False then True for the top": """
def unfreeze_from(model, layer_name):
    model.trainable = True
    for l in model.layers:
        l.trainable = False
    hit = False
    for l in model.layers:
        hit = hit or (l.name == layer_name)
        if hit:
            l.trainable = True
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    return model
""",
        },
        "q3_head_parameters": {
            "Keras count_params of the head": """
def head_parameters(feature_shape, hidden, classes):
    head = keras.Sequential([keras.Input(feature_shape), L.Flatten(), L.Dense(hidden),
                             L.Dense(classes)])
    return head.count_params()
""",
            "math.prod": """
def head_parameters(feature_shape, hidden, classes):
    import math
    n = math.prod(feature_shape)
    return n * hidden + hidden + hidden * classes + classes
""",
            "loop over the layer sizes": """
def head_parameters(feature_shape, hidden, classes):
    n = 1
    for size in feature_shape:
        n *= size
    total = 0
    for fan_in, fan_out in [(n, hidden), (hidden, classes)]:
        total += fan_in * fan_out + fan_out
    return total
""",
            "np.int64 result": """
def head_parameters(feature_shape, hidden, classes):
    sizes = np.array([np.prod(feature_shape), hidden, classes], dtype=np.int64)
    return np.sum((sizes[:-1] + 1) * sizes[1:])
""",
            "debug print": """
def head_parameters(feature_shape, hidden, classes):
    inputs = int(np.prod(feature_shape))
    print('flattened features:', inputs)
    return (inputs + 1) * hidden + (hidden + 1) * classes
""",
            "functools.reduce with operator.mul": """
def head_parameters(feature_shape, hidden, classes):
    from functools import reduce
    import operator
    n = reduce(operator.mul, feature_shape, 1)
    return (n + 1) * hidden + (hidden + 1) * classes
""",
            "sum of trainable weight sizes": """
def head_parameters(feature_shape, hidden, classes):
    head = keras.Sequential([keras.Input(feature_shape), L.Flatten(), L.Dense(hidden), L.Dense(classes)])
    return sum(np.prod(w.shape) for w in head.trainable_weights)
""",
            "float result": """
def head_parameters(feature_shape, hidden, classes):
    inputs = np.prod(np.array(feature_shape, dtype=float))
    return (inputs + 1) * hidden + (hidden + 1) * classes
""",
        },
        "q4_labels_to_reach": {
            "loop with sum/len": """
def labels_to_reach(budgets, accuracies, target):
    for budget, row in zip(budgets, accuracies):
        row = list(row)
        if sum(row) / len(row) >= target:
            return budget
    return None
""",
            "pandas": """
def labels_to_reach(budgets, accuracies, target):
    import pandas as pd
    means = pd.DataFrame(np.asarray(accuracies), index=list(budgets)).mean(axis=1)
    reached = means[means >= target]
    return reached.index[0] if len(reached) else None
""",
            "min of the budgets that reach it": """
def labels_to_reach(budgets, accuracies, target):
    means = np.mean(accuracies, axis=1)
    reached = [b for b, m in zip(budgets, means) if m >= target]
    return min(reached) if reached else None
""",
            "next() with a default": """
def labels_to_reach(budgets, accuracies, target):
    means = np.asarray(accuracies, float).mean(axis=1)
    return next((budgets[i] for i in range(len(budgets)) if means[i] >= target), None)
""",
            "debug print": """
def labels_to_reach(budgets, accuracies, target):
    means = np.asarray(accuracies, dtype=float).mean(axis=1)
    print('means:', np.round(means, 3))
    reached = np.flatnonzero(means >= target)
    return budgets[reached[0]] if len(reached) else None
""",
            "np.asarray(budgets)[i] (np.int64)": """
def labels_to_reach(budgets, accuracies, target):
    means = np.mean(accuracies, axis=1)
    hit = np.nonzero(means >= target)[0]
    return np.asarray(budgets)[hit[0]] if hit.size else None
""",
            "keras float32 means": """
def labels_to_reach(budgets, accuracies, target):
    means = keras.ops.convert_to_numpy(keras.ops.mean(keras.ops.convert_to_tensor(accuracies, 'float32'), axis=1))
    for b, m in zip(budgets, means):
        if m >= target:
            return b
    return None
""",
        },
    },
}
