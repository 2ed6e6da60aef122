"""The spec's enumerations as Literal types: shared by the spec models and the IR.

Kept apart from :mod:`apigen.spec` because the IR imports no pydantic.
"""

from __future__ import annotations

from typing import Literal

HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
ParameterLocation = Literal["query", "path", "header", "body"]
ParameterType = Literal["string", "integer", "number", "boolean", "array", "object", "file"]
ItemType = Literal["string", "integer", "number", "boolean", "object", "file"]
ArrayFormat = Literal["repeat", "brackets", "indexed", "comma"]
ResponseType = Literal["json", "text", "binary", "sse", "jsonl"]
UseAs = Literal["data", "action"]
BodyFormat = Literal["json", "form", "multipart"]
OnError = Literal["raise", "return"]
