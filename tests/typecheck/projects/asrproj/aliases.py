"""Short names the model code uses: re-exported aliases of the shared ones."""

from .ntypes import Encoded, Lengths, Mel

__all__ = ["Features", "Hidden", "Lengths"]

Features = Mel
Hidden = Encoded
