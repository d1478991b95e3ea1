"""Timing helpers: pin the process to one core, time each call, summarise the samples."""

from __future__ import annotations

import gc
import math
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Message = tuple[str, str]  # (text, sender)


def pin_to_one_core() -> str:
    """Pin this process (and the subprocesses it starts) to one CPU; say what was done."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned: os.sched_setaffinity is not available on this platform"
    available = sorted(os.sched_getaffinity(0))
    core = available[-1]
    os.sched_setaffinity(0, {core})
    return f"pinned to CPU {core} of {len(available)} with os.sched_setaffinity"


def percentile(sorted_samples: Sequence[int], fraction: float) -> int:
    """Nearest-rank percentile of samples already sorted in increasing order."""
    if not sorted_samples:
        return 0
    rank = max(1, math.ceil(fraction * len(sorted_samples)))
    return sorted_samples[min(rank, len(sorted_samples)) - 1]


@dataclass(frozen=True)
class Timing:
    """Per-round rates (items per second) and every timed call's duration in nanoseconds."""

    rates: tuple[float, ...]
    samples_ns: tuple[int, ...]  # sorted
    per_round: int  # items timed in each round
    unit: str = "message"  # what one sample times: one message, or one batch

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)

    @property
    def calls(self) -> int:
        return len(self.samples_ns)

    def us(self, fraction: float) -> float:
        return percentile(self.samples_ns, fraction) / 1_000

    @property
    def max_us(self) -> float:
        return self.samples_ns[-1] / 1_000 if self.samples_ns else 0.0


def time_each(
    call: Callable[[str, str], object], messages: Sequence[Message], rounds: int, warmup: int
) -> Timing:
    """Run every message through ``call`` for ``rounds`` rounds after ``warmup`` untimed calls.

    Each call is timed with perf_counter_ns; a round's rate is its messages over its wall time
    (timer overhead included: about 0.1 µs a message).
    """
    for text, sender in messages[:warmup]:
        call(text, sender)
    rates, samples = _time_rounds(call, messages, rounds, len(messages))
    return Timing(rates, samples, len(messages))


def time_batches(
    call: Callable[[list[str]], object], messages: Sequence[Message], batch: int, rounds: int
) -> Timing:
    """Send the texts in batches of ``batch``; a sample is one batch, the rate is messages per second."""
    texts = [text for text, _ in messages]
    batches = [texts[start : start + batch] for start in range(0, len(texts), batch)]
    call(batches[0])  # warm-up
    rates, samples = _time_rounds(call, [(chunk,) for chunk in batches], rounds, len(texts))
    return Timing(rates, samples, len(texts), unit=f"batch of {batch:,}")


def _time_rounds(
    call: Callable[..., object], arguments: Sequence[tuple[Any, ...]], rounds: int, messages_per_round: int
) -> tuple[tuple[float, ...], tuple[int, ...]]:
    """Each round's rate in messages per second, and every ``call(*args)``'s duration in ns, sorted."""
    samples: list[int] = []
    rates: list[float] = []
    clock = time.perf_counter_ns
    for _ in range(rounds):
        gc.collect()
        round_start = clock()
        for args in arguments:
            start = clock()
            call(*args)
            samples.append(clock() - start)
        rates.append(messages_per_round / ((clock() - round_start) / 1e9))
    samples.sort()
    return tuple(rates), tuple(samples)
