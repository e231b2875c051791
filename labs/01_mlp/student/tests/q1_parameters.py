from otter.test_files import test_case

OK_FORMAT = False

name = "q1_parameters"
points = [1]

@test_case(points=None, hidden=False)
def test_parameters_public(count_parameters, baseline, build_mlp):
    assert count_parameters([784, 10]) == baseline.count_params()
    assert count_parameters([784, 512, 512, 10]) == build_mlp(hidden=(512, 512)).count_params()

