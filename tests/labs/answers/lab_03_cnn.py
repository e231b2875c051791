"""Lab 03 (convolutional networks)'s answers: wrong ones, valid ones, and the globals they run in.

What each table holds and how it is run: :mod:`lab_answers`.
"""

from pathlib import Path

import keras
import numpy as np

from lab_answers import scaffold
from utils import filters

LAB = "03_cnn"

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


# The residual_block answers, written as students would, after the scaffold; the parts most
# answers share are named once.
RESIDUAL_GIVEN = scaffold(LAB, "residual_block")

CONV_RELU = """    y = L.Conv2D(filters, 3, padding="same", activation="relu")(x)
"""

CONV_LINEAR = """    y = L.Conv2D(filters, 3, padding="same")(y)
"""

RELU_OF_SUM = """    return L.Activation("relu")(L.Add()([x, y]))
"""


WRONG_ANSWERS = {  # each loses points
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
}


VALID_ANSWERS = {  # each gets full marks
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
}


def lab_globals(master: Path) -> dict:
    """What lab 03's exercises use from the notebook."""
    return {"np": np, "keras": keras, "L": keras.layers, "filters": filters}
