from otter.test_files import test_case

OK_FORMAT = False

name = "q1_output_size"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_output_size_public(conv_output_size):
    assert conv_output_size(28, 3) == 26
    assert conv_output_size(28, 5, 'same') == 28

@test_case(points=None, hidden=True)
def test_output_size_hidden(conv_output_size):
    import keras
    for n in (5, 9, 12, 13, 27, 28):
        for k in (1, 2, 3, 4, 5):
            for stride in (1, 2, 3):
                for padding in ('valid', 'same'):
                    layer = keras.layers.Conv2D(1, k, strides=stride, padding=padding)
                    expected = layer.compute_output_shape((None, n, n, 1))[1]
                    assert conv_output_size(n, k, padding, stride) == expected, (n, k, padding, stride)

