OK_FORMAT = True

test = {   'name': 'q1_unfreeze_from',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> _base = copy_of_source_base()\n'
                                               ">>> assert [w.path for w in unfreeze_from(_base, 'block2_conv2').trainable_weights] == ['conv_base/block2_conv2/kernel', "
                                               "'conv_base/block2_conv2/bias']\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
