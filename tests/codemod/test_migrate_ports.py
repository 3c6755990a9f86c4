"""Before/after cases for MigratePortsCommand (libcst CodemodTest style)."""
# ruff: noqa: E501 (the cases are source files whose long lines are the point)

from __future__ import annotations

from libcst.codemod import CodemodTest

from neuraltypes.codemods import MigratePortsCommand

HEAD = """
from torch import Tensor
from neuraltypes import NeuralModule, NeuralType, LengthsType, LogprobsType, LossType
from neuraltypes import AcousticEncodedRepresentation, SpectrogramType, ElementType
"""


class TestMigratePorts(CodemodTest):
    maxDiff = None
    TRANSFORM = MigratePortsCommand

    def test_single_output_and_inputs(self) -> None:
        before = (
            HEAD
            + """
class Decoder(NeuralModule):
    @property
    def input_types(self):
        return {"encoder_output": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())}

    @property
    def output_types(self):
        return {"logprobs": NeuralType(("B", "T", "D"), LogprobsType())}

    def forward(self, encoder_output):
        return encoder_output.transpose(1, 2)
"""
        )
        after = """
from typing import Annotated

from torch import Tensor
from neuraltypes import NeuralModule, NeuralType, LengthsType, LogprobsType, LossType
from neuraltypes import AcousticEncodedRepresentation, SpectrogramType, ElementType

class Decoder(NeuralModule):
    def forward(
        self,
        encoder_output: Annotated[
            Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())
        ],
    ) -> Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType()), "logprobs"]:
        return encoder_output.transpose(1, 2)
"""
        self.assertCodemod(before, after, expected_warnings=[])

    def test_tuple_output_keeps_user_spelling(self) -> None:
        before = """
from collections import OrderedDict
from typing import Tuple
import torch
import neuraltypes as nt

class Enc(nt.NeuralModule):
    @property
    def output_types(self):
        return OrderedDict([("outputs", nt.NeuralType(("B", "D", "T"), nt.AcousticEncodedRepresentation())),
                            ("encoded_lengths", nt.NeuralType(tuple("B"), nt.LengthsType()))])

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return x, x.sum(1)
"""
        after = """
from typing import Annotated, Tuple
import torch
import neuraltypes as nt

class Enc(nt.NeuralModule):
    def forward(
        self,
        x: torch.Tensor,
    ) -> Tuple[
        Annotated[
            torch.Tensor, nt.NeuralType(("B", "D", "T"), nt.AcousticEncodedRepresentation()), "outputs"
        ],
        Annotated[torch.Tensor, nt.NeuralType(tuple("B"), nt.LengthsType()), "encoded_lengths"],
    ]:
        return x, x.sum(1)
"""
        self.assertCodemod(before, after, expected_warnings=[])

    def test_namedtuple_output_annotates_fields(self) -> None:
        before = (
            HEAD
            + """
from typing import NamedTuple

class EncOut(NamedTuple):
    outputs: Tensor
    encoded_lengths: Tensor

class Enc(NeuralModule):
    @property
    def output_types(self):
        return {
            "outputs": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()),
            "encoded_lengths": NeuralType(tuple("B"), LengthsType()),
        }

    def forward(self, x):
        return EncOut(x, x.sum(1))
"""
        )
        after = (
            HEAD
            + """
from typing import Annotated, NamedTuple

class EncOut(NamedTuple):
    outputs: Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]
    encoded_lengths: Annotated[Tensor, NeuralType(tuple("B"), LengthsType())]

class Enc(NeuralModule):
    def forward(self, x) -> EncOut:
        return EncOut(x, x.sum(1))
"""
        )
        self.assertCodemod(before, after, expected_warnings=[])

    def test_optional_and_container_ports(self) -> None:
        before = (
            HEAD
            + """
from typing import Optional, List

class RNNTDecoder(NeuralModule):
    @property
    def input_types(self):
        return {
            "targets": NeuralType(("B", "T"), LengthsType()),
            "states": [NeuralType(("D", "B", "D"), ElementType(), optional=True)],
            "cache": NeuralType(("D", "B", "T", "D"), ElementType(), optional=True),
        }

    def forward(self, targets, states: Optional[List[Tensor]] = None, cache=None):
        return targets
"""
        )
        after = (
            HEAD
            + """
from typing import Optional, List, Annotated

class RNNTDecoder(NeuralModule):
    def forward(
        self,
        targets: Annotated[Tensor, NeuralType(("B", "T"), LengthsType())],
        states: Optional[
            List[Annotated[Tensor, NeuralType(("D", "B", "D"), ElementType(), optional=True)]]
        ] = None,
        cache: Annotated[
            Tensor, NeuralType(("D", "B", "T", "D"), ElementType(), optional=True)
        ]
        | None = None,
    ):
        return targets
"""
        )
        self.assertCodemod(before, after, expected_warnings=[])

    def test_nemo_alias_and_already_annotated(self) -> None:
        before = """
from typing import Annotated
from torch import Tensor
from neuraltypes import NeuralModule
from nemo.core.neural_types import NeuralType as NT, LossType

class Loss(NeuralModule):
    @property
    def input_types(self):
        return {"x": NT(tuple("B"), LossType())}

    @property
    def output_types(self):
        return {"output": NT(elements_type=LossType())}

    def forward(self, x: Annotated[Tensor, NT(tuple("B"), LossType())]) -> Tensor:
        return x.mean()
"""
        after = """
from typing import Annotated
from torch import Tensor
from neuraltypes import NeuralModule
from nemo.core.neural_types import NeuralType as NT, LossType

class Loss(NeuralModule):
    def forward(
        self,
        x: Annotated[Tensor, NT(tuple("B"), LossType())],
    ) -> Annotated[Tensor, NT(elements_type=LossType())]:
        return x.mean()
"""
        self.assertCodemod(before, after, expected_warnings=[])

    def test_noop(self) -> None:
        code = (
            HEAD
            + """
class Plain(NeuralModule):
    def forward(self, x: Tensor) -> Tensor:
        return x
"""
        )
        self.assertCodemod(code, code, expected_warnings=[])


