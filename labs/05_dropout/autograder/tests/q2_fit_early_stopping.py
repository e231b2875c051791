from otter.test_files import test_case

OK_FORMAT = False

name = "q2_fit_early_stopping"
points = [1, 3]

@test_case(points=None, hidden=False)
def test_early_stopping_public(fit_with_early_stopping, x_small, y_small):
    import keras
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)])
    model.compile('adam', keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history, best_epoch = fit_with_early_stopping(model, x_small[:64], y_small[:64], 2, 1)
    assert 1 <= best_epoch <= len(history.history['val_loss']) <= 2

@test_case(points=None, hidden=True)
def test_early_stopping_hidden(fit_with_early_stopping, x_small, y_small, x_val, y_val, BATCH_SIZE):
    import keras
    import numpy as np
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(64, activation='relu'), keras.layers.Dense(10, activation='softmax')])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss='sparse_categorical_crossentropy', metrics=['accuracy'])
    patience = 2
    history, best_epoch = fit_with_early_stopping(model, x_small[:100], y_small[:100], 12, patience)
    losses = history.history['val_loss']
    assert len(losses) < 12, 'it should stop'
    assert best_epoch == int(np.argmin(losses)) + 1, (best_epoch, np.round(losses, 3))
    assert len(losses) == best_epoch + patience, 'patience epochs after the best one'
    assert history.params['steps'] == -(-100 // BATCH_SIZE), 'batches of BATCH_SIZE'
    kept = model.evaluate(x_val, y_val, verbose=0, return_dict=True)['loss']
    assert np.isclose(kept, min(losses), rtol=0.001), (kept, min(losses))
    history, best_epoch = fit_with_early_stopping(model, x_small[:100], y_small[:100], 3, 10)
    losses = history.history['val_loss']
    assert len(losses) == 3 and best_epoch == int(np.argmin(losses)) + 1, 'a run that never stops'

