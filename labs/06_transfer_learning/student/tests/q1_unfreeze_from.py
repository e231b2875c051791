from otter.test_files import test_case

OK_FORMAT = False

name = "q1_unfreeze_from"
points = [1]

@test_case(points=None, hidden=False)
def test_unfreeze_public(unfreeze_from, copy_of_source_base):
    base = copy_of_source_base()
    assert [w.path for w in unfreeze_from(base, 'block2_conv2').trainable_weights] == ['conv_base/block2_conv2/kernel', 'conv_base/block2_conv2/bias']

