"""The copies of NeMo's core tests differ from NeMo's own files only in their imports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "nemo_suites"
NEMO_TESTS = Path(os.environ.get("NEMO_SRC", "/work/nemo-src")) / "tests" / "core"
REWRITES = {
    "from nemo.core.neural_types import": "from neuraltypes import",
    "from nemo.core import Typing, typecheck": "from neuraltypes import Typing, typecheck",
    "from nemo.core.classes.module import NeuralModule": "from neuraltypes import NeuralModule",
}


@pytest.mark.parametrize("name", ["neural_types", "typecheck", "neural_module"])
def test_copy_is_nemo_with_imports_rewritten(name: str) -> None:
    original = NEMO_TESTS / f"test_{name}.py"
    if not original.exists():
        pytest.skip("NeMo's source is not available (set NEMO_SRC)")
    text = original.read_text()
    for old, new in REWRITES.items():
        text = text.replace(old, new)
    assert (HERE / f"test_nemo_{name}.py").read_text() == text
