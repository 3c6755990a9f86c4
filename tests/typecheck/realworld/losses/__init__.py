# fmt: off
# ruff: noqa
from .ctc import CTCLoss
