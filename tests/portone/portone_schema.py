"""The official PortOne V1 schema as a validator for recorded replies (Swagger 2.0 → JSON-Schema draft 4),
and for the requests the client sends (``request_problems``, at the end).

Two adaptations, both forced by the file itself: numeric keywords it writes as strings ("maxLength":
"32") become numbers, and properties a definition does not require may be null, because PortOne sends
null for absent values and Swagger 2.0 cannot say so. To catch typos in fixtures, object definitions
also refuse properties they do not list (composed ``allOf`` definitions stay open).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_PATH = Path(__file__).resolve().parents[2] / ".." / "shared" / "portone" / "v1.openapi.json"


def schema_available() -> bool:
    return SCHEMA_PATH.exists()


_NUMERIC_KEYWORDS = ("maxLength", "minLength", "maximum", "minimum", "maxItems", "minItems")


def _adapt(node: Any) -> Any:
    if isinstance(node, list):
        return [_adapt(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _adapt(value) for key, value in node.items()}
    for key in _NUMERIC_KEYWORDS:
        if isinstance(node.get(key), str):
            node[key] = int(node[key])
    properties = node.get("properties")
    if isinstance(properties, dict):
        required = set(node.get("required", ()))
        for name, prop in list(properties.items()):
            if name not in required:
                properties[name] = {"anyOf": [{"type": "null"}, prop]}
    return node


@cache
def _definitions() -> dict[str, Any]:
    raw = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["definitions"]
    adapted: dict[str, Any] = _adapt(copy.deepcopy(raw))
    for definition in adapted.values():
        # Closed objects catch misspelt fixture fields; composed (allOf) definitions stay open.
        if "properties" in definition and "allOf" not in definition:
            definition["additionalProperties"] = False
    adapted["ResponseAnnotation"]["additionalProperties"] = True
    return adapted


def validate(definition: str, body: Any) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``body`` fits ``#/definitions/<definition>``."""
    schema = {"definitions": _definitions(), "allOf": [{"$ref": f"#/definitions/{definition}"}]}
    jsonschema.Draft4Validator(schema).validate(body)


# --------------------------------------------------------------------------------------- requests
#
# The other direction: what the client *sends*, checked against the parameters the schema declares for
# that endpoint (Swagger 2.0 `parameters`: path, query, formData). JSON bodies are checked against the
# formData parameters (PortOne accepts both encodings, the types are the same). A request is wrong when
# it lacks a required parameter, carries one the endpoint does not define, or has a value of the wrong
# type, outside the enum, or longer than maxLength. Query values arrive as text and are read as such.


@cache
def _paths() -> dict[str, Any]:
    paths: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["paths"]
    return paths


