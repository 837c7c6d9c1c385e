"""The `digest-bot` console script: the digest commands plus `run`, the bot itself."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from telegram.error import InvalidToken, NetworkError

from bot import app
from bot.offline import terminal
from digest import cli
from digest.config import Config


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offline", action="store_true", help="the offline session even with a token set")
    parser.add_argument(
        "--script", type=Path, help="offline: read the terminal chat's commands from this file ('-': standard input)"
    )


def _run(args: argparse.Namespace, config: Config) -> int:
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if token and not args.offline:
        try:
            app.run(config, token)
        except (InvalidToken, NetworkError) as exc:
            print(f"digest-bot: cannot start the bot: {exc}", file=sys.stderr)
            return 2
        return 0
    if args.script is not None and str(args.script) != "-":
        commands: list[str] | None = args.script.read_text("utf-8").splitlines()
    elif args.script is not None or not sys.stdin.isatty():
        commands = sys.stdin.read().splitlines()
    else:
        commands = None
    if commands is not None and not any(line.strip() for line in commands):
        commands = list(terminal.DEMO)  # nothing to read (no terminal, empty input): show a short session
    return asyncio.run(terminal.offline_session(config, commands, sys.stdout))


RUN = cli.Command(
    "run",
    "run the bot (TELEGRAM_BOT_TOKEN); without a token, an offline session in the terminal",
    _configure,
    _run,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    return cli.main(argv, extra=[RUN])


if __name__ == "__main__":
    sys.exit(main())
