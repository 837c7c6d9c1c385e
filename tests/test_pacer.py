"""The pacer: per-chat spacing, the overall rate, and no more than thirty arrivals in any window."""

from __future__ import annotations

import asyncio
import itertools
import time

from bot.delivery import ChatPacer

SCALE = 20.0  # windows of 50 ms


async def _send(pacer: ChatPacer, chat_id: int, latency: float, log: list[tuple[int, float, float]]) -> None:
    async with pacer.sending(chat_id):
        started = time.monotonic()
        await asyncio.sleep(latency)
        log.append((chat_id, started, time.monotonic()))


async def test_one_chat_is_spaced_by_its_interval() -> None:
    pacer = ChatPacer(SCALE)
    log: list[tuple[int, float, float]] = []
    await asyncio.gather(*(_send(pacer, 1, 0.0, log) for _ in range(4)))
    starts = sorted(started for _, started, _ in log)
    assert all(b - a >= 0.05 * 0.98 for a, b in itertools.pairwise(starts))


async def test_the_thirty_first_message_waits_for_the_answer_to_the_first() -> None:
    pacer = ChatPacer(SCALE)
    log: list[tuple[int, float, float]] = []
    slow = asyncio.create_task(_send(pacer, 1, 0.04, log))  # booked first, slow to arrive
    await asyncio.gather(slow, *(_send(pacer, chat, 0.0, log) for chat in range(2, 41)))  # booked in order
    started = {chat: start for chat, start, _ in log}
    first_answer = next(answered for chat, _, answered in log if chat == 1)
    assert started[31] >= first_answer + 0.05 * 0.98
    starts = sorted(started.values())
    assert max(sum(1 for t in starts if s <= t < s + 0.05) for s in starts) <= 30
    assert len(log) == 40
