OK_FORMAT = True

test = {   'name': 'q3_vanishing',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> assert np.isclose(sigmoid_derivative(0.0), 0.25)\n>>> assert sigmoid_derivative(np.array([-3.0, 3.0])).shape == (2,)\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> _z = np.linspace(-6, 6, 241)\n'
                                               '>>> _numeric = (1 / (1 + np.exp(-(_z + 1e-05))) - 1 / (1 + np.exp(-(_z - 1e-05)))) / 2e-05\n'
                                               '>>> assert np.allclose(sigmoid_derivative(_z), _numeric, atol=1e-08)\n',
                                       'hidden': True,
                                       'locked': False},
                                   {   'code': '>>> assert np.isclose(max_gradient_factor(1), 0.25)\n'
                                               '>>> assert np.isclose(max_gradient_factor(6), 0.25 ** 6)\n'
                                               '>>> assert np.isclose(max_gradient_factor(0), 1.0)\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
