from otter.test_files import test_case

OK_FORMAT = False

name = "q2_conv_parameters"
points = [1]

@test_case(points=None, hidden=False)
def test_conv_parameters_public(conv_parameters, lenet):
    assert conv_parameters(5, 1, 6) == lenet.get_layer('conv1').count_params()

