"""Project-specific element types."""

from neuraltypes import AcousticEncodedRepresentation


class ConformerEncoding(AcousticEncodedRepresentation):
    """What the project's encoders produce."""
