"""The vocabulary is written once (``neuraltypes._tables``): the classes agree with it, and the
plugin reads it without importing torch."""

from __future__ import annotations

import inspect
import subprocess
import sys

import neuraltypes
from neuraltypes import AxisKind, ElementType, _elements
from neuraltypes._tables import (
    AXIS_KIND_MEMBERS,
    AXIS_KINDS,
    AXIS_LABELS,
    ELEMENT_BASES,
    ELEMENT_PARAMS,
    SHORT_LABELS,
    axis_kind,
)


def test_element_classes_are_the_table() -> None:
    classes = {
        name: cls
        for name, cls in vars(_elements).items()
        if isinstance(cls, type) and issubclass(cls, ElementType)
    }
    assert set(classes) == set(ELEMENT_BASES)
    for name, cls in classes.items():
        base = ELEMENT_BASES[name]
        assert (cls.__bases__[0].__name__ if base else "") == (base or ""), name
        assert name in neuraltypes.__all__


def test_element_parameters_are_the_table() -> None:
    for name in ELEMENT_BASES:
        cls = getattr(_elements, name)
        params = tuple(p for p in inspect.signature(cls.__init__).parameters if p != "self")
        if cls.__init__ is object.__init__:
            params = ()
        assert params == ELEMENT_PARAMS.get(name, ()), name
        if params:
            assert set(cls(*[1] * len(params)).type_parameters) == set(params)


def test_axis_kinds_are_the_table() -> None:
    assert {m.name: str(m) for m in AxisKind} == {
        name: kind for name, kind in AXIS_KIND_MEMBERS.items() if name != "Channel"
    }
    assert {str(m): m.value for m in AxisKind} == AXIS_KINDS
    assert AxisKind.Channel is AxisKind.Dimension
    assert set(SHORT_LABELS) == set(AXIS_KINDS)


def test_every_label_parses_the_same_at_run_time() -> None:
    for label, kind in AXIS_LABELS.items():
        for spelling in (label, label.upper(), f" {label} "):
            assert str(AxisKind.from_str(spelling)) == kind == axis_kind(spelling)
    assert str(AxisKind.from_str("t_audio")) == axis_kind("t_audio") == "time"
    assert axis_kind("T:10") is None


def test_the_plugin_and_the_tables_import_no_torch() -> None:
    code = (
        "import sys; import mypy_plugin.main, mypy_plugin.source.extract, neuraltypes._grammar; "
        "bad = sorted(m for m in sys.modules if m == 'torch' or m.startswith('torch.')); "
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
