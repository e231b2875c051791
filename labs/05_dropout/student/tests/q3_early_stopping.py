from otter.test_files import test_case

OK_FORMAT = False

name = "q3_early_stopping"
points = [1]

@test_case(points=None, hidden=False)
def test_early_stopping_public(early_stopping_epoch):
    assert early_stopping_epoch([0.9, 0.5, 0.4, 0.6, 0.8]) == 3

