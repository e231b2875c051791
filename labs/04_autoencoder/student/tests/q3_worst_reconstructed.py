from otter.test_files import test_case

OK_FORMAT = False

name = "q3_worst_reconstructed"
points = [1]

@test_case(points=None, hidden=False)
def test_worst_public(worst_reconstructed):
    import numpy as np
    originals, rebuilt = (np.zeros((4, 784)), np.zeros((4, 784)))
    rebuilt[2] = 0.5
    rebuilt[0, :10] = 1.0
    assert list(worst_reconstructed(originals, rebuilt, 2)) == [2, 0]

