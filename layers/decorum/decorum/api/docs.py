"""The OpenAPI document and Swagger UI for integrators, describing every route of the API."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types

from decorum import __version__
from decorum.api import routes
from decorum.api.app import create_app

TITLE = "Decorum"
DESCRIPTION = (
    "Moderation for a library's live 'ask a librarian' chat. Send every message; get back what it "
    "is, what to do about it and the script to send. All routes except health and docs need the "
    "`x-api-key` header."
)


def create_docs_app() -> APIGatewayRestResolver:
    app = create_app(routes.messages, routes.evaluate, routes.sessions, routes.health)
    app.enable_swagger(path="/v1/docs", title=TITLE, version=__version__, description=DESCRIPTION)

    @app.get("/v1/openapi.json", include_in_schema=False)
    def openapi_document() -> Response[str]:
        body = app.get_openapi_json_schema(title=TITLE, version=__version__, description=DESCRIPTION)
        return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=body)

    return app
