from otter.test_files import test_case

OK_FORMAT = False

name = "q2_conv_parameters"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_conv_parameters_public(conv_parameters, lenet):
    assert conv_parameters(5, 1, 6) == lenet.get_layer('conv1').count_params()

@test_case(points=None, hidden=True)
def test_conv_parameters_hidden(conv_parameters, lenet):
    import keras
    assert conv_parameters(5, 6, 16) == lenet.get_layer('conv2').count_params()
    for k, channels, count in [(3, 32, 64), (1, 3, 2), (3, 2, 5), (7, 3, 1), (2, 4, 3)]:
        layer = keras.layers.Conv2D(count, k)
        layer.build((None, 16, 16, channels))
        assert conv_parameters(k, channels, count) == layer.count_params(), (k, channels)

