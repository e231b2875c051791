"""The course's figures are shown once, where they are drawn, in a real Jupyter kernel."""

import nbformat
import pytest
from nbclient import NotebookClient

from utils.layout import ROOT

DRAW = "plotting.plot_history({'loss': [1.0, 0.5], 'val_loss': [1.1, 0.7]})"

CELLS = {  # a cell's source -> how many images it must show
    "import numpy as np\nfrom utils import plotting": 0,
    DRAW: 1,  # the cell's value
    f"fig = {DRAW}": 1,  # assigned, not returned
    f"{DRAW}\nprint('drawn')": 1,  # followed by a print: lab 04's lost figure
    f"fig = {DRAW}\nfig": 1,  # drawn, then returned: not twice
    f"{DRAW}\n{DRAW}": 2,
    "fig": 1,  # a later cell shows it again
    "for _ in range(3):\n    " + DRAW: 3,
    "print('nothing drawn')": 0,
    "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title('own figure')": 1,
}


@pytest.fixture(scope="module")
def executed():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    with pytest.MonkeyPatch.context() as patch:  # as in Jupyter (the suite's default is Agg)
        patch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        client = NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(ROOT)}})
        client.execute()
    return notebook


@pytest.mark.parametrize("index", range(len(CELLS)), ids=list(CELLS))
def test_a_figure_is_shown_once_wherever_it_is_drawn(executed, index):
    cell = executed.cells[index]
    images = [output for output in cell.outputs if "image/png" in output.get("data", {})]
    assert len(images) == list(CELLS.values())[index], cell.outputs
    figure_texts = [
        output
        for output in cell.outputs
        if output.get("data", {}).get("text/plain", "").startswith("<Figure")
        and "image/png" not in output["data"]
    ]
    assert not figure_texts, "a figure's text stood in for its picture"
