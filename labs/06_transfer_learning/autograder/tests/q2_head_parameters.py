OK_FORMAT = True

test = {   'name': 'q2_head_parameters',
    'points': 3,
    'suites': [   {   'cases': [   {'code': '>>> assert head_parameters((7, 7, 64), 128, 5) == 402181\n', 'hidden': False, 'locked': False},
                                   {   'code': '>>> for _shape, _hidden, _classes in [((3, 5, 2), 16, 3), ((1, 1, 1280), 64, 5), ((12,), 4, 2)]:\n'
                                               '...     _head = keras.Sequential([keras.Input(_shape), L.Flatten(), L.Dense(_hidden), L.Dense(_classes)])\n'
                                               '...     _expected = sum((int(np.prod(w.shape)) for w in _head.trainable_weights))\n'
                                               '...     assert head_parameters(_shape, _hidden, _classes) == _expected\n'
                                               '>>> assert isinstance(head_parameters((2, 2, 2), 3, 2), (int, np.integer))\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
