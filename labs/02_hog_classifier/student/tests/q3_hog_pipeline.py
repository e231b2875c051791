from otter.test_files import test_case

OK_FORMAT = False

name = "q3_hog_pipeline"
points = [1]

@test_case(points=None, hidden=False)
def test_hog_pipeline_public(hog_pipeline, x_train, y_train):
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    pipeline = hog_pipeline(LogisticRegression(max_iter=200))
    assert isinstance(pipeline, Pipeline)
    pipeline.fit(x_train[:200], y_train[:200])
    assert np.asarray(pipeline.predict(x_train[200:210])).shape == (10,)

