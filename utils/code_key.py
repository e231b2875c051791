"""What decides what Python code computes, as data to hash: for the training cache's keys.

A function's result depends on more than its own lines: on the values it closes over, its
default arguments and attributes, the globals it reads (constants, helper functions, classes,
objects) and, through them, on more code. :func:`code_key` follows all of these and returns
plain data that changes whenever any of them changes: edit a helper that a custom loss calls,
or a constant a layer reads, and the key changes. Code is keyed by its compiled form, the code
that runs (not the source file, which may have been edited since it was imported); library code
(the standard library and installed packages) is named, not read: its versions are keyed
elsewhere. Library objects are keyed by their content (their pickled state, as ``joblib.hash``
reads it), Keras objects by their config, their variables and their attributes.

What it cannot follow it refuses, with :class:`Unkeyable` saying what and where, so that the
cache trains for real rather than load a run that other code or other state made: code that
reads names dynamically (``globals()``, ``eval``) or imports a module of the course's or the
notebook's own inside a function; a module of the notebook's own used as a whole object; a
helper whose results are cached where no key can see (``tf.function``, ``functools.lru_cache``);
a random generator the notebook holds (a loaded run could not advance it); objects of kinds it
cannot read (a file, a socket, a ``tf.data`` pipeline).
"""

from __future__ import annotations

import builtins
import contextlib
import dis
import functools
import random
import site
import sys
import sysconfig
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

PLAIN = (type(None), bool, int, float, complex, str, bytes)
MAX_DEPTH = 24  # objects inside objects, functions calling functions: a runaway stops here
READS = {"LOAD_GLOBAL", "LOAD_NAME"}  # the instructions that read a global
ATTRIBUTES = {"LOAD_ATTR", "LOAD_METHOD"}  # and those that follow it: module.name.name
# builtins that read or run names the code does not spell out: nothing to follow
DYNAMIC = {"globals", "vars", "locals", "eval", "exec", "__import__", "compile"}
# class attributes that describe the class rather than decide what it computes
CLASS_BOOKKEEPING = {
    "__module__",
    "__qualname__",
    "__doc__",
    "__firstlineno__",
    "__dict__",
    "__weakref__",
    "__static_attributes__",
    "__annotations__",
    "__orig_bases__",
    "__parameters__",
    "_abc_impl",
}
# the cache's own modules: a function of theirs that a computation calls (utils.features calls
# cached_compute) is keyed by its code alone. What they compute is keyed where it is cached;
# following their globals would only meet the cache's own bookkeeping (utils.timing holds the
# ledger of replayed seconds, which changes whenever the cache loads a result).
PLUMBING = {
    "utils.cache",
    "utils.cache_record",
    "utils.code_key",
    "utils.run_key",
    "utils.random_state",
    "utils.files",
    "utils.timing",
}
# objects whose results depend on a cache or a state no key can see, by their type's name
HIDDEN_STATE = {
    "Function": "a tf.function keeps its first trace, whatever its globals become",
    "PolymorphicFunction": "a tf.function keeps its first trace, whatever its globals become",
    "_lru_cache_wrapper": "a functools cache keeps its first results",
    "Generator": "it draws from a random generator the notebook holds, which a loaded run "
    "could not advance",
    "RandomState": "it draws from a random generator the notebook holds, which a loaded run "
    "could not advance",
    "Random": "it draws from a random generator the notebook holds, which a loaded run could "
    "not advance",
    "DatasetV2": "a tf.data pipeline cannot be read",
}


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
    if not filename or filename.startswith("<"):  # "<frozen ...>", "<string>", a cell
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


def _importable_library(name: str) -> bool:
    """Tell whether ``import name`` imports a library's module (imported yet or not)."""
    import importlib.util

    top = name.split(".")[0]
    if top in sys.modules:
        return is_library_module(top)
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return True  # fails when run: nothing of the notebook's to key
    origin = getattr(spec, "origin", None)
    return spec is None or origin in (None, "built-in", "frozen") or _is_library_file(origin)


def _is_library_function(function: types.FunctionType) -> bool:
    return _is_library_file(function.__code__.co_filename)


def _is_library_class(cls: type) -> bool:
    return is_library_module(cls.__module__)


def _is_keras_object(value: Any) -> bool:
    return any(base.__module__.startswith("keras") for base in type(value).__mro__)


