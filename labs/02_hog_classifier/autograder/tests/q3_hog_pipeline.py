from otter.test_files import test_case

OK_FORMAT = False

name = "q3_hog_pipeline"
points = [1, 3]

@test_case(points=None, hidden=False)
def test_hog_pipeline_public(hog_pipeline, x_train, y_train):
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    pipeline = hog_pipeline(LogisticRegression(max_iter=200))
    assert isinstance(pipeline, Pipeline)
    pipeline.fit(x_train[:200], y_train[:200])
    assert np.asarray(pipeline.predict(x_train[200:210])).shape == (10,)

@test_case(points=None, hidden=True)
def test_hog_pipeline_hidden(hog_pipeline, x_train, y_train):
    import numpy as np
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from utils import features
    train, labels, test = (x_train[:300], y_train[:300], x_train[300:360])
    for setting in [dict(orientations=6, pixels_per_cell=(7, 7), cells_per_block=(2, 2)), dict(orientations=12, pixels_per_cell=(4, 4), cells_per_block=(3, 3)), {}]:
        pipeline = hog_pipeline(KNeighborsClassifier(n_neighbors=1), **setting)
        assert isinstance(pipeline, Pipeline)
        pipeline.fit(train, labels)
        train_hog = features.hog_features(train, **setting, progress=False)
        scaler = StandardScaler().fit(train_hog)
        expected = scaler.transform(features.hog_features(test, **setting, progress=False))
        got = np.asarray(pipeline[:-1].transform(test), dtype=float)
        assert got.shape == expected.shape, (setting, got.shape)
        assert np.mean(np.isclose(got, expected, atol=0.001)) > 0.995, setting
        assert isinstance(pipeline[-1], KNeighborsClassifier) and pipeline[-1].n_neighbors == 1
        nearest = KNeighborsClassifier(n_neighbors=1).fit(scaler.transform(train_hog), labels)
        assert np.mean(pipeline.predict(test) == nearest.predict(expected)) >= 0.95, setting

