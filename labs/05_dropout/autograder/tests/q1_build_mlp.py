from otter.test_files import test_case

OK_FORMAT = False

name = "q1_build_mlp"
points = [1, 3]

@test_case(points=None, hidden=False)
def test_build_mlp_public(build_mlp):
    model = build_mlp()
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, 10)
    assert model.count_params() == 784 * 512 + 512 + (512 * 512 + 512) + (512 * 10 + 10)

@test_case(points=None, hidden=True)
def test_build_mlp_hidden(build_mlp, x_val, y_val):
    import keras
    import numpy as np

    def reference(batchnorm):
        stack = [keras.Input(shape=(28, 28, 1)), keras.layers.Flatten()]
        for _ in range(2):
            stack.append(keras.layers.Dense(512))
            stack += [keras.layers.BatchNormalization()] if batchnorm else []
            stack.append(keras.layers.Activation('relu'))
        return keras.Sequential(stack + [keras.layers.Dense(10, activation='softmax')])

    def flat(model):
        for layer in model.layers:
            yield from (flat(layer) if isinstance(layer, keras.Model) else [layer])

    def after_relu(layer):
        relu = getattr(layer, 'activation', None)
        return isinstance(layer, keras.layers.ReLU) or getattr(relu, '__name__', '') == 'relu'
    rng = np.random.default_rng(7)
    x, y = (np.asarray(x_val[:32], 'float32'), np.asarray(y_val[:32]))
    for dropout, l2, batchnorm, augment in [(0.0, 0.0, False, False), (0.3, 0.001, True, True), (0.5, 0.0, False, False), (0.0, 0.01, True, False)]:
        model = build_mlp(dropout=dropout, l2=l2, batchnorm=batchnorm, augment=augment)
        assert model.input_shape == (None, 28, 28, 1) and model.output_shape == (None, 10)
        expected = reference(batchnorm)
        shapes = [w.shape for w in model.get_weights()]
        assert shapes == [w.shape for w in expected.get_weights()], shapes
        weights = [rng.uniform(0.5, 2.0, v.shape) if 'variance' in v.path else rng.normal(0, 1 / np.sqrt(v.shape[0]) if len(v.shape) == 2 else 0.3, v.shape) for v in expected.weights]
        model.set_weights(weights)
        expected.set_weights(weights)
        probabilities = np.asarray(model(x, training=False))
        assert np.allclose(probabilities, np.asarray(expected(x)), atol=0.0001), (batchnorm, l2)
        layers = list(flat(model))
        dropped = [i for i, layer in enumerate(layers) if isinstance(layer, keras.layers.Dropout)]
        assert [float(layers[i].rate) for i in dropped if layers[i].rate] == [dropout] * (2 if dropout else 0)
        assert all((after_relu(layers[i - 1]) for i in dropped if layers[i].rate)), 'after the ReLU'
        kinds = {type(layer).__name__ for layer in layers}
        assert ('RandomRotation' in kinds) == augment
        hidden_kernels = [w for w in weights if w.shape in [(784, 512), (512, 512)]]
        penalty = float(sum((np.asarray(loss) for loss in model.losses))) if model.losses else 0.0
        assert np.isclose(penalty, l2 * sum((np.sum(k ** 2) for k in hidden_kernels)), rtol=0.001)
        assert isinstance(model.optimizer, keras.optimizers.Adam)
        scores = model.evaluate(x, y, verbose=0, return_dict=True)
        cross_entropy = -np.mean(np.log(np.clip(probabilities[np.arange(len(y)), y], 1e-07, 1)))
        assert np.isclose(scores['loss'], cross_entropy + penalty, rtol=0.001), scores
        accuracy = np.mean(probabilities.argmax(axis=1) == y)
        assert any((np.isclose(v, accuracy) for k, v in scores.items() if k != 'loss')), scores

