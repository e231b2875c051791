"""What decides what Python code computes, as data to hash: for the training cache's keys.

A function's result depends on more than its own lines: on the values it closes over, its
default arguments, the globals it reads (constants, helper functions, classes) and, through
them, on more code. :func:`code_key` follows all of these and returns plain data that changes
whenever any of them changes: edit a helper that a custom loss calls, or a constant a layer
reads, and the key changes. Library code (the standard library and installed packages) is
named, not read: its versions are keyed elsewhere. What it cannot follow it refuses, with
:class:`Unkeyable` saying what and where, so that the cache trains for real rather than load a
run that another version of the code made.

Refused: code whose source cannot be read, a whole module of the course's or the notebook's
own read as an object (not through one of its names), and objects of unknown kinds (a file, a
socket, a generator).
"""

from __future__ import annotations

import builtins
import dis
import functools
import inspect
import json
import site
import sys
import sysconfig
import types
from pathlib import Path
from typing import Any

import numpy as np

PLAIN = (type(None), bool, int, float, complex, str, bytes)
MAX_DEPTH = 24  # objects inside objects, functions calling functions: a runaway stops here
READS = {"LOAD_GLOBAL", "LOAD_NAME"}  # the instructions that read a global
ATTRIBUTES = {"LOAD_ATTR", "LOAD_METHOD"}  # and those that follow it: module.name.name


class Unkeyable(TypeError):
    """Something deciding a result that the cache cannot fingerprint (the message says what)."""


@functools.lru_cache(maxsize=1)
def _library_folders() -> tuple[str, ...]:
    """Return the folders of the standard library and of installed packages."""
    paths = {sysconfig.get_paths()[name] for name in ("stdlib", "platstdlib", "purelib", "platlib")}
    paths.update(site.getsitepackages())
    paths.add(site.getusersitepackages())
    return tuple(sorted(str(Path(path).resolve()) for path in paths if path))


@functools.lru_cache(maxsize=4096)
def _is_library_file(filename: str) -> bool:
    if not filename or filename.startswith("<"):  # "<frozen ...>", "<string>"
        return filename.startswith("<frozen")
    resolved = str(Path(filename).resolve())
    return any(resolved.startswith(folder + "/") for folder in _library_folders())


def is_library_module(name: str) -> bool:
    """Tell whether module ``name`` is the standard library's or an installed package's.

    The course's own modules (``utils``, installed in place) and the notebook (``__main__``)
    are not: their code can change between two runs.
    """
    module = sys.modules.get(name)
    if module is None or name == "__main__":
        return False
    filename = getattr(module, "__file__", None)
    return filename is None or _is_library_file(filename)  # no file: built into Python


def _is_library_function(function: types.FunctionType) -> bool:
    return _is_library_file(function.__code__.co_filename)


def _is_library_class(cls: type) -> bool:
    return is_library_module(cls.__module__)


def code_key(value: Any, where: str = "") -> Any:
    """Return plain data that changes whenever what ``value`` computes could change.

    Parameters
    ----------
    value : object
        A function, lambda, method, ``functools.partial``, class, or an object (its class and
        its attributes), or plain data (numbers, strings, arrays, containers of them).
    where : str
        What ``value`` is, for the refusal's message ("the loss").

    Returns
    -------
    object
        Lists, strings, numbers and arrays, for :func:`utils.run_key` to hash.

    Raises
    ------
    Unkeyable
        If something ``value`` depends on cannot be fingerprinted.
    """
    return _Walk().value(value, where or _describe(value), 0)


def _describe(value: Any) -> str:
    name = getattr(value, "__qualname__", None) or type(value).__name__
    return f"{name}"


