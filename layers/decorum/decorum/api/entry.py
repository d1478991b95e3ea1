"""The Lambda entry point every function shares: Logger, Tracer and Metrics around one resolver."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from decorum import correlation
from decorum.api.app import create_app

logger = Logger()
tracer = Tracer()
metrics = Metrics()

Handler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


def lambda_entry(
    *routers: Router, app: APIGatewayRestResolver | None = None
) -> tuple[APIGatewayRestResolver, Handler]:
    resolver = app or create_app(*routers)

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
    @tracer.capture_lambda_handler
    @metrics.log_metrics(capture_cold_start_metric=True)
    def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        platform_id = correlation.from_headers(event.get("headers"))
        correlation.set_current(platform_id)
        if platform_id is not None:
            logger.set_correlation_id(platform_id)  # else API Gateway's request id, set above
        return resolver.resolve(event, context)

    return resolver, handler
