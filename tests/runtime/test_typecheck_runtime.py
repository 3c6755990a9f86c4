"""``typecheck()`` on annotated modules: what is checked, what passes, and what it says."""

import threading
from typing import Annotated, NamedTuple

import pytest
import torch
from torch import Tensor

from neuraltypes import (
    AcousticEncodedRepresentation,
    AxisKind,
    AxisType,
    BoolType,
    LengthsType,
    LogprobsType,
    MelSpectrogramType,
    NeuralModule,
    NeuralType,
    NeuralTypeComparisonResult,
    NeuralTypeError,
    SpectrogramType,
    typecheck,
)
from neuraltypes.runtime._tags import EitherNeuralType

SPEC = NeuralType(("B", "D", "T"), SpectrogramType())
LEN = NeuralType(("B",), LengthsType())
ENC = NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())
Spec = Annotated[Tensor, SPEC]
Lengths = Annotated[Tensor, LEN]
Encoded = Annotated[Tensor, ENC]
Logprobs = Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())]


class EncOut(NamedTuple):
    outputs: Encoded
    encoded_lengths: Lengths


class Encoder(NeuralModule):
    """Changes D and T between input and output, as real encoders do (64 -> 8, T -> T/2)."""

    def __init__(self) -> None:
        super().__init__()
        self.proj = torch.nn.Conv1d(4, 8, kernel_size=1, stride=2)

    @typecheck()
    def forward(self, audio_signal: Spec, length: Lengths) -> EncOut:
        return EncOut(self.proj(audio_signal), torch.div(length, 2, rounding_mode="floor"))


class Decoder(NeuralModule):
    @typecheck()
    def forward(self, encoder_output: Encoded) -> Logprobs:
        return encoder_output.transpose(1, 2).log_softmax(-1)


def spec(batch: int = 2, d: int = 4, t: int = 10) -> Tensor:
    return torch.randn(batch, d, t)


def lengths(batch: int = 2) -> Tensor:
    return torch.full((batch,), 10)


def test_positional_and_keyword_calls_are_checked_and_tagged() -> None:
    enc = Encoder()
    for out in (enc(spec(), lengths()), enc(audio_signal=spec(), length=lengths())):
        assert out.outputs.shape == (2, 8, 5)
        assert out.outputs.neural_type == ENC
        assert out.encoded_lengths.neural_type == LEN


def test_pipeline_passes_and_tags_flow_between_modules() -> None:
    enc, dec = Encoder(), Decoder()
    out = dec(enc(spec(), lengths()).outputs)
    assert out.neural_type.elements_type == LogprobsType()


def test_rank_mismatch_message_names_module_port_shape_and_hint() -> None:
    with pytest.raises(NeuralTypeError) as info:
        Encoder()(torch.randn(2, 10), lengths())
    text = str(info.value)
    assert 'Encoder.forward: input "audio_signal"' in text
    assert "expected axes (batch, dimension, time), but got shape (2, 10)" in text
    assert "rank 2, expected 3" in text
    assert "expected: axes: (batch, dimension, time); elements_type: SpectrogramType" in text
    assert "found:    Tensor shape (2, 10), untagged" in text
    assert "HINT:" in text


def test_batch_size_must_agree_across_inputs() -> None:
    with pytest.raises(NeuralTypeError, match=r"axis 0 \(batch\) has size 3.*batch size is 2"):
        Encoder()(spec(batch=2), lengths(batch=3))


def test_batch_size_must_agree_between_inputs_and_outputs() -> None:
    class DropsOne(NeuralModule):
        @typecheck()
        def forward(self, x: Spec) -> Annotated[Tensor, SPEC, "y"]:
            return x[1:]

    with pytest.raises(
        NeuralTypeError, match=r'output "y".*\n(.*\n)*.*sizes bound so far: batch=3'
    ):
        DropsOne()(spec(batch=3))


def test_other_axes_are_not_bound_across_ports_by_default() -> None:
    class Joint(NeuralModule):  # RNNT joint: two different time axes
        @typecheck()
        def forward(
            self, f: Encoded, g: Encoded
        ) -> Annotated[Tensor, NeuralType(("B", "T", "T", "D"))]:
            return f.transpose(1, 2).unsqueeze(2) + g.transpose(1, 2).unsqueeze(1)

    assert Joint()(torch.randn(2, 3, 7), torch.randn(2, 3, 5)).shape == (2, 7, 5, 3)


def test_symbol_binds_an_axis_across_ports_when_asked() -> None:
    t_axis = AxisType(AxisKind.Time, symbol="T")
    Frames = Annotated[Tensor, NeuralType(("B", t_axis))]

    class Mask(NeuralModule):
        @typecheck()
        def forward(self, x: Frames, mask: Frames) -> Frames:
            return x * mask

    assert Mask()(torch.ones(2, 5), torch.ones(2, 5)).shape == (2, 5)
    with pytest.raises(NeuralTypeError, match=r"axis 1 \(time=T\) has size 6, but T is 5"):
        Mask()(torch.ones(2, 5), torch.ones(2, 6))


