"""``template.yaml`` as the local stack's single source of truth: resources, functions and routes.

Nothing the local stack creates or serves is written down twice: table keys, the TTL attribute,
environment variables, handlers, routes and which of them need an API key all come from here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TEMPLATE_NAME = "template.yaml"
TEMPLATE_ENV = "DECORUM_TEMPLATE"

FUNCTION_TYPE = "AWS::Serverless::Function"
API_TYPE = "AWS::Serverless::Api"


class TemplateError(ValueError):
    """The template asks for something the local stack cannot stand in for, or is malformed."""


class CloudFormationLoader(yaml.SafeLoader):
    """A SafeLoader that reads CloudFormation's short tags as their long forms.

    ``!Ref X`` -> ``{"Ref": "X"}``, ``!GetAtt A.B`` -> ``{"Fn::GetAtt": ["A", "B"]}``,
    ``!Condition C`` -> ``{"Condition": "C"}``, any other ``!Tag v`` -> ``{"Fn::Tag": v}``.
    """


def _construct_short_tag(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    elif isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    else:  # pragma: no cover - PyYAML has no other node kinds
        raise yaml.constructor.ConstructorError(
            None, None, f"unexpected node for !{tag_suffix}", node.start_mark
        )
    if tag_suffix in ("Ref", "Condition"):
        return {tag_suffix: value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        resource, _, attribute = value.partition(".")
        return {"Fn::GetAtt": [resource, attribute]}
    return {f"Fn::{tag_suffix}": value}


CloudFormationLoader.add_multi_constructor("!", _construct_short_tag)


def find_template(cwd: Path | None = None) -> Path:
    """``$DECORUM_TEMPLATE``, else the nearest ``template.yaml`` in the working directory or above."""
    configured = os.environ.get(TEMPLATE_ENV)
    if configured:
        path = Path(configured).expanduser().resolve()
        if not path.is_file():
            raise TemplateError(f"{TEMPLATE_ENV}={configured} is not a file")
        return path
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        candidate = folder / TEMPLATE_NAME
        if candidate.is_file():
            return candidate
    raise TemplateError(
        f"no {TEMPLATE_NAME} in {start} or any folder above it; run from the repository or set {TEMPLATE_ENV}"
    )


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    logical_id: str
    code_dir: Path
    handler: str  # "module.attribute", relative to code_dir, as Lambda reads it
    memory_mb: int
    timeout_seconds: int
    variables: Mapping[str, Any]  # Globals merged with the function's own; intrinsics unresolved


@dataclass(frozen=True, slots=True)
class RouteSpec:
    function_id: str
    method: str  # upper case; "ANY" matches every method
    path: str  # as declared, e.g. /v1/sessions/{session_id}/messages
    api_key_required: bool
    api_id: str | None  # None: SAM's implicit API


@dataclass(frozen=True, slots=True)
class ScheduleSpec:
    function_id: str
    every_seconds: int  # from rate(N minute[s]|hour[s]|day[s])


_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_RATE_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


class Template:
    def __init__(self, document: Mapping[str, Any], root: Path) -> None:
        self.document = document
        self.root = root  # CodeUri paths are relative to the template's folder

    @classmethod
    def load(cls, path: Path) -> Template:
        try:
            document = yaml.load(path.read_text(encoding="utf-8"), Loader=CloudFormationLoader)  # noqa: S506
        except yaml.YAMLError as error:
            raise TemplateError(f"{path} is not valid YAML: {error}") from error
        if not isinstance(document, dict) or not isinstance(document.get("Resources"), dict):
            raise TemplateError(f"{path} is not a CloudFormation template with Resources")
        return cls(document, path.parent)

    def resources_of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        """Logical id -> Properties of every resource of this type, in template order."""
        return {
            logical_id: resource.get("Properties") or {}
            for logical_id, resource in self.document["Resources"].items()
            if resource.get("Type") == resource_type
        }

    def parameter_values(self, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
        """Each parameter's Default, as the text CloudFormation hands to a Ref; overrides win."""
        parameters: dict[str, Any] = self.document.get("Parameters") or {}
        overrides = overrides or {}
        unknown = sorted(set(overrides) - set(parameters))
        if unknown:
            raise TemplateError(f"no such parameter(s) in the template: {', '.join(unknown)}")
        values = {name: as_text(spec["Default"]) for name, spec in parameters.items() if "Default" in spec}
        return {**values, **overrides}

    def functions(self) -> list[FunctionSpec]:
        defaults = self._globals("Function")
        global_variables = (defaults.get("Environment") or {}).get("Variables") or {}
        specs = []
        for logical_id, properties in self.resources_of_type(FUNCTION_TYPE).items():
            merged = {**defaults, **properties}
            code_uri = merged.get("CodeUri")
            if merged.get("PackageType") == "Image" or not isinstance(code_uri, str):
                raise TemplateError(f"{logical_id}: only a local folder CodeUri can run locally")
            own_variables = (properties.get("Environment") or {}).get("Variables") or {}
            specs.append(
                FunctionSpec(
                    logical_id=logical_id,
                    code_dir=(self.root / code_uri).resolve(),
                    handler=str(merged.get("Handler", "")),
                    memory_mb=int(merged.get("MemorySize", 128)),
                    timeout_seconds=int(merged.get("Timeout", 3)),
                    variables={**global_variables, **own_variables},
                )
            )
        return specs

    def routes(self) -> list[RouteSpec]:
        """Every ``Type: Api`` event; ApiKeyRequired from the event, else from its API's Auth."""
        routes = []
        for logical_id, properties in self.resources_of_type(FUNCTION_TYPE).items():
            for event in (properties.get("Events") or {}).values():
                if event.get("Type") != "Api":
                    continue
                event_properties = event.get("Properties") or {}
                api_id = _ref_target(event_properties.get("RestApiId"))
                event_auth = event_properties.get("Auth") or {}
                api_auth = self.api_properties(api_id).get("Auth") or {}
                required = event_auth.get("ApiKeyRequired", api_auth.get("ApiKeyRequired", False))
                routes.append(
                    RouteSpec(
                        function_id=logical_id,
                        method=str(event_properties["Method"]).upper(),
                        path=str(event_properties["Path"]),
                        api_key_required=required is True,
                        api_id=api_id,
                    )
                )
        return routes

    def schedules(self) -> list[ScheduleSpec]:
        """Every ``Type: Schedule`` event with a rate expression (cron expressions do not run locally)."""
        schedules = []
        for logical_id, properties in self.resources_of_type(FUNCTION_TYPE).items():
            for event in (properties.get("Events") or {}).values():
                if event.get("Type") != "Schedule":
                    continue
                expression = str((event.get("Properties") or {}).get("Schedule", ""))
                rate = _RATE.match(expression)
                if rate is None:
                    raise TemplateError(
                        f"{logical_id}: only rate(...) schedules run locally, not {expression!r}"
                    )
                unit = rate.group(2).rstrip("s")
                schedules.append(ScheduleSpec(logical_id, int(rate.group(1)) * _RATE_SECONDS[unit]))
        return schedules

    def api_properties(self, api_id: str | None) -> dict[str, Any]:
        """An API's Properties over ``Globals.Api`` (``None``: SAM's implicit API, Globals only)."""
        own = self.resources_of_type(API_TYPE).get(api_id, {}) if api_id else {}
        return {**self._globals("Api"), **own}

    def _globals(self, section: str) -> dict[str, Any]:
        found = (self.document.get("Globals") or {}).get(section) or {}
        return dict(found)


