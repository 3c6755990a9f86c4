"""The configured class: ``CTCModel`` (its base builds the modules)."""

from .base import BaseModel


class CTCModel(BaseModel):
    """Trained with ``CTCModel(cfg.model)``."""
