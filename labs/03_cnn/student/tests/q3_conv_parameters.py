from otter.test_files import test_case

OK_FORMAT = False

name = "q3_conv_parameters"
points = [1]

@test_case(points=None, hidden=False)
def test_conv_parameters_public(conv_parameters):
    import keras
    layer = keras.layers.Conv2D(6, 5)
    layer.build((None, 28, 28, 1))
    assert conv_parameters(5, 1, 6) == layer.count_params()

