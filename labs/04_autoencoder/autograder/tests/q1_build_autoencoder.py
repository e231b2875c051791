from otter.test_files import test_case

OK_FORMAT = False

name = "q1_build_autoencoder"
points = [1, 3]

@test_case(points=None, hidden=False)
def test_build_autoencoder_public(build_autoencoder):
    import numpy as np
    encoder, decoder, autoencoder = build_autoencoder(8)
    assert encoder.input_shape == (None, 784) and encoder.output_shape == (None, 8)
    assert decoder.input_shape == (None, 8) and decoder.output_shape == (None, 784)
    assert tuple(autoencoder(np.zeros((2, 784), dtype='float32')).shape) == (2, 784)

@test_case(points=None, hidden=True)
def test_build_autoencoder_hidden(build_autoencoder, x_train):
    import keras
    import numpy as np

    def dense_stack(inputs, widths, activations):
        pairs = zip(widths, activations, strict=True)
        layers = [keras.layers.Dense(n, activation=a) for n, a in pairs]
        return keras.Sequential([keras.Input(shape=(inputs,)), *layers])
    x = np.asarray(x_train[:64], dtype='float32')
    for code_size, hidden in [(3, (40, 20)), (7, (16,)), (5, ())]:
        encoder, decoder, autoencoder = build_autoencoder(code_size, hidden=hidden)
        relu = ['relu'] * len(hidden)
        expected_encoder = dense_stack(784, [*hidden, code_size], [*relu, None])
        expected_decoder = dense_stack(code_size, [*reversed(hidden), 784], [*relu, 'sigmoid'])
        for model, expected in [(encoder, expected_encoder), (decoder, expected_decoder)]:
            shapes = [w.shape for w in model.get_weights()]
            assert shapes == [w.shape for w in expected.get_weights()], (hidden, shapes)
            expected.set_weights(model.get_weights())
        codes = np.asarray(encoder(x, training=False))
        assert np.allclose(codes, np.asarray(expected_encoder(x)), atol=0.0001), 'the encoder'
        rebuilt = np.asarray(decoder(codes, training=False))
        assert np.allclose(rebuilt, np.asarray(expected_decoder(codes)), atol=0.0001), 'the decoder'
        assert np.allclose(np.asarray(autoencoder(x, training=False)), rebuilt, atol=0.0001)
        assert np.allclose(np.asarray(autoencoder(x, training=True)), rebuilt, atol=0.0001)
        assert isinstance(autoencoder.optimizer, keras.optimizers.Adam)
        scores = autoencoder.evaluate(x, x, verbose=0, return_dict=True)
        p = np.clip(rebuilt, 1e-07, 1 - 1e-07)
        cross_entropy = -np.mean(x * np.log(p) + (1 - x) * np.log(1 - p))
        assert np.isclose(scores['loss'], cross_entropy, rtol=0.001), scores
        mse = np.mean((x - rebuilt) ** 2)
        assert any((np.isclose(v, mse, rtol=0.001) for k, v in scores.items() if k != 'loss'))
    keras.utils.set_random_seed(1)
    _, _, autoencoder = build_autoencoder(16, hidden=(64,))
    history = autoencoder.fit(x_train[:512], x_train[:512], epochs=2, batch_size=32, verbose=0)
    assert history.history['loss'][-1] < history.history['loss'][0]

