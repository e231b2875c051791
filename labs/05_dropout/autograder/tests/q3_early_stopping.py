from otter.test_files import test_case

OK_FORMAT = False

name = "q3_early_stopping"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_early_stopping_public(early_stopping_epoch):
    assert early_stopping_epoch([0.9, 0.5, 0.4, 0.6, 0.8]) == 3

@test_case(points=None, hidden=True)
def test_early_stopping_hidden(early_stopping_epoch):
    import numpy as np
    assert early_stopping_epoch([0.5, 0.6, 0.4, 0.45, 0.3, 0.9]) == 5
    assert early_stopping_epoch([0.2, 0.3, 0.4]) == 1
    assert early_stopping_epoch([0.9, 0.8, 0.7]) == 3
    assert early_stopping_epoch(np.array([1.0, 0.7, 0.7, 0.9])) == 2
    assert early_stopping_epoch([0.4]) == 1
    assert early_stopping_epoch([0.5, 0.6, 0.7, 0.8, 0.9, 0.4]) == 6
    assert early_stopping_epoch(list(np.linspace(0.5, 2.0, 20)) + [0.4]) == 21
    assert early_stopping_epoch([0.5, 0.495]) == 2
    assert early_stopping_epoch([0.5, 0.4999999]) == 2

