from otter.test_files import test_case

OK_FORMAT = False

name = "q2_build_lenet"
points = [1]

@test_case(points=None, hidden=False)
def test_build_lenet_public(build_lenet):
    model = build_lenet()
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, 10)
    assert tuple(model.get_layer('conv1').output.shape[1:]) == (28, 28, 6)

