"""Page workers end with their driver, even when the driver is killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from tests.digitizer.conftest import ROOT

_DRIVER = """
import os, sys, tempfile, time
from pathlib import Path
from digitizer import Digitizer, DigitizeSpec

if __name__ == "__main__":
    with Digitizer(DigitizeSpec(jobs=2), Path(tempfile.mkdtemp())) as d:
        print(" ".join(str(p.pid) for p in d._pool._processes.values()), flush=True)
        time.sleep(120)
"""


def test_workers_end_when_the_driver_is_killed(tmp_path: Path) -> None:
    """Given a digitizer with its pool started, when its process is killed with SIGKILL
    (no clean-up runs), then its page workers and their fork server end too instead of
    waiting for ever (they did: ~250 MB each)."""
    script = tmp_path / "driver.py"
    script.write_text(_DRIVER, encoding="utf-8")
    driver = subprocess.Popen(
        [sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert driver.stdout is not None
        workers = [int(p) for p in driver.stdout.readline().split()]
        assert len(workers) == 2 and all(psutil.pid_exists(p) for p in workers)
        server = psutil.Process(workers[0]).ppid()
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait(timeout=10)
        deadline = time.monotonic() + 15
        alive = [p for p in [*workers, server] if psutil.pid_exists(p)]
        while alive and time.monotonic() < deadline:
            time.sleep(0.2)
            alive = [p for p in alive if _running(p)]
        assert alive == [], f"still running after the driver was killed: {alive}"
    finally:
        driver.kill()


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
