"""The plugin's light entry point: a warm run never imports the checker, a cold run does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mypy.options import Options
from mypy.plugin import ReportConfigContext

from mypy_plugin import PLUGIN_VERSION, plugin

REPO = Path(__file__).resolve().parents[2]

_PROBE = """
import sys, mypy.api
out, err, status = mypy.api.run(sys.argv[1:])
print(status, out.splitlines()[-1], "mypy_plugin.main" in sys.modules)
"""

_SOURCE = "x: int = 1\n"  # builtins alone ask for hooks on a cold run


def test_the_entry_becomes_the_checker_on_the_first_hook() -> None:
    entry = plugin("2.4.1")(Options())
    ctx = ReportConfigContext("m", "", is_check=False)
    assert entry.report_config_data(ctx) == {
        "neuraltypes_plugin": PLUGIN_VERSION,
        "type_all_module_calls": False,
        "type_any_base_outputs": False,
    }
    assert entry.get_method_hook("m.Enc.__call__") is not None
    assert type(entry).__name__ == "NeuralTypesPlugin"
    assert entry.get_method_hook("m.Enc.__call__") is not None  # now answered directly


def test_warm_run_does_not_import_the_checker(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(_SOURCE)
    (tmp_path / "mypy.ini").write_text("[mypy]\nplugins = mypy_plugin\n")
    cmd = [sys.executable, "-c", _PROBE, "--config-file", "mypy.ini", "--cache-dir", ".c", "m.py"]
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env=env).stdout
        for _ in range(2)
    ]
    cold, warm = (line.split() for line in runs)
    assert cold[0] == warm[0] == "0"
    assert cold[-1] == "True" and warm[-1] == "False", runs
