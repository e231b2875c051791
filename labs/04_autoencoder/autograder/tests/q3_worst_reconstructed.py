from otter.test_files import test_case

OK_FORMAT = False

name = "q3_worst_reconstructed"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_worst_public(worst_reconstructed):
    import numpy as np
    originals, rebuilt = (np.zeros((4, 784)), np.zeros((4, 784)))
    rebuilt[2] = 0.5
    rebuilt[0, :10] = 1.0
    assert list(worst_reconstructed(originals, rebuilt, 2)) == [2, 0]

@test_case(points=None, hidden=True)
def test_worst_hidden(worst_reconstructed):
    import numpy as np

    def worst(originals, rebuilt, count):
        return [int(i) for i in np.asarray(worst_reconstructed(originals, rebuilt, count))]
    originals, rebuilt = (np.zeros((5, 28, 28)), np.zeros((5, 28, 28)))
    rebuilt[1, :2, :5] = 1.0
    rebuilt[3] = 0.2
    rebuilt[4, 0, 0] = 0.5
    assert worst(originals, rebuilt, 3) == [3, 1, 4]
    assert worst(rebuilt, originals, 1) == [3]
    everything = worst(originals, rebuilt, 5)
    assert everything[:3] == [3, 1, 4] and sorted(everything) == [0, 1, 2, 3, 4]
    flat_originals, flat_rebuilt = (np.zeros((3, 784)), np.zeros((3, 784)))
    flat_rebuilt[0, :10] = 1.0
    flat_rebuilt[1] = 0.1
    flat_rebuilt[2, :3] = 0.5
    assert worst(flat_originals, flat_rebuilt, 3) == [0, 1, 2]
    channels = rebuilt[..., np.newaxis]
    assert worst(np.zeros_like(channels), channels, 2) == [3, 1]
    assert worst(np.zeros((2, 4)), np.array([[0, 0, 0, 1.0], [0, 0, 0, 2.0]]), 1) == [1]
    assert worst(originals, rebuilt, 0) == []
    errors = np.random.default_rng(6).permutation(1000) / 1000
    assert worst(np.zeros((1000, 1)), np.sqrt(errors)[:, np.newaxis], 999) == np.argsort(-errors)[:999].tolist()
    assert worst(np.array([[3, 0], [0, 0]], np.uint8), np.array([[0, 0], [16, 0]], np.uint8), 1) == [1]
    assert worst(np.array([[16], [0]], np.uint8), np.array([[0], [1]], np.uint8), 1) == [0]

