"""The `digest-bot` command line."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TextIO

from digest import cli_store, gazetteer
from digest.config import Config, ConfigError, load_config
from digest.models import Digest
from digest.render import date_text, figure_text, locality_text, render
from digest.serialize import digest_to_dict
from digest.store import StoreError

log = logging.getLogger(__name__)


# Reading and extracting (trafilatura, the extractors' patterns) are imported by the commands that need them,
# so that `latest`, `weekly` and `--help` start without them.


def bundled_samples() -> list[Path]:
    """The sample articles shipped with the package."""
    from digest.sources import ARTICLE_SUFFIXES  # noqa: PLC0415  # see above

    folder = resources.files("digest") / "samples"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(ARTICLE_SUFFIXES))


def expand(paths: Sequence[str]) -> Iterator[tuple[str, Path]]:
    """(path as given, file) for every article file, folders walked in name order."""
    from digest.sources import article_files  # noqa: PLC0415  # see above

    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from ((str(child), child) for child in article_files(path))
        else:
            yield given, path


def run_extract(
    paths: Sequence[str],
    fmt: str,
    *,
    preview: bool,
    default_province: str | None = None,
    gaz: gazetteer.Gazetteer | None = None,
) -> int:
    """Print the extraction (or the rendered digest) of every article, as each is read; 1 if any file
    could not be read or is not text."""
    from digest.pipeline import digest_file  # noqa: PLC0415  # see above
    from digest.sources import NotTextError  # noqa: PLC0415

    status = 0
    out = sys.stdout
    for given, path in expand(paths):
        found = 0
        try:
            for digest in digest_file(path, source=given, default_province=default_province, gazetteer=gaz):
                found += 1
                _print_digest(out, given, digest, fmt, preview=preview)
        except OSError as exc:
            print(f"digest-bot: {given}: không đọc được tệp ({exc.strerror or exc})", file=sys.stderr)
            status = 1
            continue
        except NotTextError as exc:
            print(f"digest-bot: {given}: bỏ qua, không phải tệp văn bản ({exc})", file=sys.stderr)
            status = 1
            continue
        if not found:
            log.warning("%s: no article found", given)
    return status


def _print_digest(out: TextIO, given: str, digest: Digest, fmt: str, *, preview: bool) -> None:
    if fmt == "json":
        record = digest_to_dict(digest)
        if preview:
            record = {"source": given, "message": render(digest)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif preview:
        out.write(f"── {given}\n{render(digest)}\n\n")
    else:
        out.write(_describe(given, digest) + "\n")


def _describe(given: str, digest: Digest) -> str:
    lines = [
        f"── {given}",
        f"Tiêu đề: {digest.article.title or '—'}",
        "Địa phương: " + ("; ".join(locality_text(loc) for loc in digest.localities) or "—"),
        f"Ngày sự kiện: {date_text(digest) or '—'}   Ngày đăng: {digest.article.published or '—'}",
        "Số liệu:",
    ]
    lines += [f"  • {figure_text(f)}" for f in digest.figures] or ["  —"]
    lines.append("Lãnh đạo:")
    lines += [f"  • {leader.name}: {', '.join(leader.titles)}" for leader in digest.leaders] or ["  —"]
    lines.append(f"Tóm tắt: {digest.summary}")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand added by another package (the bot's `run`)."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Config], int]


def build_parser(extra: Sequence[Command] = ()) -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="digest-bot", description="Vietnamese local-government news digests.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="settings file (see config.example.toml)")
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", parents=[common], help="print what is extracted from article files")
    extract.add_argument("--format", choices=("json", "text"), default="text")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="article files (.txt or .html) or folders")
    preview = sub.add_parser("preview", parents=[common], help="print digests exactly as the bot sends them")
    preview.add_argument("--format", choices=("json", "text"), default="text")
    preview.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders (default: bundled samples)")
    ingest = sub.add_parser("ingest", parents=[common], help="poll the configured sources once into the store")
    ingest.add_argument("paths", nargs="*", metavar="PATH", help="load these files or folders instead")
    for name, text in (("latest", "print the newest digest of a place"), ("weekly", "print this week's summary")):
        command = sub.add_parser(name, parents=[common], help=text)
        command.add_argument("--format", choices=("json", "text"), default="text")
        command.add_argument("place", nargs="*", metavar="LOCALITY", help="e.g. Thọ Xuân, tho xuan, TP Thanh Hóa")
    for added in extra:
        added.configure(sub.add_parser(added.name, parents=[common], help=added.help))
    return parser


PRINTING_COMMANDS = frozenset({"extract", "preview", "ingest", "latest", "weekly"})


def main(argv: Sequence[str] | None = None, extra: Sequence[Command] = ()) -> int:
    """Entry point of the console script."""
    args = build_parser(extra).parse_args(argv)
    if argv is None and args.command in PRINTING_COMMANDS:
        # `digest-bot latest | head` ends quietly. Not for the bot: there a peer closing its socket would
        # kill the whole process.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        config = load_config(args.config)
        if args.command in ("extract", "preview"):
            paths = args.paths or [str(p) for p in bundled_samples()]
            province = config.digest.default_province or None
            gaz = gazetteer.load(config.places_path())
            return run_extract(
                paths, args.format, preview=args.command == "preview", default_province=province, gaz=gaz
            )
        if args.command == "ingest":
            return cli_store.run_ingest(config, args.paths)
        place = " ".join(getattr(args, "place", ())) or None
        if args.command == "latest":
            return cli_store.run_latest(config, place, args.format)
        if args.command == "weekly":
            return cli_store.run_weekly(config, place, args.format)
        for added in extra:
            if args.command == added.name:
                return added.run(args, config)
    except cli_store.PlaceNotFoundError as exc:
        print(f"digest-bot: {exc}", file=sys.stderr)
        return 1
    except (ConfigError, gazetteer.GazetteerError, StoreError) as exc:
        print(f"digest-bot: {exc}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main())
