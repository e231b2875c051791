"""A test file whose every case fails, unless the machinery that runs and scores tests was changed.

Run in the grading kernel after the questions, with the notebook's namespace.
"""

import math

import numpy as np
from otter.test_files import test_case

OK_FORMAT = False
name = "canary"
points = None


@test_case(points=1)
def test_assert():
    """Fail a plain assert."""
    assert 1 + 1 == 3


@test_case(points=1)
def test_numpy():
    """Fail NumPy's comparisons."""
    assert np.allclose([0.0], [1.0]) or np.isclose(0.0, 1.0) or np.array_equal([0], [1])


@test_case(points=1)
def test_numpy_all():
    """Fail NumPy's reductions of comparisons."""
    assert np.all(np.asarray([1, 2]) == 3) or (np.asarray([1.0]) == 3).any()


@test_case(points=1)
def test_numpy_testing():
    """Fail NumPy's testing helpers."""
    np.testing.assert_allclose(0.0, 1.0)


@test_case(points=1)
def test_math_and_containers():
    """Fail math's and the containers' comparisons."""
    assert math.isclose(0.0, 1.0) or [0] == [1] or (0,) == (1,) or {0: 1} == {0: 2}
