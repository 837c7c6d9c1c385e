"""Pipeline cost in CPU instructions per article, counted by valgrind (callgrind): a figure that does not
move with the machine's load, unlike `bench_pipeline.py`'s articles per second on a shared machine.

Runs the same corpus as `bench_pipeline.py` twice under callgrind (N articles, then one), and prints the
difference per article: cleaning and digesting, without start-up and the gazetteer load. Needs `valgrind`
on PATH; takes about a minute per 100 articles.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_pipeline import corpus  # this folder is on the path when a bench script runs

from digest import gazetteer
from digest.clean import split_articles
from digest.extract.words import capitalised_runs
from digest.pipeline import digest_article
from digest.textnorm import clear_caches

HERE = Path(__file__).resolve()


def main() -> None:
    """Print the figures (or, with --inner, do the work being counted)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        _digest(args.articles)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: apt install valgrind")
    many, one = _count(args.articles), _count(1)
    per_article = (many - one) / (args.articles - 1)
    print(f"instructions: {per_article / 1e6:.2f} million per text (cleaning and digesting, {args.articles} texts)")
    print(f"start-up and gazetteer load: {one / 1e9:.2f} billion")


def _count(articles: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, str(HERE)]
        run = subprocess.run(  # noqa: S603  # this interpreter, this script
            [*command, "--inner", "--articles", str(articles)],
            capture_output=True,
            text=True,
            check=True,
        )
    found = re.search(r"Collected : (\d+)", run.stderr)
    if found is None:
        sys.exit(f"callgrind printed no count:\n{run.stderr[-2000:]}")
    return int(found.group(1))


def _digest(articles: int) -> None:
    gaz = gazetteer.load()
    for i, text in enumerate(corpus(articles)):
        capitalised_runs.cache_clear()  # as in bench_pipeline: real articles share no paragraphs
        clear_caches()
        for article in split_articles(text, f"bench/{i}.txt"):
            digest_article(article, gaz)


if __name__ == "__main__":
    main()
