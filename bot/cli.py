"""The `digest-bot` console script: the digest commands plus `run`, the bot itself."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.redact import protect, redact
from digest import cli, decoding
from digest.config import Config
from digest.store import StoreError


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offline", action="store_true", help="the offline session even with a token set")
    parser.add_argument(
        "--script", type=Path, help="offline: read the terminal chat's commands from this file ('-': standard input)"
    )


def _run(args: argparse.Namespace, config: Config) -> int:
    import asyncio  # noqa: PLC0415  # the bot's stack, only for `run`

    from bot import app  # noqa: PLC0415
    from bot.offline import terminal  # noqa: PLC0415

    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    try:
        if token and not args.offline:
            protect(token)
            app.check_start(config, token)
            app.run(config, token)
            return 0
        commands = _commands(args.script)
        if commands is not None and not any(line.strip() for line in commands):
            commands = list(terminal.DEMO)  # nothing to read (no terminal, empty input): show a short session
        return asyncio.run(terminal.offline_session(config, commands, sys.stdout))
    except (app.StartError, StoreError, ScriptError) as exc:
        print(f"digest-bot: {redact(str(exc), (token,))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: the session is over, without a traceback
        return 130


class ScriptError(Exception):
    """The offline session's commands cannot be read."""


def _commands(script: Path | None) -> list[str] | None:
    """The offline session's commands: from a file, from piped input, or None for an interactive terminal."""
    if script is not None and str(script) != "-":
        try:
            raw = script.read_bytes()
        except OSError as exc:
            raise ScriptError(f"không đọc được tệp lệnh {script} ({exc.strerror or exc}).") from None
    elif script is not None or not sys.stdin.isatty():
        raw = sys.stdin.buffer.read()
    else:
        return None
    try:
        return decoding.decode(raw).text.splitlines()
    except decoding.NotTextError as exc:
        raise ScriptError(
            f"tệp lệnh {script or '-'} không phải văn bản ({exc}); mỗi dòng là một lệnh, như /start."
        ) from None


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
