OK_FORMAT = True

test = {   'name': 'q4_ensemble',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> assert ensemble_predict(member_probabilities).shape == y_test.shape\n'
                                               '>>> assert np.mean(ensemble_predict(member_probabilities) == y_test) == ensemble_accuracy\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
