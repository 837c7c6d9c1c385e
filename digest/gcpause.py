"""A pause of the cyclic garbage collector while a large batch of records is built and used.

Records here hold no reference cycles, so counting references frees them; but while thousands are alive,
each full collection walks every one of them, and a week of 10,000 digests read and summarised would pay
for that many times over.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block (it is restored as it was, whatever happens)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
