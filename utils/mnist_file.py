"""The MNIST file: fetch it into Keras's cache, check it, read it.

:func:`cached_download` returns Keras's cached ``mnist.npz`` (``~/.keras/datasets/``, under
``KERAS_HOME`` if set), downloading it first from Keras's server (or from the mirror
``MNIST_LABS_URL`` names) when it is missing or damaged. The download goes to a temporary file
under a lock (processes that load at once download it once), is checked (Keras's SHA-256 and
the arrays), then moved into the cache; it gives up after :data:`DOWNLOAD_SECONDS`.

:func:`read_mnist_npz` reads any MNIST ``.npz`` file and checks its arrays: a missing, corrupt
or wrongly shaped file raises an error naming the file. Choosing which file to read is
:func:`utils.data.load_mnist`'s job.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import urllib.request
import zipfile
import zlib
from pathlib import Path

import numpy as np

from utils.validation import check_finite_number, check_output_file

ENV_DATA_PATH = "MNIST_LABS_DATA"
ENV_URL = "MNIST_LABS_URL"  # a mirror, e.g. a classroom server; its file is checked by content
MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"  # Keras's
DOWNLOAD_SECONDS = 120.0  # 11 MB: seconds on any classroom connection; a dead proxy: give up
IMAGE_SHAPE = (28, 28)
NUM_CLASSES = 10
_KEYS = ("x_train", "y_train", "x_test", "y_test")

Split = tuple[np.ndarray, np.ndarray]
PathLike = str | os.PathLike


def keras_cache_file() -> Path:
    """Return where Keras keeps ``mnist.npz``: in ``$KERAS_HOME`` or ``~/.keras``, datasets/."""
    home = os.environ.get("KERAS_HOME") or Path.home() / ".keras"
    return Path(home) / "datasets" / "mnist.npz"


def cached_download(seconds: float | None = None) -> Path:
    """Return the Keras cache's ``mnist.npz``, downloading it first if it is missing or bad.

    Processes that call this at once (a shared home, parallel tests) download the file once:
    the others wait for the lock, then read the cache.

    Parameters
    ----------
    seconds : float, optional
        Give up after this long, waiting for the lock included (default
        :data:`DOWNLOAD_SECONDS`).

    Raises
    ------
    OSError, TimeoutError, ValueError, filelock.Timeout
        When the file cannot be fetched, takes too long, or is not MNIST.
    """
    from filelock import FileLock

    seconds = (
        DOWNLOAD_SECONDS
        if seconds is None
        else check_finite_number("seconds", seconds, positive=True)
    )
    target = keras_cache_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{target}.lock", timeout=seconds):
        if target.is_file():
            try:
                read_mnist_npz(target)
                return target
            except ValueError:  # a corrupt or truncated cache (a crash, a full disk): fetch again
                target.unlink()
        url = os.environ.get(ENV_URL) or MNIST_URL
        download(url, target, seconds, MNIST_SHA256 if url == MNIST_URL else None)
    return target


def download(url: str, target: Path, seconds: float, sha256: str | None = None) -> None:
    """Fetch ``url`` into ``target`` through a temporary file; give up after ``seconds``.

    The file enters ``target`` only whole and checked: its SHA-256 when given, and its
    arrays (:func:`read_mnist_npz`).

    Parameters
    ----------
    url : str
        Where to fetch from (``http://``, ``https://`` or ``file://``).
    target : pathlib.Path
        The file to create or replace; its folder must exist.
    seconds : float
        Give up after this long.
    sha256 : str, optional
        The file's expected SHA-256, in hexadecimal.
    """
    if not isinstance(url, str):
        raise TypeError(f"url: expected an address, got {type(url).__name__}")
    seconds = check_finite_number("seconds", seconds, positive=True)
    target = check_output_file("target", target)
    deadline = time.monotonic() + seconds
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        digest = hashlib.sha256()
        with (
            os.fdopen(handle, "wb") as stream,
            urllib.request.urlopen(url, timeout=min(seconds, 30.0)) as response,
        ):
            expected = int(response.headers.get("Content-Length") or 0)
            received = 0
            while chunk := response.read1(1 << 16):  # what has come, not a full 64 KB
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} took more than {seconds:g} s")
                stream.write(chunk)
                digest.update(chunk)
                received += len(chunk)
            if expected and received != expected:
                raise ConnectionError(f"{url} closed after {received} of {expected} bytes")
        if sha256 is not None and digest.hexdigest() != sha256:
            raise ValueError(f"{url} sent a file whose SHA-256 is not Keras's mnist.npz")
        read_mnist_npz(temporary)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def read_mnist_npz(path: PathLike) -> tuple[Split, Split]:
    """Read and check an MNIST ``.npz`` file.

    Parameters
    ----------
    path : str or path-like
        The file, with arrays ``x_train``, ``y_train``, ``x_test``, ``y_test``.

    Returns
    -------
    (x_train, y_train), (x_test, y_test) : tuple of tuples of numpy.ndarray

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If it is not a readable ``.npz`` file or its arrays are wrong.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path: expected a file name, got {type(path).__name__}")
    path = Path(path)
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "not found"
        raise FileNotFoundError(
            f"MNIST file {what}: {path}. Check the path (or {ENV_DATA_PATH}); "
            "unset it to use the Keras download or the embedded sample."
        )
    try:
        stream = path.open("rb")
    except PermissionError:
        raise PermissionError(
            f"MNIST file not readable (permission denied): {path}. Check its permissions."
        ) from None
    with stream:  # closed whatever np.load makes of it
        arrays = _read_arrays(stream, path)
    _check_arrays(arrays, source=str(path))
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def _read_arrays(stream, path: Path) -> dict[str, np.ndarray]:
    """Read the four arrays of an open ``.npz`` file, or raise naming ``path``."""
    try:
        archive = np.load(stream, allow_pickle=False)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise _unreadable(path, error) from error
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise ValueError(
            f"{path} holds a single array, not an .npz archive of the arrays {list(_KEYS)}."
        )
    with archive:
        missing = [key for key in _KEYS if key not in archive.files]
        if missing:
            raise ValueError(
                f"{path} is not an MNIST file: it lacks {missing} "
                f"(it holds {sorted(archive.files)}; expected {list(_KEYS)})."
            )
        try:
            return {key: archive[key] for key in _KEYS}
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as error:
            raise _unreadable(path, error) from error


def _unreadable(path: Path, error: Exception) -> ValueError:
    return ValueError(
        f"{path} is corrupt or truncated and cannot be read as .npz "
        f"({type(error).__name__}: {error}). Replace it with a fresh copy of mnist.npz."
    )


def _check_arrays(arrays: dict[str, np.ndarray], source: str) -> None:
    """Raise ValueError naming ``source`` unless the arrays look like MNIST."""
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if images.ndim != 3 or images.shape[1:] != IMAGE_SHAPE:
            raise ValueError(f"{source}: x_{split} has shape {images.shape}; expected (n, 28, 28).")
        if labels.shape != (len(images),):
            raise ValueError(
                f"{source}: y_{split} has shape {labels.shape}; expected "
                f"({len(images)},) to match x_{split}."
            )
        for name, array in ((f"x_{split}", images), (f"y_{split}", labels)):
            if array.dtype != np.uint8:
                raise ValueError(f"{source}: {name} has dtype {array.dtype}; expected uint8.")
        if labels.size and labels.max() >= NUM_CLASSES:
            raise ValueError(f"{source}: y_{split} holds labels above 9.")
