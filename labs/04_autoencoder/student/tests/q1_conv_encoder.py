OK_FORMAT = True

test = {   'name': 'q1_conv_encoder',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> _encoder = build_conv_encoder(8)\n>>> assert _encoder.input_shape == (None, 28, 28, 1)\n>>> assert _encoder.output_shape == (None, 8)\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
