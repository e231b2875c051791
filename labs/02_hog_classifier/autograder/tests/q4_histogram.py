from otter.test_files import test_case

OK_FORMAT = False

name = "q4_histogram"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_histogram_public(cell_histogram):
    import numpy as np
    result = cell_histogram([1.0, 2.0, 0.5], [10.0, 100.0, 170.0], bins=4)
    assert np.allclose(np.asarray(result, dtype=float), [1, 0, 2, 0.5])

@test_case(points=None, hidden=True)
def test_histogram_hidden(cell_histogram):
    import numpy as np

    def result(magnitude, orientation, bins):
        values = np.asarray(cell_histogram(magnitude, orientation, bins), dtype=float)
        assert values.shape == (bins,)
        return values
    assert np.allclose(result(np.ones((2, 2)), np.full((2, 2), 30.0), 3), [4, 0, 0])
    assert np.allclose(result([3.0, 1.0], [0.0, 179.9], 9), [3] + [0] * 7 + [1])
    assert np.allclose(result([2.0, 2.0], [44.9, 45.0], 4), [2, 2, 0, 0])
    assert np.allclose(result([5.0], [95.0], 2), [0, 5])
    assert np.allclose(result([1.0, 1.0], [60.0, 120.0], 3), [0, 1, 1])
    assert np.allclose(result([1.0, 2.0], [22.2, 22.7], 8), [1, 2, 0, 0, 0, 0, 0, 0])
    assert np.allclose(result(np.ones(21), np.arange(21) * 180 / 21 + 1, 21), np.ones(21))
    rng = np.random.default_rng(4)
    magnitude, orientation = (rng.uniform(0, 3, size=(4, 4)), rng.uniform(0, 180, size=(4, 4)))
    expected = [magnitude[(orientation >= 20 * k) & (orientation < 20 * (k + 1))].sum() for k in range(9)]
    assert np.allclose(result(magnitude, orientation, 9), expected)

