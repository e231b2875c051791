OK_FORMAT = True

test = {   'name': 'q2_worst_reconstructed',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> _originals = np.zeros((4, 784))\n'
                                               '>>> _rebuilt = np.zeros((4, 784))\n'
                                               '>>> _rebuilt[2] = 0.5\n'
                                               '>>> _rebuilt[0, :10] = 1.0\n'
                                               '>>> assert list(worst_reconstructed(_originals, _rebuilt, 2)) == [2, 0]\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
