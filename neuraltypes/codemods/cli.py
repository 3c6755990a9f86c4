"""``neuraltypes migrate PATH...``: run the codemods over files and folders.

>>> main(["--help"])  # doctest: +ELLIPSIS
usage: neuraltypes migrate ...
...
0
"""

from __future__ import annotations

import argparse
import difflib
import errno
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from multiprocessing import get_context

from ._runner import FileResult, migrate_file

__all__ = ["collect_files", "default_jobs", "main", "write_atomic"]

_SKIP_DIRS = {".git", ".hg", ".venv", "venv", "__pycache__", "node_modules", ".tox", "build"}
_PARALLEL_FROM = 64  # files; below this one process is faster than starting workers
_FILES_PER_WORKER = 32  # files; a worker costs a fork, well under what 32 files cost
_PROGRESS_FROM = 64  # files; past this show progress even when stderr is not a terminal


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="neuraltypes migrate",
        usage="neuraltypes migrate [--diff] [--check] [--rewrite-imports] [-j N] PATH...",
        description="Move NeMo-style input_types/output_types properties into "
        "Annotated[Tensor, NeuralType(...)] forward signatures.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file would change"
    )
    parser.add_argument(
        "--rewrite-imports",
        action="store_true",
        help="also import the NeMo vocabulary (nemo.core.neural_types, ...) from neuraltypes",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        help="worker processes (0: one per core from 64 files on)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no warnings, summary only")
    return parser


def collect_files(paths: Iterable[str]) -> list[str]:
    """Python files under ``paths`` (folders are walked; hidden and venv folders skipped).

    A file reached twice (through a symlink) is listed once.

    >>> collect_files([]) == []
    True
    """
    found: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                found.update(os.path.join(root, f) for f in files if f.endswith(".py"))
        else:
            found.add(path)
    unique: dict[str, str] = {}
    for path in sorted(found):
        unique.setdefault(os.path.realpath(path), path)
    return sorted(unique.values())


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` through a temporary file in the same folder.

    A symlink is followed: its target is replaced and the link stays a link. A read-only
    file (no write bit) is refused, as an in-place write would be.
    """
    path = os.path.realpath(path)
    if not os.stat(path).st_mode & 0o222:
        raise PermissionError(errno.EACCES, "the file is read-only", path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".neuraltypes-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _cores() -> int:
    """CPUs this process may run on (its affinity mask, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def default_jobs(files: int) -> int:
    """Worker processes for ``files`` files when ``-j`` is not given: one per core, if many.

    >>> default_jobs(1)
    1
    """
    if files < _PARALLEL_FROM:
        return 1
    return max(1, min(_cores(), files // _FILES_PER_WORKER))


def _work(job: tuple[str, bool, bool]) -> FileResult:
    return migrate_file(*job)


def _results(files: list[str], rewrite: bool, jobs: int, output: bool) -> Iterator[FileResult]:
    """Migrate ``files`` in ``jobs`` processes, results in completion order.

    Workers are forked from this process (libcst already imported, torch never); files go out
    in chunks, 16 per worker over the run, so a slow file does not hold up the others.
    """
    work = [(f, rewrite, output) for f in files]
    if jobs > 1:
        try:
            pool = get_context("fork" if sys.platform != "win32" else "spawn").Pool(jobs)
        except OSError:  # no semaphores (a sandbox without /dev/shm): run in this process
            jobs = 1
    if jobs <= 1:
        yield from map(_work, work)
        return
    with pool:
        yield from pool.imap_unordered(_work, work, chunksize=max(1, len(work) // (jobs * 16)))


class _Progress:
    def __init__(self, total: int, quiet: bool = False) -> None:
        tty = sys.stderr.isatty()
        self.total, self.tty = total, tty
        self.enabled = not quiet and total > 1 and (tty or total >= _PROGRESS_FROM)
        self.step = 1 if tty else max(1, total // 10)

    def update(self, done: int) -> None:
        if not self.enabled or (done % self.step and done != self.total):
            return
        width = 30
        bar = "#" * (width * done // self.total)
        text = f"[{bar:<{width}}] {done}/{self.total} files"
        if self.tty:
            end = "\n" if done == self.total else ""
            sys.stderr.write(f"\r{text}{end}")
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()


def main(argv: list[str]) -> int:
    """Run ``neuraltypes migrate``; 0 when done, 1 when ``--check`` finds work or a file fails."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        print(f"neuraltypes migrate: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    files = collect_files(args.paths)
    jobs = args.jobs or default_jobs(len(files))
    write = not (args.diff or args.check)
    progress = _Progress(len(files), quiet=args.quiet)
    results: list[FileResult] = []
    output = write or args.diff  # --check needs no new text, only whether there is one
    for done, res in enumerate(_results(files, args.rewrite_imports, jobs, output), 1):
        if res.new is not None and write:
            try:
                write_atomic(res.path, res.new)
            except OSError as exc:
                res.error = f"{res.path}: cannot write, left unchanged: {exc.strerror}"
        results.append(res)
        progress.update(done)
    results.sort(key=lambda r: r.path)
    for res in results:
        if res.new is not None and args.diff:
            sys.stdout.write(_diff(res))
        if res.error:
            print(res.error, file=sys.stderr)
        if not args.quiet:
            for warning in res.warnings:
                print(warning, file=sys.stderr)
    print(_summary(results, write), file=sys.stderr)
    changed = any(r.changed for r in results)
    failed = any(r.error for r in results)
    return 1 if failed or (args.check and changed) else 0


def _diff(res: FileResult) -> str:
    old = res.old.decode("utf-8", "replace").splitlines(keepends=True)
    new = (res.new or b"").decode("utf-8", "replace").splitlines(keepends=True)
    name = str(res.path)
    before, after = (name, name) if os.path.isabs(name) else (f"a/{name}", f"b/{name}")
    return "".join(difflib.unified_diff(old, new, before, after))


def _summary(results: list[FileResult], write: bool) -> str:
    changed = sum(r.changed for r in results)
    moved = sum(r.moved for r in results)
    left: Counter[str] = Counter()
    for r in results:
        left.update(r.left)
    verb = "changed" if write else "would change"
    lines = [
        f"neuraltypes migrate: {changed} of {len(results)} files {verb}, "
        f"{moved} ports moved, {sum(left.values())} ports left as is"
    ]
    lines += [f"  {n} {why}" for why, n in left.most_common()]
    rewritten = sum(r.rewritten for r in results)
    if rewritten:
        lines.append(f"  {rewritten} NeMo imports rewritten to neuraltypes")
    failed = sum(bool(r.error) for r in results)
    if failed:
        lines.append(f"  {failed} files skipped (see above)")
    return "\n".join(lines)
