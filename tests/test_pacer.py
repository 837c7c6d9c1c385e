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


async def test_no_second_sees_more_than_thirty_arrivals_when_answers_are_slow() -> None:
    pacer = ChatPacer(SCALE)
    log: list[tuple[int, float, float]] = []
    slow = [_send(pacer, chat, 0.04, log) for chat in range(1, 6)]  # five messages slow to arrive
    await asyncio.gather(*slow, *(_send(pacer, chat, 0.0, log) for chat in range(6, 81)))
    assert len(log) == 80
    # A message arrives between its start and its answer: count every one that may be in a window.
    for _, start, _ in log:
        window_end = start + 0.05
        possible = sum(1 for _, s, a in log if s < window_end and a > start)
        assert possible <= 30


async def test_a_late_wake_up_does_not_bring_a_chats_next_message_closer() -> None:
    """The machine stalls just as a chat's second message is due: its third still waits a whole interval."""
    pacer = ChatPacer(SCALE)
    log: list[tuple[int, float, float]] = []
    begun = time.monotonic()

    async def stall() -> None:
        await asyncio.sleep(0.045)  # just before the second slot (at 50 ms)
        time.sleep(0.03)  # noqa: ASYNC251  # a blocked event loop: the second message starts some 25 ms late

    await asyncio.gather(stall(), *(_send(pacer, 1, 0.0, log) for _ in range(3)))
    starts = sorted(started for _, started, _ in log)
    assert starts[1] - begun > 0.06  # the stall did delay the second
    assert all(b - a >= 0.05 * 0.98 for a, b in itertools.pairwise(starts))
