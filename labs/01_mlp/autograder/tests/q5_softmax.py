from otter.test_files import test_case

OK_FORMAT = False

name = "q5_softmax"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_softmax_public(softmax):
    import keras
    import numpy as np
    logits = np.random.default_rng(0).normal(size=(4, 10))
    expected = keras.ops.convert_to_numpy(keras.activations.softmax(logits))
    assert np.allclose(np.asarray(softmax(logits), dtype=float), expected)
    assert np.allclose(np.asarray(softmax([[1000.0, 1000.0]]), dtype=float), [[0.5, 0.5]])

@test_case(points=None, hidden=True)
def test_softmax_hidden(softmax):
    import numpy as np

    def reference(z):
        z = np.asarray(z, dtype=float)
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    rng = np.random.default_rng(1)
    for logits in (rng.normal(scale=3, size=(5, 3)), [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], [[1000.0, 1001.0], [-1000.0, -1001.0]], [[1000.0, -1000.0], [0.0, 1000.0]], [[2.0], [-5.0]], rng.normal(size=(1, 7)) + 500, [[-1000.0, -1001.0]], [[12000.0, 12000.0]]):
        result = np.asarray(softmax(logits), dtype=float)
        assert result.shape == np.shape(logits)
        assert np.allclose(result, reference(logits), rtol=0.0001, atol=1e-06)
    logits = np.array([[1.0, 2.0, 3.0], [4.0, 0.0, -4.0]])
    softmax(logits)
    assert np.array_equal(logits, [[1.0, 2.0, 3.0], [4.0, 0.0, -4.0]])

