"""The README's example runs and prints the error the README shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from neuraltypes import NeuralTypeError

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_readme_module_example_fails_as_shown() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    example = next(block for block in blocks if "class Encoder(NeuralModule)" in block)
    shown = re.search(r"```text\n(neuraltypes\.NeuralTypeError: .*?)```", README, re.S)
    assert shown is not None
    expected = shown.group(1).removeprefix("neuraltypes.NeuralTypeError: ").strip()
    with pytest.raises(NeuralTypeError) as info:
        exec(compile(example, "README.md", "exec"), {"__name__": "readme_example"})
    assert str(info.value).strip() == expected
