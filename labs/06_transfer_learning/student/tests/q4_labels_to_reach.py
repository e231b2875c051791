from otter.test_files import test_case

OK_FORMAT = False

name = "q4_labels_to_reach"
points = [1]

@test_case(points=None, hidden=False)
def test_labels_public(labels_to_reach):
    import numpy as np
    accuracies = np.array([[0.5, 0.6], [0.8, 0.9], [0.95, 0.97]])
    assert labels_to_reach([1, 10, 100], accuracies, 0.85) == 10

