OK_FORMAT = True

test = {   'name': 'q2_conv_parameters',
    'points': 3,
    'suites': [   {   'cases': [   {'code': ">>> assert conv_parameters(5, 1, 6) == lenet.get_layer('conv1').count_params()\n", 'hidden': False, 'locked': False},
                                   {   'code': ">>> assert conv_parameters(5, 6, 16) == lenet.get_layer('conv2').count_params() == 2416\n"
                                               '>>> assert conv_parameters(3, 32, 64) == 18496\n'
                                               '>>> assert conv_parameters(1, 3, 2) == 8\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
