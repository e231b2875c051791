from otter.test_files import test_case

OK_FORMAT = False

name = "q3_dropout_forward"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_dropout_public(dropout_forward):
    import numpy as np
    keep = np.array([1, 0, 1, 0])
    assert np.allclose(dropout_forward(np.ones(4), 0.5, keep), [2, 0, 2, 0])
    assert np.allclose(dropout_forward(np.ones(4), 0.5, keep, training=False), 1)

@test_case(points=None, hidden=True)
def test_dropout_hidden(dropout_forward):
    import keras
    import numpy as np
    x = np.arange(1.0, 7.0).reshape(2, 3)
    keep = np.array([[1, 1, 0], [0, 1, 1]])
    assert np.allclose(dropout_forward(x, 0.25, keep), x * keep / 0.75)
    assert np.allclose(dropout_forward(x, 0.8, np.ones((2, 3)), training=False), x)
    assert np.allclose(dropout_forward(x, 0.6, keep, False), x)
    assert np.allclose(dropout_forward(x, 0.0, np.ones((2, 3))), x)
    assert np.allclose(dropout_forward(x, 0.25, keep, np.bool_(True)), x * keep / 0.75)
    assert np.allclose(dropout_forward([1.0, 2.0], 0.5, [1, 0]), [2, 0])
    layer = keras.layers.Dropout(0.3, seed=3)
    out = keras.ops.convert_to_numpy(layer(np.ones((4, 50), dtype='float32'), training=True))
    assert np.allclose(dropout_forward(np.ones((4, 50)), 0.3, out != 0), out, atol=1e-06)

