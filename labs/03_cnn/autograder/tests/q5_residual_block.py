from otter.test_files import test_case

OK_FORMAT = False

name = "q5_residual_block"
points = [1, 3]

@test_case(points=None, hidden=False)
def test_residual_block_public(residual_block):
    import keras
    inputs = keras.Input(shape=(14, 14, 16))
    block = keras.Model(inputs, residual_block(inputs, 16))
    assert block.output_shape == (None, 14, 14, 16)
    assert block.count_params() == 2 * (3 * 3 * 16 * 16 + 16)

@test_case(points=None, hidden=True)
def test_residual_block_hidden(residual_block):
    import keras
    import numpy as np
    layers = keras.layers

    def reference(shape, filters):
        inputs = keras.Input(shape=shape)
        y = layers.Conv2D(filters, 3, padding='same', activation='relu')(inputs)
        y = layers.Conv2D(filters, 3, padding='same')(y)
        return keras.Model(inputs, layers.ReLU()(layers.Add()([inputs, y])))
    rng = np.random.default_rng(5)
    for shape in [(6, 6, 3), (5, 9, 1), (7, 4, 8)]:
        inputs = keras.Input(shape=shape)
        block = keras.Model(inputs, residual_block(inputs, shape[-1]))
        assert block.output_shape == (None, *shape), (shape, block.output_shape)
        assert not block.non_trainable_weights, 'frozen weights: the block could not learn'
        expected = reference(shape, shape[-1])
        weights = block.get_weights()
        assert [w.shape for w in weights] == [w.shape for w in expected.get_weights()], shape
        weights = [rng.normal(0, 0.5, w.shape).astype('float32') for w in weights]
        block.set_weights(weights)
        x = rng.normal(size=(4, *shape)).astype('float32')
        got = np.asarray(block(x, training=True))
        assert np.allclose(got, np.asarray(block(x, training=False)), atol=1e-05), shape
        matches = []
        for order in (weights, weights[2:] + weights[:2]):
            expected.set_weights(order)
            matches.append(np.allclose(got, np.asarray(expected(x)), atol=0.0001))
        assert any(matches), shape
    inputs = keras.Input(shape=(6, 6, 2))
    twice = keras.Model(inputs, residual_block(residual_block(inputs, 2), 2))
    assert twice.count_params() == 2 * 2 * (3 * 3 * 2 * 2 + 2)

