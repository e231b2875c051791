OK_FORMAT = True

test = {   'name': 'q4_confusion',
    'points': 3,
    'suites': [   {   'cases': [{'code': '>>> assert most_confused([4, 4, 9, 1], [9, 9, 9, 1]) == (4, 9)\n', 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
