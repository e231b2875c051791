OK_FORMAT = True

test = {   'name': 'q3_kernel_design',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> _kernel = np.asarray(vertical_edge, dtype=float)\n'
                                               '>>> assert _kernel.shape == (3, 3)\n'
                                               '>>> _response = filters.apply_kernel(stroke, _kernel)[4]\n'
                                               '>>> assert _response[6] > 0 and _response[2] < 0\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