def test_fixed_size_is_enforced() -> None:  # deviation D16
    class Mel80(NeuralModule):
        @typecheck()
        def forward(self, x: Annotated[Tensor, NeuralType(("B", AxisType("D", 80), "T"))]) -> None:
            return None

    Mel80()(torch.zeros(1, 80, 3))
    with pytest.raises(NeuralTypeError, match=r"axis 1 \(dimension:80\) has size 3, expected 80"):
        Mel80()(torch.zeros(1, 3, 3))


def test_element_type_same_or_greater_passes_others_fail() -> None:
    mel = spec()
    mel.neural_type = NeuralType(("B", "D", "T"), MelSpectrogramType())  # type: ignore[attr-defined]
    Encoder()(mel, lengths())  # Spectrogram port accepts Mel: GREATER
    logp = spec()
    logp.neural_type = NeuralType(("B", "D", "T"), LogprobsType())  # type: ignore[attr-defined]
    with pytest.raises(NeuralTypeError, match="INCOMPATIBLE") as info:
        Encoder()(logp, lengths())
    assert "tagged axes: (batch, dimension, time); elements_type: LogprobsType" in str(info.value)


def test_transposed_tagged_value_is_rejected() -> None:
    class TimeMajorEncoder(NeuralModule):
        @typecheck()
        def forward(
            self, x: Spec
        ) -> Annotated[Tensor, NeuralType(("B", "T", "D"), AcousticEncodedRepresentation())]:
            return x.transpose(1, 2) * 1.0

    time_major = TimeMajorEncoder()(spec())
    with pytest.raises(NeuralTypeError, match="TRANSPOSE_SAME"):
        Decoder()(time_major)
    # Tags are dropped by ops (as in NeMo): an untagged value is checked by rank/sizes only.
    assert Decoder()(time_major * 1.0).shape == (2, 4, 10)


def test_optional_ports_accept_none_or_omission_mandatory_do_not() -> None:
    class M(NeuralModule):
        @typecheck()
        def forward(self, x: Spec, length: Lengths | None = None) -> None:
            return None

    M()(spec())
    M()(spec(), None)
    with pytest.raises(NeuralTypeError, match='input "x": got None for a mandatory port'):
        M()(None)


def test_missing_mandatory_port_is_named() -> None:  # deviation D8
    class Legacy(NeuralModule):
        @property
        def input_types(self) -> dict[str, NeuralType]:
            return {"x": SPEC, "length": LEN, "extra": NeuralType(("B",), optional=True)}

        @typecheck()
        def forward(self, x: Tensor, length: Tensor = None, extra: Tensor = None) -> None:  # type: ignore[assignment]
            return None

    with pytest.raises(NeuralTypeError, match='input "length": mandatory port is missing'):
        Legacy()(x=spec(), extra=lengths())


def test_int_or_bool_on_an_axed_port_is_an_error() -> None:  # deviation D17
    class M(NeuralModule):
        @typecheck()
        def forward(
            self, length: Lengths, flag: Annotated[Tensor, NeuralType((), BoolType())]
        ) -> None:
            return None

    M()(lengths(), True)  # rank-0 port: a Python scalar is fine
    with pytest.raises(NeuralTypeError, match="expected a tensor with 1 axes, but got int"):
        M()(3, True)


def test_containers_check_depth_and_leaves() -> None:
    class M(NeuralModule):
        @typecheck()
        def forward(self, states: list[list[Lengths]]) -> list[Lengths]:
            return [s for group in states for s in group]

    out = M()([[lengths(), lengths()], [lengths()]])
    assert all(o.neural_type == LEN for o in out)
    with pytest.raises(
        NeuralTypeError, match="expected container depth 2, but found a value at depth 1"
    ):
        M()([lengths()])
    with pytest.raises(NeuralTypeError, match="rank 2, expected 1"):
        M()([[torch.zeros(2, 2)]])


def test_ignore_collections_checks_leaves_only() -> None:
    class M(NeuralModule):
        @typecheck(ignore_collections=True)
        def forward(self, x: Lengths) -> None:
            return None

    M()([[lengths()], [lengths()]])
    with pytest.raises(NeuralTypeError):
        M()([[torch.zeros(2, 2)]])


def test_dict_outputs_are_matched_by_key() -> None:  # deviation D10
    class M(NeuralModule):
        @typecheck(output_types={"logits": SPEC, "length": LEN})
        def forward(self, x: Spec, bad: bool = False) -> dict[str, Tensor]:
            return {"logits": x[0] if bad else x * 1, "length": lengths()}

    out = M()(spec())
    assert out["logits"].neural_type == SPEC and out["length"].neural_type == LEN
    with pytest.raises(NeuralTypeError, match='output "logits"'):
        M()(spec(), bad=True)


