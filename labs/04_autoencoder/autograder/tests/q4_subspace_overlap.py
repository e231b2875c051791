from otter.test_files import test_case

OK_FORMAT = False

name = "q4_subspace_overlap"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_overlap_public(subspace_overlap):
    import numpy as np
    e = np.eye(4)
    assert np.isclose(subspace_overlap(e[:2], e[:2]), 1)
    assert np.isclose(subspace_overlap(e[:2], e[2:]), 0)

@test_case(points=None, hidden=True)
def test_overlap_hidden(subspace_overlap):
    import numpy as np
    from scipy.linalg import subspace_angles
    e = np.eye(4)
    rng = np.random.default_rng(0)
    b = rng.normal(size=(3, 10))
    assert np.isclose(subspace_overlap(rng.normal(size=(3, 3)) @ b, b), 1)
    assert np.isclose(subspace_overlap(5 * b, b), 1)
    assert np.isclose(subspace_overlap(e[:2], np.array([e[0], e[2]])), 0.5)
    assert np.isclose(subspace_overlap(e[:2], np.array([e[0], (e[1] + e[2]) / np.sqrt(2)])), 0.75)
    a = rng.normal(size=(3, 10))
    expected = np.mean(np.cos(subspace_angles(a.T, b.T)) ** 2)
    assert np.isclose(subspace_overlap(a, b), expected)
    assert np.isclose(subspace_overlap(b, a), expected)
    assert np.isclose(subspace_overlap(np.array([[1.0, 1.0]]), np.array([[1.0, 0.0]])), 0.5)

