from otter.test_files import test_case

OK_FORMAT = False

name = "q6_kernel_design"
points = [1]

@test_case(points=None, hidden=False)
def test_kernel_public(vertical_edge, stroke):
    import numpy as np
    from utils import filters
    kernel = np.asarray(vertical_edge, dtype=float)
    assert kernel.shape == (3, 3)
    response = filters.apply_kernel(stroke, kernel)[4]
    assert response[6] > 0 and response[2] < 0

