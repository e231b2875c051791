OK_FORMAT = True

test = {   'name': 'q2_head_parameters',
    'points': 3,
    'suites': [{'cases': [{'code': '>>> assert head_parameters((7, 7, 64), 128, 5) == 402181\n', 'hidden': False, 'locked': False}], 'scored': True, 'setup': '', 'teardown': '', 'type': 'doctest'}]}
