"""Classes that stay on NeMo: annotated ``forward``, properties derived from it (CodemodTest)."""

from __future__ import annotations

from libcst.codemod import CodemodTest

from neuraltypes.codemods import MigratePortsCommand

NEMO = """
from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import LengthsType, NeuralType
"""


class TestKeepNemo(CodemodTest):
    TRANSFORM = MigratePortsCommand

    def test_nemo_class_derives_its_properties_from_forward(self) -> None:
        """NeMo's typecheck keeps reading input_types/output_types; forward is the source."""
        before = (
            NEMO
            + """
class Lengths(NeuralModule):
    @property
    def input_types(self):
        \"\"\"Input ports.\"\"\"
        return {"length": NeuralType(tuple("B"), LengthsType())}

    @property
    def output_types(self):
        return {"out": NeuralType(tuple("B"), LengthsType())}

    @typecheck()
    def forward(self, length):
        return length
"""
        )
        after = """
from typing import Annotated

from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import LengthsType, NeuralType
from neuraltypes.nemo import input_types_of, output_types_of
from torch import Tensor

class Lengths(NeuralModule):
    @property
    def input_types(self):
        \"\"\"Input ports.\"\"\"
        return input_types_of(Lengths.forward)

    @property
    def output_types(self):
        return output_types_of(Lengths.forward)

    @typecheck()
    def forward(
        self,
        length: Annotated[Tensor, NeuralType(tuple("B"), LengthsType())],
    ) -> Annotated[Tensor, NeuralType(tuple("B"), LengthsType()), "out"]:
        return length
"""
        self.assertCodemod(before, after, expected_warnings=[])
        self.assertCodemod(after, after, expected_warnings=[])  # a second run: nothing, silently

    def test_nemo_base_through_a_module_attribute_or_a_class_of_the_same_file(self) -> None:
        before = """
from nemo.collections.asr.modules import rnnt_abstract
from nemo.core.neural_types import LengthsType, NeuralType

class Decoder(rnnt_abstract.AbstractRNNTDecoder):
    @property
    def input_types(self):
        return {"n": NeuralType(tuple("B"), LengthsType())}

    def forward(self, n):
        return n

class Child(Decoder):
    @property
    def output_types(self):
        return {"output": NeuralType(tuple("B"), LengthsType())}

    def forward(self, n):
        return n
"""
        after = """
from typing import Annotated

from nemo.collections.asr.modules import rnnt_abstract
from nemo.core.neural_types import LengthsType, NeuralType
from neuraltypes.nemo import input_types_of, output_types_of
from torch import Tensor

class Decoder(rnnt_abstract.AbstractRNNTDecoder):
    @property
    def input_types(self):
        return input_types_of(Decoder.forward)

    def forward(self, n: Annotated[Tensor, NeuralType(tuple("B"), LengthsType())]):
        return n

class Child(Decoder):
    @property
    def output_types(self):
        return output_types_of(Child.forward)

    def forward(self, n) -> Annotated[Tensor, NeuralType(tuple("B"), LengthsType())]:
        return n
"""
        self.assertCodemod(before, after, expected_warnings=[])

    def test_unresolved_base_in_a_file_that_imports_nemo_stays_on_nemo(self) -> None:
        before = """
from nemo.core.neural_types import LengthsType, NeuralType
from .base import LocalBase

class Relative(LocalBase):
    @property
    def input_types(self):
        return {"n": NeuralType(tuple("B"), LengthsType())}

    def forward(self, n, **kwargs):
        return n
"""
        after = """
from typing import Annotated

from nemo.core.neural_types import LengthsType, NeuralType
from .base import LocalBase
from neuraltypes.nemo import input_types_of
from torch import Tensor

class Relative(LocalBase):
    @property
    def input_types(self):
        return input_types_of(Relative.forward)

    def forward(self, n: Annotated[Tensor, NeuralType(tuple("B"), LengthsType())], **kwargs):
        return n
"""
        # **kwargs is fine here: NeMo reads the derived dict, which names every port
        self.assertCodemod(before, after, expected_warnings=[])

    def test_plain_torch_module_with_nemo_types_stays_on_nemo(self) -> None:
        before = """
import torch
from nemo.core.neural_types import LengthsType, NeuralType

class Joint(torch.nn.Module):
    @property
    def input_types(self):
        return {"n": NeuralType(tuple("B"), LengthsType())}

    def forward(self, n):
        return n
"""
        after = """
from typing import Annotated

import torch
from nemo.core.neural_types import LengthsType, NeuralType
from neuraltypes.nemo import input_types_of
from torch import Tensor

class Joint(torch.nn.Module):
    @property
    def input_types(self):
        return input_types_of(Joint.forward)

    def forward(self, n: Annotated[Tensor, NeuralType(tuple("B"), LengthsType())]):
        return n
"""
        self.assertCodemod(before, after, expected_warnings=[])

    def test_optional_port_on_nemo_type_puts_none_inside_annotated(self) -> None:
        """NeMo's NeuralType is unhashable: ``Annotated[...] | None`` fails at import."""
        before = """
from typing import Optional

import torch
from nemo.core.classes import NeuralModule
from nemo.core.neural_types import LengthsType, NeuralType

class Opt(NeuralModule):
    @property
    def input_types(self):
        return {
            "a": NeuralType(tuple("B"), LengthsType(), optional=True),
            "b": NeuralType(tuple("B"), LengthsType(), optional=True),
        }

    def forward(self, a=None, b: Optional[torch.Tensor] = None):
        return a
"""
        after = """
from typing import Annotated, Optional

import torch
from nemo.core.classes import NeuralModule
from nemo.core.neural_types import LengthsType, NeuralType
from neuraltypes.nemo import input_types_of
from torch import Tensor

class Opt(NeuralModule):
    @property
    def input_types(self):
        return input_types_of(Opt.forward)

    def forward(
        self,
        a: Annotated[Tensor | None, NeuralType(tuple("B"), LengthsType(), optional=True)] = None,
        b: Annotated[
            Optional[torch.Tensor], NeuralType(tuple("B"), LengthsType(), optional=True)
        ] = None,
    ):
        return a
"""
        self.assertCodemod(before, after, expected_warnings=[])

    def test_comments_of_a_removed_property_stay_above_forward(self) -> None:
        before = """
from neuraltypes import LengthsType, NeuralModule, NeuralType

class Enc(NeuralModule):
    @property
    def input_types(self):
        return {
            "length": NeuralType(tuple("B"), LengthsType()),  # in samples, not seconds
        }

    def forward(self, length):
        return length
"""
        after = """
from typing import Annotated

from neuraltypes import LengthsType, NeuralModule, NeuralType
from torch import Tensor

class Enc(NeuralModule):
    # in samples, not seconds
    def forward(self, length: Annotated[Tensor, NeuralType(tuple("B"), LengthsType())]):
        return length
"""
        self.assertCodemod(before, after, expected_warnings=[])


