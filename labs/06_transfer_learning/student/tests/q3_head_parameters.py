from otter.test_files import test_case

OK_FORMAT = False

name = "q3_head_parameters"
points = [1]

@test_case(points=None, hidden=False)
def test_head_public(head_parameters):
    assert head_parameters((7, 7, 64), 128, 5) == 402181

