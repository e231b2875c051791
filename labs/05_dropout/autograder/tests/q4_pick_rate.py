from otter.test_files import test_case

OK_FORMAT = False

name = "q4_pick_rate"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_pick_rate_public(pick_rate):
    import numpy as np
    assert pick_rate([0.0, 0.5], np.array([[0.9, 0.92], [0.93, 0.95]])) == 0.5

@test_case(points=None, hidden=True)
def test_pick_rate_hidden(pick_rate):
    import numpy as np
    accuracies = np.array([[0.9, 0.91, 0.9], [0.99, 0.8, 0.8], [0.95, 0.94, 0.95]])
    assert pick_rate([0.0, 0.3, 0.5], accuracies) == 0.5
    accuracies = np.array([[0.5, 0.5, 0.5], [0.9, 0.9, 0.6], [0.85, 0.85, 0.85]])
    assert pick_rate([0.0, 0.2, 0.4], accuracies) == 0.4
    assert pick_rate([0.1, 0.2], np.array([[0.5, 0.75], [0.625, 0.625]])) == 0.1
    assert pick_rate([0.0, 0.1, 0.2], np.array([[0.5, 0.5], [0.75, 0.75], [0.75, 0.75]])) == 0.1
    assert pick_rate((0.0, 0.2, 0.4, 0.6), np.array([[0.5], [0.7], [0.6], [0.2]])) == 0.2
    assert pick_rate([0.1, 0.2], np.array([[0.901], [0.904]])) == 0.2
    assert pick_rate([0.1, 0.2], np.array([[0.9000001], [0.9000004]])) == 0.2

