OK_FORMAT = True

test = {   'name': 'q1_unfreeze_from',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> _base = copy_of_source_base()\n'
                                               ">>> assert [w.path for w in unfreeze_from(_base, 'block2_conv2').trainable_weights] == ['conv_base/block2_conv2/kernel', "
                                               "'conv_base/block2_conv2/bias']\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': ">>> _layers = [keras.Input((6, 6, 1)), L.Conv2D(2, 3, name='c1'), L.Conv2D(2, 3, name='c2'), L.Flatten(name='f'), L.Dense(3, name='d')]\n"
                                               ">>> _model = keras.Sequential(_layers, name='toy')\n"
                                               ">>> _ = unfreeze_from(_model, 'c2')\n"
                                               '>>> assert [layer.trainable for layer in _model.layers] == [False, True, True, True]\n'
                                               '>>> assert len(_model.trainable_weights) == 4 and len(_model.non_trainable_weights) == 2\n'
                                               '>>> _model.trainable = False\n'
                                               ">>> assert unfreeze_from(_model, 'c1') is _model and len(_model.trainable_weights) == 6\n"
                                               '>>> _model.trainable = False\n'
                                               ">>> _ = unfreeze_from(_model, 'd')\n"
                                               ">>> assert [w.path for w in _model.trainable_weights] == ['toy/d/kernel', 'toy/d/bias']\n",
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
