from otter.test_files import test_case

OK_FORMAT = False

name = "q4_vote_accuracy"
points = [1]

@test_case(points=None, hidden=False)
def test_vote_public(vote_accuracy):
    import numpy as np
    assert np.isclose(vote_accuracy([0.7, 0.7, 0.7]), 0.784)

