"""Lab 02 (HOG features and classical classifiers)'s answers: wrong ones, valid ones, and the globals they run in.

What each table holds and how it is run: :mod:`lab_answers`.
"""

from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from lab_answers import mnist_sample, scaffold
from utils import features

LAB = "02_hog_classifier"

# What most pipeline answers start with: the scaffold, then the HOG settings, gathered.
HOG_PIPELINE_GIVEN = (
    scaffold(LAB, "hog_pipeline")
    + """    settings = dict(
        orientations=orientations,
        pixels_per_cell=pixels_per_cell,
        cells_per_block=cells_per_block,
        progress=False,
    )"""
)


WRONG_ANSWERS = {  # each loses points
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
}


VALID_ANSWERS = {  # each gets full marks
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
}


def lab_globals(master: Path) -> dict:
    """What lab 02's exercises use from the notebook, built small."""
    sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    x_train, y_train = mnist_sample()
    return {
        "np": np,
        "features": features,
        "sobel_x": sobel_x,
        "sobel_y": sobel_x.T,
        "x_train": x_train,
        "y_train": y_train,
        "FunctionTransformer": FunctionTransformer,
        "StandardScaler": StandardScaler,
        "LogisticRegression": LogisticRegression,
        "make_pipeline": make_pipeline,
        # the first mistake (1→7) is not the most frequent one (3→5)
        "y_test": np.array([0, 1, 2, 3, 3, 3, 5, 5]),
        "best_predictions": np.array([0, 7, 2, 5, 5, 5, 3, 5]),
    }
