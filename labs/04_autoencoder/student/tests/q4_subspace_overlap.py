from otter.test_files import test_case

OK_FORMAT = False

name = "q4_subspace_overlap"
points = [1]

@test_case(points=None, hidden=False)
def test_overlap_public(subspace_overlap):
    import numpy as np
    e = np.eye(4)
    assert np.isclose(subspace_overlap(e[:2], e[:2]), 1)
    assert np.isclose(subspace_overlap(e[:2], e[2:]), 0)

