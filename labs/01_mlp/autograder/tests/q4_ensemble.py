OK_FORMAT = True

test = {   'name': 'q4_ensemble',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> assert ensemble_predict(member_probabilities).shape == y_test.shape\n'
                                               '>>> assert np.mean(ensemble_predict(member_probabilities) == y_test) == ensemble_accuracy\n',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> _sure = np.array([[0.9, 0.1]])\n'
                                               '>>> _unsure = np.array([[0.4, 0.6]])\n'
                                               '>>> assert ensemble_predict([_sure, _unsure, _unsure]).tolist() == [0]\n'
                                               '>>> assert ensemble_predict([_unsure]).tolist() == [1]\n'
                                               '>>> _votes = [np.eye(3)[[0, 1]], np.eye(3)[[2, 1]], np.eye(3)[[2, 0]]]\n'
                                               '>>> assert ensemble_predict(_votes).tolist() == [2, 1]\n',
                                       'hidden': True,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
