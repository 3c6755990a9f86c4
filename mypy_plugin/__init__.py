"""mypy plugin for neuraltypes: check neural-type connections between ``nn.Module`` calls.

Enable it with one line of mypy config, ``plugins = ["mypy_plugin"]`` under ``[tool.mypy]``
(or ``plugins = mypy_plugin`` in ``mypy.ini``). Run mypy with ``check_untyped_defs`` to see
connections inside unannotated methods. Errors use the code ``neural-type``.

Options (all booleans, default ``false``), in ``[mypy.plugins.neuraltypes]`` (ini) or
``[tool.neuraltypes.mypy]`` (pyproject.toml):

- ``type_all_module_calls``: type every module call as its ``forward`` (not only modules
  with neural ports). May surface ordinary mypy errors in existing code.

For NeMo projects without NeMo installed, add ``stubs/`` to ``mypy_path`` (the installed
distribution ships them as the ``nemo-stubs`` package).

>>> from mypy_plugin import plugin
>>> plugin("2.4.1").__name__
'LazyNeuralTypesPlugin'
"""

from __future__ import annotations

from typing import Any

from .entry import plugin as plugin
from .version import PLUGIN_VERSION as PLUGIN_VERSION

__all__ = ["PLUGIN_VERSION", "NeuralTypesPlugin", "plugin"]


def __getattr__(name: str) -> Any:
    # the checker is imported on first use (a warm run never needs it)
    if name == "NeuralTypesPlugin":
        from .main import NeuralTypesPlugin

        return NeuralTypesPlugin
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
