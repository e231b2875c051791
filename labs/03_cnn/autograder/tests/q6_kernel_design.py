from otter.test_files import test_case

OK_FORMAT = False

name = "q6_kernel_design"
points = [1, 2]

@test_case(points=None, hidden=False)
def test_kernel_public(vertical_edge, stroke):
    import numpy as np
    from utils import filters
    kernel = np.asarray(vertical_edge, dtype=float)
    assert kernel.shape == (3, 3)
    response = filters.apply_kernel(stroke, kernel)[4]
    assert response[6] > 0 and response[2] < 0

@test_case(points=None, hidden=True)
def test_kernel_hidden(vertical_edge):
    import numpy as np
    from utils import filters
    kernel = np.asarray(vertical_edge, dtype=float)
    assert np.allclose(filters.apply_kernel(np.ones((5, 5)), kernel)[1:-1, 1:-1], 0)
    horizontal = np.zeros((9, 9))
    horizontal[3:6, :] = 1.0
    assert np.allclose(filters.apply_kernel(horizontal, kernel)[1:-1, 1:-1], 0)
    wide = np.zeros((9, 12))
    wide[:, 2:9] = 1.0
    row = filters.apply_kernel(wide, kernel)[4]
    assert row[9] > 0 and row[1] < 0 and np.allclose(row[3:8], 0)
    line = np.zeros((7, 9))
    line[:, 4] = 1.0
    row = filters.apply_kernel(line, kernel)[3]
    assert row[5] > 0 and row[3] < 0

