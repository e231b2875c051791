from otter.test_files import test_case

OK_FORMAT = False

name = "q5_confusion"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_confusion_public(most_confused):
    assert tuple(most_confused([4, 4, 9, 1], [9, 9, 9, 1])) == (4, 9)

@test_case(points=None, hidden=True)
def test_confusion_hidden(most_confused, y_test, best_predictions):
    import numpy as np
    assert tuple(most_confused([1, 1, 1, 7, 7], [1, 1, 1, 1, 1])) == (7, 1)
    assert tuple(most_confused([3, 5, 5, 5, 2], [3, 3, 3, 5, 2])) == (5, 3)
    assert tuple(most_confused([3, 3, 5, 5, 7, 7, 7], [5, 5, 3, 3, 1, 1, 1])) == (7, 1)
    assert tuple(most_confused([1, 1, 1, 2, 2], [7, 8, 9, 3, 3])) == (2, 3)
    assert tuple(most_confused([7, 8, 9, 3, 3], [1, 1, 1, 2, 2])) == (3, 2)
    truth = [3] * 10 + [7]
    assert tuple(most_confused(truth, [5, 5] + [3] * 8 + [1])) == (3, 5)
    pair = tuple((int(digit) for digit in most_confused(y_test, best_predictions)))
    mistakes = {(t, p): np.sum((y_test == t) & (best_predictions == p)) for t in range(10) for p in range(10) if t != p}
    assert pair in mistakes and mistakes[pair] == max(mistakes.values())

