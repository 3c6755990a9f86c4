"""``neuraltypes migrate`` on an installed NeMo: coverage, NeMo's own tests, idempotence, check.

Copies the installed ``nemo`` package twice into a temp folder, migrates one copy's
``collections/asr/modules`` with default options, then reports:

- how many literal input ports (of an ``input_types`` property that is a literal mapping of
  ``NeuralType(...)`` calls, in a class with a ``forward``) are annotated on ``forward``
  afterwards (target: at least 60%);
- NeMo's ASR tests on the original copy and on the migrated copy (pass/fail sets compared);
- whether a second ``migrate --check`` is clean, and what ``neuraltypes check`` reports;
- with ``--our-typecheck``, NeMo's tests once more on the migrated copy with NeMo's
  ``typecheck`` replaced by ``neuraltypes.typecheck`` (a ``sitecustomize`` swaps it before
  the collections are imported): our runtime on NeMo's real modules, annotated ``forward``s
  and NeMo-style properties, against NeMo's own expectations.

NeMo's tests come from a NeMo source checkout (``--nemo-tests``, its ``tests/`` folder); they
run offline with an empty test-data archive. ``--nemo-python`` is a Python with NeMo installed
(``--extra-path`` adds pytest if that environment lacks it). Our side runs with this Python.

    python benchmarks/nemo_roundtrip.py --nemo-python /path/to/nemo-venv/bin/python \\
        --nemo-tests /path/to/NeMo/tests [--extra-path DIR] [--tests test_asr_modules.py ...]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import libcst as cst

from neuraltypes.codemods._forward import class_body, find_method, walk
from neuraltypes.codemods._imports import ImportTable
from neuraltypes.codemods._ports import extract_ports, is_port_property
from neuraltypes.codemods._reasons import LeaveAsIs

TESTS = [
    "test_asr_modules.py",
    "test_asr_ctcencdec_model.py",
    "test_asr_rnnt_encdec_model.py",
    "test_conformer_encoder.py",
    "test_asr_subsampling.py",
    "test_asr_hybrid_rnnt_ctc_model_char.py",
    "test_asr_classification_model.py",
]
ROOT = Path(__file__).resolve().parent.parent
_RESULT = re.compile(r"^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (\S+)", re.MULTILINE)


def literal_inputs(folder: Path) -> dict[tuple[str, str], list[str]]:
    """{(file, class): input port names} for literal ``input_types`` of classes with a forward.

    Literal as the codemod reads it (``extract_ports``): a dict/OrderedDict of
    ``NeuralType(...)`` calls that do not read ``self``.
    """
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        module = cst.parse_module(path.read_bytes())
        table = ImportTable(module)
        for cls in [n for n in walk(module) if isinstance(n, cst.ClassDef)]:
            if find_method(cls, "forward") is None:
                continue
            for prop in class_body(cls):
                if is_port_property(prop) and prop.name.value == "input_types":  # type: ignore[attr-defined]
                    try:
                        ports = extract_ports(prop, table.qualify)  # type: ignore[arg-type]
                    except LeaveAsIs:
                        continue
                    key = (str(path.relative_to(folder)), cls.name.value)
                    found[key] = [p.name for p in ports or []]
    return found


def annotated_inputs(folder: Path) -> dict[tuple[str, str], set[str]]:
    """{(file, class): forward parameters annotated with a NeuralType}."""
    found: dict[tuple[str, str], set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for fn in cls.body:
                if isinstance(fn, ast.FunctionDef) and fn.name == "forward":
                    args = [*fn.args.args, *fn.args.kwonlyargs]
                    found[(str(path.relative_to(folder)), cls.name)] = {
                        a.arg
                        for a in args
                        if a.annotation is not None and "NeuralType(" in ast.unparse(a.annotation)
                    }
    return found


_SITECUSTOMIZE = '''"""NeMo's typecheck replaced by ours (before NeMo's collections load)."""
import sys

import nemo.core.classes.common as common

import neuraltypes

theirs = common.typecheck
for module in list(sys.modules.values()):
    if getattr(module, "typecheck", None) is theirs:
        module.typecheck = neuraltypes.typecheck
'''


def run_nemo_tests(
    args: argparse.Namespace, parent: Path, tests: Path, log: Path, ours: Path | None = None
) -> dict[str, str]:
    """Run NeMo's tests against the ``nemo`` package in ``parent``; {test id: outcome}.

    ``ours``: a folder with a ``sitecustomize`` that swaps in ``neuraltypes.typecheck``.
    """
    path = [*([str(ours)] if ours else []), str(parent), str(ROOT), *args.extra_path]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    files = [str(tests / "collections" / "asr" / t) for t in args.tests]
    cmd = [args.nemo_python, "-P", "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider"]
    cmd += ["--use_local_test_data", *files]
    proc = subprocess.run(cmd, cwd=tests.parent, env=env, capture_output=True, text=True)
    log.write_text(proc.stdout + proc.stderr)
    return {name: outcome for outcome, name in _RESULT.findall(proc.stdout)}


_SECTION = re.compile(r"^_{3,} (\S+) _{3,}$", re.MULTILINE)


def neural_type_errors(log: Path) -> dict[str, str]:
    """{``Class.test`` or ``test``: the first line of its NeuralTypeError} from a pytest log."""
    text = log.read_text()
    found: dict[str, str] = {}
    sections = list(_SECTION.finditer(text))
    for n, head in enumerate(sections):
        end = sections[n + 1].start() if n + 1 < len(sections) else len(text)
        for line in text[head.end() : end].splitlines():
            if line.startswith("E ") and "NeuralTypeError:" in line:
                found[head.group(1)] = line[1:].strip()
                break
    return found


def _short(test_id: str) -> str:
    """``Class.test`` (as pytest's section headers name it) of ``path::Class::test``."""
    return ".".join(test_id.split("::")[1:])


def copy_tests(source: Path, dest: Path) -> Path:
    """NeMo's tests outside its checkout (so ``nemo`` comes from our copy), data archive empty."""
    tests = dest / "tests"
    shutil.copytree(source / "collections" / "asr", tests / "collections" / "asr")
    for name in ("__init__.py", "conftest.py"):
        shutil.copy(source / name, tests / name)
    shutil.copy(source / "collections" / "__init__.py", tests / "collections" / "__init__.py")
    (tests / ".data").mkdir()
    tarfile.open(tests / ".data" / "test_data.tar.gz", "w:gz").close()
    return tests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nemo-python", default=sys.executable)
    parser.add_argument("--nemo-tests", required=True, type=Path, help="NeMo checkout's tests/")
    parser.add_argument("--extra-path", action="append", default=[], help="added to PYTHONPATH")
    parser.add_argument("--tests", nargs="+", default=TESTS)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument(
        "--our-typecheck",
        action="store_true",
        help="also run the migrated copy's tests with neuraltypes.typecheck in NeMo's place",
    )
    args = parser.parse_args()
    where = subprocess.run(
        [args.nemo_python, "-c", "import nemo, os; print(os.path.dirname(nemo.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    tmp = Path(tempfile.mkdtemp(prefix="nemo_roundtrip_"))
    try:
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(where, tmp / "orig" / "nemo", ignore=ignore)
        shutil.copytree(where, tmp / "migrated" / "nemo", ignore=ignore)
        modules = tmp / "migrated" / "nemo" / "collections" / "asr" / "modules"
        literal = literal_inputs(modules)
        cli = [sys.executable, "-m", "neuraltypes._cli"]
        first = subprocess.run(
            [*cli, "migrate", "-q", str(modules)], capture_output=True, text=True
        )
        typed = annotated_inputs(modules)
        annotated = sum(len(set(names) & typed.get(key, set())) for key, names in literal.items())
        total = sum(len(names) for names in literal.values())
        second = subprocess.run(
            [*cli, "migrate", "--check", "-q", str(modules)], capture_output=True, text=True
        )
        check = subprocess.run([*cli, "check", str(modules)], capture_output=True, text=True)
        tests = copy_tests(args.nemo_tests, tmp / "testroot")
        orig = run_nemo_tests(args, tmp / "orig", tests, tmp / "orig.log")
        migrated = run_nemo_tests(args, tmp / "migrated", tests, tmp / "migrated.log")
        differ = sorted(t for t in orig.keys() | migrated.keys() if orig.get(t) != migrated.get(t))
        ours: dict[str, str] = {}
        if args.our_typecheck:
            (tmp / "ours").mkdir()
            (tmp / "ours" / "sitecustomize.py").write_text(_SITECUSTOMIZE)
            ours = run_nemo_tests(args, tmp / "migrated", tests, tmp / "ours.log", tmp / "ours")
        ours_differ = sorted(t for t in ours if ours.get(t) != migrated.get(t))
        # a test that now fails with a NeuralTypeError: a finding of our stricter checks
        # (one batch size per call, declared sizes), shown with its message
        errors = neural_type_errors(tmp / "ours.log") if args.our_typecheck else {}
        findings = {t: errors[_short(t)] for t in ours_differ if _short(t) in errors}
        unexplained = [t for t in ours_differ if t not in findings]
        report = {
            "literal_input_ports": total,
            "annotated_after": annotated,
            "annotated_share": round(annotated / max(1, total), 3),
            "migrate_summary": first.stderr.strip().splitlines()[-8:],
            "second_check_exit": second.returncode,
            "check_exit": check.returncode,
            "check_tail": check.stdout.strip().splitlines()[-3:],
            "nemo_tests_original": _counts(orig),
            "nemo_tests_migrated": _counts(migrated),
            "outcomes_differ": differ,
        }
        if args.our_typecheck:
            report["nemo_tests_with_our_typecheck"] = _counts(ours)
            report["our_typecheck_findings"] = findings
            report["our_typecheck_differs_otherwise"] = unexplained
        print(json.dumps(report, indent=2))
        ok = (
            report["annotated_share"] >= 0.6
            and second.returncode == 0
            and check.returncode == 0
            and not differ
            and bool(orig)
            and (not args.our_typecheck or (bool(ours) and not unexplained))
        )
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        sys.exit(0 if ok else 1)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def _counts(outcomes: dict[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in outcomes.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


if __name__ == "__main__":
    main()
