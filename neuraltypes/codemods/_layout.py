"""Keep a rewritten ``def`` readable: one parameter per line when the header gets long.

>>> import libcst as cst
>>> fn = cst.ensure_type(cst.parse_statement("def f(self, x, y):\\n    pass\\n"), cst.FunctionDef)
>>> print(cst.Module([explode_params(fn)]).code, end="")
def f(
    self,
    x,
    y,
):
    pass
"""

from __future__ import annotations

import libcst as cst

__all__ = [
    "LINE_LENGTH_KEY",
    "MAX_LINE",
    "explode_params",
    "explode_returns",
    "header_length",
    "header_lines",
    "line_length",
    "wrap_long_params",
]

MAX_LINE = 100  # when the project sets no line length
LINE_LENGTH_KEY = "neuraltypes.line_length"  # context.scratch[LINE_LENGTH_KEY] = int


def line_length(scratch: dict[str, object]) -> int:
    """The line length the runner found for the file (``MAX_LINE`` when none was set)."""
    value = scratch.get(LINE_LENGTH_KEY)
    return value if isinstance(value, int) else MAX_LINE


def _newline(extra: str) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(),
        empty_lines=[],
        indent=True,
        last_line=cst.SimpleWhitespace(extra),
    )


def _header(fn: cst.FunctionDef) -> list[str]:
    header = fn.with_changes(decorators=[], leading_lines=[], body=cst.SimpleStatementSuite([]))
    return cst.Module([]).code_for_node(header).splitlines()


def header_length(fn: cst.FunctionDef) -> int:
    """Length of the longest line of the ``def`` header (decorators and body left out)."""
    return max(len(line) for line in _header(fn))


def header_lines(fn: cst.FunctionDef) -> int:
    """How many lines the ``def`` header spans."""
    return len(_header(fn))


def explode_params(fn: cst.FunctionDef) -> cst.FunctionDef:
    """One parameter per line with a trailing comma, when the signature is plain ``(a, b=1)``."""
    p = fn.params
    plain = (
        not p.posonly_params
        and not p.kwonly_params
        and isinstance(p.star_arg, cst.MaybeSentinel)
        and p.star_kwarg is None
        and isinstance(p.posonly_ind, cst.MaybeSentinel)
    )
    if not plain or not p.params:
        return fn
    last = len(p.params) - 1
    params = [
        prm.with_changes(
            comma=cst.Comma(whitespace_after=_newline("    " if i < last else "")),
            whitespace_after_param=cst.SimpleWhitespace(""),
        )
        for i, prm in enumerate(p.params)
    ]
    return fn.with_changes(
        params=p.with_changes(params=params), whitespace_before_params=_newline("    ")
    )


def explode_returns(fn: cst.FunctionDef) -> cst.FunctionDef:
    """Put the items of a long ``-> tuple[...]`` return annotation one per line."""
    ann = fn.returns.annotation if fn.returns else None
    if not isinstance(ann, cst.Subscript) or len(ann.slice) < 2:
        return fn
    inner = [el.slice.value for el in ann.slice if isinstance(el.slice, cst.Index)]
    if not all(isinstance(i, cst.Subscript | cst.BinaryOperation) for i in inner):
        return fn  # Annotated[Tensor, NeuralType(...)] itself: leave on one line
    last = len(ann.slice) - 1
    items = [
        el.with_changes(comma=cst.Comma(whitespace_after=_newline("    " if i < last else "")))
        for i, el in enumerate(ann.slice)
    ]
    new = ann.with_changes(
        lbracket=cst.LeftSquareBracket(whitespace_after=_newline("    ")), slice=items
    )
    returns = cst.ensure_type(fn.returns, cst.Annotation).with_changes(annotation=new)
    return fn.with_changes(returns=returns)


def _split(ann: cst.BaseExpression, inner: str, outer: str) -> cst.BaseExpression:
    """``X[a, b]`` as ``X[`` / ``a, b`` / ``]`` (``| None`` moves to its own line), as ruff does."""
    if isinstance(ann, cst.BinaryOperation) and isinstance(ann.left, cst.Subscript):
        bar = cst.BitOr(
            whitespace_before=_newline(outer), whitespace_after=cst.SimpleWhitespace(" ")
        )
        return ann.with_changes(left=_split(ann.left, inner, outer), operator=bar)
    if not isinstance(ann, cst.Subscript):
        return ann
    items = [
        el.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        if j == len(ann.slice) - 1
        else el.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        for j, el in enumerate(ann.slice)
    ]
    return ann.with_changes(
        lbracket=cst.LeftSquareBracket(whitespace_after=_newline(inner)),
        slice=items,
        rbracket=cst.RightSquareBracket(whitespace_before=_newline(outer)),
    )


def _width(node: cst.CSTNode) -> int:
    return len(cst.Module([]).code_for_node(node))


def wrap_long_params(fn: cst.FunctionDef, indent: int, max_line: int = MAX_LINE) -> cst.FunctionDef:
    """In an exploded signature, split a parameter or return item still too long, as ruff does.

    ``x: Annotated[T, NT(...)] = None,`` becomes ``x: Annotated[`` / the items on one line /
    ``] = None,`` (``indent``: columns of the ``def``).
    """
    params = list(fn.params.params)
    column = indent + 4
    if params and isinstance(params[0].comma, cst.Comma):
        for i, prm in enumerate(params):
            ann = prm.annotation.annotation if prm.annotation is not None else None
            bare = prm.with_changes(comma=cst.MaybeSentinel.DEFAULT)
            if ann is None or column + _width(bare) + 1 <= max_line:
                continue
            annotation = cst.ensure_type(prm.annotation, cst.Annotation)
            wrapped = _split(ann, "        ", "    ")
            params[i] = prm.with_changes(annotation=annotation.with_changes(annotation=wrapped))
        fn = fn.with_changes(params=fn.params.with_changes(params=params))
    ret = fn.returns.annotation if fn.returns is not None else None
    if isinstance(ret, cst.Subscript) and isinstance(
        ret.lbracket.whitespace_after, cst.ParenthesizedWhitespace
    ):
        items = list(ret.slice)
        for i, el in enumerate(items):
            value = el.slice.value if isinstance(el.slice, cst.Index) else None
            if value is None or column + _width(value) + 1 <= max_line:
                continue
            items[i] = el.with_changes(
                slice=el.slice.with_changes(value=_split(value, "        ", "    "))
            )
        returns = cst.ensure_type(fn.returns, cst.Annotation)
        fn = fn.with_changes(returns=returns.with_changes(annotation=ret.with_changes(slice=items)))
    return fn
