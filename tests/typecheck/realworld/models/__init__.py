# fmt: off
# ruff: noqa
from .ctc_models import EncDecCTCModel
