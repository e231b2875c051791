from otter.test_files import test_case

OK_FORMAT = False

name = "q4_parameters"
points = [1]

@test_case(points=None, hidden=False)
def test_parameters_public(count_parameters, baseline):
    import keras
    assert count_parameters([784, 10]) == baseline.count_params()
    mlp = keras.Sequential([keras.Input((784,)), keras.layers.Dense(512), keras.layers.Dense(10)])
    assert count_parameters([784, 512, 10]) == mlp.count_params()

