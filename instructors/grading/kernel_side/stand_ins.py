"""The namespace a question's canary runs its tests with: no correct test passes in it.

Sent to the grading kernel before ``run_test_file.py``; one function, so that the notebook's
namespace gains one name while the test cell runs (the cell deletes it).
"""


def _grading_stand_ins():
    """Return a namespace whose every name is bound to a ``Void``."""

    class Void:  # what the canary binds every name to: no correct test passes with it
        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return self

        def __call__(self, *args, **kwargs):
            return self

        __getitem__ = __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __call__
        __truediv__ = __rtruediv__ = __pow__ = __neg__ = __abs__ = __matmul__ = __call__

        def __eq__(self, other):
            return False

        __lt__ = __le__ = __gt__ = __ge__ = __contains__ = __eq__

        def __bool__(self):
            return False

        def __ne__(self, other):
            return True

        def __iter__(self):
            return iter(())

        def __len__(self):
            return 0

        def __float__(self):
            return float("nan")

        def __int__(self):
            return -1

        __index__ = __int__
        __hash__ = object.__hash__

    class StandIns(dict):
        def get(self, name, default=None):
            return Void()

    return StandIns()
