OK_FORMAT = True

test = {   'name': 'q1_dropout_forward',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> assert np.allclose(dropout_forward(np.ones(4), 0.5, np.array([1, 0, 1, 0])), [2, 0, 2, 0])\n'
                                               '>>> assert np.allclose(dropout_forward(np.ones(4), 0.5, np.array([1, 0, 1, 0]), training=False), 1)\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> _x = np.arange(1.0, 7.0).reshape(2, 3)\n'
                                               '>>> _keep = np.array([[1, 1, 0], [0, 1, 1]])\n'
                                               '>>> assert np.allclose(dropout_forward(_x, 0.25, _keep), _x * _keep / 0.75)\n'
                                               '>>> assert np.allclose(dropout_forward(_x, 0.8, np.ones((2, 3)), training=False), _x)\n'
                                               '>>> _layer = keras.layers.Dropout(0.3, seed=3)\n'
                                               ">>> _out = np.asarray(_layer(np.ones((4, 50), dtype='float32'), training=True))\n"
                                               '>>> assert np.allclose(dropout_forward(np.ones((4, 50)), 0.3, _out != 0), _out, atol=1e-06)\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
