OK_FORMAT = True

test = {   'name': 'q3_subspace_overlap',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> _e = np.eye(4)\n>>> assert np.isclose(subspace_overlap(_e[:2], _e[:2]), 1)\n>>> assert np.isclose(subspace_overlap(_e[:2], _e[2:]), 0)\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