def test_existing_output_tags_are_checked_not_overwritten() -> None:  # D11, D12
    class Identity(NeuralModule):
        @typecheck()
        def forward(self, x: Spec) -> Annotated[Tensor, SPEC]:
            return x

    class Relabel(NeuralModule):
        @typecheck()
        def forward(self, x: Annotated[Tensor, NeuralType()]) -> Encoded:
            return x

    mel = spec()
    mel_type = NeuralType(("B", "D", "T"), MelSpectrogramType())
    mel.neural_type = mel_type  # type: ignore[attr-defined]
    assert Identity()(mel).neural_type is mel_type  # the caller's tag survives
    with pytest.raises(NeuralTypeError, match=r'Relabel\.forward: output "output"'):
        Relabel()(mel)  # a Mel tensor returned as an encoder output


def test_one_tensor_for_two_output_ports_is_not_rejected_by_its_own_tag() -> None:
    class Twice(NeuralModule):
        @typecheck()
        def forward(self, x: Spec) -> tuple[Annotated[Tensor, SPEC], Encoded]:
            y = x * 2
            return y, y

    a, b = Twice()(spec())
    assert a is b
    # one tensor cannot honestly carry one of two element types: it carries both, and a
    # consumer of either port accepts it
    assert isinstance(a.neural_type, EitherNeuralType)
    assert a.neural_type.candidates[0] == SPEC
    assert a.neural_type.compare(SPEC) is NeuralTypeComparisonResult.SAME


def test_a_value_declared_with_two_types_feeds_consumers_of_either() -> None:
    class Twice(NeuralModule):
        @typecheck()
        def forward(self, x: Spec) -> tuple[Annotated[Tensor, SPEC], Encoded]:
            y = x * 2
            return y, y

    class TakesSpec(NeuralModule):
        @typecheck()
        def forward(self, x: Spec) -> None:
            return None

    class TakesEncoded(NeuralModule):
        @typecheck()
        def forward(self, x: Encoded) -> None:
            return None

    class TakesLengths(NeuralModule):
        @typecheck()
        def forward(self, x: Annotated[Tensor, NeuralType(("B", "D", "T"), LengthsType())]) -> None:
            return None

    a, _ = Twice()(spec())
    TakesSpec()(a)
    TakesEncoded()(a)
    with pytest.raises(NeuralTypeError, match="tagged either"):
        TakesLengths()(a)


def test_output_count_is_checked() -> None:
    class M(NeuralModule):
        @typecheck()
        def forward(self, x: Spec) -> EncOut:
            return (x,)  # type: ignore[return-value]

    with pytest.raises(NeuralTypeError, match="expected 2 output value"):
        M()(spec())


@pytest.mark.parametrize("order", ["no_grad_above", "no_grad_below"])
def test_any_decorator_order(order: str) -> None:  # deviation D18
    if order == "no_grad_above":

        class M(NeuralModule):
            @torch.no_grad()
            @typecheck()
            def forward(self, x: Spec) -> Annotated[Tensor, SPEC]:
                return x * 2

    else:

        class M(NeuralModule):  # type: ignore[no-redef]
            @typecheck()
            @torch.no_grad()
            def forward(self, x: Spec) -> Annotated[Tensor, SPEC]:
                return x * 2

    x = spec().requires_grad_()
    out = M()(x)
    assert not out.requires_grad and out.neural_type == SPEC
    with pytest.raises(NeuralTypeError):
        M()(torch.zeros(2))


def test_plain_nn_module_and_free_functions_work() -> None:
    class Plain(torch.nn.Module):
        @typecheck()
        def forward(self, x: Spec) -> Annotated[Tensor, SPEC]:
            return x

    @typecheck()
    def total(x: Lengths) -> Annotated[Tensor, NeuralType((), LengthsType())]:
        return x.sum()

    assert Plain()(spec()).shape == (2, 4, 10)
    assert total(lengths()).neural_type.axes == ()  # type: ignore[attr-defined]
    with pytest.raises(NeuralTypeError, match=r"total: input \"x\""):
        total(torch.zeros(2, 2))


def test_checks_never_read_tensor_values() -> None:
    meta = torch.empty(2, 4, 10, device="meta")  # has a shape, no data: .item() would fail
    out = Encoder().to("meta")(meta, torch.empty(2, device="meta"))
    assert out.outputs.shape == (2, 8, 5)
    with pytest.raises(NeuralTypeError):
        Encoder().to("meta")(meta, torch.empty(3, device="meta"))


def test_checks_are_context_local_across_threads() -> None:
    seen: list[str] = []

    def worker() -> None:
        try:
            Encoder()(torch.zeros(2), lengths())
        except NeuralTypeError:
            seen.append("checked")

    with typecheck.disable_checks():
        Encoder()(torch.zeros(2, 4, 10), lengths(3))  # off here...
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert seen == ["checked"]  # ...but still on in another thread
