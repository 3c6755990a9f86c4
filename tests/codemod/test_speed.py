"""The shortcuts that make ``neuraltypes migrate`` fast never change what it does.

The text pre-filter (``may_change``) never skips a file the codemods would change, the
statement-only transform writes what a full libcst walk writes, and the walk memo returns
every node.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest
from libcst.codemod import CodemodContext

from neuraltypes.codemods import _runner, cli
from neuraltypes.codemods import migrate_ports as migrate
from neuraltypes.codemods import rewrite_imports as rewrite
from neuraltypes.codemods._forward import walk
from neuraltypes.codemods._runner import FileResult, may_change, migrate_source
from neuraltypes.codemods._speed import StatementsOnly

FIXTURES = Path(__file__).parent / "fixtures"

NEMO_STYLE = '''"""A NeMo encoder with imports in blocks, a nested class and a guarded import."""

from typing import TYPE_CHECKING, Dict, Optional

import torch

from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import LengthsType, NeuralType, SpectrogramType

try:
    from nemo.core.neural_types import AcousticEncodedRepresentation
except ImportError:
    AcousticEncodedRepresentation = None

if TYPE_CHECKING:
    import nemo.core.neural_types as nt


class Encoder(NeuralModule):
    @property
    def input_types(self) -> Optional[Dict[str, NeuralType]]:
        return {
            "audio_signal": NeuralType(("B", "D", "T"), SpectrogramType()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    @property
    def output_types(self):
        return {"outputs": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())}

    @typecheck()
    def forward(self, audio_signal, length=None):
        return torch.relu(audio_signal)


def build():
    from nemo.core.neural_types import LogprobsType

    if True:

        class Head(NeuralModule):
            @property
            def output_types(self):
                return {"logprobs": NeuralType(("B", "T", "D"), LogprobsType())}

            def forward(self, x):
                return x

    return Head
'''

NO_PORTS = [
    b"import math\n\ndef warmup(step):\n    return math.pi * step\n",
    b"class A:\n    input_types = None\n\n    def f(self):\n        return self.input_types\n",
    b"# def input_types in a comment\nx = 'def output_types'\n",  # the filter lets it through
    b"from nemo.core.neural_types import NeuralType\n",
    b"def input_typesx(self):\n    pass\n",
]


def _spellings(source: str) -> list[str]:
    """``source`` with its port properties spelled every legal way."""
    out = [source]
    for sep in ("  ", "\t", " \\\n    ", "\\\n"):
        for name in ("input_types", "output_types"):
            out.append(source.replace(f"def {name}", f"def{sep}{name}"))
    out.append(source.replace("\n", "\r\n"))
    out.append(source.replace("    def input_types", "    async def input_types"))
    return out


def _corpus() -> list[bytes]:
    sources = [p.read_text() for p in sorted(FIXTURES.glob("*.py.in"))] + [NEMO_STYLE]
    texts = [s.encode() for src in sources for s in _spellings(src)]
    texts.append(b"\xef\xbb\xbf" + NEMO_STYLE.encode())  # a UTF-8 BOM
    latin = "# -*- coding: latin-1 -*-\n# Caf\xe9\n" + NEMO_STYLE
    texts.append(latin.encode("latin-1"))
    return texts + NO_PORTS


def _facts(res: FileResult) -> tuple[object, ...]:
    return (res.new, res.changed, res.moved, dict(res.left), res.rewritten, res.warnings)


@pytest.mark.parametrize("rewrite_imports", [False, True])
@pytest.mark.parametrize("output", [True, False])
def test_prefilter_never_skips_a_file_that_would_change(
    monkeypatch: pytest.MonkeyPatch, rewrite_imports: bool, output: bool
) -> None:
    corpus = _corpus()
    filtered = [migrate_source(src, "m.py", rewrite_imports, output) for src in corpus]
    monkeypatch.setattr(_runner, "may_change", lambda source, rewrite_imports=False: True)
    monkeypatch.setattr(_runner, "_ports", lambda source: True)  # plan every parsed file
    parsed = [migrate_source(src, "m.py", rewrite_imports, output) for src in corpus]
    assert [_facts(r) for r in filtered] == [_facts(r) for r in parsed]
    changing = [src for src, res in zip(corpus, parsed, strict=True) if res.changed]
    assert len(changing) >= len(corpus) - len(NO_PORTS)  # every spelling really migrates
    assert all(may_change(src, rewrite_imports) for src in changing)


def test_prefilter_skips_files_without_ports() -> None:
    assert not may_change(NO_PORTS[0])
    assert not may_change(NO_PORTS[1])
    assert not may_change(NO_PORTS[3])  # NeMo imports only matter with --rewrite-imports
    assert may_change(NO_PORTS[3], rewrite_imports=True)


class _EveryNode:
    _DESCEND = (cst.CSTNode,)  # walk into everything, as a plain libcst transformer does


class _FullMigrate(_EveryNode, migrate.MigratePortsCommand):
    pass


class _FullRewrite(_EveryNode, rewrite.RewriteNemoImportsCommand):
    pass


def _transform(source: str, rewrite_imports: bool, full: bool) -> str:
    context = CodemodContext(filename="m.py")
    tree = cst.parse_module(source)
    if rewrite_imports:
        context.scratch[migrate.LEAVE_NEMO_KEY] = True
        rewriter = _FullRewrite if full else rewrite.RewriteNemoImportsCommand
        tree = rewriter(context).transform_module(tree)
    migrator = _FullMigrate if full else migrate.MigratePortsCommand
    return migrator(context).transform_module(tree).code


@pytest.mark.parametrize("rewrite_imports", [False, True])
def test_statement_only_transform_writes_what_a_full_walk_writes(rewrite_imports: bool) -> None:
    sources = [p.read_text() for p in sorted(FIXTURES.glob("*.py.in"))] + [NEMO_STYLE]
    for source in sources:
        fast = _transform(source, rewrite_imports, full=False)
        assert fast == _transform(source, rewrite_imports, full=True)
        assert fast != source
    if rewrite_imports:  # imports in try/if blocks and in a function body are rewritten too
        fast = _transform(NEMO_STYLE, True, full=False)
        assert "from nemo.core.neural_types" not in fast
        assert "import neuraltypes as nt" in fast
        assert 'LogprobsType()), "logprobs"]:' in fast  # the class nested in a function


def test_statement_only_refuses_a_hook_it_never_reaches() -> None:
    with pytest.raises(TypeError, match="never reaches Name"):

        class _Bad(migrate.MigratePortsCommand):
            def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
                return updated_node

    assert issubclass(migrate.MigratePortsCommand, StatementsOnly)


def _children_ids(node: cst.CSTNode) -> list[int]:
    found = [id(node)]
    for child in node.children:
        found += _children_ids(child)
    return found


def test_walk_returns_every_node_once_and_memo_is_per_node() -> None:
    module = cst.parse_module(NEMO_STYLE)
    nodes = walk(module)
    assert sorted(id(n) for n in nodes) == sorted(_children_ids(module))
    assert walk(module) is nodes  # memoised: planning walks a property several times
    other = cst.parse_module(NEMO_STYLE)
    assert walk(other) is not nodes and len(walk(other)) == len(nodes)
    for _ in range(200):  # the memo is bounded and a flushed node is walked afresh
        walk(cst.parse_expression("a + b"))
    assert [id(n) for n in walk(module)] == [id(n) for n in nodes]


def test_default_jobs_use_the_available_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_cores", lambda: 8)
    assert cli.default_jobs(10) == 1  # few files: starting workers costs more than it saves
    assert cli.default_jobs(100) == 3
    assert cli.default_jobs(2000) == 8
    monkeypatch.setattr(cli, "_cores", lambda: 1)
    assert cli.default_jobs(2000) == 1


def test_parallel_migrate_never_imports_torch(tmp_path: Path) -> None:
    for i in range(70):
        (tmp_path / f"m{i}.py").write_text(NEMO_STYLE if i % 2 else "x = 1\n")
    probe = (
        "import sys\n"
        "from neuraltypes.codemods import cli, _runner\n"
        "seen = []\n"
        "real = _runner.migrate_file\n"
        "def spy(*a, **k):\n"
        "    assert 'torch' not in sys.modules, 'a worker imported torch'\n"
        "    return real(*a, **k)\n"
        "_runner.migrate_file = cli.migrate_file = spy\n"
        f"code = cli.main(['--check', '-q', '-j', '2', {str(tmp_path)!r}])\n"
        "assert 'torch' not in sys.modules\n"
        "print('exit', code)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.stdout.strip() == "exit 1", proc.stderr
    assert "35 of 70 files would change" in proc.stderr
