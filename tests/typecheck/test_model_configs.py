"""Model configs: modules built from a config node are typed as its ``_target_`` class.

The project in ``model_configs/`` is NeMo-shaped: ``CTCModel``'s base builds its
preprocessor, encoder and decoder with ``from_config_dict(self._cfg.x)`` and
``hydra.utils.instantiate(cfg.x)``; ``conf/model.yaml`` names the classes (the encoder's
through an OmegaConf interpolation). Editing the YAML must change a warm run's result
exactly as it changes a cold run's, under the cache and under dmypy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .runner import ROOT, Message, run_mypy, write_ini

PROJECT = Path(__file__).resolve().parent / "model_configs"
CLASS = "wired.models.CTCModel"
GOOD, SWAPPED = "wired.modules.Encoder", "wired.modules.TimeMajorEncoder"


def _project(
    tmp_path: Path, mypy_cache: Path, entries: str = f"{CLASS}=conf/model.yaml:model"
) -> Path:
    shutil.copytree(PROJECT, tmp_path / "proj", ignore=shutil.ignore_patterns("__pycache__"))
    work = tmp_path / "proj"
    write_ini(work, f"[mypy.plugins.neuraltypes]\nmodel_configs = {entries}\n")
    # torch's analysis is reused from the session cache (its cache key ignores model configs).
    shutil.copytree(mypy_cache, work / "cache", dirs_exist_ok=True)
    return work


def _set_encoder(work: Path, target: str) -> None:
    conf = work / "conf" / "model.yaml"
    text = conf.read_text()
    for name in (GOOD, SWAPPED, "wired.modules.Nope"):
        text = text.replace(f"encoder_class: {name}\n", f"encoder_class: {target}\n")
    conf.write_text(text)


def _neural(messages: list[Message]) -> list[str]:
    return [f"{Path(m.path).name}:{m.line}: {m.text}" for m in messages if m.code == "neural-type"]


def _notes(messages: list[Message]) -> list[str]:
    return [m.text for m in messages if m.severity == "N" and m.text.startswith("Model config")]


@pytest.fixture
def project(tmp_path: Path, mypy_cache: Path) -> Path:
    return _project(tmp_path, mypy_cache)


def test_config_built_modules_are_checked_and_edits_are_never_stale(project: Path) -> None:
    cache = project / "cache"
    assert _neural(run_mypy(project, ["wired"], cache)) == []
    _set_encoder(project, SWAPPED)  # the encoder now returns (B, T, D): the decoder's port breaks
    for _ in range(2):  # the edit invalidates the warm cache, and the result stays the same
        (error,) = _neural(run_mypy(project, ["wired"], cache))
        assert error.startswith('base.py:24: Neural type mismatch for argument "encoder_output"')
        assert (
            'from "Encoder.forward" output "outputs" (model config conf/model.yaml:model)' in error
        )
        assert "(axis 1 is T, expected D)" in error
    _set_encoder(project, GOOD)
    assert _neural(run_mypy(project, ["wired"], cache)) == []


def test_a_changed_chain_of_bases_rechecks_the_base_as_a_cold_run_would(
    project: Path, tmp_path: Path
) -> None:
    """The base is typed from the subclass's config without depending on the subclass's
    file: the chain read from source is part of the cache key instead."""
    models = project / "wired" / "models.py"
    original = models.read_text()
    _set_encoder(project, SWAPPED)
    cache = project / "cache"
    assert len(_neural(run_mypy(project, ["wired"], cache))) == 1
    models.write_text(  # ``CTCModel`` no longer extends the base: its config types nothing
        "from nemo.core.classes import NeuralModule\n\n\nclass CTCModel(NeuralModule):\n    pass\n"
    )
    assert _neural(run_mypy(project, ["wired"], cache)) == []  # warm
    assert _neural(run_mypy(project, ["wired"], tmp_path / "cold")) == []
    models.write_text(original)
    assert len(_neural(run_mypy(project, ["wired"], cache))) == 1  # warm again


def test_only_the_chain_files_reading_config_attributes_get_dependencies(
    project: Path,
) -> None:
    """The base depends on the targets' module, never on the configured class's module (an
    import cycle: it imports the base); a file outside the chain that calls a builder gets
    nothing. A class whose source is not found falls back to the broad rule."""
    from types import SimpleNamespace

    from mypy.options import Options

    from mypy_plugin.config import NeuralTypesConfig
    from mypy_plugin.hooks.config_deps import config_deps
    from mypy_plugin.source.model_config import ModelWirings

    (project / "wired" / "other.py").write_text(
        "import hydra.utils\n\ndef build(cfg):\n    return hydra.utils.instantiate(cfg.x)\n"
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(project)
        config = NeuralTypesConfig(str(project / "mypy.ini"))
        config.find_chains([], None)
    wirings = ModelWirings(config.model_configs, config.model_chains)

    def deps(name: str, chains: bool = True) -> list[str]:
        wired = wirings if chains else ModelWirings(config.model_configs, {})
        path = project / "wired" / f"{name}.py"
        file = SimpleNamespace(fullname=f"wired.{name}", path=str(path))
        return [dep for _, dep, _ in config_deps(file, wired, Options())]  # type: ignore[arg-type]

    assert deps("base") == ["wired.modules"]
    assert deps("models") == deps("other") == deps("modules") == []
    assert (
        deps("base", chains=False)
        == deps("other", chains=False)
        == [
            "wired.models",
            "wired.modules",
        ]
    )


def test_a_target_module_created_between_two_builds_is_found(project: Path) -> None:
    """A process may run several builds (a language server): each looks for modules again."""
    from types import SimpleNamespace

    from mypy.options import Options

    from mypy_plugin.config import NeuralTypesConfig
    from mypy_plugin.hooks.config_deps import config_deps, forget_modules
    from mypy_plugin.source.model_config import ModelWirings

    conf = project / "conf" / "model.yaml"
    conf.write_text(conf.read_text().replace("wired.modules.Decoder", "wired.late.Decoder"))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(project)
        config = NeuralTypesConfig(str(project / "mypy.ini"))
        config.find_chains([], None)
    wirings = ModelWirings(config.model_configs, config.model_chains)
    file = SimpleNamespace(fullname="wired.base", path=str(project / "wired" / "base.py"))

    def deps() -> list[str]:
        return [dep for _, dep, _ in config_deps(file, wirings, Options())]  # type: ignore[arg-type]

    assert deps() == ["wired.modules"]
    (project / "wired" / "late.py").write_text("from .modules import Decoder\n")
    forget_modules()  # what each build's plugin does when it starts
    assert deps() == ["wired.late", "wired.modules"]


def test_unresolvable_target_is_a_note_and_the_attribute_stays_unchecked(project: Path) -> None:
    _set_encoder(project, "wired.modules.Nope")
    messages = run_mypy(project, ["wired"], project / "cache")
    assert _neural(messages) == []
    assert _notes(messages) == [
        'Model config: conf/model.yaml:model.encoder: cannot find class "wired.modules.Nope" '
        '(_target_); "self.encoder" is unchecked'
    ]


def test_a_missing_key_stops_mypy_with_a_message(tmp_path: Path, mypy_cache: Path) -> None:
    work = _project(tmp_path, mypy_cache, f"{CLASS}=conf/model.yaml:modle")
    cmd = [sys.executable, "-m", "mypy", "--config-file", str(work / "mypy.ini"), "wired"]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 2
    assert "conf/model.yaml: no key 'modle' (model config for wired.models.CTCModel)" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_dmypy_restarts_when_a_config_changes(project: Path) -> None:
    status = project / "dmypy.json"
    base = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(status)]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    args = ["--", "--config-file", str(project / "mypy.ini"), "wired"]
    models = project / "wired" / "models.py"
    original = models.read_text()
    unchained = original.replace("(BaseModel)", "(NeuralModule)").replace(
        "from .base import BaseModel", "from nemo.core.classes import NeuralModule"
    )
    steps = [(SWAPPED, original, 1), (GOOD, original, 0)]
    # the chain of bases counts like the YAML file: the base is no longer typed by the config
    steps += [(SWAPPED, original, 1), (SWAPPED, unchained, 0), (SWAPPED, original, 1)]
    try:
        for target, text, errors in steps:  # each change restarts it: cold
            _set_encoder(project, target)
            models.write_text(text)
            time.sleep(1.1)
            proc = subprocess.run(
                [*base, "run", *args], cwd=project, capture_output=True, text=True, env=env
            )
            assert "INTERNAL ERROR" not in proc.stdout + proc.stderr, proc.stdout
            found = [line for line in proc.stdout.splitlines() if "[neural-type]" in line]
            assert len(found) == errors, (target, text, proc.stdout)
    finally:
        subprocess.run([*base, "stop"], cwd=project, capture_output=True, env=env, check=False)


def test_check_command_takes_model_configs(
    tmp_path: Path, mypy_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from neuraltypes.check._command import main

    work = _project(tmp_path, mypy_cache)
    _set_encoder(work, SWAPPED)
    (work / "mypy.ini").unlink()
    (work / "pyproject.toml").write_text(
        f'[tool.mypy]\nmypy_path = "{ROOT / "stubs"}"\n'
        f'[tool.neuraltypes]\nmodel-configs = {{"{CLASS}" = ["conf/model.yaml:model"]}}\n'
    )
    cache = ["--", "--cache-dir", str(work / "cache")]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        assert main(["wired", *cache]) == 1  # from [tool.neuraltypes]
        # --model-config adds to the project's entries (a missing file: exit 2 at start-up)
        assert main(["wired", "--model-config", f"{CLASS}=conf/none.yaml:model", *cache]) == 2
    err = capsys.readouterr().err
    assert f"{work / 'conf' / 'none.yaml'}: cannot read model config" in err