def code_key(value: Any, where: str = "") -> Any:
    """Return plain data that changes whenever what ``value`` computes could change.

    Parameters
    ----------
    value : object
        A function, lambda, method, ``functools.partial``, class, or an object (its class and
        its state), or plain data (numbers, strings, arrays, containers of them).
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
    return getattr(value, "__qualname__", None) or type(value).__name__


class _Walk:
    """One fingerprinting walk: remembers what it has seen, so that cycles end."""

    def __init__(self) -> None:
        self.seen: dict[int, int] = {}
        self.kept: list[Any] = []  # keeps what was seen alive, so that ids stay unique

    def value(self, value: Any, where: str, depth: int) -> Any:
        """Fingerprint any value; ``where`` names it in a refusal."""
        if isinstance(value, PLAIN):
            return ["plain", type(value).__name__, repr(value)]
        if isinstance(value, np.generic):  # its type decides arithmetic (uint8 wraps around)
            return ["plain", value.dtype.str, repr(value.item())]
        if isinstance(value, np.ndarray) or _is_tensor_like(value):
            return ["array", _array(value)]
        if id(value) in self.seen:  # a cycle, or the same object twice: its order number
            return ["seen", self.seen[id(value)]]
        self.seen[id(value)] = len(self.seen)
        self.kept.append(value)
        if depth > MAX_DEPTH:
            raise Unkeyable(f"{where}: nested too deep to fingerprint")
        refusal = _hidden_state(value)
        if refusal:
            raise Unkeyable(f"{where}: {refusal}")
        if isinstance(value, list | tuple):
            return [type(value).__name__, *(self.value(v, where, depth + 1) for v in value)]
        if isinstance(value, dict):  # in its order: code may loop over it
            items = [
                [self.value(k, where, depth + 1), self.value(v, where, depth + 1)]
                for k, v in value.items()
            ]
            return [type(value).__name__, *items]
        if isinstance(value, set | frozenset):
            return ["set", sorted(repr(self.value(v, where, depth + 1)) for v in value)]
        if isinstance(value, range):
            return ["range", value.start, value.stop, value.step]
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
        if isinstance(value, types.BuiltinFunctionType | types.BuiltinMethodType):
            owner = getattr(value, "__self__", None)
            bound = owner is not None and not isinstance(owner, types.ModuleType)
            mine = self.value(owner, where, depth + 1) if bound else None
            return ["builtin", getattr(value, "__module__", None), value.__qualname__, mine]
        return self.instance(value, where, depth)

    def module(self, module: types.ModuleType, where: str) -> Any:
        if is_library_module(module.__name__):
            return ["module", module.__name__]
        raise Unkeyable(
            f"{where} uses the module {module.__name__} as a whole, whose code can change: "
            "call its functions by name"
        )

    def function(self, function: types.FunctionType, where: str, depth: int) -> Any:
        """Fingerprint a function by its compiled code and all it reads."""
        name = f"{function.__module__}.{function.__qualname__}"
        if _is_library_function(function):  # named; but a decorator's wraps code of ours
            wrapped = [getattr(function, "__wrapped__", None)]
            wrapped += [_cell_content(cell) for cell in function.__closure__ or ()]
            ours = [item for item in wrapped if _holds_user_code(item)]
            return ["library function", name, self.value(ours, where, depth + 1)]
        here = f"{where} ({function.__qualname__})" if function.__qualname__ not in where else where
        code = function.__code__
        if function.__module__ in PLUMBING:  # the cache's own: by its code, not followed
            return ["plumbing", name, compiled_code(code, here)]
        parts: list[Any] = ["function", name, compiled_code(code, here)]
        parts.append(self.value(function.__defaults__, f"{here}'s defaults", depth + 1))
        parts.append(self.value(function.__kwdefaults__, f"{here}'s defaults", depth + 1))
        attributes = {k: v for k, v in vars(function).items() if k != "__wrapped__"}
        parts.append(self.value(attributes, f"{here}'s attributes", depth + 1))
        cells = function.__closure__ or ()
        for variable, cell in zip(code.co_freevars, cells, strict=True):
            content = _cell_content(cell)
            parts.append([variable, self.value(content, f"{here}'s {variable}", depth + 1)])
        for chain in global_reads(code):
            read = self.global_read(function.__globals__, chain, here, depth)
            parts.append([".".join(chain), read])
        return parts

    def global_read(self, namespace: dict, chain: tuple[str, ...], where: str, depth: int) -> Any:
        """Fingerprint what ``name.attr.attr`` refers to in a function's globals."""
        missing = object()
        in_globals = chain[0] in namespace
        value = namespace.get(chain[0], getattr(builtins, chain[0], missing))
        if value is missing:
            return ["missing"]  # defined later, or a NameError when called: either way plain
        if not in_globals and chain[0] in DYNAMIC:
            raise Unkeyable(f"{where} reads names through {chain[0]}(), which cannot be followed")
        for attribute in chain[1:]:  # through modules of the course's own, to the name used
            if not isinstance(value, types.ModuleType) or is_library_module(value.__name__):
                break
            value = getattr(value, attribute, missing)
            if value is missing:
                return ["missing"]
        return self.value(value, f"{where}'s global {'.'.join(chain)}", depth + 1)

    def cls(self, cls: type, where: str, depth: int) -> Any:
        """Fingerprint a class by its bases, its methods' code and its class attributes."""
        name = f"{cls.__module__}.{cls.__qualname__}"
        if _is_library_class(cls):
            return ["library class", name]
        parts: list[Any] = ["class", name]
        for base in cls.__bases__:
            parts.append(self.value(base, where, depth + 1))
        for attribute, member in vars(cls).items():
            if attribute in CLASS_BOOKKEEPING:
                continue
            if isinstance(member, staticmethod | classmethod):
                member = [type(member).__name__, member.__func__]
            if isinstance(member, property):
                member = ["property", member.fget, member.fset, member.fdel]
            here = f"{where} ({cls.__qualname__}.{attribute})"
            parts.append([attribute, self.value(member, here, depth + 1)])
        return parts

    def instance(self, value: Any, where: str, depth: int) -> Any:
        """Fingerprint an object: its class, and its state."""
        cls = type(value)
        library = _is_library_class(cls)
        parts: list[Any] = ["object", self.value(cls, where, depth + 1)]
        if _is_keras_object(value):
            return [*parts, *self.keras_state(value, library, where, depth)]
        if library and not _holds_user_code(value):
            return [*parts, _content(value, where)]  # numbers, arrays, pandas, trees...
        attributes = getattr(value, "__dict__", None)
        if attributes is None:
            raise Unkeyable(f"{where}: cannot fingerprint a {cls.__module__}.{cls.__name__}")
        for name, item in attributes.items():
            here = f"{where}'s {name}"
            parts.append([name, self.value(item, here, depth + 1)])
        return parts

    def keras_state(self, value: Any, library: bool, where: str, depth: int) -> list[Any]:
        """Fingerprint a Keras object: its config, its variables, its attributes.

        Keras's own bookkeeping (numbered names, paths, trackers) is left out; a custom class's
        attributes, private ones included, and any attribute set on a Keras object are kept.
        """
        parts: list[Any] = []
        config = _keras_config(value) if library else None
        if config is not None:
            parts.append(["config", config])
        variables = getattr(value, "variables", None)
        if isinstance(variables, list | tuple):  # a layer's, a model's, a metric's weights
            parts.append(["variables", [_array(v) for v in variables]])
        every, own = _keras_bookkeeping()
        for name, item in getattr(value, "__dict__", {}).items():
            if name == "name" or name in (own if library else every):
                if not _holds_user_code(item):
                    continue  # Keras's own: numbered names, paths, trackers, flags
            elif library and name.startswith("_") and not _holds_user_code(item):
                continue  # a Keras class's own private state: its config and variables say it
            if _is_variable(item) or _is_variable_list(item):
                continue  # in its variables, above
            parts.append([name, self.value(item, f"{where}'s {name}", depth + 1)])
        return parts


