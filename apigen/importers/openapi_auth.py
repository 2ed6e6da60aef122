"""OpenAPI security schemes as the collection's auth, secrets bound to environment variables.

One scheme becomes the collection's auth: the first of the document's ``security`` (a bearer or
API key preferred among alternatives), else the one most operations name. Operations that need
no security (``security: []``) get ``auth: none``; those that name only other schemes are
reported.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from apigen.importers.credentials import env_prefix
from apigen.importers.openapi_document import pointer
from apigen.importers.report import ImportReport
from apigen.importers.spec_writer import Flow

_PREFERENCE = ("bearer", "apiKey", "basic", "oauth2")


def choose_scheme(data: dict[str, Any], operations: list[dict[str, Any]]) -> str | None:
    """The name of the scheme the collection's auth is made from."""
    schemes = data.get("components", {}).get("securitySchemes") or {}
    requirements = data.get("security")
    if not isinstance(requirements, list) or not requirements:
        counts: Counter[str] = Counter(
            name
            for operation in operations
            for requirement in operation.get("security") or []
            if isinstance(requirement, dict)
            for name in requirement
        )
        requirements = [{name: []} for name, _ in counts.most_common()]
    names = [n for r in requirements if isinstance(r, dict) for n in r if n in schemes]
    return min(names, key=lambda n: _rank(schemes[n]), default=None)


def _rank(scheme: Any) -> int:
    if not isinstance(scheme, dict):
        return len(_PREFERENCE)
    kind = scheme.get("type")
    if kind == "http":
        kind = "bearer" if str(scheme.get("scheme", "")).lower() == "bearer" else "basic"
    return _PREFERENCE.index(kind) if kind in _PREFERENCE else len(_PREFERENCE)


def scheme_auth(
    name: str, scheme: Any, collection: str, report: ImportReport
) -> dict[str, Any] | None:
    """The auth config of one security scheme, or None (reported) when apigen has no such auth."""
    where = pointer("components", "securitySchemes", name)
    prefix = env_prefix(collection)
    kind = scheme.get("type") if isinstance(scheme, dict) else None
    auth: dict[str, Any] | None = None
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        auth = {"type": "private_key_in_header", "header": "Authorization", "prefix": "Bearer "}
        auth["env"] = f"{prefix}_API_KEY"
        report.need(auth["env"], "API key (sent as Authorization: Bearer <key>)")
    elif kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
        auth = {"type": "basic", "username_env": f"{prefix}_USERNAME"}
        auth["password_env"] = f"{prefix}_PASSWORD"
        report.need(auth["username_env"], "HTTP basic user name")
        report.need(auth["password_env"], "HTTP basic password")
    elif kind == "apiKey" and scheme.get("in") in ("header", "query") and scheme.get("name"):
        auth = _api_key(scheme, prefix, report)
    elif kind == "oauth2" and isinstance(scheme.get("flows"), dict):
        auth = _oauth2(scheme["flows"], prefix, report)
    if auth is None:
        report.warn(
            "W604", where, f"security scheme {name!r} ({kind}) has no apigen auth: calls omit it"
        )
        return None
    return Flow(auth) if len(auth) <= 4 else auth


def _api_key(scheme: dict[str, Any], prefix: str, report: ImportReport) -> dict[str, Any]:
    env = f"{prefix}_API_KEY"
    if scheme["in"] == "header":
        report.need(env, f"API key (header {scheme['name']})")
        return {"type": "private_key_in_header", "header": scheme["name"], "env": env}
    report.need(env, f"API key (query {scheme['name']})")
    return {"type": "private_key_in_url", "param": scheme["name"], "env": env}


def _oauth2(flows: dict[str, Any], prefix: str, report: ImportReport) -> dict[str, Any] | None:
    code = flows.get("authorizationCode")
    password = flows.get("password")
    if isinstance(password, dict) and password.get("tokenUrl"):
        auth = {"type": "oauth2_password", "token_url": password["tokenUrl"]}
        auth.update(username_env=f"{prefix}_USERNAME", password_env=f"{prefix}_PASSWORD")
        auth.update(
            client_id_env=f"{prefix}_CLIENT_ID", client_secret_env=f"{prefix}_CLIENT_SECRET"
        )
    elif isinstance(code, dict) and code.get("authorizationUrl") and code.get("tokenUrl"):
        auth = {"type": "oauth2_user_agent", "authorize_url": code["authorizationUrl"]}
        auth.update(token_url=code["tokenUrl"], client_id_env=f"{prefix}_CLIENT_ID")
        auth["client_secret_env"] = f"{prefix}_CLIENT_SECRET"
    else:
        return None
    for key, value in auth.items():
        if key.endswith("_env"):
            report.need(value, f"OAuth 2 {key.removesuffix('_env').replace('_', ' ')}")
    return auth


def operation_auth(
    operation: dict[str, Any], chosen: str | None, where: str, report: ImportReport
) -> str | None:
    """``"none"`` for an operation that needs no security; reports one needing another scheme."""
    requirements = operation.get("security")
    if not isinstance(requirements, list):
        return None
    if not requirements or any(r == {} for r in requirements):
        return "none" if chosen is not None else None
    names = {name for r in requirements if isinstance(r, dict) for name in r}
    if chosen is not None and chosen not in names:
        report.warn(
            "W604",
            f"{where}/security",
            f"needs {', '.join(sorted(names))}; the collection's {chosen} auth is sent instead",
        )
    return None
