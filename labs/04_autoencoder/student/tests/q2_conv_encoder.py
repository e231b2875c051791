from otter.test_files import test_case

OK_FORMAT = False

name = "q2_conv_encoder"
points = [1]

@test_case(points=None, hidden=False)
def test_encoder_public(build_conv_encoder):
    encoder = build_conv_encoder(8)
    assert encoder.input_shape == (None, 28, 28, 1)
    assert encoder.output_shape == (None, 8)