class _Walk:
    """One fingerprinting walk: remembers what it has seen, so that cycles end."""

    def __init__(self) -> None:
        self.seen: dict[int, int] = {}
        self.kept: list[Any] = []  # keeps what was seen alive, so that ids stay unique

    def value(self, value: Any, where: str, depth: int) -> Any:
        """Fingerprint any value; ``where`` names it in a refusal."""
        if isinstance(value, PLAIN):
            return ["plain", repr(value)]
        if isinstance(value, np.generic):
            return ["plain", repr(value.item())]
        if isinstance(value, np.ndarray) or _is_tensor_like(value):
            return ["array", _array(value)]
        if id(value) in self.seen:  # a cycle, or the same object twice: its order number
            return ["seen", self.seen[id(value)]]
        self.seen[id(value)] = len(self.seen)
        self.kept.append(value)
        if depth > MAX_DEPTH:
            raise Unkeyable(f"{where}: nested too deep to fingerprint")
        if isinstance(value, list | tuple):
            return [type(value).__name__, *(self.value(v, where, depth + 1) for v in value)]
        if isinstance(value, dict):
            items = sorted(value.items(), key=lambda item: repr(item[0]))
            return ["dict", *([repr(k), self.value(v, where, depth + 1)] for k, v in items)]
        if isinstance(value, set | frozenset):
            return ["set", sorted(repr(self.value(v, where, depth + 1)) for v in value)]
        if isinstance(value, types.ModuleType):
            return self.module(value, where)
        if isinstance(value, functools.partial):
            return [
                "partial",
                self.value(value.func, where, depth + 1),
                self.value(value.args, where, depth + 1),
                self.value(value.keywords, where, depth + 1),
            ]
        if isinstance(value, types.MethodType):
            owner = self.value(value.__self__, f"{where} (its object)", depth + 1)
            return ["method", self.value(value.__func__, where, depth + 1), owner]
        if isinstance(value, types.FunctionType):
            return self.function(value, where, depth)
        if isinstance(value, type):
            return self.cls(value, where, depth)
        if isinstance(value, np.random.Generator | np.random.RandomState):
            state = value.bit_generator.state if hasattr(value, "bit_generator") else None
            return ["rng", self.value(state or value.get_state(), where, depth + 1)]
        return self.instance(value, where, depth)

    def module(self, module: types.ModuleType, where: str) -> Any:
        if is_library_module(module.__name__):
            return ["module", module.__name__]
        raise Unkeyable(
            f"{where} uses the module {module.__name__} as a whole, whose code can change: "
            "call its functions by name"
        )

    def function(self, function: types.FunctionType, where: str, depth: int) -> Any:
        name = f"{function.__module__}.{function.__qualname__}"
        if _is_library_function(function):  # named; but a decorator's wraps code of ours
            wrapped = [getattr(function, "__wrapped__", None)]
            wrapped += [_cell_content(cell) for cell in function.__closure__ or ()]
            ours = [item for item in wrapped if _holds_user_code(item)]
            return ["library function", name, self.value(ours, where, depth + 1)]
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            raise Unkeyable(f"{where}: cannot read the code of {function.__qualname__}") from None
        here = f"{where} ({function.__qualname__})" if function.__qualname__ not in where else where
        parts: list[Any] = ["function", name, source]
        parts.append(self.value(function.__defaults__, f"{here}'s defaults", depth + 1))
        parts.append(self.value(function.__kwdefaults__, f"{here}'s defaults", depth + 1))
        cells = function.__closure__ or ()
        for variable, cell in zip(function.__code__.co_freevars, cells, strict=True):
            content = _cell_content(cell)
            parts.append([variable, self.value(content, f"{here}'s {variable}", depth + 1)])
        for chain in global_reads(function.__code__):
            read = self.global_read(function.__globals__, chain, here, depth)
            parts.append([".".join(chain), read])
        return parts

    def global_read(self, namespace: dict, chain: tuple[str, ...], where: str, depth: int) -> Any:
        """Fingerprint what ``name.attr.attr`` refers to in a function's globals."""
        missing = object()
        value = namespace.get(chain[0], getattr(builtins, chain[0], missing))
        if value is missing:
            return ["missing"]  # defined later, or a NameError when called: either way plain
        for attribute in chain[1:]:  # through modules of the course's own, to the name used
            if not isinstance(value, types.ModuleType) or is_library_module(value.__name__):
                break
            value = getattr(value, attribute, missing)
            if value is missing:
                return ["missing"]
        return self.value(value, f"{where}'s global {'.'.join(chain)}", depth + 1)

    def cls(self, cls: type, where: str, depth: int) -> Any:
        """Fingerprint a class by its bases, its methods' code and its class attributes.

        Method by method, not the class's source: Python cannot find the source of a class
        defined in a notebook cell, but it can find each of its functions'.
        """
        name = f"{cls.__module__}.{cls.__qualname__}"
        if _is_library_class(cls):
            return ["library class", name]
        parts: list[Any] = ["class", name]
        for base in cls.__bases__:
            parts.append(self.value(base, where, depth + 1))
        for attribute, member in sorted(vars(cls).items()):
            if attribute in ("__module__", "__qualname__", "__doc__", "__firstlineno__"):
                continue
            if isinstance(member, staticmethod | classmethod):
                member = member.__func__
            if isinstance(member, property):
                member = [member.fget, member.fset]
            if attribute.startswith("_") and not _is_plain(member):
                if not _holds_user_code(member):
                    continue  # __dict__, __weakref__, ABC's caches: not behaviour
            here = f"{where} ({cls.__qualname__}.{attribute})"
            parts.append([attribute, self.value(member, here, depth + 1)])
        return parts

    def instance(self, value: Any, where: str, depth: int) -> Any:
        """Fingerprint an object: its class, its Keras config if it has one, what it holds."""
        cls = type(value)
        library = _is_library_class(cls)
        parts: list[Any] = ["object", self.value(cls, where, depth + 1)]
        config = _keras_config(value) if library else None
        if config is not None:
            parts.append(["config", config])
        attributes = getattr(value, "__dict__", None)
        if attributes is None:  # a NumPy ufunc, a built-in, a class with __slots__
            text = repr(value)
            if not library or " at 0x" in text:
                raise Unkeyable(f"{where}: cannot fingerprint a {cls.__module__}.{cls.__name__}")
            return [*parts, text]
        keras_object = any(base.__module__.startswith("keras") for base in cls.__mro__)
        kept = 0
        for name in sorted(attributes):
            item = attributes[name]
            if keras_object and (name == "name" or name in _keras_bookkeeping()):
                continue  # Keras's numbered names (dense_7) and paths, its trackers and locks
            if name.startswith("_") and not _is_plain(item) and not _holds_user_code(item):
                continue  # a library's bookkeeping (trackers, signatures, locks)
            if config is not None and not _holds_user_code(item):
                continue  # a Keras object's settings are in its config
            parts.append([name, self.value(item, f"{where}'s {name}", depth + 1)])
            kept += 1
        if library and config is None and not kept and " at 0x" in repr(value):
            raise Unkeyable(f"{where}: cannot fingerprint a {cls.__module__}.{cls.__name__}")
        return parts


