from otter.test_files import test_case

OK_FORMAT = False

name = "q2_hog_length"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_hog_length_public(hog_length):
    import numpy as np
    from utils import features
    assert hog_length(28, 4, 1, 8) == 392
    blocks = features.hog_features(np.zeros((1, 28, 28)), orientations=9, cells_per_block=(2, 2), progress=False)
    assert hog_length(28, 4, 2, 9) == blocks.shape[1]

@test_case(points=None, hidden=True)
def test_hog_length_hidden(hog_length):
    import numpy as np
    from utils import features
    for size, cell, block, orientations in [(28, 7, 2, 9), (28, 5, 1, 8), (28, 5, 3, 6), (20, 4, 2, 4), (30, 6, 3, 9), (28, 4, 3, 9), (16, 8, 2, 12)]:
        actual = features.hog_features(np.zeros((1, size, size)), orientations=orientations, pixels_per_cell=(cell, cell), cells_per_block=(block, block), progress=False)
        assert hog_length(size, cell, block, orientations) == actual.shape[1]

