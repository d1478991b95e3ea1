"""``LocalStack``: moto server, the template's resources, the functions and the gateway, on loopback.

Each function runs in worker processes of its own (see ``functions``), started from this
process's environment: the union of what the template gives each function. That is only sound
while the functions agree on every variable they share, so ``start`` checks it and refuses to run
otherwise.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from decorum.local.aws import EmbeddedAws
from decorum.local.functions import PooledFunction, load_function, unload_function
from decorum.local.gateway import Gateway, GatewayResponses, GatewayServer
from decorum.local.provision import (
    ACCOUNT_ID,
    STACK_NAME,
    AwsClients,
    LocalResources,
    provision,
)
from decorum.local.scheduler import Scheduler
from decorum.local.template import (
    Intrinsics,
    Template,
    TemplateError,
    as_text,
    find_template,
    resolved_variables,
)
from decorum.scriptset import SeededScripts, seed_scripts
from decorum.settings import Settings

HOST = "127.0.0.1"  # loopback only: the local stack has fake credentials and a well-known key
DEFAULT_API_KEY = "local-dev-key"
API_KEY_ENV = "DECORUM_API_KEY"
DEFAULT_REGION = "us-east-1"
SCRIPTS_BUCKET_ENV = str(Settings.model_fields["scripts_bucket"].alias)  # S3Scripts reads it
_FAKE_SECRET = "testing"  # noqa: S105  (moto's documented fake credentials)


class StackError(RuntimeError):
    """The local stack cannot start: a port in use, or functions that disagree on a variable."""


def merge_environments(environments: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """One process-wide environment for all functions; a variable set two different ways is an error."""
    merged: dict[str, str] = {}
    owner: dict[str, str] = {}
    conflicts = []
    for function_id, variables in environments.items():
        for name, value in variables.items():
            if name in merged and merged[name] != value:
                conflicts.append(f"{name}: {owner[name]}={merged[name]!r} but {function_id}={value!r}")
            merged.setdefault(name, value)
            owner.setdefault(name, function_id)
    if conflicts:
        raise StackError(
            "the functions share one process locally, but the template gives them different values: "
            + "; ".join(conflicts)
        )
    return merged


def aws_environment(endpoint: str, region: str) -> dict[str, str | None]:
    """Point every boto3 client at moto with fake credentials; None removes a variable.

    Anything that could route a client elsewhere (a profile, a per-service endpoint, a config file)
    is removed, so no request of the local stack can ever reach a real AWS account.
    """
    changes: dict[str, str | None] = {
        name: None
        for name in os.environ
        if name.startswith("AWS_ENDPOINT_URL_") or name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE")
    }
    changes.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=None,
        AWS_ACCESS_KEY_ID=_FAKE_SECRET,
        AWS_SECRET_ACCESS_KEY=_FAKE_SECRET,
        AWS_SESSION_TOKEN=_FAKE_SECRET,
        AWS_SECURITY_TOKEN=_FAKE_SECRET,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        AWS_DEFAULT_REGION=region,
        AWS_REGION=region,
    )
    return changes


class LocalStack:
    """Start with ``start(moto_port, api_port)`` (0: any free port), stop with ``stop()``."""

    def __init__(
        self,
        template_path: Path | None = None,
        *,
        api_key: str | None = None,
        parameter_overrides: Mapping[str, str] | None = None,
        region: str | None = None,
        function_log: Path | None = None,
    ) -> None:
        """``function_log``: a file for everything the functions print (default: this terminal)."""
        self.template = Template.load(template_path or find_template())
        self.function_log = function_log
        self.api_key = api_key or os.environ.get(API_KEY_ENV) or DEFAULT_API_KEY
        self.region = region or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION
        self.parameters = self.template.parameter_values(parameter_overrides)
        self.moto_endpoint = ""
        self.base_url = ""
        self.resources = LocalResources()
        self.environment: dict[str, str] = {}  # what the functions see, from the template
        self.seeded: SeededScripts | None = None
        self._moto: EmbeddedAws | None = None
        self._server: GatewayServer | None = None
        self._server_thread: threading.Thread | None = None
        self._functions: dict[str, PooledFunction] = {}
        self._scheduler: Scheduler | None = None
        self._saved_environment: dict[str, str | None] = {}

    def start(self, moto_port: int = 5000, api_port: int = 3000) -> str:
        """Bring everything up; returns the API's base URL. On any failure, undoes what it did."""
        if self._moto is not None:
            raise StackError("the local stack is already running")
        try:
            self._start_moto(moto_port)
            self._apply_environment(aws_environment(self.moto_endpoint, self.region))
            clients = AwsClients(
                self.client("dynamodb"), self.client("s3"), self.client("sns"), self.client("sqs")
            )
            pseudo = {
                "AWS::Region": self.region,
                "AWS::AccountId": ACCOUNT_ID,
                "AWS::Partition": "aws",
                "AWS::StackName": STACK_NAME,
                "AWS::URLSuffix": "amazonaws.com",
            }
            self.resources = provision(self.template, clients, {**pseudo, **self.parameters}, self.region)
            intrinsics = Intrinsics(
                {**pseudo, **self.parameters, **self.resources.refs}, self.resources.attributes
            )
            self.environment = merge_environments(
                {spec.logical_id: resolved_variables(spec, intrinsics) for spec in self.template.functions()}
            )
            self._apply_environment(self._function_environment())
            bucket = self.environment.get(SCRIPTS_BUCKET_ENV)
            self.seeded = seed_scripts(clients.s3, bucket) if bucket else None
            self._functions = _start_functions(self.template, self.region, self.function_log)
            self._scheduler = Scheduler(self.template.schedules(), dict(self._functions), self.region)
            self._scheduler.start()
            self._start_gateway(api_port, intrinsics)
        except BaseException:
            self.stop()
            raise
        return self.base_url

    def stop(self) -> None:
        """Stop serving, stop moto, and give the process its environment back. Safe to call twice."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._server_thread is not None:
            self._server_thread.join(timeout=5)
            self._server_thread = None
        if self._scheduler is not None:
            self._scheduler.stop()
            self._scheduler = None
        for function in self._functions.values():
            function.close()
        self._functions = {}
        if self._moto is not None:
            self._moto.stop()
            # ThreadedMotoServer.stop leaves its listening socket open; close it so the port is free.
            wsgi_server = getattr(self._moto, "_server", None)
            if wsgi_server is not None:
                wsgi_server.server_close()
            self._moto = None
        for name, value in self._saved_environment.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_environment = {}
        _forget_built_clients()

    def run_schedule(self, function_id: str) -> Any:
        """Invoke a scheduled function now, as its schedule would (tests; operators in a hurry)."""
        if self._scheduler is None:
            raise StackError("the local stack is not running")
        return self._scheduler.run_now(function_id)

    def outage(self, service: str) -> AbstractContextManager[None]:
        """Within this block every request to ``service`` (sns, s3, dynamodb, sqs) fails with 503."""
        if self._moto is None:
            raise StackError("the local stack is not running")
        return self._moto.outage(service)

    def client(self, service: str) -> Any:
        """A boto3 client for the embedded moto (tests use these to look behind the API)."""
        import boto3

        session = boto3.session.Session(
            aws_access_key_id=_FAKE_SECRET,
            aws_secret_access_key=_FAKE_SECRET,
            aws_session_token=_FAKE_SECRET,
            region_name=self.region,
        )
        return session.client(service, endpoint_url=self.moto_endpoint)  # type: ignore[call-overload]

    def __enter__(self) -> LocalStack:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _start_moto(self, port: int) -> None:
        if port:
            _require_free_port(port, "MOTO_PORT")  # a busy port would hang ThreadedMotoServer.start
        self._moto = EmbeddedAws(HOST, port)
        self._moto.start()
        host, bound = self._moto.get_host_and_port()
        self.moto_endpoint = f"http://{host}:{bound}"

    def _function_environment(self) -> dict[str, str | None]:
        return {
            **self.environment,
            "POWERTOOLS_TRACE_DISABLED": "1",  # there is no X-Ray daemon to send segments to
            # Metrics refuses to flush without a namespace; the template normally sets one.
            "POWERTOOLS_METRICS_NAMESPACE": self.environment.get("POWERTOOLS_METRICS_NAMESPACE", "Decorum"),
        }

    def _apply_environment(self, changes: Mapping[str, str | None]) -> None:
        for name, value in changes.items():
            self._saved_environment.setdefault(name, os.environ.get(name))
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        # Settings, clients and the moderator are built once per process from the environment.
        _forget_built_clients()

    def _start_gateway(self, port: int, intrinsics: Intrinsics) -> None:
        routes = self.template.routes()
        api_ids = {route.api_id for route in routes}
        if len(api_ids) > 1:
            raise TemplateError(f"the local stack serves one API; the routes use {sorted(map(str, api_ids))}")
        # Only what the gateway uses is resolved: the rest (access logs, throttling) has no local effect.
        api = self.template.api_properties(next(iter(api_ids), None))
        gateway = Gateway(
            routes,
            self._functions,
            self.api_key,
            GatewayResponses(intrinsics.resolve(api.get("GatewayResponses") or {})),
            stage=as_text(intrinsics.resolve(api.get("StageName", "prod"))),
        )
        if port:
            _require_free_port(port, "PORT")
        self._server = GatewayServer((HOST, port), gateway)
        self.base_url = f"http://{HOST}:{self._server.server_address[1]}"
        self._server_thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="decorum-gateway",
            daemon=True,
        )
        self._server_thread.start()


def _start_functions(template: Template, region: str, log_path: Path | None) -> dict[str, PooledFunction]:
    """Check each handler imports here (a clear error if not), then start its workers, warm."""
    for spec in template.functions():
        unload_function(load_function(spec, region))
    functions = {
        spec.logical_id: PooledFunction(spec, region, log_path=log_path) for spec in template.functions()
    }
    try:
        for warming in [function.warm() for function in functions.values()]:
            warming.result()
    except BaseException:
        for function in functions.values():
            function.close()
        raise
    return functions


def _require_free_port(port: int, variable: str) -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind
        probe.bind((HOST, port))
    except OSError as error:
        raise StackError(
            f"{HOST}:{port} is in use ({error.strerror}); set {variable} to another port"
        ) from error
    finally:
        probe.close()


def _forget_built_clients() -> None:
    from decorum.adapters.aws import reset_clients
    from decorum.settings import get_settings
    from decorum.wiring import set_moderator

    get_settings.cache_clear()
    reset_clients()
    set_moderator(None)
