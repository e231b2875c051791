OK_FORMAT = True

test = {   'name': 'q3_labels_to_reach',
    'points': 3,
    'suites': [   {   'cases': [   {'code': '>>> assert labels_to_reach([1, 10, 100], np.array([[0.5, 0.6], [0.8, 0.9], [0.95, 0.97]]), 0.85) == 10\n', 'hidden': False, 'locked': False},
                                   {   'code': '>>> _acc = np.array([[0.7, 0.72, 0.71], [0.99, 0.8, 0.81], [0.9, 0.91, 0.92], [0.96, 0.97, 0.98]])\n'
                                               '>>> assert labels_to_reach([1, 5, 10, 50], _acc, 0.9) == 10\n'
                                               '>>> assert labels_to_reach([1, 5, 10, 50], _acc, 0.85) == 5\n'
                                               '>>> assert labels_to_reach([1, 5, 10, 50], _acc, 0.99) is None\n'
                                               '>>> assert labels_to_reach((2, 4), np.array([[0.5, 0.7], [0.8, 0.8]]), 0.6) == 2\n'
                                               '>>> assert labels_to_reach([3], np.array([[0.25]]), 0.25) == 3\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
