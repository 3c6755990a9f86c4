"""The plugin over a NeMo-style ASR package (``realworld/``): no crash, no false positive.

``realworld/`` imitates NeMo's own files (conv_asr, audio_preprocessing, conformer_encoder,
rnnt, losses/ctc, models/ctc_models, a training script) with their real idioms: legacy
``input_types``/``output_types`` properties, ``@typecheck()``, star imports, unresolvable
NeMo imports (``Exportable``, mixins: ``Any`` bases), plus odd Python in ``parts/``.
``realworld/broken/`` plants realistic wiring bugs, each marked ``# E:``.

Two mypy runs sharing one cache: the correct corpus cold, then everything warm (a file
added next to cached modules once crashed the plugin). The option
``type_any_base_outputs`` is on, as ``neuraltypes check`` would want for NeMo code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .runner import Message, compare, expected, run_mypy, write_ini

CORPUS = Path(__file__).resolve().parent / "realworld"


@pytest.fixture(scope="module")
def corpus_runs(
    tmp_path_factory: pytest.TempPathFactory, mypy_cache: Path
) -> tuple[Path, list[Message], list[Message]]:
    work = tmp_path_factory.mktemp("realworld")
    write_ini(work, "[mypy.plugins.neuraltypes]\ntype_any_base_outputs = True\n")
    pkg = work / "realworld"
    shutil.copytree(CORPUS, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    correct = [str(p) for p in sorted(pkg.iterdir()) if p.name not in ("broken", "__pycache__")]
    cold = run_mypy(work, correct, mypy_cache)
    warm = run_mypy(work, [str(pkg)], mypy_cache)
    return pkg, cold, warm


def _neural(messages: list[Message], under: Path) -> list[Message]:
    return [
        m
        for m in messages
        if m.code == "neural-type" and Path(m.path).resolve().is_relative_to(under.resolve())
    ]


def test_correct_corpus_has_no_neural_type_error(
    corpus_runs: tuple[Path, list[Message], list[Message]],
) -> None:
    pkg, cold, warm = corpus_runs
    for run in (cold, warm):
        wrong = [m for m in _neural(run, pkg) if "/broken/" not in m.path]
        assert not wrong, "\n".join(f"{m.path}:{m.line}: {m.text}" for m in wrong)


def test_planted_bugs_are_reported_exactly(
    corpus_runs: tuple[Path, list[Message], list[Message]],
) -> None:
    pkg, _, warm = corpus_runs
    problems: list[str] = []
    for path in sorted((pkg / "broken").glob("*.py")):
        got = [m for m in _neural(warm, path.parent) if Path(m.path).name == path.name]
        problems += [f"{path.name}: {p}" for p in compare(expected(path), got)]
    assert not problems, "\n".join(problems)
    assert len(_neural(warm, pkg / "broken")) >= 8
