"""A model base that builds its modules from its config (NeMo's ``EncDecCTCModel``)."""

from typing import Any

import hydra.utils  # type: ignore[import-not-found]
from nemo.core.classes import NeuralModule


class BaseModel(NeuralModule):
    def __init__(self, cfg: Any) -> None:
        super().__init__()
        self._cfg = cfg
        self.preprocessor = BaseModel.from_config_dict(self._cfg.preprocessor)
        self.encoder = self.from_config_dict(self._cfg.encoder)
        self.decoder = hydra.utils.instantiate(cfg.decoder)

    @classmethod
    def from_config_dict(cls, cfg: Any) -> Any:
        return cfg

    def forward(self, signal, length):
        spec, spec_len = self.preprocessor(input_signal=signal, length=length)
        encoded, encoded_len = self.encoder(audio_signal=spec, length=spec_len)
        return self.decoder(encoder_output=encoded), encoded_len
