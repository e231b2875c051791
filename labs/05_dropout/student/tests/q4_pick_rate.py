from otter.test_files import test_case

OK_FORMAT = False

name = "q4_pick_rate"
points = [1]

@test_case(points=None, hidden=False)
def test_pick_rate_public(pick_rate):
    import numpy as np
    assert pick_rate([0.0, 0.5], np.array([[0.9, 0.92], [0.93, 0.95]])) == 0.5

