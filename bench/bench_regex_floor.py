"""How much of the pipeline's time the regex engine alone takes: a floor under the time per article that no
change to the Python around the regexes can go below.

Records every call made to a compiled pattern (search, match, finditer, sub, ...) while the corpus of
`bench_pipeline.py` is cleaned and digested, then replays exactly those calls, with their arguments, and
times the replay. The pipeline itself is timed in a fresh process of its own (without the recording). Calls
through the module-level functions (`re.match(pattern_string, ...)`) are not recorded, so the floor is if
anything low.

    python bench/bench_regex_floor.py [--articles 600] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
_METHODS = frozenset({"search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"})
Call = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any], bool]


class _Recorded:
    """A compiled pattern whose matching calls are recorded."""

    __slots__ = ("_calls", "_pattern")

    def __init__(self, pattern: re.Pattern[str], calls: list[Call]) -> None:
        self._pattern = pattern
        self._calls = calls

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._pattern, name)
        if name not in _METHODS:
            return attr

        def recorded(*args: Any, **kwargs: Any) -> Any:
            self._calls.append((attr, args, kwargs, name == "finditer"))
            return attr(*args, **kwargs)

        return recorded


def _replay(calls: list[Call]) -> float:
    started = time.process_time()
    for method, args, kwargs, iterate in calls:
        result = method(*args, **kwargs)
        if iterate:
            for _ in result:
                pass
    return time.process_time() - started


def _floor(articles: int, repeat: int) -> tuple[float, float]:
    """(regex calls per article, best replay in ms per article), recorded in this process."""
    calls: list[Call] = []
    compile_pattern = re.compile
    re.compile = lambda pattern, flags=0: _Recorded(compile_pattern(pattern, flags), calls)  # type: ignore[assignment]
    try:
        sys.path.insert(0, str(HERE.parent))
        import bench_pipeline  # noqa: PLC0415  # imported once re.compile records: the project's patterns too

        from digest import gazetteer  # noqa: PLC0415
    finally:
        re.compile = compile_pattern
    gaz = gazetteer.load()
    texts = bench_pipeline.corpus(articles)
    calls.clear()
    bench_pipeline._run(texts, gaz)
    best = min(_replay(calls) for _ in range(repeat))
    return len(calls) / articles, best * 1000 / articles


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    script = str(HERE.parent / "bench_pipeline.py")
    pipeline = subprocess.run(  # noqa: S603  # this interpreter, and the script beside this one
        [sys.executable, script, "--articles", str(args.articles), "--repeat", str(args.repeat)],
        check=True,
        capture_output=True,
        text=True,
    )
    print(pipeline.stdout.strip())
    per_article, replay_ms = _floor(args.articles, args.repeat)
    print(f"regex calls: {per_article:.0f} per article; replayed alone: {replay_ms:.2f} ms per article (best)")
    print(f"so at most {1000 / replay_ms:.0f} articles/s, were all the Python around them free")


if __name__ == "__main__":
    main()
