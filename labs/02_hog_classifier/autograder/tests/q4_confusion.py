OK_FORMAT = True

test = {   'name': 'q4_confusion',
    'points': 3,
    'suites': [   {   'cases': [   {'code': '>>> assert most_confused([4, 4, 9, 1], [9, 9, 9, 1]) == (4, 9)\n', 'hidden': False, 'locked': False},
                                   {   'code': '>>> assert most_confused([1, 1, 1, 7, 7], [1, 1, 1, 1, 1]) == (7, 1)\n'
                                               '>>> assert most_confused([3, 5, 5, 5, 2], [3, 3, 3, 5, 2]) == (5, 3)\n'
                                               '>>> _pair = most_confused(y_test, best_predictions)\n'
                                               '>>> assert _pair[0] != _pair[1]\n'
                                               '>>> assert np.sum((y_test == _pair[0]) & (best_predictions == _pair[1])) == max((np.sum((y_test == t) & (best_predictions == p)) for t in range(10) '
                                               'for p in range(10) if t != p))\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
