from otter.test_files import test_case

OK_FORMAT = False

name = "q1_gradient"
points = [1]

@test_case(points=None, hidden=False)
def test_gradient_public(gradient_at):
    import numpy as np
    assert np.allclose(gradient_at([[0, 0, 1], [0, 0, 1], [0, 0, 1]]), (4, 0, 4, 0))

