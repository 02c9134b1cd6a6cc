"""The official PortOne V1 schema as a validator for recorded replies (Swagger 2.0 → JSON-Schema draft 4).

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
