OK_FORMAT = True

test = {   'name': 'q1_gradient',
    'points': 3,
    'suites': [   {   'cases': [{'code': '>>> assert np.allclose(gradient_at([[0, 0, 1], [0, 0, 1], [0, 0, 1]]), (4, 0, 4, 0))\n', 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
