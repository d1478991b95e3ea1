"""The peers: other Python profanity / offensive-language filters, called through their real APIs.

They are dev-only tools, installed by `make bench` in .tools/bench (the ``bench`` extra), never in
the Lambda layer nor in the project's .venv. None ships type stubs, so each is imported with
importlib and handled as ``Any``. A peer that is not installed is skipped, and the report says so.

How each is called (read from the installed sources):

- better-profanity 0.7.0: ``better_profanity.Profanity()`` loads its default word list;
  ``contains_profanity(text)`` is ``text != censor(text)``.
- better-profanity-fast (Rust core): ``better_profanity_fast.Profanity()`` with no argument loads
  the packaged word list; the module-level ``profanity`` instance is built with ``[]`` (no words),
  so it is never used. ``contains_profanity(text)``.
- glin-profanity 4.1: ``glin_profanity.Filter({"languages": ["english"], "detect_leetspeak": True})``
  (the configuration its docstring shows; Unicode normalisation and the "standard" obfuscation
  pipeline are on by default, result caching off); ``is_profane(text)``.
- alt-profanity-check 1.9.1: ``profanity_check.predict(texts)`` (a linear SVM over a TF-IDF of
  the text; 1 = offensive, the 0.5 cut of ``predict_prob``), one message per call and in batches.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any


@dataclass(frozen=True)
class Peer:
    name: str  # "package version"
    call: str  # how it is called
    flags: Callable[[str], bool]
    flags_batch: Callable[[Sequence[str]], list[bool]] | None
    load_s: float  # import + construction, in this process
    timed_messages: int  # how many messages of the stream one timing round uses
    rounds: int


def _version(distribution: str) -> str:
    return f"{distribution} {metadata.version(distribution)}"


def _better_profanity() -> Peer:
    start = time.perf_counter()
    module: Any = importlib.import_module("better_profanity")
    filter_: Any = module.Profanity()
    filter_.contains_profanity("warm up")
    load = time.perf_counter() - start
    return Peer(
        _version("better-profanity"),
        "Profanity().contains_profanity(text)",
        lambda text: bool(filter_.contains_profanity(text)),
        None,
        load,
        timed_messages=300,
        rounds=1,
    )


def _better_profanity_fast() -> Peer:
    start = time.perf_counter()
    module: Any = importlib.import_module("better_profanity_fast")
    filter_: Any = module.Profanity()
    if not filter_.contains_profanity("fuck"):
        raise RuntimeError("better_profanity_fast.Profanity() loaded no words")
    load = time.perf_counter() - start
    return Peer(
        _version("better-profanity-fast"),
        "Profanity().contains_profanity(text)",
        lambda text: bool(filter_.contains_profanity(text)),
        None,
        load,
        timed_messages=20_000,
        rounds=5,
    )


def _glin_profanity() -> Peer:
    start = time.perf_counter()
    module: Any = importlib.import_module("glin_profanity")
    filter_: Any = module.Filter({"languages": ["english"], "detect_leetspeak": True})
    load = time.perf_counter() - start
    return Peer(
        _version("glin-profanity"),
        'Filter({"languages": ["english"], "detect_leetspeak": True}).is_profane(text)',
        lambda text: bool(filter_.is_profane(text)),
        None,
        load,
        timed_messages=4_000,
        rounds=3,
    )


def _alt_profanity_check() -> Peer:
    start = time.perf_counter()
    module: Any = importlib.import_module("profanity_check")
    load = time.perf_counter() - start

    def batch(texts: Sequence[str]) -> list[bool]:
        return [bool(label) for label in module.predict(list(texts))]

    return Peer(
        _version("alt-profanity-check"),
        "predict([text])[0] == 1; batched: predict(texts)",
        lambda text: bool(module.predict([text])[0]),
        batch,
        load,
        timed_messages=1_000,
        rounds=2,
    )


LOADERS: tuple[tuple[str, Callable[[], Peer]], ...] = (
    ("better-profanity", _better_profanity),
    ("better-profanity-fast", _better_profanity_fast),
    ("glin-profanity", _glin_profanity),
    ("alt-profanity-check", _alt_profanity_check),
)


def load_peers() -> tuple[list[Peer], list[str]]:
    """The peers that are installed, and a line for each one that is not."""
    peers: list[Peer] = []
    missing: list[str] = []
    for name, loader in LOADERS:
        try:
            peers.append(loader())
        except ImportError as error:
            missing.append(f"{name}: not installed ({error}); run `make bench`")
    return peers, missing
