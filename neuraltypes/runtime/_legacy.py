"""Legacy NeMo ``input_types``/``output_types`` properties: which spec a call declares.

The properties are read on every call and usually build fresh ``NeuralType``s; the checker
for the last spec is reused after an equality test (``same``), and other specs are found by
value (``nemo_key``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._nemo_objects import is_foreign_neural_type, to_ours
from .._neural_type import NeuralType

__all__ = ["Last", "Legacy", "matcher", "nemo_key", "remembered", "same", "snapshot"]


#: (input spec test, output spec test, checker)
Last = tuple[Callable[[Any], bool], Callable[[Any], bool], Any]


def _never(spec: Any) -> bool:
    return False


class Legacy:
    """Per-class entry: which port properties the class overrides (read on every call), and
    the last specs they returned with their checker (an equality test, no hashing, on a hit).
    """

    __slots__ = ("inputs", "last", "outputs")

    def __init__(self, inputs: bool, outputs: bool) -> None:
        self.inputs = inputs
        self.outputs = outputs
        # (input spec test, output spec test, checker): one attribute, replaced at once, so
        # that another thread never pairs one spec's tests with another spec's checker
        self.last: Last = (_never, _never, None)


def remembered(spec_in: Any, spec_out: Any, checker: Any) -> Last:
    """A ``Legacy.last``: reuse ``checker`` while the properties return specs equal to these."""
    return (matcher(spec_in), matcher(spec_out), checker)


class _Snapshot:
    """A spec as last seen: its items, and for plain ports the fields the fast test compares.

    A port is plain when it is a ``NeuralType`` whose element class has no parameters: then
    its axes tuple (shared, since parsing is cached), element class and ``optional`` decide.
    """

    __slots__ = ("fields", "items", "names")

    def __init__(self, spec: dict[Any, Any]) -> None:
        values = tuple(spec.values())
        plain = all(type(v) is NeuralType and v.elements_type._nt_plain for v in values)
        self.names = tuple(spec)
        self.fields = (
            tuple((v.axes, type(v.elements_type), v.optional) for v in values) if plain else None
        )
        self.items = tuple(spec.items())  # dicts are mutable: keep what was seen


def snapshot(spec: Any) -> Any:
    """What ``same`` compares later specs with (``None`` and markers are kept as they are)."""
    return _Snapshot(spec) if isinstance(spec, dict) else spec


def same(spec: Any, snap: Any) -> bool:
    """Whether a NeMo ``{name: NT | [NT]}`` spec equals an earlier ``snapshot``, in order.

    Properties usually build fresh types on every call, but their axes tuples are shared
    (parsing is cached) and plain element types compare by class: a few identity tests.

    >>> from neuraltypes import LengthsType
    >>> old = snapshot({"n": NeuralType(("B",), LengthsType())})
    >>> same({"n": NeuralType(("B",), LengthsType())}, old), same({"n": NeuralType(("B",))}, old)
    (True, False)
    """
    if spec is snap:
        return True  # None / _UNSET
    if type(snap) is not _Snapshot:
        return False
    fields = snap.fields
    if fields is not None:
        try:
            if tuple(spec) == snap.names:
                for value, field in zip(spec.values(), fields, strict=True):
                    if (
                        value.axes is not field[0]
                        or value.elements_type.__class__ is not field[1]
                        or value.optional is not field[2]
                    ):
                        break  # compare in full
                else:
                    return True
        except (AttributeError, TypeError, ValueError):  # not a dict of NeuralTypes
            pass
    if not isinstance(spec, dict) or tuple(spec) != snap.names:
        return False
    for value, (_, old) in zip(spec.values(), snap.items, strict=True):
        if not (value is old or (type(value) is type(old) and value == old)):
            return False
    return True


def matcher(spec: Any) -> Callable[[Any], bool]:
    """A test whether a later spec equals ``spec``: for plain ports, generated straight-line
    identity tests (no loop), falling back to ``same`` when they fail.

    >>> from neuraltypes import LengthsType
    >>> match = matcher({"n": NeuralType(("B",), LengthsType())})
    >>> match({"n": NeuralType(("B",), LengthsType())}), match({"n": NeuralType(("B",))})
    (True, False)
    """
    snap = snapshot(spec)
    if type(snap) is not _Snapshot:
        return lambda value: value is snap
    fields = snap.fields
    if not fields:
        return lambda value: same(value, snap)
    env: dict[str, Any] = {"same": same, "SNAP": snap, "NAMES": snap.names}
    tests = []
    for n, (axes, cls, optional) in enumerate(fields):
        env[f"A{n}"], env[f"C{n}"], env[f"O{n}"] = axes, cls, optional
        tests.append(
            f"v{n}.axes is A{n} and v{n}.elements_type.__class__ is C{n} and v{n}.optional is O{n}"
        )
    unpack = ", ".join(f"v{n}" for n in range(len(fields)))
    source = (
        "def match(spec):\n"
        "    try:\n"
        f"        {unpack}, = spec.values()\n"
        f"        if {' and '.join(tests)} and tuple(spec) == NAMES:\n"
        "            return True\n"
        "    except Exception:\n"
        "        pass\n"
        "    return same(spec, SNAP)\n"
    )
    exec(compile(source, "<neuraltypes legacy spec matcher>", "exec"), env)
    match: Callable[[Any], bool] = env["match"]
    return match


def nemo_key(spec: Any) -> Any:
    """A hashable key for a NeMo ``{name: NT | [NT]}`` mapping (lists become tuples).

    >>> nemo_key({"x": [NeuralType(("B",))]})
    (('x', ('list', NeuralType(axis=(batch,), element_type=VoidType))),)
    """
    if spec is None:
        return None
    if not isinstance(spec, dict):
        return ("bad", id(spec))
    return tuple((k, _freeze(v)) for k, v in spec.items())


def _freeze(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ("list", *(_freeze(v) for v in value))
    if is_foreign_neural_type(value):  # NeMo's NeuralType is unhashable: key it as ours
        return to_ours(value)
    return value
