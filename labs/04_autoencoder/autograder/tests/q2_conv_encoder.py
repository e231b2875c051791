from otter.test_files import test_case

OK_FORMAT = False

name = "q2_conv_encoder"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_encoder_public(build_conv_encoder):
    encoder = build_conv_encoder(8)
    assert encoder.input_shape == (None, 28, 28, 1)
    assert encoder.output_shape == (None, 8)

@test_case(points=None, hidden=True)
def test_encoder_hidden(build_conv_encoder):
    import keras
    import numpy as np

    def layers_of(model):
        for layer in model.layers:
            yield from (layers_of(layer) if isinstance(layer, keras.Model) else [layer])

    def downsamples(layer):
        if isinstance(layer, keras.layers.Conv2D):
            kind = max(layer.strides) > 1
        else:
            name = type(layer).__name__
            kind = 'Pooling2D' in name and (not name.startswith('Global'))
        area = lambda shape: shape[1] * shape[2]
        return kind and area(layer.output.shape) < area(layer.input.shape)
    for code_size in (5, 32):
        encoder = build_conv_encoder(code_size)
        assert encoder.input_shape == (None, 28, 28, 1)
        assert encoder.output_shape == (None, code_size)
        codes = np.asarray(encoder.predict(np.random.default_rng(5).random((3, 28, 28, 1)), verbose=0))
        assert codes.shape == (3, code_size)
        layers = list(layers_of(encoder))
        convolutions = [i for i, layer in enumerate(layers) if isinstance(layer, keras.layers.Conv2D)]
        assert convolutions, 'at least one Conv2D layer'
        assert any((downsamples(layer) for layer in layers[convolutions[0]:])), 'the feature maps of a convolution should shrink'

