OK_FORMAT = True

test = {   'name': 'q1_conv_encoder',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> _encoder = build_conv_encoder(8)\n>>> assert _encoder.input_shape == (None, 28, 28, 1)\n>>> assert _encoder.output_shape == (None, 8)\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> _encoder = build_conv_encoder(5)\n'
                                               '>>> assert _encoder.output_shape == (None, 5)\n'
                                               '>>> assert _encoder.predict(np.zeros((2, 28, 28, 1)), verbose=0).shape == (2, 5)\n'
                                               '>>> assert any((isinstance(_layer, keras.layers.Conv2D) for _layer in _encoder.layers))\n'
                                               '>>> _maps = [_layer.output.shape for _layer in _encoder.layers if len(_layer.output.shape) == 4]\n'
                                               ">>> assert any((_shape[1] < 28 for _shape in _maps)), 'the feature maps should shrink'\n",
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
