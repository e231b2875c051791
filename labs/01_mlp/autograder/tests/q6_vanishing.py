from otter.test_files import test_case

OK_FORMAT = False

name = "q6_vanishing"
points = [1, 1, 1]

@test_case(points=None, hidden=False)
def test_vanishing_public(sigmoid_derivative, max_gradient_factor):
    import numpy as np
    assert np.isclose(sigmoid_derivative(0.0), 0.25)
    assert np.shape(sigmoid_derivative(np.array([-3.0, 3.0]))) == (2,)
    assert np.isclose(max_gradient_factor(1), 0.25)

@test_case(points=None, hidden=True)
def test_sigmoid_derivative_hidden(sigmoid_derivative):
    import numpy as np
    z = np.linspace(-8, 8, 321)
    numeric = (1 / (1 + np.exp(-(z + 1e-05))) - 1 / (1 + np.exp(-(z - 1e-05)))) / 2e-05
    assert np.allclose(sigmoid_derivative(z), numeric, rtol=0.0001, atol=1e-07)
    grid = np.array([[-1.0, 0.5], [2.0, -4.0]])
    sigmoid = 1 / (1 + np.exp(-grid))
    assert np.allclose(sigmoid_derivative(grid), sigmoid * (1 - sigmoid))
    with np.errstate(all='ignore'):
        far = np.asarray(sigmoid_derivative(np.array([-1000.0, -710.0, 710.0, 1000.0])))
    assert np.allclose(far, 0.0, atol=1e-300)

@test_case(points=None, hidden=True)
def test_max_gradient_factor_hidden(max_gradient_factor):
    import numpy as np
    for layers in (0, 1, 2, 6, 10):
        assert np.isclose(max_gradient_factor(layers), 0.25 ** layers, rtol=1e-09, atol=0), layers

