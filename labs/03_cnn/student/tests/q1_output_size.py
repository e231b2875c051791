from otter.test_files import test_case

OK_FORMAT = False

name = "q1_output_size"
points = [1]

@test_case(points=None, hidden=False)
def test_output_size_public(conv_output_size):
    assert conv_output_size(28, 3) == 26
    assert conv_output_size(28, 5, 'same') == 28

