"""The plugin's cache version, reported to mypy with the options (``report_config_data``)."""

from typing import Final

__all__ = ["PLUGIN_VERSION"]

#: Bump whenever the metadata shape or the checks change (mypy hashes only the entry file).
PLUGIN_VERSION: Final = 14