def compiled_code(code: types.CodeType, where: str) -> list[Any]:
    """Fingerprint compiled code: its instructions, constants and names, not its file or lines.

    The code that runs, whatever its source file says now (it may have been edited since it was
    imported); a comment or a moved line changes nothing.
    """
    for instruction in dis.get_instructions(code):
        if instruction.opname == "IMPORT_NAME":
            module = str(instruction.argval)
            if not _importable_library(module):
                raise Unkeyable(
                    f"{where} imports {module}, a module of its own, inside a function: import "
                    "it at the top of the notebook"
                )
    constants = [
        compiled_code(c, where) if isinstance(c, types.CodeType) else _constant(c)
        for c in code.co_consts
    ]
    return [
        sys.version_info[:2],
        code.co_code,
        constants,
        list(code.co_names),
        list(code.co_varnames),
        list(code.co_freevars),
        list(code.co_cellvars),
        [code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount, code.co_flags],
    ]


def _constant(value: Any) -> str:
    """Return a code constant as text, frozensets in a fixed order (their order is per process)."""
    if isinstance(value, frozenset):
        return "frozenset" + repr(sorted(map(_constant, value)))
    if isinstance(value, tuple):
        return "tuple" + repr([_constant(item) for item in value])
    return f"{type(value).__name__}:{value!r}"


def _hidden_state(value: Any) -> str | None:
    """Say why ``value``'s results depend on state no key can see, or return None."""
    kind = type(value)
    if isinstance(value, np.random.Generator | np.random.RandomState | random.Random):
        return HIDDEN_STATE["Generator"]
    if kind.__module__.startswith("functools") and kind.__name__ == "_lru_cache_wrapper":
        return HIDDEN_STATE["_lru_cache_wrapper"]
    if not kind.__module__.startswith("tensorflow"):
        return None
    if kind.__name__ in ("Function", "PolymorphicFunction", "Generator"):
        return HIDDEN_STATE[kind.__name__]
    if "Dataset" in kind.__name__:
        return HIDDEN_STATE["DatasetV2"]
    return None


