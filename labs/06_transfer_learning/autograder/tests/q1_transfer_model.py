from otter.test_files import test_case

OK_FORMAT = False

name = "q1_transfer_model"
points = [1, 3]

@test_case(points=None, hidden=False)
def test_transfer_model_public(transfer_model, source_base):
    model, base = transfer_model(source_base)
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, 5)
    assert base is not source_base and (not base.trainable_weights)

@test_case(points=None, hidden=True)
def test_transfer_model_hidden(transfer_model):
    import keras
    import numpy as np
    layers = keras.layers
    keras.utils.set_random_seed(2)
    source = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(4, 3, activation='relu', name='block1_conv'), layers.BatchNormalization(name='block1_norm'), layers.MaxPooling2D(4, name='block1_pool'), layers.Conv2D(6, 3, activation='relu', name='block2_conv1')], name='stand_in_base')
    rng = np.random.default_rng(3)
    source.set_weights([rng.uniform(0.5, 1.5, v.shape) if 'variance' in v.path else rng.normal(0, 0.2, v.shape) for v in source.weights])
    saved = [w.copy() for w in source.get_weights()]
    x, y = (rng.random((32, 28, 28, 1)).astype('float32'), rng.integers(0, 3, 32))
    model, base = transfer_model(source, classes=3)
    assert model.input_shape == (None, 28, 28, 1) and model.output_shape == (None, 3)
    assert base is not source, 'a copy of the base'
    assert np.allclose(np.asarray(base(x)), np.asarray(source(x)), rtol=0.0001), 'its weights'
    head = (4 * 4 * 6 + 1) * 128 + (128 + 1) * 3
    count = lambda ws: sum((int(np.prod(w.shape)) for w in ws))
    assert count(model.trainable_weights) == head, 'only the new head trains'
    reference = keras.Sequential([keras.Input((28, 28, 1)), keras.models.clone_model(source), layers.Flatten(), layers.Dense(128, activation='relu'), layers.Dropout(0.5), layers.Dense(3, activation='softmax')])
    shapes = [w.shape for w in model.get_weights()]
    assert shapes == [w.shape for w in reference.get_weights()], shapes
    reference.set_weights(model.get_weights())
    probabilities = np.asarray(model(x, training=False))
    assert np.allclose(probabilities, np.asarray(reference(x, training=False)), atol=1e-05), 'head'
    assert not np.allclose(np.asarray(model(x, training=True)), probabilities), 'its dropout'
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    loss = model.evaluate(x, y, verbose=0, return_dict=True)['loss']
    chosen = np.clip(probabilities[np.arange(len(y)), y], 1e-07, 1)
    assert np.isclose(loss, -np.mean(np.log(chosen)), rtol=0.001), 'the cross-entropy'
    assert np.isclose(float(model.optimizer.learning_rate), 0.001)
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    assert all((np.allclose(a, b) for a, b in zip(saved, base.get_weights(), strict=True)))
    base.trainable = True
    for layer in base.layers:
        layer.trainable = True
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss='sparse_categorical_crossentropy')
    assert count(model.trainable_weights) == head + count(source.trainable_weights)
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    moved = [not np.allclose(a, b) for a, b in zip(saved, base.get_weights(), strict=True)]
    assert moved[0], 'the unfrozen base should train'
    assert all((np.allclose(a, b) for a, b in zip(saved, source.get_weights(), strict=True)))

