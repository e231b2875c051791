"""Show each of the course's figures once, where it is drawn, whatever the cell does next.

In Jupyter, a figure the inline backend does not own is shown only if it is the cell's last
value: a figure drawn and followed by a ``print`` would never appear, and one drawn and
returned would appear twice if it were shown where drawn too. :func:`show_once` shows the
figure at once, and the figure is then left out when the same cell returns it (in that cell
only: a later cell that names the figure shows it again).

Outside a Jupyter kernel (a script, the tests, a plain Python shell) nothing is shown.
"""

from __future__ import annotations

import weakref
from typing import Any

from matplotlib.figure import Figure

_shown_in_this_cell: weakref.WeakSet[Figure] = weakref.WeakSet()
_hooked_shells: weakref.WeakSet[Any] = weakref.WeakSet()


def show_once(fig: Figure) -> None:
    """Show ``fig`` now if this is a Jupyter kernel, and not again as the cell's value.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig: expected a matplotlib Figure, got {type(fig).__name__}")
    shell = _jupyter_shell()
    if shell is None:
        return
    _hook(shell)
    from IPython.display import display

    display(fig)
    _shown_in_this_cell.add(fig)


def _jupyter_shell() -> Any:
    """Return the running Jupyter kernel's shell, or None (no IPython, or a terminal one)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell if getattr(shell, "kernel", None) is not None else None


def _hook(shell: Any) -> None:
    """Teach ``shell`` to skip figures already shown in this cell (once per shell)."""
    if shell in _hooked_shells:
        return
    formatter = shell.display_formatter.ipython_display_formatter

    def display_unless_shown(fig: Figure) -> None:
        if fig in _shown_in_this_cell:
            return
        # Handled here, the figure would not reach the image formatters: let them draw it.
        formatter.enabled = False
        try:
            from IPython.display import display

            display(fig)
        finally:
            formatter.enabled = True

    formatter.for_type(Figure, display_unless_shown)
    shell.events.register("pre_run_cell", lambda *_: _shown_in_this_cell.clear())
    _hooked_shells.add(shell)
