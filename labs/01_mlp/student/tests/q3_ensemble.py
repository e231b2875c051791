from otter.test_files import test_case

OK_FORMAT = False

name = "q3_ensemble"
points = [1]

@test_case(points=None, hidden=False)
def test_ensemble_public(ensemble_predict, member_probabilities, y_test):
    import numpy as np
    assert np.shape(ensemble_predict(member_probabilities)) == np.shape(y_test)
    sure, unsure = (np.array([[0.8, 0.2]]), np.array([[0.3, 0.7]]))
    assert np.asarray(ensemble_predict([sure, unsure])).tolist() == [0]

