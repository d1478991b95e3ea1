"""The embedded AWS: moto's threaded server, with two things the local stack needs on top.

- **DynamoDB's atomicity.** DynamoDB applies each write atomically, conditions included; moto's
  threaded server can interleave two conditional writes to one item, so both pass their condition.
  DynamoDB's requests are applied one at a time here, which gives the local stack the guarantee the
  session ladders are built on. S3, SNS and SQS calls still run in parallel.
- **Outages on demand.** ``outage("sns")`` makes every SNS request fail with 503 until it ends, so
  the fallback paths (degraded verdicts, parked alerts) can be seen and tested end to end.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

# SigV4's credential scope names the service: Credential=AKID/20261128/us-east-1/sns/aws4_request
_SERVICE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([a-z0-9-]+)/aws4_request")
_UNAVAILABLE = (
    b"<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code>"
    b"<Message>The local stack has this service down on purpose.</Message></Error></ErrorResponse>"
)

StartResponse = Callable[..., Any]


class _App:
    def __init__(self) -> None:
        self._moto = DomainDispatcherApplication(create_backend_app)
        self._dynamodb = threading.Lock()
        self.down: set[str] = set()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        service = _SERVICE.search(str(environ.get("HTTP_AUTHORIZATION", "")))
        name = service.group(1) if service else ""
        if name in self.down:
            start_response("503 Service Unavailable", [("Content-Type", "text/xml")])
            return [_UNAVAILABLE]
        if name == "dynamodb":
            with self._dynamodb:
                return list(self._moto(environ, start_response))  # the whole response, inside the lock
        return self._moto(environ, start_response)  # type: ignore[no-any-return]


class _RequestHandler(MotoRequestHandler):
    # Without this every keep-alive answer waits ~40 ms (Nagle's algorithm meets delayed ACK).
    disable_nagle_algorithm = True


class EmbeddedAws(ThreadedMotoServer):
    def __init__(self, host: str, port: int) -> None:
        super().__init__(ip_address=host, port=port, verbose=False)
        self._app = _App()

    def _server_entry(self) -> None:
        self._server = make_server(
            self._ip_address, self._port, self._app, threaded=True, request_handler=_RequestHandler
        )
        self._server_ready_event.set()
        self._server.serve_forever()

    @contextmanager
    def outage(self, service: str) -> Iterator[None]:
        """Every request to ``service`` (its SigV4 name: sns, s3, dynamodb, sqs) fails with 503 meanwhile."""
        self._app.down.add(service)
        try:
            yield
        finally:
            self._app.down.discard(service)
