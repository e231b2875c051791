from otter.test_files import test_case

OK_FORMAT = False

name = "q3_head_parameters"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_head_public(head_parameters):
    assert head_parameters((7, 7, 64), 128, 5) == 402181

@test_case(points=None, hidden=True)
def test_head_hidden(head_parameters):
    import keras
    layers = keras.layers
    for shape, hidden, classes in [((3, 5, 2), 16, 3), ((1, 1, 1280), 64, 5), ((12,), 4, 2), ((2, 3), 7, 10), ((4, 4, 8), 1, 1)]:
        head = keras.Sequential([keras.Input(shape), layers.Flatten(), layers.Dense(hidden), layers.Dense(classes)])
        assert head_parameters(shape, hidden, classes) == head.count_params(), shape
    assert head_parameters((2, 2, 2), 3, 2) == 8 * 3 + 3 + 3 * 2 + 2

