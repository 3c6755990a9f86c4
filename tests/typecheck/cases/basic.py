# fmt: off
# ruff: noqa: E501
from torch import Tensor, nn

from neuraltypes._reveal import reveal_neural_type

from ._modules import BTDDecoder, Decoder, Encoder, MyPreprocessor, Preprocessor


# case: calls_between_annotated_modules_are_checked
class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.pre = Preprocessor()
        self.mypre = MyPreprocessor()
        self.encoder = Encoder()
        self.decoder = Decoder()
        self.btd = BTDDecoder()

    def forward(self, audio: Tensor) -> Tensor:
        spec, spec_len = self.pre(audio)
        reveal_neural_type(spec)  # N: Revealed neural type is "NeuralType(('B', 'D', 'T'), MelSpectrogramType)" from "Preprocessor.forward" output 0
        enc, enc_len = self.encoder(spec, spec_len)
        self.encoder(self.mypre(audio), spec_len)
        out = self.decoder(enc)
        self.decoder(encoder_output=enc)
        self.decoder(enc, mask=None)
        outs = self.encoder(spec, spec_len)
        self.decoder(outs[0])
        self.decoder(outs[1])  # E: Neural type mismatch for argument "encoder_output" of "Decoder.forward": expected NeuralType(('B', 'D', 'T'), EncodedRepresentation), got NeuralType(('B',), LengthsType) from "Encoder.forward" output 1 (expected 3 axes, got 1; LengthsType is not a subclass of EncodedRepresentation)
        self.decoder(self.encoder(spec, spec_len)[0])
        self.btd(enc)  # E: (axis 1 is D, expected T)
        self.encoder(spec_len, spec)  # E: argument "audio_signal" of "Encoder.forward" # E: argument "length" of "Encoder.forward"
        self.encoder(length=spec_len, audio_signal=enc)  # E: got NeuralType(('B', 'D', 'T'), AcousticEncodedRepresentation) from "Encoder.forward" output 0 (AcousticEncodedRepresentation is not a subclass of SpectrogramType)
        self.decoder(enc, enc_len, enc)  # E: Too many arguments for "Decoder.forward" # E: argument "mask" of "Decoder.forward"
        self.decoder(enc, masks=enc_len)  # E: Unexpected keyword argument "masks" for "Decoder.forward"
        self.encoder(spec)  # E: Missing argument "length" for port of "Encoder.forward"
        self.decoder(enc, mask=enc_len)  # E: argument "mask" of "Decoder.forward": expected NeuralType(('B', 'T'), VoidType), got NeuralType(('B',), LengthsType)
        return out
