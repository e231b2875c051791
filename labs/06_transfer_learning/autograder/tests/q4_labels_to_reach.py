from otter.test_files import test_case

OK_FORMAT = False

name = "q4_labels_to_reach"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_labels_public(labels_to_reach):
    import numpy as np
    accuracies = np.array([[0.5, 0.6], [0.8, 0.9], [0.95, 0.97]])
    assert labels_to_reach([1, 10, 100], accuracies, 0.85) == 10

@test_case(points=None, hidden=True)
def test_labels_hidden(labels_to_reach):
    import numpy as np
    accuracies = np.array([[0.7, 0.72, 0.71], [0.99, 0.8, 0.81], [0.9, 0.91, 0.92], [0.96, 0.97, 0.98]])
    assert labels_to_reach([1, 5, 10, 50], accuracies, 0.9) == 10
    assert labels_to_reach([1, 5, 10, 50], accuracies, 0.85) == 5
    assert labels_to_reach([1, 5, 10, 50], accuracies, 0.99) is None
    assert labels_to_reach((2, 4), np.array([[0.5, 0.7], [0.8, 0.8]]), 0.6) == 2
    assert labels_to_reach([3], np.array([[0.25]]), 0.25) == 3
    accuracies = np.array([[0.5, 0.5, 0.5], [0.9, 0.9, 0.6], [0.95, 0.95, 0.95]])
    assert labels_to_reach([1, 5, 20], accuracies, 0.85) == 20
    assert labels_to_reach([1, 2, 4], np.array([[0.5], [0.9], [0.8]]), 0.85) == 2
    assert labels_to_reach([1, 5, 10], np.array([[0.9], [0.5], [0.6]]), 0.85) == 1
    assert labels_to_reach([1, 2], np.array([[0.896], [0.95]]), 0.9) == 2
    assert labels_to_reach([1, 2], np.array([[0.8999999], [0.95]]), 0.9) == 2
    assert labels_to_reach([1, 2], np.array([[0.95], [0.9]]), 0.85) == 1

