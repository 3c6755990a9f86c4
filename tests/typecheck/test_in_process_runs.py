"""Several mypy builds in one process (``mypy.api.run``, as an editor's language server runs
mypy on each save) see the files as they are at each build: an edited port is read again.

Within one plain build the plugin trusts a file it has parsed (no ``stat`` at every
question); a new build must forget that, or it checks against the previous text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .runner import ROOT, write_ini

ENCODER = """\
from typing import Annotated

from torch import Tensor

from neuraltypes import NeuralModule, NeuralType, {element}


class Enc(NeuralModule):
    def forward(
        self, audio: Annotated[Tensor, NeuralType(("B", "D", "T"), {element}())]
    ) -> Tensor:
        return audio
"""

MODEL = """\
from typing import Annotated

from torch import Tensor

from enc import Enc
from neuraltypes import MelSpectrogramType, NeuralModule, NeuralType


class Model(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.enc = Enc()

    def forward(
        self, mel: Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType())]
    ) -> Tensor:
        return self.enc(mel)
"""

#: Two builds in one process, the encoder's port edited in between; prints both reports.
SCRIPT = """\
import sys
from pathlib import Path
from mypy import api

enc = Path("enc.py")
args = ["--config-file", "mypy.ini", "--cache-dir", "cache", "--no-error-summary", "model.py"]
first = api.run(args)[0]
enc.write_text(enc.read_text().replace("SpectrogramType", "LogprobsType"))
second = api.run(args)[0]
print(first, "=====", second, sep="\\n")
"""


def test_a_second_build_in_the_same_process_reads_an_edited_port(tmp_path: Path) -> None:
    write_ini(tmp_path)
    (tmp_path / "enc.py").write_text(ENCODER.format(element="SpectrogramType"))
    (tmp_path / "model.py").write_text(MODEL)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    first, _, second = proc.stdout.partition("=====")
    assert "[neural-type]" not in first, first
    assert 'argument "audio" of "Enc.forward"' in second, second
    assert "LogprobsType" in second, second
