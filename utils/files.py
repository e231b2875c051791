"""Write files whole or not at all: what the course writes is never left half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: os.PathLike | str, content: str | bytes) -> Path:
    """Write ``content`` to ``path`` through a temporary file beside it, then move it in place.

    If anything fails on the way (a full disk, an interrupt), ``path`` keeps its previous
    content and no temporary file is left behind. An existing file keeps its permissions; a
    new one gets the usual ones (not the temporary file's owner-only mode).

    Parameters
    ----------
    path : path-like
        The file to write; its folder must exist.
    content : str or bytes
        Text (written as UTF-8) or bytes.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path: expected a file name, got {type(path).__name__}")
    path = Path(path)
    if not isinstance(content, str | bytes):
        raise TypeError(f"content: expected str or bytes, got {type(content).__name__}")
    if path.is_dir():
        raise IsADirectoryError(f"path: expected a file, got the folder {path}")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"path: its folder {path.parent} does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    umask = os.umask(0)
    os.umask(umask)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())  # on disk before it replaces the old file
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
