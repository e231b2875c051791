OK_FORMAT = True

test = {   'name': 'q2_conv_parameters',
    'points': 3,
    'suites': [   {   'cases': [{'code': ">>> assert conv_parameters(5, 1, 6) == lenet.get_layer('conv1').count_params()\n", 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
