"""``apigen import postman``: a Postman collection (format v2.1) becomes a spec.

Folders flatten into call names (``Customers`` / ``Create customer`` → ``Customers create
customer``); requests become calls; the collection's auth becomes the collection's auth;
``{{variables}}`` in paths become path parameters, elsewhere parameters whose example is the
variable's value, or private parameters bound to environment variables when they hold
credentials; saved example responses become samples (error ones, error samples). Scripts and
auth that apigen cannot express are reported with the JSON pointer of the item.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from apigen.importers import calls
from apigen.importers.calls import Params
from apigen.importers.credentials import (
    env_prefix,
    holds_secret,
    is_secret,
    is_secret_name,
    shown_text,
)
from apigen.importers.report import ImportFailure, ImportReport
from apigen.importers.spec_writer import Flow, new_spec, package_name
from apigen.names import snake_case, upper_snake_case
from apigen.secrets import credential_kind

_VARIABLE = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
_ONLY_VARIABLE = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")


def import_postman(path: Path, report: ImportReport) -> str:
    """The text of a spec made from the Postman collection at ``path``."""
    data = _load(path)
    info = data["info"]
    name = str(info.get("name") or path.stem).strip() or "Postman"
    variables = {
        str(v["key"]): v.get("value")
        for v in data.get("variable") or []
        if isinstance(v, dict) and "key" in v
    }
    importer = _Importer(name, variables, report)
    importer.scripts(data, "#")
    auth = importer.collection_auth(data.get("auth"))
    items = list(importer.requests(data.get("item") or [], "#/item", []))
    for item, where, folders in items:
        importer.add(item, where, folders)
    if not importer.calls:
        raise ImportFailure(f"{path}: the collection has no request apigen can import")
    collection: dict[str, Any] = {"name": name, "base_url": importer.base_url}
    description = _text(info.get("description"))
    if description:
        collection["description"] = description.split("\n\n", 1)[0].strip()
    if auth is not None:
        collection["auth"] = auth
    collection["calls"] = importer.calls
    report.calls.extend(call["name"] for call in importer.calls)
    return new_spec(package_name(name), collection)


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise ImportFailure(f"{path}: cannot be read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ImportFailure(f"{path}: not UTF-8 text (byte {error.start})") from error
    except json.JSONDecodeError as error:
        raise ImportFailure(
            f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from error
    info = data.get("info") if isinstance(data, dict) else None
    schema = str(info.get("schema", "")) if isinstance(info, dict) else ""
    if "collection/v2.1" not in schema:
        raise ImportFailure(
            f"{path}: not a Postman collection of format v2.1 (info.schema is {schema!r}): "
            "export it from Postman as Collection v2.1"
        )
    return dict(data)


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("content")
    return shown_text(value.strip()) if isinstance(value, str) and value.strip() else None


@dataclass
class _Importer:
    collection: str
    variables: dict[str, Any]
    report: ImportReport
    base_url: str = ""
    auth_type: str | None = None
    calls: list[dict[str, Any]] = field(default_factory=list)

    # Walking the items ---------------------------------------------------------------------

    def requests(self, items: list[Any], where: str, folders: list[str]) -> Any:
        """(request item, pointer, folder names) for every request, depth first."""
        for index, item in enumerate(items):
            at = f"{where}/{index}"
            if not isinstance(item, dict):
                continue
            self.scripts(item, at)
            if isinstance(item.get("item"), list):
                auth = item.get("auth")
                if isinstance(auth, dict) and auth.get("type") != self.auth_type:
                    self.report.warn(
                        "W610", f"{at}/auth", f"folder auth {auth.get('type')!r} is not imported"
                    )
                name = str(item.get("name") or "").strip()
                yield from self.requests(item["item"], f"{at}/item", [*folders, name])
            elif isinstance(item.get("request"), dict | str):
                yield item, at, folders

    def scripts(self, item: dict[str, Any], at: str) -> None:
        for index, event in enumerate(item.get("event") or []):
            script = event.get("script") if isinstance(event, dict) else None
            lines = script.get("exec") if isinstance(script, dict) else None
            if isinstance(lines, list) and any(str(line).strip() for line in lines):
                self.report.warn(
                    "W610",
                    f"{at}/event/{index}",
                    f"{event.get('listen', 'event')} script is not run by apigen clients",
                )

    # Auth ----------------------------------------------------------------------------------

    def collection_auth(self, auth: Any) -> dict[str, Any] | None:
        if not isinstance(auth, dict) or auth.get("type") in (None, "noauth"):
            return None
        values = {
            str(e.get("key")): e.get("value")
            for e in auth.get(str(auth["type"])) or []
            if isinstance(e, dict)
        }
        kind = auth["type"]
        prefix = env_prefix(self.collection)
        found: dict[str, Any] | None = None
        if kind == "bearer":
            env = self._env(values.get("token"), f"{prefix}_API_KEY")
            found = {"type": "private_key_in_header", "header": "Authorization"}
            found.update(prefix="Bearer ", env=env)
            self.report.need(env, "API key (sent as Authorization: Bearer <key>)")
        elif kind == "basic":
            user = self._env(values.get("username"), f"{prefix}_USERNAME")
            password = self._env(values.get("password"), f"{prefix}_PASSWORD")
            found = {"type": "basic", "username_env": user, "password_env": password}
            self.report.need(user, "HTTP basic user name")
            self.report.need(password, "HTTP basic password")
        elif kind == "apikey" and values.get("key"):
            env = self._env(values.get("value"), f"{prefix}_API_KEY")
            if values.get("in") == "query":
                found = {"type": "private_key_in_url", "param": values["key"], "env": env}
            else:
                found = {"type": "private_key_in_header", "header": values["key"], "env": env}
            self.report.need(env, f"API key ({values.get('in') or 'header'} {values['key']})")
        if found is None:
            self.report.warn("W610", "#/auth", f"collection auth {kind!r} is not imported")
            return None
        self.auth_type = str(kind)
        return Flow(found)

    def _env(self, value: Any, default: str) -> str:
        """The variable of a credential: ``{{stripe_key}}`` → STRIPE_KEY, else ``default``."""
        found = _ONLY_VARIABLE.fullmatch(value.strip()) if isinstance(value, str) else None
        return upper_snake_case(found.group(1)) if found else default

    # One request ---------------------------------------------------------------------------

    def add(self, item: dict[str, Any], at: str, folders: list[str]) -> None:
        request = item["request"]
        request = {"url": request, "method": "GET"} if isinstance(request, str) else request
        method = str(request.get("method") or "GET").upper()
        url = request.get("url")
        raw = url if isinstance(url, str) else (url or {}).get("raw", "")
        label = f"{method} {raw}"
        address = self._address(str(raw), at, label)
        if address is None:
            return
        params = Params(self.collection, self.report)
        call: dict[str, Any] = {
            "name": self._name(folders, item, method),
            "use_as": calls.use_as(method),
        }
        call["method"] = method
        path_values = _path_variables(url)
        call["path"] = self._path(address, path_values, params)
        description = _text(request.get("description"))
        if description:
            call["description"] = description.split("\n\n", 1)[0].strip()
        auth = request.get("auth")
        if isinstance(auth, dict):
            if auth.get("type") == "noauth" and self.auth_type is not None:
                call["auth"] = "none"
            elif auth.get("type") not in ("noauth", self.auth_type):
                self.report.warn(
                    "W610",
                    f"{at}/request/auth",
                    f"request auth {auth.get('type')!r} is not imported",
                )
        for query in (url.get("query") or []) if isinstance(url, dict) else _query_of(raw):
            if isinstance(query, dict) and not query.get("disabled") and query.get("key"):
                self._value(params, str(query["key"]), "query", query.get("value"))
        headers = self._headers(request.get("header") or [], params)
        if headers:
            call["headers"] = headers
        try:
            body = self._body(request.get("body"), params, f"{at}/request/body", method)
        except _Unsendable as reason:
            self.report.skip("W605", f"{at}/request/body", label, str(reason))
            return
        if params.items:
            call["parameters"] = params.items
        call.update(body)
        response = self._responses(item.get("response") or [], f"{at}/response")
        if response:
            call["response"] = response
        self.calls.append(call)

    def _address(self, raw: str, at: str, label: str) -> str | None:
        """The request's path below the collection's base_url (set by the first request)."""
        text = raw.split("?", 1)[0].split("#", 1)[0]
        head = _VARIABLE.match(text)
        if head and str(self.variables.get(head.group(1), "")).startswith(("http://", "https://")):
            text = str(self.variables[head.group(1)]).rstrip("/") + text[head.end() :]
        if not text.startswith(("http://", "https://")):
            text = "https://" + text
        split = urlsplit(text)
        if not self.base_url:
            version, _ = calls.split_version(split.path)
            self.base_url = f"{split.scheme}://{split.netloc}{version}"
        base = self.base_url.rstrip("/")
        if text != base and not text.startswith(base + "/"):
            self.report.skip(
                "W603", f"{at}/request/url", label, f"not under base_url {self.base_url}"
            )
            return None
        return text[len(base) :] or "/"

    def _name(self, folders: list[str], item: dict[str, Any], method: str) -> str:
        name = " ".join(part for part in [*folders, str(item.get("name") or "").strip()] if part)
        name = " ".join(name.split()) or method
        taken = {snake_case(call["name"]) for call in self.calls}
        base, number = name, 2
        while snake_case(name) in taken or not snake_case(name):
            name, number = f"{base} {number}", number + 1
        return name

    def _path(self, address: str, path_values: dict[str, Any], params: Params) -> str:
        """``:name`` and ``{{name}}`` segments as ``{name}`` placeholders, with their values."""
        segments = []
        examples: dict[str, str] = {}
        for segment in address.split("/"):
            variable = _ONLY_VARIABLE.fullmatch(segment)
            if segment.startswith(":") and len(segment) > 1:
                name, value = segment[1:], path_values.get(segment[1:])
            elif variable:
                name, value = variable.group(1), self.variables.get(variable.group(1))
            else:
                segments.append(segment)
                continue
            segments.append("{" + name + "}")
            if (example := _example(value)) is not None:
                examples[snake_case(name) or "id"] = example
        return calls.templated_path("/".join(segments), params, examples)

    def _value(self, params: Params, name: str, where: str, value: Any) -> None:
        """A query, header or form value: a variable's value as example, a credential private."""
        text = "" if value is None else str(value)
        variable = _ONLY_VARIABLE.fullmatch(text.strip())
        if variable:
            held = self.variables.get(variable.group(1))
            secret = is_secret(variable.group(1), held) or is_secret(name, held)
            if secret:
                params.add(name, where, "$" + upper_snake_case(variable.group(1)))
            else:
                params.add(name, where, held, default=held not in (None, ""))
            return
        value = calls.typed(self._substituted(text)) if where != "header" else text
        params.add(name, where, value)

    def _substituted(self, text: str) -> str:
        return _VARIABLE.sub(lambda m: str(self.variables.get(m.group(1), m.group(0))), text)

    def _headers(self, headers: list[Any], params: Params) -> dict[str, str]:
        static: dict[str, str] = {}
        for header in headers:
            if not isinstance(header, dict) or header.get("disabled") or not header.get("key"):
                continue
            name, value = str(header["key"]), str(header.get("value") or "")
            if name.lower() in ("content-type", "content-length", "host"):
                continue
            if name.lower() == "authorization" and self.auth_type is not None:
                continue
            if _VARIABLE.search(value) or is_secret(name, value):
                self._value(params, name, "header", value)
            else:
                static[name] = value
        return static

    # Bodies and responses --------------------------------------------------------------------

    def _body(self, body: Any, params: Params, at: str, method: str) -> dict[str, Any]:
        if not isinstance(body, dict) or body.get("disabled"):
            return {}
        mode = body.get("mode")
        if method in ("GET", "HEAD", "OPTIONS"):
            if body.get(str(mode)):
                self.report.warn("W606", at, f"body of a {method} request left out")
            return {}
        if mode == "raw":
            return self._raw(str(body.get("raw") or ""), params)
        if mode in ("urlencoded", "formdata"):
            for index, entry in enumerate(body.get(mode) or []):
                if not isinstance(entry, dict) or entry.get("disabled") or not entry.get("key"):
                    continue
                if entry.get("type") == "file":
                    self.report.warn(
                        "W602", f"{at}/{mode}/{index}", f"file field {entry['key']!r} left out"
                    )
                    continue
                self._value(params, str(entry["key"]), "body", entry.get("value"))
            return {"body_format": "form" if mode == "urlencoded" else "multipart"}
        raise _Unsendable(f"a {mode} body cannot be sent by apigen")

    def _raw(self, raw: str, params: Params) -> dict[str, Any]:
        if not raw.strip():
            return {}
        text = _VARIABLE.sub(self._json_variable, raw)
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise _Unsendable(f"a raw body that is not JSON ({error.msg})") from error
        if isinstance(value, dict) and not value:
            return {}
        return {"body": params.add_body(value)}

    def _json_variable(self, found: re.Match[str]) -> str:
        """A ``{{variable}}`` inside a JSON body: its value, or a name for a credential."""
        name = found.group(1)
        value = self.variables.get(name)
        quoted = found.string[found.start() - 1 : found.start()] == '"'
        if is_secret_name(name) or (isinstance(value, str) and credential_kind(value)):
            text = "$" + upper_snake_case(name)  # read from this variable (see Params.add)
        elif quoted:
            return json.dumps("" if value is None else str(value))[1:-1]
        else:
            text = "" if value is None else str(value)
            try:
                json.loads(text)
                return text
            except json.JSONDecodeError:
                pass
        return text if quoted else json.dumps(text)

    def _responses(self, responses: list[Any], at: str) -> dict[str, Any]:
        samples: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for index, response in enumerate(responses):
            if not isinstance(response, dict):
                continue
            try:
                body = json.loads(str(response.get("body") or ""))
            except json.JSONDecodeError:
                continue
            if not isinstance(body, dict | list):
                continue
            if holds_secret(body):
                self.report.warn(
                    "W609", f"{at}/{index}/body", "saved response looks like it holds a credential"
                )
                continue
            code = response.get("code")
            if isinstance(code, int) and code >= 400:
                errors.append({"inline": body})
            elif isinstance(code, int) and 200 < code < 300:
                samples.append({"inline": body, "status": code})  # 201 for a create
            else:
                samples.append({"inline": body})
        out: dict[str, Any] = {}
        if samples:
            out["samples"] = samples
        if errors:
            out["error_samples"] = errors
        return out


class _Unsendable(Exception):
    """The request cannot be sent by an apigen client; the message says why."""


def _path_variables(url: Any) -> dict[str, Any]:
    if not isinstance(url, dict):
        return {}
    return {
        str(v["key"]): v.get("value")
        for v in url.get("variable") or []
        if isinstance(v, dict) and "key" in v
    }


def _query_of(raw: str) -> list[dict[str, str]]:
    query = raw.split("?", 1)[1] if "?" in raw else ""
    pairs = [part.partition("=") for part in query.split("&") if part]
    return [{"key": key, "value": value} for key, _, value in pairs]


def _example(value: Any) -> str | None:
    return str(value) if value not in (None, "") and not is_secret("value", value) else None
