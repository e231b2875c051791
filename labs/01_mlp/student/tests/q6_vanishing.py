from otter.test_files import test_case

OK_FORMAT = False

name = "q6_vanishing"
points = [1]

@test_case(points=None, hidden=False)
def test_vanishing_public(sigmoid_derivative, max_gradient_factor):
    import numpy as np
    assert np.isclose(sigmoid_derivative(0.0), 0.25)
    assert np.shape(sigmoid_derivative(np.array([-3.0, 3.0]))) == (2,)
    assert np.isclose(max_gradient_factor(1), 0.25)

