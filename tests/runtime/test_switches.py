"""The switches: nesting-safe, context-local, and the environment variable."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import torch
from torch import Tensor

from neuraltypes import (
    LengthsType,
    LogprobsType,
    NeuralModule,
    NeuralType,
    NeuralTypeError,
    typecheck,
)
from neuraltypes.runtime._switches import checks_enabled, semantic_checks_enabled

LEN = NeuralType(("B",), LengthsType())


class M(NeuralModule):
    @typecheck()
    def forward(self, length: Annotated[Tensor, LEN]) -> Annotated[Tensor, LEN]:
        return length + 0


def tagged_wrong() -> Tensor:
    value = torch.ones(2)
    value.neural_type = NeuralType(("B",), LogprobsType())  # type: ignore[attr-defined]
    return value


def test_disable_checks_skips_checks_and_tagging() -> None:
    with typecheck.disable_checks():
        out = M()(torch.ones(2, 2))
    assert not hasattr(out, "neural_type")
    with pytest.raises(NeuralTypeError):
        M()(torch.ones(2, 2))


def test_disable_checks_is_nesting_safe() -> None:  # deviation D14
    with typecheck.disable_checks():
        with typecheck.disable_checks():
            pass
        assert not checks_enabled()  # NeMo re-enabled checks here
    assert checks_enabled()


def test_disable_checks_works_as_a_decorator() -> None:
    @typecheck.disable_checks()
    def run() -> Tensor:
        return M()(torch.ones(2, 2))  # type: ignore[no-any-return]

    run()
    assert checks_enabled()


def test_set_typecheck_enabled_restored_by_enclosing_context() -> None:
    with typecheck.disable_checks():
        typecheck.set_typecheck_enabled(True)
        M()(torch.ones(2))
    assert checks_enabled()
    typecheck.set_typecheck_enabled(False)
    try:
        M()(torch.ones(2, 2))
    finally:
        typecheck.set_typecheck_enabled(True)


def test_semantic_switches_skip_only_element_comparison() -> None:
    with pytest.raises(NeuralTypeError, match="INCOMPATIBLE"):
        M()(tagged_wrong())
    with typecheck.disable_semantic_checks():
        with typecheck.disable_semantic_checks():
            pass
        assert not semantic_checks_enabled()
        M()(tagged_wrong())
        with pytest.raises(NeuralTypeError, match="rank"):
            M()(torch.ones(2, 2))  # shapes are still checked
    assert semantic_checks_enabled()
    typecheck.set_semantic_check_enabled(False)
    try:
        M()(tagged_wrong())
    finally:
        typecheck.set_semantic_check_enabled(True)


def test_enable_wrapping_false_returns_the_function_itself() -> None:
    def forward(x: Annotated[Tensor, LEN]) -> Tensor:
        return x

    typecheck.enable_wrapping(False)
    try:
        assert typecheck()(forward) is forward
    finally:
        typecheck.enable_wrapping(True)
    assert typecheck()(forward) is not forward


def _run_with_env(value: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import torch\n"
        "from typing import Annotated\n"
        "from neuraltypes import NeuralModule, NeuralType, typecheck\n"
        "class M(NeuralModule):\n"
        "    @typecheck()\n"
        "    def forward(self, x: Annotated[torch.Tensor, NeuralType(('B',))]) -> None: ...\n"
        "M()(torch.ones(2, 2))\n"
        "assert M.forward.__name__ == 'forward' and not hasattr(M.forward, '__wrapped__')\n"
        "print('unchecked')\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "NEURALTYPES_DISABLE": value, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


def test_environment_variable_disables_checks_and_rejects_bad_values() -> None:
    assert "unchecked" in _run_with_env("1").stdout
    bad = _run_with_env("maybe")
    assert bad.returncode != 0
    assert "NEURALTYPES_DISABLE='maybe' is not understood" in bad.stderr
    assert "HINT" in bad.stderr
