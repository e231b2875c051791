OK_FORMAT = True

test = {   'name': 'q2_pick_rate',
    'points': 3,
    'suites': [   {   'cases': [{'code': '>>> assert pick_rate([0.0, 0.5], np.array([[0.9, 0.92], [0.93, 0.95]])) == 0.5\n', 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
