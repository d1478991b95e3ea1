"""The local stand-in for API Gateway: routes, the API key, the payload limit and gateway responses.

``Gateway`` decides (no sockets, easy to test); ``GatewayServer`` is the threaded HTTP server
around it. Both follow the template: the routes, which need a key, and the JSON that API Gateway's
own errors answer with (``GatewayResponses``).
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import socket
import time
import traceback
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

from decorum.local.functions import Invocable
from decorum.local.proxy import HttpResponse, MalformedResult, ProxyRequest, build_event, header, parse_result
from decorum.local.template import RouteSpec

logger = logging.getLogger("decorum-local")  # not "decorum.*": Powertools owns the service logger

MAX_PAYLOAD_BYTES = 10 * 1024 * 1024  # API Gateway REST APIs refuse larger payloads
LINGER_SECONDS = 2.0
API_KEY_HEADER = "x-api-key"

# API Gateway's status and message for the responses the local stack can produce, used when the
# template does not customise them (and then the body is API Gateway's own {"message": ...}).
_RESPONSE_DEFAULTS: dict[str, tuple[int, str]] = {
    "MISSING_AUTHENTICATION_TOKEN": (403, "Missing Authentication Token"),  # no such route
    "INVALID_API_KEY": (403, "Forbidden"),  # a missing key as well as a wrong one
    "REQUEST_TOO_LARGE": (413, "Request Too Long"),
    "BAD_REQUEST_BODY": (400, "Bad Request"),
    "DEFAULT_5XX": (502, "Internal server error"),  # the function raised or returned garbage
}
_CONTEXT_VARIABLE = re.compile(r"\$context\.([A-Za-z.]*[A-Za-z])")


class GatewayResponses:
    """API Gateway's own error responses, rendered as the template's ``GatewayResponses`` declare them."""

    def __init__(self, declared: Mapping[str, Any]) -> None:
        self._declared = declared

    def render(self, response_type: str, request_id: str) -> HttpResponse:
        status, message = _RESPONSE_DEFAULTS[response_type]
        specific = self._declared.get(response_type)
        configured = specific or self._declared.get("DEFAULT_4XX" if status < 500 else "DEFAULT_5XX") or {}
        if specific and specific.get("StatusCode"):
            status = int(specific["StatusCode"])
        headers = [
            (name, value.strip("'"))
            for name, value in ((configured.get("ResponseParameters") or {}).get("Headers") or {}).items()
            if isinstance(value, str) and value.startswith("'")  # only literals; mappings need a request
        ]
        if not any(name.lower() == "content-type" for name, _ in headers):
            headers.append(("Content-Type", "application/json"))
        template = (configured.get("ResponseTemplates") or {}).get("application/json")
        body = (
            json.dumps({"message": message})
            if template is None
            else self._fill(template, response_type, message, request_id)
        )
        return HttpResponse(status, headers, body.encode())

    @staticmethod
    def _fill(template: str, response_type: str, message: str, request_id: str) -> str:
        values = {
            "error.messageString": json.dumps(message),  # a quoted JSON string, as in API Gateway
            "error.message": message,
            "error.responseType": response_type,
            "requestId": request_id,
        }
        return _CONTEXT_VARIABLE.sub(lambda match: values.get(match.group(1), ""), template)


@dataclass(frozen=True, slots=True)
class Route:
    spec: RouteSpec
    pattern: re.Pattern[str]
    parameter_names: tuple[str, ...]

    @classmethod
    def of(cls, spec: RouteSpec) -> Route:
        names: list[str] = []
        parts = []
        for segment in spec.path.strip("/").split("/"):
            variable = re.fullmatch(r"\{([^{}]+?)(\+?)\}", segment)
            if variable is None:
                parts.append(re.escape(segment))
                continue
            names.append(variable.group(1))
            parts.append("(.+)" if variable.group(2) else "([^/]+)")  # {proxy+} spans segments
        return cls(spec, re.compile("/" + "/".join(parts)), tuple(names))

    @property
    def specificity(self) -> tuple[int, int]:
        """Literal paths first, greedy ones last: API Gateway picks the most specific match."""
        return (len(self.parameter_names), int("+}" in self.spec.path))

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if self.spec.method not in ("ANY", method):
            return None
        found = self.pattern.fullmatch(path)
        return dict(zip(self.parameter_names, found.groups(), strict=True)) if found else None


@dataclass(frozen=True, slots=True)
class Outcome:
    response: HttpResponse
    resource: str  # the route as declared; never the path itself, which holds a session id


class Gateway:
    def __init__(
        self,
        routes: Sequence[RouteSpec],
        functions: Mapping[str, Invocable],
        api_key: str,
        responses: GatewayResponses,
        stage: str,
    ) -> None:
        self._routes = sorted((Route.of(spec) for spec in routes), key=lambda route: route.specificity)
        self._functions = functions
        self._api_key = api_key
        self.responses = responses
        self._stage = stage

    def handle(self, request: ProxyRequest) -> Outcome:
        request_id = str(uuid.uuid4())
        path = request.target.split("?", 1)[0]
        for route in self._routes:
            parameters = route.match(request.method, path)
            if parameters is not None:
                return Outcome(self._invoke(route, parameters, request, request_id), route.spec.path)
        return Outcome(self.responses.render("MISSING_AUTHENTICATION_TOKEN", request_id), "(no route)")

    def _invoke(
        self, route: Route, parameters: dict[str, str], request: ProxyRequest, request_id: str
    ) -> HttpResponse:
        key = header(request.headers, API_KEY_HEADER)
        if route.spec.api_key_required and not (
            key and hmac.compare_digest(key.encode(), self._api_key.encode())
        ):
            return self.responses.render("INVALID_API_KEY", request_id)
        event = build_event(
            request,
            resource=route.spec.path,
            path_parameters=parameters,
            stage=self._stage,
            request_id=request_id,
            api_key=key if route.spec.api_key_required else None,
        )
        function = self._functions[route.spec.function_id]
        try:
            response = parse_result(function.invoke(event, request_id))
        except MalformedResult as error:
            logger.error("%s returned a malformed proxy result: %s", route.spec.function_id, error)
            return self.responses.render("DEFAULT_5XX", request_id)
        except Exception as error:
            # Lambda turns any error into a 502, and so do we. Log the frames and the type only: an
            # exception's message may quote the request body.
            frames = "".join(traceback.format_tb(error.__traceback__))
            logger.error("%s raised %s\n%s", route.spec.function_id, type(error).__name__, frames)
            return self.responses.render("DEFAULT_5XX", request_id)
        return HttpResponse(
            response.status, [*response.headers, ("x-amzn-RequestId", request_id)], response.body
        )


class GatewayServer(ThreadingHTTPServer):
    daemon_threads = True  # a stalled client never blocks shutdown
    request_queue_size = 128  # a chat platform's burst of connections waits, instead of being refused

    def __init__(self, address: tuple[str, int], gateway: Gateway) -> None:
        self.gateway = gateway
        super().__init__(address, GatewayRequestHandler)


class GatewayRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as clients expect from API Gateway
    # Headers and body go out in two writes: with Nagle's algorithm and the client's delayed ACK,
    # every keep-alive response would wait about 40 ms for nothing.
    disable_nagle_algorithm = True
    server_version = "decorum-local"
    timeout = 60  # seconds a silent client may hold its connection

    @property
    def gateway(self) -> Gateway:
        return cast(GatewayServer, self.server).gateway

    def __getattr__(self, name: str) -> Any:
        # http.server looks up do_<METHOD> and answers 501 without one; API Gateway takes every
        # method (an undeclared one gets the MISSING_AUTHENTICATION_TOKEN response), so do we.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def handle_expect_100(self) -> bool:
        # A client that asks first is told "too large" before it sends a byte of the body.
        try:
            too_large = self._declared_length() > MAX_PAYLOAD_BYTES
        except ValueError:
            too_large = False  # _serve answers a malformed length
        if too_large:
            self._refuse_unread_body("REQUEST_TOO_LARGE")
            return False
        return super().handle_expect_100()

    def _serve(self) -> None:
        started = time.perf_counter()
        try:
            body = self._read_body()
        except ValueError:  # a Content-Length or chunk size that is not a number
            self._refuse_unread_body("BAD_REQUEST_BODY")
            return
        if body is None:
            self._refuse_unread_body("REQUEST_TOO_LARGE")
            return
        request = ProxyRequest(
            self.command, self.path, list(self.headers.items()), body, self.client_address[0]
        )
        outcome = self.gateway.handle(request)
        self._send(outcome.response)
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.info("%s %s %d %.0f ms", self.command, outcome.resource, outcome.response.status, elapsed_ms)

    def _declared_length(self) -> int:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return 0  # unknown until read; _read_chunked enforces the limit
        return int(self.headers.get("Content-Length") or 0)

    def _read_body(self) -> bytes | None:
        """The body, or None when it is over the limit (then it is left unread)."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        length = self._declared_length()
        if length < 0:
            raise ValueError("negative Content-Length")
        if length > MAX_PAYLOAD_BYTES:
            return None
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes | None:
        chunks: list[bytes] = []
        total = 0
        while size := int(self.rfile.readline(1024).split(b";")[0].strip() or b"0", 16):
            total += size
            if total > MAX_PAYLOAD_BYTES:
                return None
            chunks.append(self.rfile.read(size))
            self.rfile.readline(8)  # the CRLF after each chunk
        while self.rfile.readline(1024).strip():
            pass  # trailers
        return b"".join(chunks)

    def _refuse_unread_body(self, response_type: str) -> None:
        """Answer, then close: the rest of the body is still on the wire and is never read whole."""
        self.close_connection = True
        self._send(self.gateway.responses.render(response_type, str(uuid.uuid4())))
        logger.info("%s (unread body) %s", self.command, response_type)
        # Closing a socket with unread input resets the connection, and the client may lose the
        # answer; so stop writing, then discard what is in flight for a moment before closing.
        try:
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(0.2)
            deadline = time.monotonic() + LINGER_SECONDS
            while time.monotonic() < deadline and self.connection.recv(65536):
                pass
        except OSError:
            pass

    def _send(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # _serve logs each request with its route, not its path (paths hold session ids)

    def log_message(self, format: str, *args: Any) -> None:
        logger.warning("%s: %s", self.address_string(), format % args)
