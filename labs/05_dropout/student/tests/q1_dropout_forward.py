OK_FORMAT = True

test = {   'name': 'q1_dropout_forward',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> assert np.allclose(dropout_forward(np.ones(4), 0.5, np.array([1, 0, 1, 0])), [2, 0, 2, 0])\n'
                                               '>>> assert np.allclose(dropout_forward(np.ones(4), 0.5, np.array([1, 0, 1, 0]), training=False), 1)\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
