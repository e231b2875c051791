OK_FORMAT = True

test = {   'name': 'q2_worst_reconstructed',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> _originals = np.zeros((4, 784))\n'
                                               '>>> _rebuilt = np.zeros((4, 784))\n'
                                               '>>> _rebuilt[2] = 0.5\n'
                                               '>>> _rebuilt[0, :10] = 1.0\n'
                                               '>>> assert list(worst_reconstructed(_originals, _rebuilt, 2)) == [2, 0]\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> _originals = np.zeros((5, 28, 28))\n'
                                               '>>> _rebuilt = np.zeros((5, 28, 28))\n'
                                               '>>> _rebuilt[1, :2, :5] = 1.0\n'
                                               '>>> _rebuilt[3] = 0.2\n'
                                               '>>> _rebuilt[4, 0, 0] = 0.5\n'
                                               '>>> assert list(worst_reconstructed(_originals, _rebuilt, 3)) == [3, 1, 4]\n'
                                               '>>> assert list(worst_reconstructed(_rebuilt, _originals, 1)) == [3]\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
