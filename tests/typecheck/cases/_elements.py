# fmt: off
"""A user element type in its own module (third file)."""

from neuraltypes import SpectrogramType


class MySpec(SpectrogramType):
    """My spectrogram."""
