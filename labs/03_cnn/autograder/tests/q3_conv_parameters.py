from otter.test_files import test_case

OK_FORMAT = False

name = "q3_conv_parameters"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_conv_parameters_public(conv_parameters):
    import keras
    layer = keras.layers.Conv2D(6, 5)
    layer.build((None, 28, 28, 1))
    assert conv_parameters(5, 1, 6) == layer.count_params()

@test_case(points=None, hidden=True)
def test_conv_parameters_hidden(conv_parameters):
    import keras
    for k, channels, count in [(5, 6, 16), (3, 32, 64), (1, 3, 2), (3, 2, 5), (7, 3, 1), (2, 4, 3)]:
        layer = keras.layers.Conv2D(count, k)
        layer.build((None, 16, 16, channels))
        assert conv_parameters(k, channels, count) == layer.count_params(), (k, channels)

