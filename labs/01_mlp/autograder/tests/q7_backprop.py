from otter.test_files import test_case

OK_FORMAT = False

name = "q7_backprop"
points = [1, 3]

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

@test_case(points=None, hidden=True)
def test_backprop_hidden(backward):
    import numpy as np

    def reference(params, cache, y):
        x, z1, h, p = (cache['x'], cache['z1'], cache['h'], cache['p'])
        grads = {name: np.zeros_like(value) for name, value in params.items()}
        for i in range(len(y)):
            d2 = p[i].copy()
            d2[y[i]] -= 1
            d1 = params['W2'] @ d2 * (z1[i] > 0)
            grads['W2'] += np.outer(h[i], d2)
            grads['b2'] += d2
            grads['W1'] += np.outer(x[i], d1)
            grads['b1'] += d1
        return {name: g / len(y) for name, g in grads.items()}

    def copied(arrays):
        return {name: value.copy() for name, value in arrays.items()}
    rng = np.random.default_rng(7)
    cases = [(7, 5, 4, 4), (32, 6, 6, 10), (5, 9, 3, 2), (1, 4, 5, 3), (64, 20, 8, 10)]
    cases.append((6, 4, 5, 3))
    for n, d, k, c in cases:
        params = {'W1': rng.normal(size=(d, k)), 'b1': rng.normal(size=k), 'W2': rng.normal(size=(k, c)), 'b2': rng.normal(size=c)}
        x = rng.normal(size=(n, d))
        y = rng.integers(0, c, size=n)
        z1 = x @ params['W1'] + params['b1']
        if (n, d, k, c) == cases[-1]:
            params['b1'][:2] -= z1[0, :2] - np.array([1e-09, -1e-09])
            z1 = x @ params['W1'] + params['b1']
            assert z1[0, 0] > 0 > z1[0, 1]
        assert (z1 > 0).any() and (z1 < 0).any()
        h = np.maximum(z1, 0)
        scores = h @ params['W2'] + params['b2']
        p = np.exp(scores - scores.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        cache = {'x': x, 'z1': z1, 'h': h, 'p': p}
        expected = reference(params, copied(cache), y)
        given = copied(params)
        got = backward(given, copied(cache), y)
        for name in params:
            assert np.array_equal(given[name], params[name]), f'backward changed params[{name!r}]'
        assert sorted(got) == sorted(params), sorted(got)
        for name in params:
            assert np.shape(got[name]) == params[name].shape, (n, d, k, c, name)
            assert np.allclose(got[name], expected[name], rtol=0.0001, atol=1e-06), (n, d, k, c, name)

