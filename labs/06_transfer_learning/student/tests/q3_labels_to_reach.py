OK_FORMAT = True

test = {   'name': 'q3_labels_to_reach',
    'points': 3,
    'suites': [   {   'cases': [{'code': '>>> assert labels_to_reach([1, 10, 100], np.array([[0.5, 0.6], [0.8, 0.9], [0.95, 0.97]]), 0.85) == 10\n', 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
