OK_FORMAT = True

test = {   'name': 'q3_histogram',
    'points': 3,
    'suites': [   {   'cases': [   {'code': '>>> assert np.allclose(cell_histogram([1.0, 2.0, 0.5], [10.0, 100.0, 170.0], bins=4), [1, 0, 2, 0.5])\n', 'hidden': False, 'locked': False},
                                   {   'code': '>>> assert np.allclose(cell_histogram(np.ones((2, 2)), np.full((2, 2), 30.0), bins=3), [4, 0, 0])\n'
                                               '>>> assert np.allclose(cell_histogram([3.0, 1.0], [0.0, 179.9], bins=9), [3] + [0] * 7 + [1])\n'
                                               '>>> assert np.allclose(cell_histogram([2.0, 2.0], [44.9, 45.0], bins=4), [2, 2, 0, 0])\n'
                                               '>>> assert np.allclose(cell_histogram([5.0], [95.0], bins=2), [0, 5])\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