def _content(value: Any, where: str) -> str:
    """Return a library object's content hash (its pickled state, as joblib hashes it)."""
    import joblib

    try:
        return joblib.hash(value)
    except Exception as error:  # whatever pickling meets: an open file, a lock, a socket
        kind = f"{type(value).__module__}.{type(value).__name__}"
        raise Unkeyable(f"{where}: cannot fingerprint a {kind} ({type(error).__name__})") from None


@functools.lru_cache(maxsize=1)
def _keras_bookkeeping() -> tuple[frozenset[str], frozenset[str]]:
    """Return the attributes Keras sets on its objects itself: its bookkeeping, not settings.

    Read off a small model that has been trained, saved and loaded, so that it follows the
    installed Keras: Keras adds attributes as it goes (a quantization flag when weights are
    saved). Returns the names Keras sets on every layer, model, loss and metric (left out of a
    custom class's key too), and those it sets on any of its own objects (left out of a Keras
    object's key: its config and variables hold its settings; an attribute set on it by hand
    is kept).
    """
    with _unobserved():  # the probe draws no number and takes no name the notebook would
        return _probe_bookkeeping()


@contextlib.contextmanager
def _unobserved() -> Iterator[None]:
    """Leave the random generators and Keras's name counters as the block found them."""
    import copy

    from keras.src.backend.common import global_state

    from utils.random_state import global_random_state, set_global_random_state

    state = global_random_state()
    names = copy.copy(global_state.get_global_attribute("object_name_uids"))
    try:
        yield
    finally:
        global_state.set_global_attribute("object_name_uids", names)
        set_global_random_state(state)


def _probe_bookkeeping() -> tuple[frozenset[str], frozenset[str]]:
    import tempfile

    import keras

    class Probe(keras.layers.Layer):
        def call(self, x):
            return x

    probe, dense, dropout = Probe(), keras.layers.Dense(2), keras.layers.Dropout(0.1)
    loss, metric = keras.losses.MeanSquaredError(), keras.metrics.MeanAbsoluteError()
    model = keras.Sequential([keras.Input((1,)), probe, dense, dropout])
    model.compile(optimizer=keras.optimizers.Adam(), loss=loss, metrics=[metric])
    model(np.zeros((2, 1), dtype="float32"), training=True)
    model.optimizer.build(model.trainable_variables)
    with tempfile.TemporaryDirectory() as folder:  # saving adds attributes (quantization flags)
        model.save_weights(f"{folder}/probe.weights.h5")
        model.load_weights(f"{folder}/probe.weights.h5")
    every = set(vars(probe)) | set(vars(model)) | set(vars(keras.losses.Loss()))
    every |= set(vars(keras.metrics.Mean()))
    own = every | set(vars(dense)) | set(vars(dropout)) | set(vars(loss)) | set(vars(metric))
    own |= set(vars(model.optimizer))
    return frozenset(every), frozenset(own)


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
    if depth > 4 or _is_plain(value) or isinstance(value, types.ModuleType):
        return False
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds_user_code(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return any(_holds_user_code(item, depth + 1) for item in value.values())
    if isinstance(value, functools.partial):
        return _holds_user_code([value.func, value.args, value.keywords], depth + 1)
    if isinstance(value, types.MethodType):
        return _holds_user_code([value.__func__, value.__self__], depth + 1)
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
    attributes = getattr(value, "__dict__", None)
    if not isinstance(attributes, dict):
        return False
    return any(_holds_user_code(item, depth + 1) for item in attributes.values())


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
    import json

    return json.dumps(_nameless(config), sort_keys=True, default=repr)


def _nameless(config: Any) -> Any:
    if isinstance(config, dict):
        config = without_compiled_code(config)
        return {k: _nameless(v) for k, v in config.items() if k != "name"}
    if isinstance(config, list | tuple):
        return [_nameless(v) for v in config]
    return config


def without_compiled_code(config: Any) -> Any:
    """Return a Keras config with a lambda's compiled code left out (its code is keyed).

    Keras stores a ``Lambda``'s lambda as marshalled bytecode, which holds the file name the
    notebook cell was compiled under, and that changes with every kernel: keyed, the same cell
    would never load its run. :func:`code_key` keys the lambda by its code and reads instead.
    """
    if isinstance(config, dict):
        if config.get("class_name") == "__lambda__":  # its bytecode, under "code" or "value"
            return {**config, "config": "(keyed by its code)"}
        return {key: without_compiled_code(value) for key, value in config.items()}
    if isinstance(config, list | tuple):
        return [without_compiled_code(value) for value in config]
    return config


def _is_variable(value: Any) -> bool:
    return type(value).__name__.endswith("Variable")


def _is_variable_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(map(_is_variable, value))


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
