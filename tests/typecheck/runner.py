"""A small runner for mypy-output fixtures: inline ``# E:`` / ``# N:`` comments.

A case file holds named cases, one per behaviour (as django-stubs' YAML ``- case:`` entries):
a line ``# case: <name>`` starts one; what comes before the first is the shared preamble
(imports, helper classes). A marker may be indented inside a class, after its shared methods:
then each case is one or more methods of that class. Each case becomes its own module
(preamble + case), so a test id names one behaviour
(``union_of_modules.py::a_call_that_fits_one_member_is_not_reported``). A file without
``# case:`` lines is one case, ``all``. Files starting with ``_`` are helpers, copied as they
are. All cases are checked in ONE mypy run (torch costs ~10 s per cold run); each case then
compares its own module's neural-type errors and ``reveal_neural_type`` notes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+): (?P<sev>error|note): "
    r"(?P<msg>.*?)(?:  \[(?P<code>[a-z-]+)\])?$"
)
EXPECT = re.compile(r"#\s*([EN]):\s*(.*?)\s*(?=#\s*[EN]:|$)")
CASE = re.compile(r"^\s*# case: (?P<name>[a-z0-9_]+)\s*$")


@dataclass(frozen=True)
class Message:
    """One reported (or expected) message."""

    path: str
    line: int
    severity: str  # "E" or "N"
    text: str
    code: str | None = None


def write_ini(workdir: Path, extra: str = "") -> Path:
    """A mypy.ini enabling the plugin, with the NeMo stubs on ``mypy_path``."""
    ini = workdir / "mypy.ini"
    ini.write_text(
        "[mypy]\nplugins = mypy_plugin\ncheck_untyped_defs = True\n"
        f"mypy_path = {ROOT / 'stubs'}\nshow_error_codes = True\n"
        "warn_unused_ignores = False\n" + extra
    )
    return ini


def run_mypy(
    workdir: Path, targets: list[str], cache: Path, *flags: str, prelude: str = ""
) -> list[Message]:
    """Run mypy in a fresh process (as CI does) and parse its messages; ``prelude``: Python
    run in that process before mypy starts (to set a plugin internal)."""
    start = ["-m", "mypy"]
    if prelude:
        start = ["-c", f"{prelude}\nfrom mypy.main import main\nmain(clean_exit=True)"]
    cmd = [sys.executable, *start, "--config-file", str(workdir / "mypy.ini")]
    cmd += [
        "--cache-dir",
        str(cache),
        "--no-error-summary",
        "--show-absolute-path",
        "--show-traceback",
        *flags,
    ]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [*cmd, *targets], cwd=workdir, capture_output=True, text=True, env=env, check=False
    )
    if proc.returncode not in (0, 1) or "INTERNAL ERROR" in proc.stdout + proc.stderr:
        raise AssertionError(f"mypy crashed:\n{proc.stdout}\n{proc.stderr}")
    out: list[Message] = []
    for raw in proc.stdout.splitlines():
        match = LINE.match(raw)
        if match:
            sev = "E" if match["sev"] == "error" else "N"
            out.append(Message(match["path"], int(match["line"]), sev, match["msg"], match["code"]))
    return out


def split_cases(text: str) -> dict[str, str]:
    """The named cases of one case file: ``{name: preamble + case body}``.

    The preamble's lines stay where they are and each case keeps its own line numbers, so a
    message's line in the generated module is its line in the case file.

    >>> split_cases("import x\n# case: one\na = 1\n# case: two\nb = 2\n")["two"]
    'import x\n\n\n\nb = 2\n'
    """
    lines = text.splitlines(keepends=True)
    starts = [(n, m["name"]) for n, line in enumerate(lines) if (m := CASE.match(line))]
    if not starts:
        return {"all": text}
    preamble = lines[: starts[0][0]]
    cases: dict[str, str] = {}
    bounds = [n for n, _ in starts] + [len(lines)]
    for (start, name), end in zip(starts, bounds[1:], strict=True):
        if name in cases:
            raise ValueError(f"case {name!r} is defined twice")
        blank = ["\n"] * (start - len(preamble))
        cases[name] = "".join(preamble + blank + lines[start:end]).replace(lines[start], "\n", 1)
    return cases


def case_ids() -> list[str]:
    """``file.py::case`` for every named case of every case file."""
    return [
        f"{path.name}::{name}"
        for path in sorted(CASES.glob("*.py"))
        if not path.name.startswith("_")
        for name in split_cases(path.read_text())
    ]


def case_module(case_id: str) -> str:
    """The module name a case is checked as."""
    file, _, name = case_id.partition("::")
    return f"{file.removesuffix('.py')}__{name}"


def copy_cases(dest: Path) -> Path:
    """Write every case as its own module of the package ``tc_cases`` under ``dest``."""
    pkg = dest / "tc_cases"
    pkg.mkdir()
    (pkg / "__init__.py").touch()
    for path in sorted(CASES.glob("*.py")):
        if path.name.startswith("_"):
            shutil.copy(path, pkg / path.name)
            continue
        for name, text in split_cases(path.read_text()).items():
            (pkg / f"{case_module(f'{path.name}::{name}')}.py").write_text(text)
    return pkg


def expected(path: Path) -> list[Message]:
    """The ``# E:`` / ``# N:`` expectations of one case file."""
    found = []
    for number, text in enumerate(path.read_text().splitlines(), start=1):
        if "# E:" not in text and "# N:" not in text:
            continue
        comment = text[text.index("#", text.index("# E:" if "# E:" in text else "# N:")) :]
        for sev, body in EXPECT.findall(comment):
            found.append(Message(str(path), number, sev, body))
    return found


def relevant(messages: list[Message], path: Path) -> list[Message]:
    """Messages on ``path`` that the plugin is responsible for (and any other error)."""
    keep = []
    for msg in messages:
        if Path(msg.path).resolve() != path.resolve():
            continue
        if msg.severity == "N" and not msg.text.startswith("Revealed neural type"):
            continue
        keep.append(msg)
    return keep


def compare(want: list[Message], got: list[Message]) -> list[str]:
    """Problems (missing or unexpected messages), as readable lines."""
    problems = []
    remaining = list(got)
    for exp in want:
        hit = next(
            (
                g
                for g in remaining
                if g.line == exp.line and g.severity == exp.severity and exp.text in g.text
            ),
            None,
        )
        if hit is None:
            problems.append(f"line {exp.line}: missing {exp.severity}: {exp.text}")
        else:
            remaining.remove(hit)
    for extra in remaining:
        problems.append(
            f"line {extra.line}: unexpected {extra.severity}: {extra.text} [{extra.code}]"
        )
    return problems
