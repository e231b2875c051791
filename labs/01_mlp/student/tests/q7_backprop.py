from otter.test_files import test_case

OK_FORMAT = False

name = "q7_backprop"
points = [1]

@test_case(points=None, hidden=False)
def test_backprop_public(backward):
    import numpy as np
    rng = np.random.default_rng(0)
    params = {'W1': rng.normal(size=(5, 3)), 'b1': rng.normal(size=3), 'W2': rng.normal(size=(3, 4)), 'b2': rng.normal(size=4)}
    x, y = (rng.normal(size=(1, 5)), np.array([2]))

    def cache_and_loss(params):
        z1 = x @ params['W1'] + params['b1']
        h = np.maximum(z1, 0)
        scores = h @ params['W2'] + params['b2']
        p = np.exp(scores - scores.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        return ({'x': x, 'z1': z1, 'h': h, 'p': p}, -np.log(p[0, y[0]]))
    gradients = backward(params, cache_and_loss(params)[0], y)
    assert sorted(gradients) == sorted(params)
    for name, value in params.items():
        assert np.shape(gradients[name]) == value.shape, name
        for index in np.ndindex(value.shape):
            shifted = {k: v.copy() for k, v in params.items()}
            shifted[name][index] += 1e-06
            numeric = (cache_and_loss(shifted)[1] - cache_and_loss(params)[1]) / 1e-06
            assert np.isclose(gradients[name][index], numeric, rtol=0.001, atol=1e-05), name

