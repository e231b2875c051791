OK_FORMAT = True

test = {   'name': 'q3_subspace_overlap',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> _e = np.eye(4)\n>>> assert np.isclose(subspace_overlap(_e[:2], _e[:2]), 1)\n>>> assert np.isclose(subspace_overlap(_e[:2], _e[2:]), 0)\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> _e = np.eye(4)\n'
                                               '>>> _rng = np.random.default_rng(0)\n'
                                               '>>> _b = _rng.normal(size=(3, 10))\n'
                                               '>>> assert np.isclose(subspace_overlap(_rng.normal(size=(3, 3)) @ _b, _b), 1)\n'
                                               '>>> assert np.isclose(subspace_overlap(5 * _b, _b), 1)\n'
                                               '>>> assert np.isclose(subspace_overlap(_e[:2], [_e[0], _e[2]]), 0.5)\n'
                                               '>>> assert np.isclose(subspace_overlap(_e[:2], [_e[0], (_e[1] + _e[2]) / np.sqrt(2)]), 0.75)\n'
                                               '>>> _a = _rng.normal(size=(3, 10))\n'
                                               '>>> _expected = np.mean(np.cos(subspace_angles(_a.T, _b.T)) ** 2)\n'
                                               '>>> assert np.isclose(subspace_overlap(_a, _b), _expected)\n'
                                               '>>> assert np.isclose(subspace_overlap(_b, _a), _expected)\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
