from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).parent))

from freeze_models import Net


@pytest.fixture
def net() -> Net:
    torch.manual_seed(0)
    return Net()
