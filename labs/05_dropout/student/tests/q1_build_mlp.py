from otter.test_files import test_case

OK_FORMAT = False

name = "q1_build_mlp"
points = [1]

@test_case(points=None, hidden=False)
def test_build_mlp_public(build_mlp):
    model = build_mlp()
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, 10)
    assert model.count_params() == 784 * 512 + 512 + (512 * 512 + 512) + (512 * 10 + 10)

