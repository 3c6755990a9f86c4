"""The Lightning callback under ``DDPStrategy`` (gloo), two CPU processes, with resume.

The two ranks are launched as torchrun launches them (``LOCAL_RANK``, ``MASTER_PORT``), so
one process can run several ``fit`` calls; ``lightning_ddp_run.py`` does the training.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("lightning.pytorch")

SCRIPT = Path(__file__).with_name("lightning_ddp_run.py")
TIMEOUT_S = 240


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ranks(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("lightning_ddp")
    port = str(free_port())
    procs = []
    for rank in range(2):
        env = dict(
            os.environ,
            MASTER_ADDR="127.0.0.1",
            MASTER_PORT=port,
            NODE_RANK="0",
            LOCAL_RANK=str(rank),
            WORLD_SIZE="2",
        )
        log = (out / f"log{rank}.txt").open("w")
        cmd = [sys.executable, str(SCRIPT), str(out)]
        procs.append(subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT))
    try:
        codes = [p.wait(timeout=TIMEOUT_S) for p in procs]
    except subprocess.TimeoutExpired:
        codes = []
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    logs = "\n".join((out / f"log{r}.txt").read_text()[-3000:] for r in range(2))
    # A rank that aborted in gloo's teardown (SIGABRT, "terminate called without an active
    # exception") after writing its complete results ran every check; anything else fails.
    done = [c == 0 or (c == -6 and (out / f"rank{r}.json").exists()) for r, c in enumerate(codes)]
    assert codes and all(done), f"ranks exited with {codes or 'a timeout'}:\n{logs}"
    return [json.loads((out / f"rank{r}.json").read_text()) for r in range(2)]


def test_lightning_ddp_freezes_mid_run_and_unfreezes_a_module_frozen_at_start(
    ranks: list[dict[str, Any]],
) -> None:
    for r in ranks:
        assert r["mode"] == "drop_grads"  # auto under strategy="ddp"
        assert r["updates"] == list(range(1, 9))
        assert r["decoder_frozen_1_2"] and r["decoder_trains_after"]  # frozen at wrap time
        assert r["encoder_trains_before"] and r["encoder_frozen_3_5"] and r["encoder_trains_after"]
        assert r["requires_grad_kept"]
    assert ranks[0]["reference"] == ranks[1]["reference"]  # ranks bit-identical


def test_lightning_ddp_resume_inside_a_window_matches_an_uninterrupted_run(
    ranks: list[dict[str, Any]],
) -> None:
    for r in ranks:
        assert r["checkpoint_step"] == 4 and r["resumed_first_update"] == 5
        assert r["resumed_encoder_frozen"]
        assert r["resumed"] == r["reference"]  # bit-identical


def test_lightning_ddp_requires_grad_mode_refused_with_the_default_strategy(
    ranks: list[dict[str, Any]],
) -> None:
    for r in ranks:
        assert "DistributedDataParallel(find_unused_parameters=False)" in r["refused"]
        assert "mode: drop_grads" in r["refused"]
