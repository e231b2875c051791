OK_FORMAT = True

test = {   'name': 'q1_output_size',
    'points': 3,
    'suites': [   {   'cases': [   {'code': ">>> assert conv_output_size(28, 3) == 26\n>>> assert conv_output_size(28, 5, 'same') == 28\n", 'hidden': False, 'locked': False},
                                   {   'code': ">>> for _n, _k, _padding, _stride in [(28, 3, 'valid', 2), (28, 3, 'same', 2), (27, 5, 'valid', 2), (13, 3, 'same', 3), (12, 4, 'valid', 1), (9, 3, "
                                               "'valid', 3)]:\n"
                                               '...     _layer = keras.layers.Conv2D(1, _k, strides=_stride, padding=_padding)\n'
                                               '...     assert conv_output_size(_n, _k, _padding, _stride) == _layer.compute_output_shape((None, _n, _n, 1))[1], (_n, _k, _padding, _stride)\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
