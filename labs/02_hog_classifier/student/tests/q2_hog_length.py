OK_FORMAT = True

test = {   'name': 'q2_hog_length',
    'points': 3,
    'suites': [   {   'cases': [{'code': '>>> assert hog_length(28, 4, 1, 8) == 392\n>>> assert hog_length(28, 4, 2, 9) == hog_train.shape[1]\n', 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
