"""Kill -9 an ingesting process at random moments: the store must open with everything it acknowledged."""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from digest.store import TinyStore

ROOT = Path(__file__).resolve().parent.parent
KILLS = 6


def test_sigkill_at_random_points_loses_nothing_acknowledged(tmp_path: Path) -> None:
    rng = random.Random(20261122)
    store_path = tmp_path / "store"
    acknowledged: set[str] = set()
    for _ in range(KILLS):
        with subprocess.Popen(
            [sys.executable, "-m", "tests.crash_child", str(store_path), str(tmp_path / "work")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=os.environ | {"PYTHONPATH": str(ROOT)},
        ) as child:
            assert child.stdout is not None
            first = child.stdout.readline()  # wait until it is storing
            assert first.startswith(b"stored "), "the child stopped before storing anything"
            time.sleep(rng.uniform(0.0, 0.4))
            child.send_signal(signal.SIGKILL)
            out = first + child.stdout.read()
        acknowledged |= {line.split()[1].decode() for line in out.splitlines() if line.startswith(b"stored ")}

        store = TinyStore(store_path)
        items = list(store.digests())
        ids = collections.Counter(i.id for i in items)
        keys = collections.Counter(k for i in items for k in i.keys)
        assert acknowledged <= set(ids), f"lost: {sorted(acknowledged - set(ids))[:5]}"
        assert max(ids.values()) == 1
        assert max(keys.values()) == 1
    assert len(acknowledged) >= KILLS * 3
