from otter.test_files import test_case

OK_FORMAT = False

name = "q2_unfreeze_from"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_unfreeze_public(unfreeze_from, build_conv_base):
    base = build_conv_base()
    base.trainable = False
    assert [w.path for w in unfreeze_from(base, 'block2_conv2').trainable_weights] == ['conv_base/block2_conv2/kernel', 'conv_base/block2_conv2/bias']

@test_case(points=None, hidden=True)
def test_unfreeze_hidden(unfreeze_from):
    import keras
    layers = keras.layers
    model = keras.Sequential([keras.Input((6, 6, 1)), layers.Conv2D(2, 3, name='c1'), layers.Conv2D(2, 3, name='c2'), layers.Flatten(name='f'), layers.Dense(3, name='d')], name='toy')
    unfreeze_from(model, 'c2')
    assert [layer.trainable for layer in model.layers] == [False, True, True, True]
    assert len(model.trainable_weights) == 4 and len(model.non_trainable_weights) == 2
    model.trainable = False
    assert unfreeze_from(model, 'c1') is model and len(model.trainable_weights) == 6
    model.trainable = False
    unfreeze_from(model, 'd')
    assert [w.path for w in model.trainable_weights] == ['toy/d/kernel', 'toy/d/bias']
    for layer in model.layers:
        layer.trainable = layer.name == 'c1'
    model.trainable = True
    unfreeze_from(model, 'f')
    assert [layer.trainable for layer in model.layers] == [False, False, True, True]
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3, name='c10'), layers.Dense(3, name='c1'), layers.Dense(2, name='d')])
    unfreeze_from(model, 'c1')
    assert [layer.trainable for layer in model.layers] == [False, True, True]
    model = keras.Sequential([keras.Input((6, 6, 1)), layers.Conv2D(2, 3, name='c1'), layers.BatchNormalization(name='n1'), layers.Conv2D(2, 3, name='c2'), layers.BatchNormalization(name='n2'), layers.Flatten(name='f'), layers.Dense(3, name='d')])
    model.trainable = False
    unfreeze_from(model, 'c2')
    assert [layer.trainable for layer in model.layers] == [False, False, True, False, True, True]
    unfreeze_from(model, 'n1')
    assert [layer.trainable for layer in model.layers] == [False, False, True, False, True, True]

