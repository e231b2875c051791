from otter.test_files import test_case

OK_FORMAT = False

name = "q4_histogram"
points = [1]

@test_case(points=None, hidden=False)
def test_histogram_public(cell_histogram):
    import numpy as np
    result = cell_histogram([1.0, 2.0, 0.5], [10.0, 100.0, 170.0], bins=4)
    assert np.allclose(np.asarray(result, dtype=float), [1, 0, 2, 0.5])

