from otter.test_files import test_case

OK_FORMAT = False

name = "q2_unfreeze_from"
points = [1]

@test_case(points=None, hidden=False)
def test_unfreeze_public(unfreeze_from, build_conv_base):
    base = build_conv_base()
    base.trainable = False
    assert [w.path for w in unfreeze_from(base, 'block2_conv2').trainable_weights] == ['conv_base/block2_conv2/kernel', 'conv_base/block2_conv2/bias']

