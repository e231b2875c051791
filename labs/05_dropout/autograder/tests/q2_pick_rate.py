OK_FORMAT = True

test = {   'name': 'q2_pick_rate',
    'points': 3,
    'suites': [   {   'cases': [   {'code': '>>> assert pick_rate([0.0, 0.5], np.array([[0.9, 0.92], [0.93, 0.95]])) == 0.5\n', 'hidden': False, 'locked': False},
                                   {   'code': '>>> _acc = np.array([[0.9, 0.91, 0.9], [0.99, 0.8, 0.8], [0.95, 0.94, 0.95]])\n'
                                               '>>> assert pick_rate([0.0, 0.3, 0.5], _acc) == 0.5\n'
                                               '>>> assert pick_rate([0.1, 0.2], np.array([[0.5, 0.75], [0.625, 0.625]])) == 0.1\n'
                                               '>>> assert pick_rate((0.0, 0.2, 0.4, 0.6), np.array([[0.5], [0.7], [0.6], [0.2]])) == 0.2\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
