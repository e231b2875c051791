OK_FORMAT = True

test = {   'name': 'q2_hog_length',
    'points': 3,
    'suites': [   {   'cases': [   {'code': '>>> assert hog_length(28, 4, 1, 8) == 392\n>>> assert hog_length(28, 4, 2, 9) == hog_train.shape[1]\n', 'hidden': False, 'locked': False},
                                   {   'code': '>>> for _size, _cell, _block, _orientations in [(28, 7, 2, 9), (28, 5, 1, 8), (28, 5, 3, 6), (20, 4, 2, 4)]:\n'
                                               '...     _actual = features.hog_features(np.zeros((1, _size, _size)), orientations=_orientations, pixels_per_cell=(_cell, _cell), '
                                               'cells_per_block=(_block, _block), progress=False)\n'
                                               '...     assert hog_length(_size, _cell, _block, _orientations) == _actual.shape[1]\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
