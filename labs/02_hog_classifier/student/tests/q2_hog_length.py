from otter.test_files import test_case

OK_FORMAT = False

name = "q2_hog_length"
points = [1]

@test_case(points=None, hidden=False)
def test_hog_length_public(hog_length, hog_train):
    assert hog_length(28, 4, 1, 8) == 392
    assert hog_length(28, 4, 2, 9) == hog_train.shape[1]

