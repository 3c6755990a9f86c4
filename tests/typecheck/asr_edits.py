"""Single-file edits that plant a bug in ``projects/asrproj`` (shared aliases in ``ntypes.py``).

Each edit names the file, the exact replacements (each ``old`` must occur once) and a
fragment the cold run must report for the planted bug (``None``: the edit is consistent,
and nothing may be reported).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Edit:
    """One edit of one file of the project."""

    name: str
    file: str
    replace: tuple[tuple[str, str], ...]
    expect: str | None
    #: dmypy misses this edit (a known gap): only what an alias or a NamedTuple field means
    #: changes, in a module without neural classes; mypy's fine-grained snapshot of it (types
    #: without ``Annotated`` metadata) stays the same, so nothing importing it is re-analysed.
    dmypy_gap: bool = False

    def apply(self, package: Path) -> None:
        """Rewrite ``package/file`` with the replacements."""
        path = package / self.file
        text = path.read_text()
        for old, new in self.replace:
            assert text.count(old) == 1, (self.name, old)
            text = text.replace(old, new)
        path.write_text(text)


EDITS = [
    Edit(
        "8 kHz frontend fed 16 kHz audio",
        "frontend.py",
        (("def forward(self, audio: Audio, length", "def forward(self, audio: Audio8k, length"),),
        "AudioSignal(freq=16000) has incompatible parameters, expected AudioSignal(freq=8000)",
    ),
    Edit(
        "telephone frontend in a 16 kHz model",
        "model.py",
        (
            ("import MelFrontend, SpecAugment", "import SpecAugment, TelephoneFrontend"),
            ("self.preprocessor = MelFrontend()", "self.preprocessor = TelephoneFrontend()"),
        ),
        'argument "audio" of "TelephoneFrontend.forward"',
    ),
    Edit(
        "swapped positional arguments",
        "model.py",
        (("self.encoder(mel, mel_len)", "self.encoder(mel_len, mel)"),),
        'argument "length" of "ConvEncoder.forward"',
    ),
    Edit(
        "decoder returns logits; training_step still feeds the CTC loss",
        "decoder.py",
        (
            ("from .ntypes import LogProbs", "from .ntypes import Logits"),
            (") -> LogProbs:", ") -> Logits:"),
        ),
        "LogitsType is not a subclass of LogprobsType",
    ),
    Edit(
        "transposed input under `if self.training`",
        "model.py",
        (("spec_augment(input_spec=mel,", "spec_augment(input_spec=mel.transpose(1, 2),"),),
        'argument "input_spec" of "SpecAugment.forward"',
    ),
    Edit(
        "Mel features straight into the decoder",
        "model.py",
        (("self.decoder(encoder_output=encoded)", "self.decoder(encoder_output=mel)"),),
        "MelSpectrogramType is not a subclass of AcousticEncodedRepresentation",
    ),
    Edit(
        "NamedTuple field retyped in the shared module",
        "ntypes.py",
        (("    encoded: Encoded\n", "    encoded: Mel\n"),),
        "MelSpectrogramType is not a subclass of AcousticEncodedRepresentation",
        dmypy_gap=True,
    ),
    Edit(
        "encoder returns its outputs in the other order",
        "encoder.py",
        (
            ("-> EncoderOutput:", "-> tuple[Lengths, Encoded]:"),
            ("import EncoderOutput,", "import Encoded, EncoderOutput,"),
        ),
        "LengthsType is not a subclass of AcousticEncodedRepresentation",
    ),
    Edit(
        "project element type re-based",
        "elements.py",
        (
            ("import AcousticEncodedRepresentation", "import SpectrogramType"),
            ("(AcousticEncodedRepresentation):", "(SpectrogramType):"),
        ),
        "ConformerEncoding is not a subclass of AcousticEncodedRepresentation",
    ),
    Edit(
        "CTC loss now wants logits",
        "losses.py",
        (
            ("Labels, Lengths, LogProbs, Loss", "Labels, Lengths, Logits, Loss"),
            ("log_probs: LogProbs", "log_probs: Logits"),
        ),
        "LogprobsType is not a subclass of LogitsType",
    ),
    Edit(
        "labels and log-probs swapped in the loss call",
        "model.py",
        (
            ("log_probs=log_probs,\n", "log_probs=transcript,\n"),
            ("targets=transcript,\n", "targets=log_probs,\n"),
        ),
        'argument "targets" of "CTCLoss.forward"',
    ),
    Edit(
        "Mel alias transposed in the shared module (the encoder reads it through a re-export)",
        "ntypes.py",
        (
            (
                'NeuralType(("B", "D", "T"), MelSpectrogramType())',
                'NeuralType(("B", "T", "D"), MelSpectrogramType())',
            ),
        ),
        'argument "input_spec" of "SpecAugment.forward"',
        dmypy_gap=True,
    ),
    Edit(
        "re-exported alias retargeted",
        "aliases.py",
        (("Features = Mel\n", "Features = Encoded\n"),),
        "MelSpectrogramType is not a subclass of ConformerEncoding",
        dmypy_gap=True,
    ),
    Edit(
        "shared Lengths alias re-spelled (consistent: nothing to report)",
        "ntypes.py",
        (('NeuralType(tuple("B"), LengthsType())', 'NeuralType(("B",), LengthsType())'),),
        None,
    ),
    Edit(
        "comment-only edit of the shared module",
        "ntypes.py",
        (("SAMPLE_RATE = 16000\n", "SAMPLE_RATE = 16000  # Hz\n"),),
        None,
    ),
]
