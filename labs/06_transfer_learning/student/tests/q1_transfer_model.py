from otter.test_files import test_case

OK_FORMAT = False

name = "q1_transfer_model"
points = [1]

@test_case(points=None, hidden=False)
def test_transfer_model_public(transfer_model, source_base):
    model, base = transfer_model(source_base)
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, 5)
    assert base is not source_base and (not base.trainable_weights)