WARN_HEAD = """
from torch import Tensor
from neuraltypes import NeuralModule, NeuralType, AudioSignal, LengthsType
"""


class TestLeftAsIs(CodemodTest):
    TRANSFORM = MigratePortsCommand

    def assertLeft(self, body: str, warning: str) -> None:
        code = WARN_HEAD + body
        self.assertCodemod(code, code, expected_warnings=[warning])

    def test_self_state(self) -> None:
        self.assertLeft(
            """
class Pre(NeuralModule):
    @property
    def input_types(self):
        return {"input_signal": NeuralType(("B", "T"), AudioSignal(freq=self._sample_rate))}

    def forward(self, input_signal):
        return input_signal
""",
            "line 6: Pre.input_types left as is: port 'input_signal' is computed from self "
            "state (self._sample_rate)",
        )

    def test_branches(self) -> None:
        self.assertLeft(
            """
class Pre(NeuralModule):
    @property
    def output_types(self):
        if self.training:
            return {"y": NeuralType(("B", "T"), LengthsType())}
        return {"y": NeuralType(("B",), LengthsType())}

    def forward(self, x):
        return x
""",
            "line 6: Pre.output_types left as is: the property computes its ports with "
            "branches or statements",
        )

    def test_no_matching_parameter(self) -> None:
        self.assertLeft(
            """
class CTC(NeuralModule):
    @property
    def input_types(self):
        return {"x": NeuralType(("B",), LengthsType()), "sample_id": NeuralType(("B",), LengthsType())}

    def forward(self, x):
        return x
""",
            "line 6: CTC.input_types left as is: port 'sample_id' has no matching forward parameter",
        )

    def test_kwargs(self) -> None:
        self.assertLeft(
            """
class K(NeuralModule):
    @property
    def input_types(self):
        return {"x": NeuralType(("B",), LengthsType())}

    def forward(self, **kwargs):
        return kwargs["x"]
""",
            "line 6: K.input_types left as is: forward takes **kwargs, so ports cannot be "
            "matched by name",
        )

    def test_count_mismatch(self) -> None:
        self.assertLeft(
            """
class C(NeuralModule):
    @property
    def output_types(self):
        return {"y": NeuralType(("B",), LengthsType())}

    def forward(self, x):
        return x, x
""",
            "line 6: C.output_types left as is: output_types declares 1 port but forward "
            "returns a 2-tuple",
        )

    def test_order_mismatch(self) -> None:
        self.assertLeft(
            """
class O(NeuralModule):
    @property
    def input_types(self):
        return {"b": NeuralType(("B",), LengthsType()), "a": NeuralType(("B",), LengthsType())}

    def forward(self, a, b):
        return a
""",
            "line 6: O.input_types left as is: ports are declared in the order ['b', 'a'] "
            "but forward takes ['a', 'b']",
        )

    def test_non_tensor_annotation(self) -> None:
        self.assertLeft(
            """
class A(NeuralModule):
    @property
    def input_types(self):
        return {"n": NeuralType(("B",), LengthsType())}

    def forward(self, n: int):
        return n
""",
            "line 6: A.input_types left as is: 'n' is annotated 'int', not a Tensor",
        )

    def test_no_forward(self) -> None:
        self.assertLeft(
            """
class Child(NeuralModule):
    @property
    def input_types(self):
        return {"n": NeuralType(("B",), LengthsType())}
""",
            "line 6: Child.input_types left as is: the class defines no forward to annotate",
        )

    def test_jit_script(self) -> None:
        self.assertLeft(
            """
import torch

class S(NeuralModule):
    @property
    def input_types(self):
        return {"n": NeuralType(("B",), LengthsType())}

    def forward(self, n):
        return n

scripted = torch.jit.script(S())
""",
            "line 8: S.input_types left as is: the file calls torch.jit.script, which rejects "
            "Annotated[...] signatures",
        )


class TestReturnNoneAndStarImport(CodemodTest):
    TRANSFORM = MigratePortsCommand

    def test_return_none_property_goes_with_the_rest(self) -> None:
        before = """
from nemo.core.neural_types import *
from neuraltypes import NeuralModule

class Loss(NeuralModule):
    @property
    def input_types(self):
        return {"x": NeuralType(tuple("B"), LossType())}

    @property
    def output_types(self):
        return None

    def forward(self, x):
        return x.mean()
"""
        after = """
from typing import Annotated

from nemo.core.neural_types import *
from neuraltypes import NeuralModule
from torch import Tensor

class Loss(NeuralModule):
    def forward(self, x: Annotated[Tensor, NeuralType(tuple("B"), LossType())]):
        return x.mean()
"""
        self.assertCodemod(before, after, expected_warnings=[])
