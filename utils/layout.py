"""The course's configuration, defined once: where its parts are, its labs, its public home.

Everything that needs the course's root folder, the name of a lab or the list of labs, or the
public home set in ``pyproject.toml`` reads it here: the notebooks' ``utils``, the instructors'
package (``python -m instructors ...``) and the tests.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The course folder: it holds ``utils/``, ``data/`` and, in a full copy, ``notebooks/``."""
NOTEBOOKS = ROOT / "notebooks"  # the masters (instructors' copy only)
LABS = ROOT / "labs"  # generated: labs/<lab>/student/ and labs/<lab>/autograder/
DATA = ROOT / "data"
SAMPLE = DATA / "mnist_sample.npz"  # the embedded MNIST sample
RESULTS = ROOT / "results"
README = ROOT / "README.md"
PYPROJECT = ROOT / "pyproject.toml"

LAB_NAME = re.compile(r"\d\d_[a-z0-9_]+")
"""A lab's name, as its notebook is named: two digits, an underscore, lower-case words."""

CONFIG_TABLE = "tool.mnist-labs"  # pyproject.toml's table for the course's settings
# GitHub's owner/name (no ".git" ending, nothing that starts with a dot or a dash) and a git
# branch or tag name that can't be read as an option or climb out of refs/
REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_][A-Za-z0-9_.-]*(?<!\.git)")
REF = re.compile(r"(?!.*\.\.)(?!.*//)[A-Za-z0-9_][A-Za-z0-9_./-]*(?<![./])(?<!\.lock)")
ADDRESS = re.compile(r"[^\s\"'\\]+")


def is_lab_name(name: object) -> bool:
    """Tell whether ``name`` is a lab's name, such as ``"01_mlp"``.

    Parameters
    ----------
    name : object
        Anything; only a string of the form ``NN_words`` is a lab's name.

    Returns
    -------
    bool
        True for a lab's name.
    """
    return isinstance(name, str) and LAB_NAME.fullmatch(name) is not None


def lab_names(folder: Path = NOTEBOOKS) -> list[str]:
    """Return the labs' names, in order: the notebooks in ``folder`` named as labs.

    Parameters
    ----------
    folder : pathlib.Path, optional
        Where the labs' notebooks are; default the masters in ``notebooks/``.

    Returns
    -------
    list of str
        Sorted names such as ``["01_mlp", "02_hog_classifier", ...]``.
    """
    return sorted(path.stem for path in Path(folder).glob("*.ipynb") if is_lab_name(path.stem))


def lab_masters(folder: Path = NOTEBOOKS) -> list[Path]:
    """Return the labs' master notebooks, in order.

    Parameters
    ----------
    folder : pathlib.Path, optional
        Where the masters are; default ``notebooks/``.

    Returns
    -------
    list of pathlib.Path
        One ``NN_name.ipynb`` per lab.
    """
    return [Path(folder) / f"{lab}.ipynb" for lab in lab_names(folder)]


@dataclass(frozen=True)
class Home:
    """Where the student release (``repository`` at ``ref``) and the masters live on GitHub."""

    repository: str
    ref: str
    instructors_repository: str = ""
    instructors_ref: str = "main"
    address: str = ""  # where Colab clones the release from, if not GitHub (a mirror)

    @property
    def clone_url(self) -> str:
        """Return the git address the setup cell clones on Colab."""
        return self.address or f"https://github.com/{self.repository}.git"


def read_pyproject(pyproject: Path = PYPROJECT) -> dict:
    """Read ``pyproject.toml`` as a dict.

    Parameters
    ----------
    pyproject : pathlib.Path, optional
        Default: the course's own.

    Returns
    -------
    dict
        The file's TOML tables.

    Raises
    ------
    SystemExit
        If the file can't be read or is not TOML; the message names the file.
    """
    # imported here: only the instructors' tools read pyproject.toml, and on Python 3.10 tomli
    # comes with requirements-dev.txt, not with what a student installs
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SystemExit(f"{pyproject}: can't read it ({error})") from None


def read_home(pyproject: Path = PYPROJECT) -> Home | None:
    """Read the course's public home from ``pyproject.toml``; None when it is unset.

    Parameters
    ----------
    pyproject : pathlib.Path, optional
        The file holding ``[tool.mnist-labs.home]``; default the course's own.

    Returns
    -------
    Home or None
        None when ``home.repository`` is empty.

    Raises
    ------
    SystemExit
        If a value is malformed; the message names the file and the key.
    """
    table = read_pyproject(pyproject).get("tool", {}).get("mnist-labs", {})
    home, instructors = table.get("home", {}), table.get("instructors", {})
    for name, value in (("home", home), ("instructors", instructors)):
        if not isinstance(value, dict):
            raise SystemExit(f"{pyproject}: {CONFIG_TABLE}.{name} should be a table")
    values = {
        "home.repository": home.get("repository", ""),
        "home.ref": home.get("ref", "main"),
        "instructors.repository": instructors.get("repository", ""),
        "instructors.ref": instructors.get("ref", "main"),
        "home.address": home.get("address", ""),
    }
    patterns = {"repository": REPOSITORY, "ref": REF, "address": ADDRESS}
    expectations = {
        "repository": '"OWNER/NAME"',
        "ref": "a branch or tag name",
        "address": "a git address without spaces or quotes",
    }
    for key, value in values.items():
        kind = key.rsplit(".", 1)[1]
        if not isinstance(value, str) or (value and not patterns[kind].fullmatch(value)):
            expected = expectations[kind]
            raise SystemExit(f"{pyproject}: {CONFIG_TABLE}.{key} = {value!r}: expected {expected}")
    if not values["home.repository"]:
        return None
    if not values["home.ref"]:
        raise SystemExit(f"{pyproject}: [{CONFIG_TABLE}.home] ref is empty: name a branch or tag")
    return Home(
        repository=values["home.repository"],
        ref=values["home.ref"],
        instructors_repository=values["instructors.repository"],
        instructors_ref=values["instructors.ref"],
        address=values["home.address"],
    )
