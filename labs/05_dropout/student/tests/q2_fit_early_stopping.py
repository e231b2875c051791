from otter.test_files import test_case

OK_FORMAT = False

name = "q2_fit_early_stopping"
points = [1]

@test_case(points=None, hidden=False)
def test_early_stopping_public(fit_with_early_stopping, x_small, y_small):
    import keras
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)])
    model.compile('adam', keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history, best_epoch = fit_with_early_stopping(model, x_small[:64], y_small[:64], 2, 1)
    assert 1 <= best_epoch <= len(history.history['val_loss']) <= 2

