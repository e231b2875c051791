from otter.test_files import test_case

OK_FORMAT = False

name = "q2_build_lenet"
points = [1, 3]

@test_case(points=None, hidden=False)
def test_build_lenet_public(build_lenet):
    model = build_lenet()
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, 10)
    assert tuple(model.get_layer('conv1').output.shape[1:]) == (28, 28, 6)

@test_case(points=None, hidden=True)
def test_build_lenet_hidden(build_lenet):
    import keras
    import numpy as np
    layers = keras.layers
    reference = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(6, 5, padding='same', activation='relu'), layers.MaxPooling2D(), layers.Conv2D(16, 5, activation='relu'), layers.MaxPooling2D(), layers.Flatten(), layers.Dense(120, activation='relu'), layers.Dense(84, activation='relu'), layers.Dense(10, activation='softmax')])
    model = build_lenet(name='probe')
    assert model.name == 'probe'
    assert model.input_shape == (None, 28, 28, 1) and model.output_shape == (None, 10)
    shapes = [w.shape for w in model.get_weights()]
    assert shapes == [w.shape for w in reference.get_weights()], shapes
    assert tuple(model.get_layer('conv2').output.shape[1:]) == (10, 10, 16)
    reference.set_weights(model.get_weights())
    x = np.random.default_rng(4).random((8, 28, 28, 1)).astype('float32')
    got = np.asarray(model(x, training=False))
    assert np.allclose(got, np.asarray(reference(x)), atol=1e-05)
    assert np.allclose(np.asarray(model(x, training=True)), got, atol=1e-05), 'extra layers'
    assert build_lenet() is not build_lenet()

