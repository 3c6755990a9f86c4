"""Small typed modules for the dry-run tests (importable, so factories can be named)."""

from __future__ import annotations

from typing import Annotated, Any

import torch
from torch import Tensor, nn

from neuraltypes import (
    AcousticEncodedRepresentation,
    AudioSignal,
    AxisType,
    LengthsType,
    LogprobsType,
    NeuralType,
    SpectrogramType,
)

Spec = Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())]
Enc = Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]
Lengths = Annotated[Tensor, NeuralType(("B",), LengthsType())]


class Encoder(nn.Module):
    """No ``@typecheck()``: the dry run checks it through its hooks."""

    def __init__(self, feat_in: int = 64, d_model: int = 32) -> None:
        super().__init__()
        self.conv = nn.Conv1d(feat_in, d_model, 3, padding=1)

    def forward(self, audio_signal: Spec, length: Lengths) -> tuple[
        Annotated[Enc, "outputs"], Annotated[Lengths, "encoded_lengths"]
    ]:  # fmt: skip
        return self.conv(audio_signal), length


class Decoder(nn.Module):
    def __init__(self, feat_in: int = 32) -> None:
        super().__init__()
        self.conv = nn.Conv1d(feat_in, 5, 1)

    def forward(
        self, encoder_output: Enc
    ) -> Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())]:
        return self.conv(encoder_output).transpose(1, 2).log_softmax(-1)


class Pipeline(nn.Module):
    """``transpose`` between encoder and decoder when ``transposed``."""

    def __init__(self, transposed: bool = False, feat_in: int = 64) -> None:
        super().__init__()
        self.encoder = Encoder(feat_in)
        self.decoder = Decoder()
        self.transposed = transposed

    def forward(self, spec: Spec, spec_length: Lengths) -> Annotated[
        Tensor, NeuralType(("B", "T", "D"), LogprobsType())
    ]:  # fmt: skip
        encoded, _ = self.encoder(spec, spec_length)
        if self.transposed:
            encoded = encoded.transpose(1, 2)
        return self.decoder(encoded)


class LegacyEncoder(nn.Module):
    """NeMo style: ports from ``input_types``/``output_types`` properties, no annotations."""

    def __init__(self) -> None:
        super().__init__()
        self.proj = nn.Conv1d(64, 16, 1)

    @property
    def input_types(self) -> dict[str, Any]:
        return {
            "audio_signal": NeuralType(("B", "D", "T"), SpectrogramType()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    @property
    def output_types(self) -> dict[str, Any]:
        return {"outputs": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())}

    def forward(self, audio_signal: Tensor, length: Tensor) -> Tensor:
        # reads its lengths: they must be real values, not meta
        n = int(length.max())
        return self.proj(audio_signal[:, :, :n])


class NeedsValues(nn.Module):
    """Cannot run on meta: reads a value of a data tensor."""

    def forward(self, spec: Spec) -> Annotated[Enc, "out"]:
        scale = spec.abs().max().item()
        return spec / scale


class Chain(nn.Module):
    """``NeedsValues`` then a typed encoder: the run must go on past the first."""

    def __init__(self) -> None:
        super().__init__()
        self.first = NeedsValues()
        self.second = Decoder(64)

    def forward(self, spec: Spec) -> Annotated[
        Tensor, NeuralType(("B", "T", "D"), LogprobsType())
    ]:  # fmt: skip
        return self.second(self.first(spec))


class Fixed(nn.Module):
    def forward(
        self, x: Annotated[Tensor, NeuralType(("B", AxisType("D", 80), "T"), SpectrogramType())]
    ) -> Annotated[Tensor, NeuralType(("B", "T"))]:
        return x.sum(1)


class BatchSplitter(nn.Module):
    """Passes a lengths tensor of another batch size to its child."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = Encoder()

    def forward(self, spec: Spec, spec_length: Lengths) -> Annotated[
        Enc, "outputs"
    ]:  # fmt: skip
        out, _ = self.encoder(spec, spec_length[:2])
        return out


class WrongCount(nn.Module):
    def forward(self, spec: Spec) -> tuple[
        Annotated[Spec, "a"], Annotated[Spec, "b"]
    ]:  # fmt: skip
        return (spec,)  # type: ignore[return-value]


class Symbols(nn.Module):
    """Two ports that share a size symbol ``F``."""

    def forward(
        self,
        x: Annotated[Tensor, NeuralType(("B", AxisType("D", symbol="F")))],
        y: Annotated[Tensor, NeuralType(("B", AxisType("D", symbol="F")))],
    ) -> Annotated[Tensor, NeuralType(("B", "D"))]:
        return x[:, :3] + y[:, :3]


class AllOptional(nn.Module):
    """NeMo's choice of inputs: raw audio or features, every port optional."""

    def forward(
        self,
        input_signal: Annotated[Tensor | None, NeuralType(("B", "T"), AudioSignal())] = None,
        input_signal_length: Annotated[Tensor | None, NeuralType(("B",), LengthsType())] = None,
        processed_signal: Annotated[
            Tensor | None, NeuralType(("B", "D", "T"), SpectrogramType())
        ] = None,
        processed_signal_length: Annotated[Tensor | None, NeuralType(("B",), LengthsType())] = None,
    ) -> Annotated[Tensor, NeuralType(("B",), LengthsType())]:
        if input_signal is not None:
            assert processed_signal is None
            assert input_signal_length is not None
            return input_signal_length
        assert processed_signal_length is not None
        return processed_signal_length


class Crashes(nn.Module):
    def forward(self, spec: Spec) -> Annotated[Enc, "out"]:
        raise ValueError("feature stacking needs an even number of frames")


def broken_factory(cfg: Any) -> nn.Module:
    raise KeyError(f"encoder.d_model is missing from {sorted(cfg)}")


class Configured(nn.Module):
    """A NeMo-style class taking ``cfg``."""

    def __init__(self, cfg: Any) -> None:
        super().__init__()
        self.encoder = Encoder(cfg["feat_in"])

    def forward(self, spec: Spec, spec_length: Lengths) -> Annotated[Enc, "outputs"]:
        out, _ = self.encoder(spec, spec_length)
        return out


class MetaHostile(nn.Module):
    """Computes with a tensor while building (``int()`` of a tensor), like NeMo's subsampling."""

    def __init__(self) -> None:
        super().__init__()
        width = int(torch.tensor(64.0) / 2)
        self.encoder = Encoder(64, width)

    def forward(self, spec: Spec, spec_length: Lengths) -> Annotated[Enc, "outputs"]:
        out, _ = self.encoder(spec, spec_length)
        return out


class Resampled(nn.Module):
    """A 16 kHz model whose front end was configured for 8 kHz."""

    def __init__(self) -> None:
        super().__init__()
        self.frontend = Frontend8k()

    def forward(
        self, audio: Annotated[Tensor, NeuralType(("B", "T"), AudioSignal(16000))]
    ) -> Annotated[Tensor, NeuralType(("B", "T"))]:
        return self.frontend(audio)


class Frontend8k(nn.Module):
    def forward(
        self, audio: Annotated[Tensor, NeuralType(("B", "T"), AudioSignal(8000))]
    ) -> Annotated[Tensor, NeuralType(("B", "T"))]:
        return audio * 2
