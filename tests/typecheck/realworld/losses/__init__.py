# ruff: noqa
from .ctc import CTCLoss
