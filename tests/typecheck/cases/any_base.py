# fmt: off
# ruff: noqa: E501
"""Calls to a port-declaring class whose base mypy cannot resolve (``Any``) are checked."""

from typing import Annotated, Any

from lightning_not_installed import LightningModule, ModelPT  # type: ignore[import-not-found]
from nemo.core.neural_types import AcousticEncodedRepresentation, LengthsType, NeuralType
from torch import Tensor, nn

from neuraltypes import EncodedRepresentation
from neuraltypes._reveal import reveal_neural_type

from ._modules import BTDDecoder, Encoder


class LegacyModel(ModelPT):
    @property
    def input_types(self) -> Any:
        return {
            "encoder_output": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    @property
    def output_types(self) -> Any:
        return {"logits": NeuralType(("B", "T", "D"), EncodedRepresentation())}

    def forward(self, encoder_output, length):
        return encoder_output


class AnnotatedModel(ModelPT):
    def forward(
        self, x: Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())], n: int = 0
    ) -> Annotated[Tensor, NeuralType(("B", "T", "D"), EncodedRepresentation()), "logits"]:
        raise NotImplementedError


class SubModel(AnnotatedModel):
    pass


class Plain(ModelPT):
    """No ports: stays ``Any`` (no ``__call__`` is added)."""

    def forward(self, x: int) -> int:
        return x


class OwnCall(LightningModule):
    def __call__(self, x: str) -> str:
        return x

    def forward(self, x: Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]) -> Tensor:
        raise NotImplementedError


class OverridesCall(AnnotatedModel):
    def __call__(self, a: int, b: str = "") -> int:
        return a


# case: calls_to_classes_with_an_unresolvable_base_are_checked
class User(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = Encoder()
        self.legacy = LegacyModel()
        self.model = AnnotatedModel()
        self.sub = SubModel()
        self.btd = BTDDecoder()

    def forward(self, spec: Tensor, length: Tensor) -> None:
        enc, enc_len = self.encoder(spec, length)
        self.legacy(enc, enc_len)
        self.legacy(encoder_output=enc, length=enc_len)
        self.legacy(enc.mT, enc_len)  # E: Neural type mismatch for argument "encoder_output" of "LegacyModel.forward": expected NeuralType(('B', 'D', 'T'), AcousticEncodedRepresentation), got NeuralType(('B', 'T', 'D'), AcousticEncodedRepresentation) from "Encoder.forward" output 0 via .mT
        self.legacy(enc_len, enc_len)  # E: argument "encoder_output" of "LegacyModel.forward"
        self.legacy(enc)  # E: Missing argument "length" for port of "LegacyModel.forward"
        self.legacy(enc, enc_len, enc)  # E: Too many arguments for "LegacyModel.forward"
        out = self.legacy(enc, enc_len)
        reveal_neural_type(out)  # N: Revealed neural type is unknown (value is unchecked)
        out.anything_goes()
        self.model(enc)
        self.model(enc, n="not an int")
        self.model(enc.mT)  # E: argument "x" of "AnnotatedModel.forward"
        self.model(x=enc_len)  # E: argument "x" of "AnnotatedModel.forward"
        logits = self.model(enc)
        reveal_neural_type(logits)  # N: Revealed neural type is "NeuralType(('B', 'T', 'D'), EncodedRepresentation)" from "AnnotatedModel.forward" output "logits"
        self.btd(logits)
        self.btd(logits.mT)  # E: from "AnnotatedModel.forward" output "logits" via .mT
        self.sub(enc.mT)  # E: argument "x" of "AnnotatedModel.forward"
        self.model.forward(enc.mT)  # E: argument "x" of "AnnotatedModel.forward"
        OwnCall()("text").upper()
        OverridesCall()(1, "b") + 1
        print(Plain()("anything", 1, z=2).foo)
        Plain().unknown_method()
        LegacyModel().unknown_method()


# case: a_module_with_its_own_call_is_not_forward
class ModuleOwnCall(nn.Module):
    """A module with its own ``__call__`` is not typed as ``forward``."""

    def __call__(self, x: str) -> str:
        return x

    def forward(self, x: Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]) -> Tensor:
        raise NotImplementedError


def own_call(t: Tensor) -> None:
    ModuleOwnCall()("text").upper()