class TestKeepNemoLeftAsIs(CodemodTest):
    TRANSFORM = MigratePortsCommand

    def assertLeft(self, code: str, warning: str) -> None:
        self.assertCodemod(code, code, expected_warnings=[warning])

    def test_optional_container_port_with_default_none(self) -> None:
        self.assertLeft(
            NEMO
            + """
class States(NeuralModule):
    @property
    def input_types(self):
        return {"states": [NeuralType(tuple("B"), LengthsType(), optional=True)]}

    def forward(self, states=None):
        return states
""",
            "line 6: States.input_types left as is: optional container port 'states' uses "
            "NeMo's NeuralType, which is unhashable, so it cannot be spelled list[...] | None "
            "(typing hashes union members)",
        )

    def test_default_none_on_a_mandatory_port(self) -> None:
        """``length=None`` on a mandatory port would be an implicit Optional (mypy, RUF013)."""
        self.assertLeft(
            NEMO
            + """
class Enc(NeuralModule):
    @property
    def input_types(self):
        return {"length": NeuralType(tuple("B"), LengthsType())}

    def forward(self, length=None):
        return length
""",
            "line 6: Enc.input_types left as is: port 'length' is not optional but forward "
            "gives it the default None (the annotation would be an implicit Optional). HINT: "
            "declare the port optional=True, or drop the default",
        )

    def test_nested_nemo_class(self) -> None:
        self.assertLeft(
            NEMO
            + """
def factory():
    class Inner(NeuralModule):
        @property
        def input_types(self):
            return {"length": NeuralType(tuple("B"), LengthsType())}

        def forward(self, length):
            return length
    return Inner
""",
            "line 7: Inner.input_types left as is: the class stays on NeMo but is not at "
            "module level",
        )

    def test_a_still_used_import_is_kept(self) -> None:
        """OrderedDict goes only when no property left as is still uses it."""
        code = """
from collections import OrderedDict
from nemo.core.classes import NeuralModule
from nemo.core.neural_types import LengthsType, NeuralType

class Enc(NeuralModule):
    @property
    def input_types(self):
        return OrderedDict({"length": NeuralType(tuple("B"), LengthsType())})

    def forward(self, length=None):
        return length

class Dec(NeuralModule):
    @property
    def input_types(self):
        return OrderedDict({"length": NeuralType(tuple("B"), LengthsType())})

    def forward(self, length):
        return length
"""
        result = self.TRANSFORM  # noqa: F841 (documents the command under test)
        from neuraltypes.codemods._runner import migrate_source

        new = (migrate_source(code.encode(), "m.py").new or b"").decode()
        assert "from collections import OrderedDict\n" in new
        assert "return input_types_of(Dec.forward)" in new
        assert "return OrderedDict(" in new  # Enc's property, left as is
