from otter.test_files import test_case

OK_FORMAT = False

name = "q1_gradient"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_gradient_public(gradient_at):
    import numpy as np
    assert np.allclose(gradient_at([[0, 0, 1], [0, 0, 1], [0, 0, 1]]), (4, 0, 4, 0))

@test_case(points=None, hidden=True)
def test_gradient_hidden(gradient_at):
    import numpy as np

    def result(patch):
        values = np.asarray(gradient_at(patch), dtype=float)
        assert values.shape == (4,)
        return values
    assert np.allclose(result([[1, 1, 1], [0, 0, 0], [0, 0, 0]]), (0, -4, 4, 90))
    assert np.allclose(result([[1, 0, 0], [1, 0, 0], [1, 0, 0]]), (-4, 0, 4, 0))
    assert np.allclose(result([[0, 0, 0], [0, 0, 1], [0, 1, 1]]), (3, 3, np.sqrt(18), 45))
    assert np.allclose(result([[0, 1, 1], [0, 0, 1], [0, 0, 0]]), (3, -3, np.sqrt(18), 135))
    assert np.allclose(result([[0, 0, 0], [1, 0, 0], [1, 1, 0]]), (-3, 3, np.sqrt(18), 135))
    assert np.allclose(result([[1, 1, 0], [1, 0, 0], [0, 0, 0]]), (-3, -3, np.sqrt(18), 45))
    gx, gy, magnitude, orientation = result(np.full((3, 3), 7.0))
    assert np.allclose((gx, gy, magnitude), 0) and 0 <= orientation < 180
    sobel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    patch = np.random.default_rng(3).integers(0, 256, size=(3, 3))
    gx, gy = (np.sum(patch * sobel), np.sum(patch * sobel.T))
    expected = (gx, gy, np.hypot(gx, gy), np.degrees(np.arctan2(gy, gx)) % 180)
    assert np.allclose(result(patch), expected)

