from otter.test_files import test_case

OK_FORMAT = False

name = "q5_residual_block"
points = [1]

@test_case(points=None, hidden=False)
def test_residual_block_public(residual_block):
    import keras
    inputs = keras.Input(shape=(14, 14, 16))
    block = keras.Model(inputs, residual_block(inputs, 16))
    assert block.output_shape == (None, 14, 14, 16)
    assert block.count_params() == 2 * (3 * 3 * 16 * 16 + 16)

