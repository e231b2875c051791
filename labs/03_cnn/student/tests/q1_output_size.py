OK_FORMAT = True

test = {   'name': 'q1_output_size',
    'points': 3,
    'suites': [   {   'cases': [{'code': ">>> assert conv_output_size(28, 3) == 26\n>>> assert conv_output_size(28, 5, 'same') == 28\n", 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
