from otter.test_files import test_case

OK_FORMAT = False

name = "q1_build_autoencoder"
points = [1]

@test_case(points=None, hidden=False)
def test_build_autoencoder_public(build_autoencoder):
    import numpy as np
    encoder, decoder, autoencoder = build_autoencoder(8)
    assert encoder.input_shape == (None, 784) and encoder.output_shape == (None, 8)
    assert decoder.input_shape == (None, 8) and decoder.output_shape == (None, 784)
    assert tuple(autoencoder(np.zeros((2, 784), dtype='float32')).shape) == (2, 784)

