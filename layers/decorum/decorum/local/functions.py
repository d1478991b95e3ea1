"""Each function's handler, loaded from its CodeUri as Lambda does, and invoked with a Lambda-like context.

The function's Timeout only informs ``get_remaining_time_in_millis``: a thread cannot be stopped.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from decorum.local.provision import ACCOUNT_ID, local_name
from decorum.local.template import FunctionSpec, TemplateError

Handler = Callable[[dict[str, Any], Any], Any]

# Lambda runs each function in its own process; here the four share one, and with it the layer's
# module-level Logger, Metrics and Tracer, whose per-invocation state is not thread-safe. One
# invocation at a time keeps them apart, at no cost that matters for a local stack.
_INVOKE_LOCK = threading.Lock()


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
