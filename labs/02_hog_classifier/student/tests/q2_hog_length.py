from otter.test_files import test_case

OK_FORMAT = False

name = "q2_hog_length"
points = [1]

@test_case(points=None, hidden=False)
def test_hog_length_public(hog_length):
    import numpy as np
    from utils import features
    assert hog_length(28, 4, 1, 8) == 392
    blocks = features.hog_features(np.zeros((1, 28, 28)), orientations=9, cells_per_block=(2, 2), progress=False)
    assert hog_length(28, 4, 2, 9) == blocks.shape[1]

