OK_FORMAT = True

test = {   'name': 'q3_early_stopping',
    'points': 3,
    'suites': [   {   'cases': [   {'code': '>>> assert early_stopping_epoch([0.9, 0.5, 0.4, 0.6, 0.8]) == 3\n', 'hidden': False, 'locked': False},
                                   {   'code': '>>> assert early_stopping_epoch([0.5, 0.6, 0.4, 0.45, 0.3, 0.9]) == 5\n'
                                               '>>> assert early_stopping_epoch([0.2, 0.3, 0.4]) == 1\n'
                                               '>>> assert early_stopping_epoch(np.array([1.0, 0.7, 0.7, 0.9])) == 2\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
