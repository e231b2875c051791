from otter.test_files import test_case

OK_FORMAT = False

name = "q5_ensemble"
points = [1]

@test_case(points=None, hidden=False)
def test_ensemble_public(ensemble_predict, member_probabilities, y_test, ensemble_accuracy):
    import numpy as np
    predicted = np.asarray(ensemble_predict(member_probabilities))
    assert predicted.shape == np.shape(y_test)
    assert np.mean(predicted == y_test) == ensemble_accuracy

