from otter.test_files import test_case

OK_FORMAT = False

name = "q3_ensemble"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_ensemble_public(ensemble_predict, member_probabilities, y_test):
    import numpy as np
    assert np.shape(ensemble_predict(member_probabilities)) == np.shape(y_test)
    sure, unsure = (np.array([[0.8, 0.2]]), np.array([[0.3, 0.7]]))
    assert np.asarray(ensemble_predict([sure, unsure])).tolist() == [0]

@test_case(points=None, hidden=True)
def test_ensemble_hidden(ensemble_predict):
    import numpy as np

    def predict(probabilities):
        return np.asarray(ensemble_predict(probabilities)).tolist()
    sure, unsure = (np.array([[0.9, 0.1]]), np.array([[0.4, 0.6]]))
    assert predict([sure, unsure, unsure]) == [0]
    assert predict([unsure]) == [1]
    assert predict([np.eye(3)[[0, 1]], np.eye(3)[[2, 1]], np.eye(3)[[2, 0]]]) == [2, 1]
    assert predict([np.array([[0.9, 0.1]]), np.array([[0.9, 0.1]]), np.array([[0.001, 0.999]])]) == [0]
    assert predict([np.array([[0.6, 0.4]]), np.array([[0.6, 0.4]]), np.array([[0.35, 0.65]])]) == [0]
    rng = np.random.default_rng(2)
    models = [rng.dirichlet(np.ones(4), size=30) for _ in range(5)]
    assert predict(models) == np.mean(models, axis=0).argmax(axis=1).tolist()

