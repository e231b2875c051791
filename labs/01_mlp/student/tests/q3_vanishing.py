OK_FORMAT = True

test = {   'name': 'q3_vanishing',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> assert np.isclose(sigmoid_derivative(0.0), 0.25)\n>>> assert sigmoid_derivative(np.array([-3.0, 3.0])).shape == (2,)\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
