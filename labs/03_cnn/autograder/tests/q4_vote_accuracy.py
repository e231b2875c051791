from otter.test_files import test_case

OK_FORMAT = False

name = "q4_vote_accuracy"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_vote_public(vote_accuracy):
    import numpy as np
    assert np.isclose(vote_accuracy([0.7, 0.7, 0.7]), 0.784)

@test_case(points=None, hidden=True)
def test_vote_hidden(vote_accuracy):
    import itertools
    import numpy as np

    def brute_force(accuracies):
        total = 0.0
        for outcome in itertools.product([0, 1], repeat=len(accuracies)):
            if sum(outcome) > len(accuracies) / 2:
                chances = [p if ok else 1 - p for p, ok in zip(accuracies, outcome, strict=True)]
                total += np.prod(chances)
        return total
    assert np.isclose(vote_accuracy([0.9, 0.6, 0.6]), 0.792)
    assert np.isclose(vote_accuracy([0.8]), 0.8)
    assert np.isclose(vote_accuracy((0.5, 0.5, 0.5)), 0.5)
    assert np.isclose(vote_accuracy([1.0, 1.0, 0.0]), 1.0)
    assert np.isclose(vote_accuracy(np.array([0.6, 0.7, 0.8])), brute_force([0.6, 0.7, 0.8]))
    rng = np.random.default_rng(8)
    for size in (3, 5, 7, 9):
        accuracies = rng.uniform(0.3, 0.95, size)
        assert np.isclose(vote_accuracy(list(accuracies)), brute_force(accuracies)), size

