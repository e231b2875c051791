"""Lab 04 (autoencoders)'s answers: wrong ones, valid ones, and the globals they run in.

What each table holds and how it is run: :mod:`lab_answers`.
"""

from pathlib import Path

import keras
import numpy as np

from lab_answers import flattened_digits

LAB = "04_autoencoder"

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


WRONG_ANSWERS = {  # each loses points
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
}


VALID_ANSWERS = {  # each gets full marks
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
}


def lab_globals(master: Path) -> dict:
    """What lab 04's exercises use from the notebook: its modules and real digits, small."""
    return {
        "np": np,
        "keras": keras,
        "L": keras.layers,
        "x_train": flattened_digits()[0],  # flattened and scaled, as lab 04 has them
    }
