"""Pipeline benchmark: articles per second on one core, peak memory, gazetteer load time.

The corpus (default 1,200 articles) is generated from the bundled samples and the test cases by
varying districts, numbers and days, so that no two articles are the same text.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from pathlib import Path

from digest import gazetteer
from digest.clean import split_articles
from digest.extract.words import capitalised_runs
from digest.pipeline import digest_article
from digest.textnorm import clear_caches

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    p
    for folder in ("digest/samples", "tests/data/dev", "tests/data/dev-reform")
    for p in sorted((ROOT / folder).glob("*.txt"))
]
DISTINCT_ABOVE = 80  # characters: shorter lines are titles, bylines and datelines, left as they are
SWAPS = (("Thọ Xuân", "Triệu Sơn"), ("Vĩnh Lộc", "Hà Trung"), ("Tiên Yên", "Đầm Hà"), ("Yên Minh", "Quản Bạ"))


def corpus(size: int, seed: int = 7) -> list[str]:
    """`size` article texts, each a sample with its places, numbers and days varied, and each body paragraph
    made its own (real articles share no paragraphs, so no cache may remember one from article to article)."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    out = []
    for i in range(size):
        text = texts[i % len(texts)]
        old, new = SWAPS[rng.randrange(len(SWAPS))]
        text = text.replace(old, new)
        text = text.replace("16,6%", f"{rng.randint(1, 99)},{rng.randint(0, 9)}%")
        text = text.replace("5-4", f"{rng.randint(1, 28)}-{rng.randint(1, 12)}")
        lines = [_distinct(line, i * 1000 + j) for j, line in enumerate(text.split("\n"))]
        out.append("\n".join(lines) + f"\n\nBài số {i}.")
    return out


def _distinct(line: str, n: int) -> str:
    """A body paragraph with a tag of its own before its last sign ("... cùng kỳ [bcd]."): lower-case letters
    in brackets, which no extractor reads as a place, a person, a number or a date."""
    body = line.rstrip()
    if len(body) <= DISTINCT_ABOVE or body[-1] not in ".!?…":
        return line
    tag = ""
    while n or not tag:
        n, digit = divmod(n, 26)
        tag += "abcdefghijklmnopqrstuvwxyz"[digit]
    return f"{body[:-1]} [{tag}]{body[-1]}"


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1200)
    parser.add_argument("--repeat", type=int, default=3, help="runs over the corpus (this machine's speed varies)")
    args = parser.parse_args()

    started = time.perf_counter()
    gaz = gazetteer.load()
    load_s = time.perf_counter() - started

    texts = corpus(args.articles)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rates = sorted(_run(texts, gaz) for _ in range(args.repeat))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"gazetteer load: {load_s * 1000:.0f} ms")
    print(
        f"articles: {len(texts)} per run, {args.repeat} runs: best {rates[-1]:.0f}, "
        f"median {statistics.median(rates):.0f}, worst {rates[0]:.0f} articles/s on one core (CPU time)"
    )
    print(f"peak memory: {rss_mb:.0f} MiB process RSS ({rss_mb - rss_before:.0f} MiB added while digesting)")


def _run(texts: list[str], gaz: gazetteer.Gazetteer) -> float:
    """Articles per CPU second over the corpus."""
    started = time.process_time()
    count = 0
    for i, text in enumerate(texts):
        capitalised_runs.cache_clear()  # real articles share no paragraphs: no cache hits across articles
        clear_caches()
        for article in split_articles(text, f"bench/{i}.txt"):
            digest_article(article, gaz)
            count += 1
    return count / (time.process_time() - started)


if __name__ == "__main__":
    main()
