OK_FORMAT = True

test = {   'name': 'q2_softmax',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> _logits = np.random.default_rng(0).normal(size=(4, 10))\n'
                                               '>>> assert np.allclose(softmax(_logits), keras.ops.convert_to_numpy(keras.activations.softmax(_logits)))\n',
                                       'hidden': False,
                                       'locked': False},
                                   {'code': '>>> assert np.allclose(softmax([[1000.0, 1000.0]]), [[0.5, 0.5]])\n', 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
