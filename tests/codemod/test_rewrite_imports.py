"""Before/after cases for RewriteNemoImportsCommand."""

from __future__ import annotations

from libcst.codemod import CodemodTest

import neuraltypes
from neuraltypes.codemods import RewriteNemoImportsCommand
from neuraltypes.codemods._names import NEURALTYPES_EXPORTS


class TestRewriteImports(CodemodTest):
    TRANSFORM = RewriteNemoImportsCommand

    def test_vocabulary_modules_move_whole(self) -> None:
        before = """
from nemo.core.neural_types import (
    NeuralType,  # the port type
    SpectrogramType,
)
from nemo.core.neural_types.elements import *
import nemo.core.neural_types as nt
"""
        after = """
from neuraltypes import (
    NeuralType,  # the port type
    SpectrogramType,
)
from neuraltypes import *
import neuraltypes as nt
"""
        self.assertCodemod(before, after)

    def test_mixed_module_splits(self) -> None:
        before = """
from nemo.core.classes import Exportable, NeuralModule, typecheck
from nemo.core import ModelPT
"""
        after = """
from nemo.core.classes import Exportable
from neuraltypes import NeuralModule, typecheck
from nemo.core import ModelPT
"""
        self.assertCodemod(before, after)

    def test_names_from_a_parenthesised_line_join_an_unparenthesised_one(self) -> None:
        # NeMo's aed_multitask_models.py: written as "from neuraltypes import AudioSignal,"
        # followed by the bare names (a syntax error) before this was laid out again
        before = """
from nemo.core.classes.common import typecheck
from nemo.core.neural_types import (
    AudioSignal,
    LengthsType,
)
"""
        after = """
from neuraltypes import AudioSignal, LengthsType, typecheck
"""
        self.assertCodemod(before, after)

    def test_a_merged_line_over_100_columns_takes_one_name_a_line(self) -> None:
        before = """
from nemo.core.classes.common import typecheck
from nemo.core.neural_types import (
    AcousticEncodedRepresentation,
    AudioSignal,
    LengthsType,
    MelSpectrogramType,
    NeuralType,
)
"""
        after = """
from neuraltypes import (
    AcousticEncodedRepresentation,
    AudioSignal,
    LengthsType,
    MelSpectrogramType,
    NeuralType,
    typecheck,
)
"""
        self.assertCodemod(before, after)

    def test_a_comment_among_the_names_keeps_the_lines_apart(self) -> None:
        before = """
from nemo.core.classes.common import typecheck
from nemo.core.neural_types import (
    AudioSignal,  # the input
    LengthsType,
)
"""
        after = """
from neuraltypes import typecheck
from neuraltypes import (
    AudioSignal,  # the input
    LengthsType,
)
"""
        self.assertCodemod(before, after)

    def test_noop(self) -> None:
        code = """
import nemo.core.neural_types
from nemo.collections.asr.modules import ConvASREncoder
from . import neural_types
"""
        self.assertCodemod(code, code)


def test_every_rewritten_name_exists_in_neuraltypes() -> None:
    assert NEURALTYPES_EXPORTS <= set(dir(neuraltypes))
