from otter.test_files import test_case

OK_FORMAT = False

name = "q1_build_mlp"
points = [1, 3]

@test_case(points=None, hidden=False)
def test_build_mlp_public(build_mlp):
    model = build_mlp(hidden=(32,))
    assert model.input_shape == (None, 784)
    assert model.output_shape == (None, 10)
    assert model.count_params() == 784 * 32 + 32 + (32 * 10 + 10)

@test_case(points=None, hidden=True)
def test_build_mlp_hidden(build_mlp):
    import keras
    import numpy as np

    def reference(hidden, activation):
        layers = [keras.Input(shape=(784,))]
        layers += [keras.layers.Dense(units, activation=activation) for units in hidden]
        return keras.Sequential(layers + [keras.layers.Dense(10, activation='softmax')])

    def flat(model):
        for layer in model.layers:
            yield from (flat(layer) if isinstance(layer, keras.Model) else [layer])
    x = np.random.default_rng(3).random((6, 784)).astype('float32')
    cases = [((), 'relu', 0.0), ((16,), 'sigmoid', 0.0), ((24, 8), 'tanh', 0.3), ((12,) * 6, 'relu', 0.5), ((10, 20), 'sigmoid', 0.2)]
    for hidden, activation, dropout in cases:
        model = build_mlp(hidden=hidden, activation=activation, dropout=dropout, name='probe')
        assert model.input_shape == (None, 784) and model.output_shape == (None, 10), hidden
        assert model.name == 'probe'
        expected = reference(hidden, activation)
        weights = model.get_weights()
        shapes = [w.shape for w in weights]
        assert shapes == [w.shape for w in expected.get_weights()], (hidden, shapes)
        expected.set_weights(weights)
        got = np.asarray(model(x, training=False))
        assert np.allclose(got, np.asarray(expected(x)), atol=1e-05), (hidden, activation)
        active = [layer for layer in flat(model) if isinstance(layer, keras.layers.Dropout) and float(layer.rate) > 0]
        assert [float(layer.rate) for layer in active] == [dropout] * (len(hidden) * bool(dropout))
        assert [layer.output.shape[-1] for layer in active] == list(hidden) * bool(dropout)
    assert build_mlp().count_params() == 669706

