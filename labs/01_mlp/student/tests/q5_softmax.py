from otter.test_files import test_case

OK_FORMAT = False

name = "q5_softmax"
points = [1]

@test_case(points=None, hidden=False)
def test_softmax_public(softmax):
    import keras
    import numpy as np
    logits = np.random.default_rng(0).normal(size=(4, 10))
    expected = keras.ops.convert_to_numpy(keras.activations.softmax(logits))
    assert np.allclose(np.asarray(softmax(logits), dtype=float), expected)
    assert np.allclose(np.asarray(softmax([[1000.0, 1000.0]]), dtype=float), [[0.5, 0.5]])

