from otter.test_files import test_case

OK_FORMAT = False

name = "q2_train_mlp"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_train_mlp_public(train_mlp):
    settings = train_mlp.__globals__
    saved = {name: settings[name] for name in ('EPOCHS', 'x_train', 'y_train')}
    try:
        settings.update(EPOCHS=1, x_train=saved['x_train'][:300], y_train=saved['y_train'][:300])
        _, history = train_mlp(seed=1, verbose=0)
    finally:
        settings.update(saved)
    assert {'loss', 'accuracy', 'val_loss', 'val_accuracy'} <= set(history.history)
    assert len(history.history['loss']) == 1

@test_case(points=None, hidden=True)
def test_train_mlp_hidden(train_mlp):
    import keras
    import numpy as np
    settings = train_mlp.__globals__
    batch, split = (settings['BATCH_SIZE'], settings['VALIDATION_SPLIT'])
    saved = {name: settings[name] for name in ('EPOCHS', 'x_train', 'y_train')}
    try:
        settings.update(EPOCHS=3, x_train=saved['x_train'][:520], y_train=saved['y_train'][:520])
        model, history = train_mlp(seed=5, verbose=0)
    finally:
        settings.update(saved)
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    schedule = model.optimizer._learning_rate
    assert isinstance(schedule, keras.optimizers.schedules.CosineDecay), 'the cosine schedule'
    loss = model.loss
    loss = loss if isinstance(loss, str) else getattr(loss, '__name__', type(loss).__name__)
    assert loss.replace('_', '').lower() == 'sparsecategoricalcrossentropy', loss
    assert {'accuracy', 'val_loss', 'val_accuracy'} <= set(history.history)
    assert len(history.history['loss']) == 3, 'EPOCHS epochs'
    training = int(np.ceil(520 * (1 - split)))
    assert history.params['steps'] == int(np.ceil(training / batch)), 'batch size or split'
    assert history.history['loss'][-1] < history.history['loss'][0]
    probabilities = np.asarray(model.predict(saved['x_train'][:5], verbose=0))
    assert np.allclose(probabilities.sum(axis=1), 1, atol=0.0001)

