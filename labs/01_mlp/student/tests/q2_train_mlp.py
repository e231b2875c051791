from otter.test_files import test_case

OK_FORMAT = False

name = "q2_train_mlp"
points = [1]

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

