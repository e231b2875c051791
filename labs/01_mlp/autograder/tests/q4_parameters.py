from otter.test_files import test_case

OK_FORMAT = False

name = "q4_parameters"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_parameters_public(count_parameters, baseline):
    import keras
    assert count_parameters([784, 10]) == baseline.count_params()
    mlp = keras.Sequential([keras.Input((784,)), keras.layers.Dense(512), keras.layers.Dense(10)])
    assert count_parameters([784, 512, 10]) == mlp.count_params()

@test_case(points=None, hidden=True)
def test_parameters_hidden(count_parameters):
    import keras
    for sizes in ([3, 5, 2], [1, 1], [10, 1], [7, 3, 9, 4, 2], (20, 30, 40)):
        model = keras.Sequential([keras.Input((sizes[0],))] + [keras.layers.Dense(width) for width in sizes[1:]])
        assert count_parameters(sizes) == model.count_params(), sizes
    assert count_parameters([784]) == 0

