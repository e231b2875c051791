OK_FORMAT = True

test = {   'name': 'q3_early_stopping',
    'points': 3,
    'suites': [   {   'cases': [{'code': '>>> assert early_stopping_epoch([0.9, 0.5, 0.4, 0.6, 0.8]) == 3\n', 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
