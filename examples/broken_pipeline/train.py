"""Train the CTC model for a few steps on random audio (CPU, a few seconds).

python examples/broken_pipeline/train.py --steps 3
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import torch
from torch import Tensor

if __package__ in (None, ""):  # run as a script: make the example packages importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from broken_pipeline.model import EncDecCTCModel
from broken_pipeline.modules import SAMPLE_RATE

VOCABULARY = list("abcdefghijklmnopqrstuvwxyz '")


def random_batch(batch_size: int, seconds: float) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Noise audio of uneven lengths with random transcripts: (signal, len, tokens, len)."""
    n = int(SAMPLE_RATE * seconds)
    signal = 0.1 * torch.randn(batch_size, n)
    signal_length = torch.randint(n // 2, n + 1, (batch_size,))
    signal_length[0] = n
    transcript = torch.randint(0, len(VOCABULARY), (batch_size, 12))
    transcript_length = torch.randint(4, 13, (batch_size,))
    return signal, signal_length, transcript, transcript_length


def main(argv: list[str] | None = None) -> None:
    """Build the model, take ``--steps`` optimiser steps, and transcribe one batch."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=2)
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    model = EncDecCTCModel(vocabulary=VOCABULARY)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for step in range(args.steps):
        loss = model.training_step(random_batch(args.batch_size, seconds=1.0))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        print(f"step {step}: loss {loss.item():.3f}")
    model.eval()
    signal, signal_length, _, _ = random_batch(args.batch_size, seconds=1.0)
    with torch.no_grad():
        log_probs, encoded_len, _ = model(input_signal=signal, input_signal_length=signal_length)
    print(f"log_probs {tuple(log_probs.shape)}, encoded_len {encoded_len.tolist()}")
    print(f"transcripts: {model.transcribe(signal, signal_length)}")


if __name__ == "__main__":
    main()
