r"""Terminal output as a reader would see it: what progress bars leave once they are done.

Keras's progress bars redraw one line with backspaces (``\b``) and carriage returns (``\r``)
and colour it with ANSI escapes; a notebook keeps every redraw. A static page would show each
of them, the control characters drawn as boxes. :func:`final_text` keeps what a terminal shows
at the end, and :func:`clean_outputs` applies it to a notebook's printed outputs.
"""

from __future__ import annotations

import re

import nbformat

# CSI sequences (colours, cursor moves, erase) and the two-character escapes; OSC titles too
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
ERASE_LINE_END = re.compile(r"\x1b\[0?K")


def final_line(line: str) -> str:
    r"""Return one line (no ``\n``) as a terminal leaves it: later characters overwrite earlier."""
    screen: list[str] = []
    column = 0
    for part in re.split(r"(\x1b\[0?K|[\r\b])", line):
        if part == "\r":
            column = 0
        elif part == "\b":
            column = max(column - 1, 0)
        elif part and ERASE_LINE_END.fullmatch(part):
            del screen[column:]
        else:
            for char in ANSI.sub("", part):
                if char < " " and char != "\t":  # another control character: nothing to show
                    continue
                if column < len(screen):
                    screen[column] = char
                else:
                    screen.append(char)
                column += 1
    return "".join(screen).rstrip()


def final_text(text: str) -> str:
    r"""Return ``text`` as a terminal would show it once printed: its lines' final states.

    Parameters
    ----------
    text : str
        Printed output, with any ``\r``, ``\b`` and ANSI escapes.

    Returns
    -------
    str
        The same lines without control characters; a line redrawn in place keeps its last
        state, and trailing spaces go.

    Examples
    --------
    >>> final_text("\r 1/2 ━━\b\b\b\b\b\b\r2/2 ━━━━ done\n")
    '2/2 ━━━━ done\n'
    """
    return "\n".join(final_line(line) for line in text.split("\n"))


def clean_outputs(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Clean every code cell's printed outputs in place, and return the notebook.

    Consecutive outputs of one stream (stdout, stderr) are joined first, as a terminal shows
    them: a progress bar's redraws arrive as separate outputs. Error tracebacks keep their
    colours, which nbconvert draws.
    """
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs: list = []
        for output in cell.get("outputs", []):
            previous = outputs[-1] if outputs else None
            if (
                output.output_type == "stream"
                and previous is not None
                and previous.output_type == "stream"
                and previous.name == output.name
            ):
                previous.text += output.text
            else:
                outputs.append(output)
        for output in outputs:
            if output.output_type == "stream":
                output.text = final_text(output.text)
            elif "text/plain" in output.get("data", {}):
                output.data["text/plain"] = final_text(output.data["text/plain"])
        cell.outputs = outputs
    return notebook
