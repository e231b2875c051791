OK_FORMAT = True

test = {   'name': 'q3_kernel_design',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> _kernel = np.asarray(vertical_edge, dtype=float)\n'
                                               '>>> assert _kernel.shape == (3, 3)\n'
                                               '>>> _response = filters.apply_kernel(stroke, _kernel)[4]\n'
                                               '>>> assert _response[6] > 0 and _response[2] < 0\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> _kernel = np.asarray(vertical_edge, dtype=float)\n'
                                               '>>> assert np.allclose(filters.apply_kernel(np.ones((5, 5)), _kernel)[1:-1, 1:-1], 0)\n'
                                               '>>> _horizontal = np.zeros((9, 9))\n'
                                               '>>> _horizontal[3:6, :] = 1.0\n'
                                               '>>> assert np.allclose(filters.apply_kernel(_horizontal, _kernel)[1:-1, 1:-1], 0)\n'
                                               '>>> _wide = np.zeros((9, 12))\n'
                                               '>>> _wide[:, 2:9] = 1.0\n'
                                               '>>> _row = filters.apply_kernel(_wide, _kernel)[4]\n'
                                               '>>> assert _row[9] > 0 and _row[1] < 0 and np.allclose(_row[3:8], 0)\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