def _ref_target(value: Any) -> str | None:
    if value is None:
        return None
    target = value.get("Ref") if isinstance(value, dict) else None
    if isinstance(target, str):
        return target
    raise TemplateError(f"RestApiId must be a !Ref to an AWS::Serverless::Api, not {value!r}")


def as_text(value: Any) -> str:
    """A scalar as CloudFormation passes it on: numbers as digits, booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise TemplateError(f"expected a scalar, got {value!r}")


_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


@dataclass(frozen=True, slots=True)
class Intrinsics:
    """Resolves Ref, Fn::GetAtt and Fn::Sub against the local stack's names, ARNs and parameters.

    ``names`` holds parameters and pseudo parameters (``AWS::Region`` ...) as well as each local
    resource's Ref value (a table's or bucket's name, a topic's ARN); ``attributes`` holds GetAtt
    values by ``(logical id, attribute)``. Anything else is an error naming what is missing, so a
    template change the local stack cannot honour fails at start, not on the first request.
    """

    names: Mapping[str, str]
    attributes: Mapping[tuple[str, str], str]

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, argument),) = value.items()
            if key == "Ref":
                return self._ref(argument)
            if key == "Fn::GetAtt":
                return self._get_att(*argument)
            if key == "Fn::Sub":
                return self._sub(argument)
            if key.startswith("Fn::") or key == "Condition":
                raise TemplateError(f"{key} is not supported by the local stack")
        return {key: self.resolve(inner) for key, inner in value.items()}

    def _ref(self, name: str) -> str:
        if name not in self.names:
            raise TemplateError(
                f"!Ref {name}: not a parameter with a value or a resource the local stack creates"
            )
        return self.names[name]

    def _get_att(self, logical_id: str, attribute: str) -> str:
        found = self.attributes.get((logical_id, attribute))
        if found is None:
            raise TemplateError(f"!GetAtt {logical_id}.{attribute}: the local stack has no such value")
        return found

    def _sub(self, argument: str | list[Any]) -> str:
        text, variables = (argument, {}) if isinstance(argument, str) else (argument[0], argument[1])
        local = {name: as_text(self.resolve(inner)) for name, inner in variables.items()}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"  # ${!Literal} is CloudFormation's escape
            if name in local:
                return local[name]
            if "." in name:
                return self._get_att(*name.split(".", 1))
            return self._ref(name)

        return _SUB_VARIABLE.sub(replace, text)


def resolved_variables(spec: FunctionSpec, intrinsics: Intrinsics) -> dict[str, str]:
    """A function's environment as Lambda would see it: every value resolved to text."""
    return {name: as_text(intrinsics.resolve(value)) for name, value in spec.variables.items()}
