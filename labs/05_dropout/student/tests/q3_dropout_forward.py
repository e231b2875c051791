from otter.test_files import test_case

OK_FORMAT = False

name = "q3_dropout_forward"
points = [1]

@test_case(points=None, hidden=False)
def test_dropout_public(dropout_forward):
    import numpy as np
    keep = np.array([1, 0, 1, 0])
    assert np.allclose(dropout_forward(np.ones(4), 0.5, keep), [2, 0, 2, 0])
    assert np.allclose(dropout_forward(np.ones(4), 0.5, keep, training=False), 1)

