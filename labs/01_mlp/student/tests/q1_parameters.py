OK_FORMAT = True

test = {   'name': 'q1_parameters',
    'points': 3,
    'suites': [   {   'cases': [   {'code': '>>> assert count_parameters([784, 10]) == baseline.count_params()\n', 'hidden': False, 'locked': False},
                                   {'code': '>>> assert count_parameters([784, 512, 512, 10]) == build_mlp(hidden=(512, 512)).count_params()\n', 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
