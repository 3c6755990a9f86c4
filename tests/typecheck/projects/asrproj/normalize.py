"""Per-feature normalisation (written against the re-exported aliases only)."""

from neuraltypes import NeuralModule

from .aliases import Features, Lengths


class FeatureNormalizer(NeuralModule):
    """Subtracts each feature's mean over time."""

    def forward(self, features: Features, length: Lengths) -> Features:
        return features - features.mean(dim=-1, keepdim=True)
