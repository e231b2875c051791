OK_FORMAT = True

test = {   'name': 'q3_histogram',
    'points': 3,
    'suites': [   {   'cases': [{'code': '>>> assert np.allclose(cell_histogram([1.0, 2.0, 0.5], [10.0, 100.0, 170.0], bins=4), [1, 0, 2, 0.5])\n', 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
