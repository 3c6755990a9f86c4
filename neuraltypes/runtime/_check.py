"""The compiled per-call checker: precomputed port tuples and plain int checks on ``shape``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from .._comparison import NeuralTypeComparisonResult
from .._nemo_objects import is_foreign_neural_type, to_ours
from .._neural_type import NeuralType
from ._codegen import generate
from ._cport import KEYWORD_ONLY, CPort, compile_port
from ._explain import CheckerErrors
from ._messages import port_error, rtext
from ._ports import Port
from ._switches import semantic_checks_enabled
from ._tags import EitherNeuralType, best_result

__all__ = ["Checker"]

_R = NeuralTypeComparisonResult
_OK: Final = (_R.SAME, _R.GREATER)
_COMPARE_CACHE: dict[tuple[NeuralType, NeuralType], NeuralTypeComparisonResult] = {}


def compare(port: NeuralType, found: NeuralType) -> NeuralTypeComparisonResult:
    """``port.compare(found)``, memoised by the (hashable) pair.

    >>> compare(NeuralType(("B",)), NeuralType(("B",)))
    <NeuralTypeComparisonResult.SAME: 0>
    """
    key = (port, found)
    result = _COMPARE_CACHE.get(key)
    if result is None:
        result = port.compare(found)
        if len(_COMPARE_CACHE) < 4096:
            _COMPARE_CACHE[key] = result
    return result


def _seen(value: Any, fresh: list[Any]) -> bool:
    """Whether ``value`` was tagged earlier in this call (one tensor for two output ports)."""
    for seen in fresh:
        if seen is value:
            return True
    return False


class Checker(CheckerErrors):
    """Checks one call against fixed input/output ports; built once per (function, spec).

    >>> import torch
    >>> ports = (Port("x", NeuralType(("B", "T"))),)
    >>> checker = Checker("f", ports, (), "none", 0, ("x",), strict_names=False)
    >>> checker.run(lambda x: x, (torch.zeros(2, 3),), {}).shape
    torch.Size([2, 3])
    """

    __slots__ = (
        "accepted",
        "ignore_collections",
        "inputs",
        "names",
        "out_len",
        "out_mandatory",
        "out_mode",
        "out_type",
        "outputs",
        "params",
        "pos",
        "qualname",
        "run",
        "strict_names",
    )

    def __init__(
        self,
        qualname: str,
        inputs: tuple[Port, ...],
        outputs: tuple[Port, ...],
        out_mode: str,
        out_len: int,
        params: tuple[str, ...],
        *,
        strict_names: bool,
        accepted: frozenset[str] | None = None,
        ignore_collections: bool = False,
        out_type: type = tuple,
        codegen: bool = True,
    ) -> None:
        positions = {name: i for i, name in enumerate(params)}
        self.qualname = qualname
        self.inputs = tuple(compile_port(p, positions.get(p.name, KEYWORD_ONLY)) for p in inputs)
        self.outputs = tuple(compile_port(p, KEYWORD_ONLY) for p in outputs)
        self.names = frozenset(p.name for p in inputs)
        # keywords the call may pass (checked when ``strict_names``): the ports by default
        self.accepted = self.names if accepted is None else accepted
        self.params = frozenset(params)
        self.out_mode = out_mode
        self.out_len = out_len
        mandatory = [p.index + 1 for p in outputs if not p.optional]
        self.out_mandatory = max(mandatory, default=0)
        self.strict_names = strict_names
        self.ignore_collections = ignore_collections
        self.out_type = out_type
        self.run: Callable[[Callable[..., Any], tuple[Any, ...], dict[str, Any]], Any]
        # pos(fn, *positionals): a call that passed every positional parameter, no keyword
        self.pos: Callable[..., Any]
        if not codegen or any(c.symbols for c in self.inputs + self.outputs):
            self.run = self._run_slow  # size symbols, or under dynamo: the general path
            self.pos = self._pos_slow
        else:
            self.run, self.pos = generate(self, len(params))

    def _pos_slow(self, fn: Callable[..., Any], *args: Any) -> Any:
        __tracebackhide__ = True
        return self._run_slow(fn, args, {})

    def _run_slow(
        self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        """The general path (used with size symbols): every value goes through ``_walk``."""
        __tracebackhide__ = True
        nargs = len(args)
        bound: dict[str, Any] = {}
        if self.strict_names:
            self._check_names(kwargs, nargs)
        for cport in self.inputs:
            name, pos, optional = cport.name, cport.pos, cport.optional
            if pos < nargs:
                value = args[pos]
            elif name in kwargs:
                value = kwargs[name]
            elif optional:
                continue
            else:
                raise self._missing(cport, kwargs)
            if value is None:
                if not optional:
                    raise self._none("input", cport)
                continue
            self._walk("input", cport, value, 0, bound, None)
        result = fn(*args, **kwargs)
        if self.out_mode != "none":
            self._outputs(result, bound)
        return result

    # -- outputs -----------------------------------------------------------------------------

    def _check_names(self, kwargs: dict[str, Any], nargs: int = 0) -> None:
        """Reject a keyword that is not accepted (for an annotated signature, a missing port
        the keyword may misspell is reported first, as the call itself would)."""
        for cport in self.inputs if self.accepted is not self.names else ():
            if not cport.optional and cport.pos >= nargs and cport.name not in kwargs:
                raise self._missing(cport, kwargs)
        for key in kwargs:
            if key not in self.accepted:
                raise self._unknown(key)

    def _slow(self, role: str, cport: CPort, value: Any, batch: Any, fresh: Any) -> Any:
        """Check one non-tensor (or container) value; returns the call's batch size."""
        bound = {} if batch == -1 else {"batch": batch}
        self._walk(role, cport, value, 0, bound, fresh)
        return bound.get("batch", -1)

    def _outputs(self, result: Any, bound: Any) -> None:
        if not isinstance(bound, dict):  # the generated fast path passes its batch size
            bound = {} if bound == -1 else {"batch": bound}
        fresh: list[Any] = []
        if self.out_mode == "single":
            cport = self.outputs[0]
            value = result
            if isinstance(result, (tuple, list)) and not self.ignore_collections:
                if cport.depth == 0:
                    if len(result) != 1:
                        raise self._count(len(result))
                    value = result[0]
                elif isinstance(result, tuple) and len(result) == 1:
                    value = result[0]  # NeMo: an explicit 1-tuple wraps a lone container
            self._output(cport, value, bound, fresh)
            return
        if isinstance(result, dict):  # deviation D10: dict outputs are matched by key
            for cport in self.outputs:
                self._output(cport, result.get(cport.name), bound, fresh)
            return
        items = result if isinstance(result, (tuple, list)) else (result,)
        count = len(items)
        if not self.out_mandatory <= count <= self.out_len:
            raise self._count(count)
        for cport in self.outputs:
            value = items[cport.out_index] if cport.out_index < count else None
            self._output(cport, value, bound, fresh)

    def _output(self, cport: CPort, value: Any, bound: dict[str, Any], fresh: list[Any]) -> None:
        if value is None:
            if not cport.optional:
                raise self._none("output", cport)
            return
        self._walk("output", cport, value, 0, bound, fresh)

    # -- one value (inputs' slow path, every output) -----------------------------------------

    def _walk(
        self,
        role: str,
        cport: CPort,
        value: Any,
        level: int,
        bound: dict[str, Any],
        fresh: list[Any] | None,
    ) -> None:
        name, _, depth, optional, rank, fixed, batch, symbols, ntype, _ = cport
        if isinstance(value, (list, tuple)):
            if not self.ignore_collections and level >= depth:
                raise self._depth(role, cport, value, level + 1)
            for item in value:
                self._walk(role, cport, item, level + 1, bound, fresh)
            return
        if not self.ignore_collections and level != depth and (level or role == "input"):
            # a bare value for a container input port is rejected (it would be iterated);
            # NeMo lets an output container port return a lone value
            raise self._depth(role, cport, value, level)
        if value is None:
            if optional:
                return
            raise self._none(role, cport)
        shape = getattr(value, "shape", None)
        if shape is None:
            if rank > 0:  # deviation D17: ints and bools on an axed port are an error
                raise port_error(
                    self.qualname, role, name, ntype, value,
                    f"expected a tensor with {rank} axes, but got {type(value).__name__}",
                    "scalar", bound,
                )  # fmt: skip
            return
        if rank >= 0:
            if len(shape) != rank:
                raise self._shape(role, cport, value, bound)
            for i, size in fixed:
                if shape[i] != size:
                    raise self._shape(role, cport, value, bound)
            for i in batch:
                if "batch" not in bound:
                    bound["batch"] = shape[i]
                elif shape[i] != bound["batch"]:
                    raise self._shape(role, cport, value, bound)
            if symbols:
                self._symbols(role, cport, value, bound)
        tag = getattr(value, "neural_type", None)
        if fresh is None:
            if tag is not None and tag is not ntype:
                self._semantic(role, cport, value, tag)
            return
        if tag is None:
            try:
                value.neural_type = ntype
            except Exception:  # objects that refuse attributes stay untagged
                return
            fresh.append(value)
        elif not _seen(value, fresh):
            # deviation D11/D12: an existing tag is checked and kept, never overwritten
            if tag is not ntype:
                self._semantic(role, cport, value, tag)
        elif tag is not ntype:
            self._retag(value, tag, ntype)

    @staticmethod
    def _retag(value: Any, tag: Any, ntype: NeuralType) -> None:
        """One value returned for ports of different types in one call carries them all."""
        value.neural_type = EitherNeuralType.merge(tag, ntype)

    def _symbols(self, role: str, cport: CPort, value: Any, bound: dict[str, Any]) -> None:
        shape = value.shape
        for i, symbol in cport.symbols:
            if symbol not in bound:
                bound[symbol] = shape[i]
            elif shape[i] != bound[symbol]:
                raise self._shape(role, cport, value, bound)

    def _semantic(self, role: str, cport: CPort, value: Any, tag: Any) -> bool:
        """Raise if ``tag`` does not fit the port; ``True`` if it was compared and fits."""
        if not semantic_checks_enabled():
            return False
        if is_foreign_neural_type(tag):  # tagged by NeMo's own typecheck
            tag = to_ours(tag)
        if isinstance(tag, EitherNeuralType):
            result = best_result(compare(cport.ntype, candidate) for candidate in tag.candidates)
        elif isinstance(tag, NeuralType):
            result = compare(cport.ntype, tag)
        else:
            return False
        if result not in _OK:
            raise port_error(
                self.qualname, role, cport.name, cport.ntype, value,
                f"element/axes type mismatch: the value is tagged {rtext(tag)}", "semantic",
                result=result,
            )  # fmt: skip
        return True