@cache
def _request_definitions() -> dict[str, Any]:
    """Definitions for request objects: numbers fixed, closed, and no nulls (we never send null)."""
    raw = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["definitions"]

    def numbers(node: Any) -> Any:
        if isinstance(node, list):
            return [numbers(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: numbers(value) for key, value in node.items()}
        for key in _NUMERIC_KEYWORDS:
            if isinstance(node.get(key), str):
                node[key] = int(node[key])
        return node

    adapted: dict[str, Any] = numbers(copy.deepcopy(raw))
    for definition in adapted.values():
        if "properties" in definition:
            definition["additionalProperties"] = False
    return adapted


def _matches(template: str, path: str) -> bool:
    want = template.strip("/").split("/")
    have = path.strip("/").split("/")
    if len(have) == len(want) - 1 and want[-1].startswith("{"):  # an optional last path parameter
        want = want[:-1]
    if len(want) != len(have):
        return False
    return all(w == h or (w.startswith("{") and h != "") for w, h in zip(want, have, strict=True))


def endpoint(method: str, path: str) -> str:
    """The schema's path template for a concrete request path (the most literal match wins)."""
    candidates = [t for t, ops in _paths().items() if method.lower() in ops and _matches(t, path)]
    if not candidates:
        raise AssertionError(f"the schema has no {method} endpoint for {path}")
    return min(candidates, key=lambda t: t.count("{"))


def _path_values(template: str, path: str) -> dict[str, str]:
    from urllib.parse import unquote

    values: dict[str, str] = {}
    for want, have in zip(template.strip("/").split("/"), path.strip("/").split("/"), strict=False):
        if want.startswith("{"):
            values[want[1:-1]] = unquote(have)
    return values


def _type_problem(name: str, spec: dict[str, Any], value: Any, *, from_query: bool) -> str | None:
    kind = spec.get("type")
    if from_query:
        if kind == "integer" and not (isinstance(value, str) and value.lstrip("-").isdigit()):
            return f"{name}: {value!r} is not an integer"
        if kind == "boolean" and value not in ("true", "false"):
            return f"{name}: {value!r} is not true/false"
        if kind in ("integer", "boolean"):
            value = int(value) if kind == "integer" else value == "true"
        elif not isinstance(value, str):
            return f"{name}: {value!r} is not text"
    elif kind == "string" and not isinstance(value, str):
        return f"{name}: {value!r} is not a string"
    elif kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"{name}: {value!r} is not an integer"
    elif kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return f"{name}: {value!r} is not a number"
    elif kind == "boolean" and not isinstance(value, bool):
        return f"{name}: {value!r} is not a boolean"
    if "enum" in spec and value not in spec["enum"]:
        return f"{name}: {value!r} is not one of {spec['enum']}"
    limit = spec.get("maxLength")
    if limit is not None and isinstance(value, str) and len(value) > int(limit):
        return f"{name}: {len(value)} characters, at most {limit}"
    return None


def _array_problems(name: str, spec: dict[str, Any], value: Any) -> list[str]:
    if not isinstance(value, list):
        return [f"{name}: {value!r} is not an array"]
    items = spec.get("items") or spec.get("schema") or {}
    problems: list[str] = []
    for index, item in enumerate(value):
        if "$ref" in items:
            schema = {"definitions": _request_definitions(), "allOf": [{"$ref": items["$ref"]}]}
            for error in jsonschema.Draft4Validator(schema).iter_errors(item):
                problems.append(f"{name}[{index}]: {error.message}")
        elif items.get("type") == "string" and not isinstance(item, str):
            problems.append(f"{name}[{index}]: {item!r} is not a string")
    return problems


def request_problems(
    method: str, path: str, query: dict[str, list[str]], body: dict[str, Any] | None
) -> list[str]:
    """Everything wrong with one request against the schema's parameters for its endpoint."""
    template = endpoint(method, path)
    declared = _paths()[template][method.lower()].get("parameters", [])
    problems: list[str] = []
    by_place: dict[str, dict[str, dict[str, Any]]] = {"path": {}, "query": {}, "formData": {}}
    for parameter in declared:
        by_place.setdefault(parameter["in"], {})[parameter["name"]] = parameter
    for name, value in _path_values(template, path).items():
        spec = by_place["path"].get(name)
        if spec is None:
            problems.append(f"path parameter {name} not in the schema")
        elif (problem := _type_problem(name, spec, value, from_query=True)) is not None:
            problems.append(problem)
    for name, values in query.items():
        spec = by_place["query"].get(name)
        if spec is None:
            problems.append(f"query parameter {name!r} is not defined for {method} {template}")
            continue
        if spec.get("type") != "array" and len(values) != 1:
            problems.append(f"query parameter {name!r} sent {len(values)} times")
        for value in values:
            if spec.get("type") != "array" and (problem := _type_problem(name, spec, value, from_query=True)):
                problems.append(problem)
    for name, spec in by_place["query"].items():
        if spec.get("required") and name not in query:
            problems.append(f"required query parameter {name!r} missing")
    fields = body or {}
    if body is not None and not by_place["formData"]:
        problems.append(f"{method} {template} takes no body, got {sorted(fields)}")
    for name, value in fields.items():
        spec = by_place["formData"].get(name)
        if spec is None:
            problems.append(f"body field {name!r} is not defined for {method} {template}")
        elif value is None:
            problems.append(f"body field {name!r} is null")
        elif spec.get("type") == "array":
            problems.extend(_array_problems(name, spec, value))
        elif "$ref" in spec.get("schema", {}):
            schema = {"definitions": _request_definitions(), "allOf": [spec["schema"]]}
            errors = jsonschema.Draft4Validator(schema).iter_errors(value)
            problems.extend(f"{name}: {error.message}" for error in errors)
        elif (problem := _type_problem(name, spec, value, from_query=False)) is not None:
            problems.append(problem)
    for name, spec in by_place["formData"].items():
        if spec.get("required") and name not in fields:
            problems.append(f"required body field {name!r} missing for {method} {template}")
    return problems
