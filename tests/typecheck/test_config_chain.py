"""A configured class's chain of bases, read from source before mypy runs.

The plugin types ``self.encoder`` in a model's base (``EncDecCTCModel``) from the config of a
subclass (``EncDecCTCModelBPE``) that mypy analyses later. The chain tells it which classes
a config types, and which attributes they build from which node, without making the base's
file depend on the subclass's. These tests pin the name resolution (imports, re-exports,
aliases, Python's MRO) and the store that lets a warm run skip the parser.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mypy_plugin.source import chain_store
from mypy_plugin.source.chain_store import STORE_NAME, ClassChain, model_chains
from mypy_plugin.source.config_chain import class_chain

PKG = frozenset({"pkg"})

BASE = """
class Base:
    def __init__(self, cfg):
        self.encoder = self.from_config_dict(self._cfg.encoder)
        self.decoder = self.from_config_dict(self._cfg.decoder)
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _chain(root: Path, cls: str) -> ClassChain:
    chain, _ = class_chain(cls, [str(root)], PKG)
    assert chain is not None
    return chain


def test_bases_are_followed_through_imports_reexports_and_aliases(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/core/__init__.py": "from .base import *\n",
            "pkg/core/base.py": BASE,
            "pkg/mixins.py": "class Mixin:\n    pass\nAlias = Mixin\n",
            "pkg/models/__init__.py": "from pkg.models.ctc import CTC as Exported\n",
            "pkg/models/ctc.py": (
                "import pkg.mixins as mx\n"
                "from ..core import Base\n"
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from external import Thing\n"
                "class CTC(Base, mx.Alias, Thing):\n    pass\n"
            ),
        },
    )
    chain = _chain(tmp_path, "pkg.models.Exported")
    # the defining names, in Python's MRO order; ``external`` is not a configured package
    assert chain.classes == ("pkg.models.ctc.CTC", "pkg.core.base.Base", "pkg.mixins.Mixin")
    assert chain.modules == ("pkg.models.ctc", "pkg.core.base", "pkg.mixins")
    assert chain.config_attrs == {"encoder": "encoder", "decoder": "decoder"}


def test_the_first_class_in_mro_order_decides_an_attributes_node(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/base.py": BASE,
            "pkg/left.py": "from .base import Base\nclass Left(Base):\n    pass\n",
            "pkg/right.py": (
                "from .base import Base\nclass Right(Base):\n    def __init__(self, cfg):\n"
                "        self.decoder = self.from_config_dict(self._cfg.ctc_decoder)\n"
            ),
            "pkg/model.py": (
                "from .left import Left\nfrom .right import Right\n"
                "class Model(Left, Right):\n    pass\n"
            ),
        },
    )
    chain = _chain(tmp_path, "pkg.model.Model")
    # a diamond: C3 puts ``Right`` before the shared ``Base``, so its decoder node wins
    assert chain.classes == (
        "pkg.model.Model",
        "pkg.left.Left",
        "pkg.right.Right",
        "pkg.base.Base",
    )
    assert chain.config_attrs == {"decoder": "ctc_decoder", "encoder": "encoder"}


def test_a_class_whose_source_is_not_found_has_no_chain(tmp_path: Path) -> None:
    _write(tmp_path, {"pkg/__init__.py": "", "pkg/model.py": "Model = make_model()\n"})
    assert class_chain("pkg.model.Model", [str(tmp_path)], PKG)[0] is None
    assert class_chain("pkg.nowhere.Model", [str(tmp_path)], PKG)[0] is None


def _files(root: Path) -> None:
    _write(
        root,
        {
            "pkg/__init__.py": "",
            "pkg/base.py": BASE,
            "pkg/model.py": "from .base import Base\nclass Model(Base):\n    pass\n",
        },
    )


def test_a_warm_run_reuses_the_stored_chain_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _files(tmp_path)
    cache = tmp_path / "cache"
    roots = [str(tmp_path)]
    first = model_chains(["pkg.model.Model"], roots, PKG, str(cache))
    assert (cache / STORE_NAME).is_file()
    monkeypatch.setattr(chain_store, "_KNOWN", {})  # a new process: only the store is left

    def no_parse(*args: object) -> None:
        raise AssertionError("the chain was read again although no file changed")

    monkeypatch.setattr("mypy_plugin.source.config_chain.class_chain", no_parse)
    assert model_chains(["pkg.model.Model"], roots, PKG, str(cache)) == first


@pytest.mark.parametrize("change", ["edit a base", "add an absent module"])
def test_a_changed_file_reads_the_chain_again(tmp_path: Path, change: str) -> None:
    _files(tmp_path)
    model = tmp_path / "pkg" / "model.py"
    if change == "add an absent module":  # ``from .mixin import *``: absent, then written
        model.write_text("from .mixin import *\nclass Model(Mixin):\n    pass\n")
    cache, roots = str(tmp_path / "cache"), [str(tmp_path)]
    before = model_chains(["pkg.model.Model"], roots, PKG, cache)["pkg.model.Model"]
    if change == "edit a base":
        model.write_text("class Model:\n    pass\n")
        os.utime(model, ns=(1, 1))  # a different stamp even within the clock's resolution
        expected: tuple[str, ...] = ("pkg.model.Model",)
    else:
        assert before is not None and before.classes == ("pkg.model.Model",)
        (tmp_path / "pkg" / "mixin.py").write_text(BASE.replace("Base", "Mixin"))
        expected = ("pkg.model.Model", "pkg.mixin.Mixin")
    after = model_chains(["pkg.model.Model"], roots, PKG, cache)["pkg.model.Model"]
    assert after is not None and after.classes == expected


def test_the_store_keeps_the_newest_entries_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _files(tmp_path)
    monkeypatch.setattr(chain_store, "_MAX_ENTRIES", 2)
    cache, roots = str(tmp_path / "cache"), [str(tmp_path)]
    for cls in ("pkg.model.Model", "pkg.base.Base", "pkg.model.Base"):
        model_chains([cls], roots, PKG, cache)
    monkeypatch.setattr(chain_store, "_KNOWN", {})
    kept = chain_store._load(cache)
    assert [json.loads(key)[0] for key in kept] == ["pkg.base.Base", "pkg.model.Base"]


def test_a_damaged_store_is_read_again_not_trusted(tmp_path: Path) -> None:
    _files(tmp_path)
    cache, roots = tmp_path / "cache", [str(tmp_path)]
    first = model_chains(["pkg.model.Model"], roots, PKG, str(cache))
    store = cache / STORE_NAME
    data = json.loads(store.read_text())
    for entry in data.values():
        entry["chain"] = {"classes": "not a chain"}  # what a hand edit or another tool left
    store.write_text(json.dumps(data))
    chain_store._KNOWN.clear()
    assert model_chains(["pkg.model.Model"], roots, PKG, str(cache)) == first
