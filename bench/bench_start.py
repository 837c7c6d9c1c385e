"""Start-up benchmark: how long the real `digest-bot run` takes to answer its first command.

Starts the bundled fake Bot API server on loopback, then the console script as a person would (a token in
TELEGRAM_BOT_TOKEN, the server in TELEGRAM_API_BASE_URL), with a chat's `/latest Thanh Hóa` already
waiting. The figure is the time from the process's start to that answer: imports, the gazetteer, the
store, the application, the first long poll. Each run is a fresh process; a store may be given (`--store`,
for example one written by `bench_store.py`), else the bot's store starts empty in a temporary folder.

    python bench/bench_start.py [--runs 5] [--store PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.offline.fakeapi import FakeBotAPI

TOKEN = "123456:bench-start-token"  # noqa: S105  # a made-up token for the fake server
CHAT = 4242
ANSWER_LIMIT = 60.0  # seconds before a run counts as failed


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", type=Path, help="an existing store folder (default: an empty one)")
    args = parser.parse_args()
    beside = Path(sys.executable).with_name("digest-bot")  # this interpreter's own (a virtualenv not activated)
    script = str(beside) if beside.exists() else shutil.which("digest-bot") or sys.exit("no digest-bot: pip install .")
    times = [_once(script, args.store) for _ in range(args.runs)]
    print(f"store: {args.store or 'empty'}")
    print(
        f"first answer after start: best {min(times):.2f} s, median {statistics.median(times):.2f} s, "
        f"worst {max(times):.2f} s ({args.runs} runs, fresh processes)"
    )


def _once(script: str, store: Path | None) -> float:
    """Seconds from starting the bot to its answer to the waiting `/latest`."""
    server = FakeBotAPI(token=TOKEN)
    url = server.start()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        data = store or Path(tmp) / "data"
        config.write_text(f'[store]\npath = "{data.as_posix()}"\n', encoding="utf-8")
        server.user_message(CHAT, "/latest Thanh Hóa")
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": url}
        started = time.perf_counter()
        bot = subprocess.Popen(  # noqa: S603  # the project's own console script
            [script, "run", "--config", str(config)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            while not server.messages_to(CHAT):
                if bot.poll() is not None or time.perf_counter() - started > ANSWER_LIMIT:
                    error = bot.stderr.read().decode(errors="replace") if bot.stderr else ""
                    sys.exit(f"the bot gave no answer:\n{error[-2000:]}")
                time.sleep(0.002)
            answered = time.perf_counter() - started
        finally:
            bot.terminate()
            bot.wait(timeout=30)
            server.stop()
    return answered


if __name__ == "__main__":
    main()