@functools.lru_cache(maxsize=1)
def _keras_bookkeeping() -> frozenset[str]:
    """Return the private attributes Keras sets on its objects: its bookkeeping, not settings.

    Read off a layer of a model that has run and off plain losses and metrics, so that it
    follows the installed Keras. A custom layer's own private attributes are not among them.
    """
    import keras

    class Probe(keras.layers.Layer):
        def call(self, x):
            return x

    probe = Probe()
    model = keras.Sequential([keras.Input((1,)), probe])
    model(np.zeros((1, 1), dtype="float32"))
    found = set(vars(probe)) | set(vars(keras.losses.Loss())) | set(vars(keras.metrics.Mean()))
    return frozenset(name for name in found if name.startswith("_"))


def _cell_content(cell: Any) -> Any:
    """Return what a closure's cell holds (None while it is not assigned yet)."""
    try:
        return cell.cell_contents
    except ValueError:
        return None


def _is_plain(value: Any) -> bool:
    """Tell whether ``value`` is data: numbers, strings, arrays, and containers of them."""
    if isinstance(value, (*PLAIN, np.generic, np.ndarray)) or _is_tensor_like(value):
        return True
    if isinstance(value, list | tuple):
        return all(_is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(_is_plain(item) for item in value.values())
    return False


def _holds_user_code(value: Any, depth: int = 0) -> bool:
    """Tell whether ``value`` is or holds code of the course's or the notebook's own."""
    if depth > 3 or _is_plain(value) or isinstance(value, types.ModuleType):
        return False
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds_user_code(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return any(_holds_user_code(item, depth + 1) for item in value.values())
    if isinstance(value, functools.partial):
        return _holds_user_code([value.func, value.args, value.keywords], depth + 1)
    if isinstance(value, types.MethodType):
        return _holds_user_code(value.__func__, depth + 1)
    if isinstance(value, types.FunctionType):
        if not _is_library_function(value):
            return True
        inside = [getattr(value, "__wrapped__", None)]
        inside += [_cell_content(cell) for cell in value.__closure__ or ()]
        return any(_holds_user_code(item, depth + 1) for item in inside)
    if isinstance(value, type):
        return not _is_library_class(value)
    if not _is_library_class(type(value)):
        return True
    return _keras_config(value) is not None and any(
        _holds_user_code(item, depth + 1)
        for name, item in vars(value).items()
        if not name.startswith("_")
    )


def _keras_config(value: Any) -> Any | None:
    """Return a Keras object's config as JSON text, names left out; None for other objects."""
    if not type(value).__module__.startswith("keras") or not hasattr(value, "get_config"):
        return None
    if _is_variable(value):
        return None
    try:
        config = value.get_config()
    except Exception:  # a config Keras cannot make: its attributes decide
        return None
    return json.dumps(_nameless(config), sort_keys=True, default=repr)


def _nameless(config: Any) -> Any:
    if isinstance(config, dict):
        config = without_compiled_code(config)
        return {k: _nameless(v) for k, v in config.items() if k != "name"}
    if isinstance(config, list | tuple):
        return [_nameless(v) for v in config]
    return config


def without_compiled_code(config: Any) -> Any:
    """Return a Keras config with a lambda's compiled code left out (its source is keyed).

    Keras stores a ``Lambda``'s lambda as marshalled bytecode, which holds the file name the
    notebook cell was compiled under, and that changes with every kernel: keyed, the same cell
    would never load its run. :func:`code_key` keys the lambda by its source instead.
    """
    if isinstance(config, dict):
        if config.get("class_name") == "__lambda__" and isinstance(config.get("config"), dict):
            return {**config, "config": {**config["config"], "code": "(keyed by its source)"}}
        return {key: without_compiled_code(value) for key, value in config.items()}
    if isinstance(config, list | tuple):
        return [without_compiled_code(value) for value in config]
    return config


def _is_variable(value: Any) -> bool:
    return type(value).__name__.endswith("Variable")


def _is_tensor_like(value: Any) -> bool:
    module = type(value).__module__
    return (
        module.startswith(("tensorflow", "jax", "keras"))
        and hasattr(value, "dtype")
        and (hasattr(value, "shape"))
    )


def _array(value: Any) -> Any:
    """Return an array's values, or a symbolic tensor's shape and type (it has no values)."""
    try:
        return np.asarray(value)
    except Exception:  # a Keras symbolic tensor
        return f"symbolic {getattr(value, 'shape', '')} {getattr(value, 'dtype', '')}"


def global_reads(code: types.CodeType) -> list[tuple[str, ...]]:
    """List the globals ``code`` (and the functions defined in it) reads, with attribute chains.

    ``np.exp(x) + SCALE * helper(x)`` reads ``("np", "exp")``, ``("SCALE",)`` and
    ``("helper",)``: the attributes after a global are kept, so that a module of the course's
    can be followed to the one function used.
    """
    chains: list[tuple[str, ...]] = []
    instructions = list(dis.get_instructions(code))
    for index, instruction in enumerate(instructions):
        if instruction.opname not in READS:
            continue
        chain = [str(instruction.argval)]
        for following in instructions[index + 1 :]:
            if following.opname not in ATTRIBUTES:
                break
            chain.append(str(following.argval))
        chains.append(tuple(chain))
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            chains.extend(global_reads(constant))
    return list(dict.fromkeys(chains))
