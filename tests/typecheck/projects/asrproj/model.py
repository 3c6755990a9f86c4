"""The CTC model, Lightning-style: forward for inference, training_step for the loss."""

from neuraltypes import NeuralModule

from .decoder import CTCDecoder
from .encoder import ConvEncoder
from .frontend import MelFrontend, SpecAugment
from .losses import CTCLoss
from .normalize import FeatureNormalizer
from .ntypes import Audio, Lengths, LogProbs


class CTCModel(NeuralModule):
    """Audio in, per-frame log-probabilities out."""

    def __init__(self) -> None:
        super().__init__()
        self.preprocessor = MelFrontend()
        self.normalize = FeatureNormalizer()
        self.spec_augment = SpecAugment()
        self.encoder = ConvEncoder()
        self.decoder = CTCDecoder()
        self.loss = CTCLoss()

    def forward(
        self, input_signal: Audio, input_signal_length: Lengths
    ) -> tuple[LogProbs, Lengths]:
        raw, mel_len = self.preprocessor(input_signal, input_signal_length)
        mel = self.normalize(raw, mel_len)
        if self.training:
            mel = self.spec_augment(input_spec=mel, length=mel_len)
        encoded, encoded_len = self.encoder(mel, mel_len)
        log_probs = self.decoder(encoder_output=encoded)
        return log_probs, encoded_len

    def training_step(self, batch, batch_idx):
        signal, signal_len, transcript, transcript_len = batch
        mel, mel_len = self.preprocessor(audio=signal, length=signal_len)
        out = self.encoder(audio_signal=mel, length=mel_len)
        log_probs = self.decoder(encoder_output=out.encoded)
        loss = self.loss(
            log_probs=log_probs,
            targets=transcript,
            input_lengths=out.encoded_len,
            target_lengths=transcript_len,
        )
        return {"loss": loss}
