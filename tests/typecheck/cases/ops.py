# fmt: off
# ruff: noqa: E501
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from neuraltypes._reveal import reveal_neural_type

from ._modules import BTDDecoder, Decoder, Encoder, Preprocessor


# case: modelled_tensor_ops_keep_or_move_axes
class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.pre = Preprocessor()
        self.encoder = Encoder()
        self.decoder = Decoder()
        self.btd = BTDDecoder()
        self.act = nn.ReLU()
        self.drop = nn.Dropout(0.1)
        self.norm = nn.LayerNorm(4)

    def forward(self, audio: Tensor) -> None:
        spec, spec_len = self.pre(audio)
        enc, _ = self.encoder(spec, spec_len)
        t = enc.transpose(1, 2)
        self.decoder(t)  # E: (axis 1 is T, expected D)
        self.btd(t)
        self.btd(enc.permute(0, 2, 1))
        self.decoder(enc.permute(0, 2, 1))  # E: via .permute()
        self.decoder(enc.permute((0, 2, 1)))  # E: via .permute()
        self.btd(enc.mT)
        self.btd(enc.transpose(-1, -2))
        self.decoder(enc.contiguous().float().detach().clone().to("cpu"))
        self.decoder(enc.contiguous().to(torch.float16).mT)  # E: via .mT
        self.decoder(F.relu(enc))
        self.decoder(F.dropout(enc.mT, 0.1))  # E: (axis 1 is T, expected D)
        self.decoder(torch.relu(enc))
        self.decoder(torch.transpose(enc, 1, 2))  # E: via transpose()
        self.decoder(self.norm(self.drop(self.act(enc))))
        self.decoder(self.act(enc).mT)  # E: (axis 1 is T, expected D)
        reveal_neural_type(self.act(enc.permute(0, 2, 1)))  # N: Revealed neural type is "NeuralType(('B', 'T', 'D'), AcousticEncodedRepresentation)"
