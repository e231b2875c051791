OK_FORMAT = True

test = {   'name': 'q1_gradient',
    'points': 3,
    'suites': [   {   'cases': [   {'code': '>>> assert np.allclose(gradient_at([[0, 0, 1], [0, 0, 1], [0, 0, 1]]), (4, 0, 4, 0))\n', 'hidden': False, 'locked': False},
                                   {   'code': '>>> assert np.allclose(gradient_at([[1, 1, 1], [0, 0, 0], [0, 0, 0]]), (0, -4, 4, 90))\n'
                                               '>>> assert np.allclose(gradient_at([[1, 0, 0], [1, 0, 0], [1, 0, 0]]), (-4, 0, 4, 0))\n'
                                               '>>> assert np.allclose(gradient_at([[0, 0, 0], [0, 0, 1], [0, 1, 1]]), (3, 3, np.sqrt(18), 45))\n'
                                               '>>> assert np.allclose(gradient_at(np.full((3, 3), 7.0)), (0, 0, 0, 0))\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
