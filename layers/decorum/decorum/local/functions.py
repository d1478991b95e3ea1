"""Each function's handler, loaded from its CodeUri as Lambda does, and invoked with a Lambda-like context.

The function's Timeout only informs ``get_remaining_time_in_millis``: a worker cannot be stopped.

Lambda gives every concurrent request an execution environment of its own: a process with its own
module-level Logger, Metrics and Tracer, one request at a time. ``PooledFunction`` does the same
with a few worker processes per function, so concurrent requests to the local stack run
concurrently and race on DynamoDB as they would in production. ``LocalFunction`` runs a handler in
this process (a worker's, or a test's), one invocation at a time.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from decorum.local.provision import ACCOUNT_ID, local_name
from decorum.local.template import FunctionSpec, TemplateError

Handler = Callable[[dict[str, Any], Any], Any]

# The layer's module-level Logger, Metrics and Tracer keep per-invocation state that is not
# thread-safe: in one process, one invocation at a time keeps them apart.
_INVOKE_LOCK = threading.Lock()
# Execution environments per function: enough for requests to race, few enough for a laptop.
LOCAL_CONCURRENCY = 4


class Invocable(Protocol):
    @property
    def spec(self) -> FunctionSpec: ...

    def invoke(self, event: dict[str, Any], request_id: str) -> Any: ...


@dataclass(slots=True)
class FakeLambdaContext:
    """The attributes Powertools reads from Lambda's context object."""

    function_name: str
    memory_limit_in_mb: int
    invoked_function_arn: str
    aws_request_id: str
    timeout_seconds: int
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"
    _started: float = field(default_factory=time.monotonic)

    def get_remaining_time_in_millis(self) -> int:
        elapsed = time.monotonic() - self._started
        return max(0, int((self.timeout_seconds - elapsed) * 1000))


@dataclass(frozen=True, slots=True)
class LocalFunction:
    spec: FunctionSpec
    module_name: str
    handler: Handler
    region: str

    def invoke(self, event: dict[str, Any], request_id: str) -> Any:
        name = local_name(self.spec.logical_id)
        context = FakeLambdaContext(
            function_name=name,
            memory_limit_in_mb=self.spec.memory_mb,
            invoked_function_arn=f"arn:aws:lambda:{self.region}:{ACCOUNT_ID}:function:{name}",
            aws_request_id=request_id,
            timeout_seconds=self.spec.timeout_seconds,
            log_group_name=f"/aws/lambda/{name}",
        )
        with _INVOKE_LOCK:
            return self.handler(event, context)


def load_function(spec: FunctionSpec, region: str) -> LocalFunction:
    """Import ``<CodeUri>/<module>.py`` once, under a name of its own (every function's file is app.py)."""
    module_path, _, attribute = spec.handler.rpartition(".")
    source = spec.code_dir / (module_path.replace(".", "/") + ".py")
    if not module_path or not source.is_file():
        raise TemplateError(
            f"{spec.logical_id}: Handler {spec.handler!r} names no file under {spec.code_dir}"
        )
    module_name = f"_decorum_local_{spec.logical_id}"
    loader_spec = importlib.util.spec_from_file_location(module_name, source)
    if loader_spec is None or loader_spec.loader is None:
        raise TemplateError(f"{spec.logical_id}: cannot import {source}")
    module = importlib.util.module_from_spec(loader_spec)
    sys.modules[module_name] = module
    try:
        loader_spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    handler = getattr(module, attribute, None)
    if not callable(handler):
        raise TemplateError(f"{spec.logical_id}: {source} has no callable {attribute!r}")
    return LocalFunction(spec, module_name, handler, region)


def unload_function(function: LocalFunction) -> None:
    sys.modules.pop(function.module_name, None)


# --- worker processes ---------------------------------------------------------------------------

_worker_function: LocalFunction | None = None


def _start_worker(spec: FunctionSpec, region: str, log_path: Path | None) -> None:
    global _worker_function  # noqa: PLW0603  (one function per worker process, loaded once)
    if log_path is not None:
        # What the function prints (its JSON logs, its metrics) goes where CloudWatch would take it.
        log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
    # Ctrl-C reaches the whole process group: the parent stops the workers, in order.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Health and docs requests publish only the cold-start metric; Powertools warns each time.
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    _worker_function = load_function(spec, region)


def _invoke_in_worker(event: dict[str, Any], request_id: str) -> Any:
    if _worker_function is None:  # pragma: no cover - the initializer always ran first
        raise RuntimeError("worker has no function loaded")
    return _worker_function.invoke(event, request_id)


def _ready() -> bool:
    return _worker_function is not None


class PooledFunction:
    """A function served by up to ``concurrency`` worker processes, each like a warm Lambda."""

    def __init__(
        self,
        spec: FunctionSpec,
        region: str,
        concurrency: int = LOCAL_CONCURRENCY,
        log_path: Path | None = None,
    ) -> None:
        self.spec = spec
        # spawn, not fork: the parent runs server threads, and a forked copy of their locks could hang.
        self._pool = ProcessPoolExecutor(
            max_workers=concurrency,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(spec, region, log_path),
        )

    def warm(self) -> Future[bool]:
        """Start one worker now, so the first request does not pay for the imports."""
        return self._pool.submit(_ready)

    def invoke(self, event: dict[str, Any], request_id: str) -> Any:
        try:
            return self._pool.submit(_invoke_in_worker, event, request_id).result()
        except BrokenProcessPool as error:
            raise RuntimeError(f"{self.spec.logical_id}: its worker process died") from error

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
