"""A spec full of quotes, backslashes, template syntax, keywords and code: the output stays safe.

The spec is written as JSON (which is YAML) so that every hostile string reaches apigen exactly as
written here. Its base URL points at a server started for this module, so the spec's own base URL
(with its hostile path) is the one the calls use.

Characters that are URL syntax (``%``, ``#``, ``?``) are not put raw into the base URL: there the
closest accepted form is their percent-encoding (``{% if %}`` as ``%7B%25%20if%20%25%7D``).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from apigen.runtime_modules import package_init
from tests.servers.recording import RecordingServer, Reply

from .support import (
    MODES,
    Form,
    FormPart,
    Json,
    Multipart,
    Wire,
    assert_parsed,
    assert_wire,
    build_spec,
    call_client,
    import_built,
    unload,
)

RUNTIME = Path(__file__).resolve().parents[2] / "templates" / "runtime"
PACKAGE = "hostile_sdk"
COLLECTION = "Evil 'Quotes' \"API\"\t{{ x }}\n{% if %} # \\ ü"
CLIENT = "EvilQuotesApiXIfÜClient"  # PascalCase of the collection's words (ü kept), plus Client

INJECT = '"); import os; os.system("echo pwned"); ("'
# ASCII with a tab: what an HTTP header value can carry.
QUOTES = 'it\'s "q" \'\'\' """ \\ {{ x }} {% if %} # \t'
HEADER_VALUE = QUOTES + INJECT
# For query, body and form values: adds a newline and characters beyond ASCII and the BMP.
TEXT_VALUE = f"{QUOTES}ü€😀\n{INJECT}"
DESCRIPTION = f"{QUOTES}ü€😀 \\n\nline two\x1b\x7f {INJECT}"

API_KEY = "k'\"\\y{{ x }}"
KEY_PREFIX = "K'\"\\ "
TENANT = "t&=/ü'\"#"

BASE_PATH = '/it\'s "q"/{{ x }}/%7B%25%20if%20%25%7D/ü/a\\b/'
BASE_RAW = "/it's%20%22q%22/%7B%7B%20x%20%7D%7D/%7B%25%20if%20%25%7D/%C3%BC/a\\b"

LITERAL = f"{QUOTES}ü <not> {{% else %}} {INJECT}"
# The literal's JSON text, with "<" written as \u003c so that <not> is no placeholder.
LITERAL_JSON = json.dumps(LITERAL, ensure_ascii=False).replace("<", "\\u003c")
TEMPLATE = (
    f'{{"literal": {LITERAL_JSON}, "value": "<import>", "mixed": "pre <def> post",'
    ' "n": <count>, "opt": <self>}'
)

CLASS_SAMPLE: dict[str, Any] = {
    "class": TEXT_VALUE,
    "import": 1,
    "self": True,
    'it\'s "q"': "x",
    "a\\b": "y",
    "{{ x }}": "z",
    "{% if %}": "w",
    "#h": "#",
    "tab\tkey": "t",
    "ü": "ü€😀",
    "'''": "'''",
    '"""': '"""',
    "json": 1.5,
    "model_dump": 2,
    INJECT: INJECT,
    "nested": {"def": [INJECT, "\n"]},
}
# A key that is data (''') beside a value of another type: a model still, not a map.
CLOSE_SAMPLE = [
    {"class": TEXT_VALUE, "'''": '"""', "rank": 1},
    {"class": "", "'''": "\\", "rank": 2},
]
TILE = bytes(range(256))


def hostile_spec(base_url: str) -> dict[str, Any]:
    return {
        "apigen": 1,
        "package": {"name": PACKAGE, "version": "0.1.0", "description": DESCRIPTION},
        "collections": [
            {
                "name": COLLECTION,
                "base_url": base_url,
                "description": DESCRIPTION,
                "auth": {
                    "type": "private_key_in_header",
                    "header": "X-Api-Key",
                    "prefix": KEY_PREFIX,
                    "env": "HOSTILE_KEY",
                },
                "shared_headers": {"X-Shared": HEADER_VALUE},
                "shared_parameters": [
                    {
                        "name": "tenant",
                        "in": "query",
                        "private": True,
                        "env": "HOSTILE_TENANT",
                        "description": DESCRIPTION,
                    },
                    {"name": "trace", "in": "body", "default": INJECT, "description": DESCRIPTION},
                ],
                "calls": [CLASS_CALL, CLOSE_CALL, IMPORT_CALL, DEF_CALL],
            }
        ],
    }


CLASS_CALL: dict[str, Any] = {
    "name": "class {{ }} # '\"\\",  # as every call name here: one word, a keyword
    "use_as": "data",
    "method": "GET",
    "path": "/items/{import}",
    "description": DESCRIPTION,
    "headers": {"X-Call": HEADER_VALUE},
    "parameters": [
        {"name": "import", "in": "path", "description": DESCRIPTION},
        {"name": "def", "in": "query", "default": INJECT, "description": DESCRIPTION},
        {"name": "self", "in": "query", "required": False, "description": DESCRIPTION},
        {"name": "q'\"\\ {{ x }}", "in": "query", "required": False},
        {"name": "class", "in": "header", "default": HEADER_VALUE},
        {"name": "flags", "in": "query", "type": "array", "required": False},
        {"name": "on", "in": "query", "type": "boolean", "default": True},
    ],
    "response": {"samples": [{"inline": CLASS_SAMPLE}]},
}
CLOSE_CALL: dict[str, Any] = {
    "name": "close\t'''",
    "use_as": "action",
    "method": "POST",
    "path": "/close",
    "auth": "none",
    "description": DESCRIPTION + " \\",  # ends with a backslash, next to the closing quotes
    "body": TEMPLATE,
    "parameters": [
        {"name": "import", "in": "body", "description": DESCRIPTION + '"'},
        {"name": "def", "in": "body", "default": INJECT},
        {"name": "count", "in": "body", "type": "integer", "default": 3},
        {"name": "self", "in": "body", "type": "object", "required": False},
    ],
    "response": {"samples": [{"inline": CLOSE_SAMPLE}]},
}
IMPORT_CALL: dict[str, Any] = {
    "name": '"""import"""',
    "use_as": "action",
    "method": "PUT",
    "path": "/form",
    "description": INJECT,
    "body_format": "form",
    "parameters": [
        {"name": "def", "in": "body", "default": INJECT},
        {"name": 'it\'s "f"', "in": "body", "type": "array"},
    ],
    "response": {"type": "text"},
}
DEF_CALL: dict[str, Any] = {
    "name": "{% def %}",
    "use_as": "action",
    "method": "POST",
    "path": "/multi",
    "description": '"""' + INJECT + "'''",
    "body_format": "multipart",
    "parameters": [
        {"name": "class", "in": "body", "default": HEADER_VALUE},
        {"name": "n", "in": "body", "type": "number"},
    ],
    "response": {"type": "binary"},
}
METHODS = {"class_": CLASS_CALL, "close_": CLOSE_CALL, "import_": IMPORT_CALL, "def_": DEF_CALL}


@dataclass(frozen=True)
class Built:
    files: dict[str, str]
    package: ModuleType
    server: RecordingServer


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = tmp_path_factory.mktemp("hostile")
    with RecordingServer() as server:
        files, errors = build_spec(hostile_spec(server.url + BASE_PATH), root / "spec")
        assert files is not None and not errors, errors
        try:
            yield Built(files, import_built(files, root / "out", PACKAGE), server)
        finally:
            unload([PACKAGE])


def test_every_module_compiles_and_runs_no_code_of_the_spec(hostile: Built) -> None:
    modules = {path: text for path, text in hostile.files.items() if path.endswith(".py")}
    runtime_modules = frozenset(
        Path(path).stem for path in modules if path.startswith(f"{PACKAGE}/_runtime/")
    )
    assert f"{PACKAGE}/evil_quotes_api_x_if_u/client.py" in modules
    for path, text in modules.items():
        compile(text, path, "exec")
        found = list(dangerous_nodes(ast.parse(text)))
        if path.startswith(f"{PACKAGE}/_runtime/"):
            # The runtime reads environment variables, so it imports os; it is the fixed copy
            # of templates/runtime (below its header comment), untouched by the spec; its
            # package __init__ only loses the imports of modules the spec does not use.
            template = (RUNTIME / Path(path).name).read_text()
            if path.endswith("/__init__.py"):
                template = package_init(template, runtime_modules)
            assert text.split("\n", 1)[1] == template, path
            found = [node for node in found if node != "import os"]
        assert not found, path


def dangerous_nodes(tree: ast.AST) -> Iterator[str]:
    """Imports of os or subprocess, and calls of os.system, eval, exec or __import__."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("os", "subprocess"):
                    yield f"import {alias.name}"
        elif isinstance(node, ast.ImportFrom):
            if (node.module or "").split(".")[0] in ("os", "subprocess"):
                yield f"from {node.module} import"
        elif isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Name) and function.id in ("eval", "exec", "__import__"):
                yield function.id
            if (
                isinstance(function, ast.Attribute)
                and function.attr == "system"
                and isinstance(function.value, ast.Name)
                and function.value.id == "os"
            ):
                yield "os.system"


def test_dangerous_nodes_finds_injected_code() -> None:
    """The check above can fail: code like the injected string is found at any depth."""
    source = 'def f():\n    if x:\n        import os; os.system("echo pwned")\n    eval("1")\n'
    assert sorted(dangerous_nodes(ast.parse(source))) == ["eval", "import os", "os.system"]


def normalized(text: str | None) -> str:
    """Text with every run of whitespace as one space: docstrings are wrapped and indented."""
    assert text is not None
    return " ".join(text.split())


def test_docstrings_hold_the_descriptions(hostile: Built) -> None:
    assert normalized(DESCRIPTION) in normalized(hostile.package.__doc__)
    for client in (CLIENT, f"Async{CLIENT}"):
        cls = getattr(hostile.package, client)
        assert normalized(DESCRIPTION) in normalized(cls.__doc__)
        for method, call in METHODS.items():
            doc = normalized(getattr(cls, method).__doc__)
            assert normalized(call["name"]) in doc
            assert normalized(call["description"]) in doc
            for parameter in call["parameters"]:
                if "description" in parameter:
                    assert normalized(parameter["description"]) in doc


def test_env_example_lists_exactly_the_variables(hostile: Built) -> None:
    """Names and descriptions with newlines stay inside their comment lines."""
    lines = hostile.files[".env.example"].splitlines()
    assignments = [line for line in lines if line.strip() and not line.startswith("#")]
    assert assignments == ["HOSTILE_KEY=", "HOSTILE_TENANT="]


def test_docstrings_show_defaults_as_their_values(hostile: Built) -> None:
    """A default is shown as the repr of its value, also when it is longer than a source line."""
    for client in (CLIENT, f"Async{CLIENT}"):
        cls = getattr(hostile.package, client)
        for method, call in METHODS.items():
            doc = normalized(getattr(cls, method).__doc__)
            for parameter in call["parameters"]:
                if "default" in parameter:
                    assert normalized(f"(default: {parameter['default']!r})") in doc, (
                        method,
                        parameter["name"],
                    )


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    kwargs: dict[str, Any]
    wire: Wire
    reply: Reply
    result: Any


AUTH = {"X-Api-Key": KEY_PREFIX + API_KEY}
SHARED = {"Accept": "*/*", "X-Shared": HEADER_VALUE}
TENANT_QUERY = [("tenant", TENANT)]

CASES = [
    Case(
        "class-all",
        "class_",
        {
            "import_": "a/b c'\"",
            "def_": TEXT_VALUE,
            "self_": "s&x=ü",
            "q_x": TEXT_VALUE,
            "class_": "a\tb 'c' \"d\" \\",
            "flags": ["a&b", "ü"],
            "on": False,
        },
        Wire(
            "GET",
            BASE_RAW + "/items/a%2Fb%20c%27%22",
            query=[
                *TENANT_QUERY,
                ("def", TEXT_VALUE),
                ("self", "s&x=ü"),
                ("q'\"\\ {{ x }}", TEXT_VALUE),
                ("flags", "a&b"),
                ("flags", "ü"),
                ("on", "false"),
            ],
            headers={**SHARED, **AUTH, "X-Call": HEADER_VALUE, "class": "a\tb 'c' \"d\" \\"},
        ),
        Reply.json(CLASS_SAMPLE),
        CLASS_SAMPLE,
    ),
    Case(
        "class-defaults",
        "class_",
        {"import_": "{{ x }}"},
        Wire(
            "GET",
            BASE_RAW + "/items/%7B%7B%20x%20%7D%7D",
            query=[*TENANT_QUERY, ("def", INJECT), ("on", "true")],
            headers={**SHARED, **AUTH, "X-Call": HEADER_VALUE, "class": HEADER_VALUE},
        ),
        Reply.json(CLASS_SAMPLE),
        CLASS_SAMPLE,
    ),
    # auth: none: no key; the private shared query parameter is no credential and stays.
    Case(
        "close-all",
        "close_",
        {
            "import_": TEXT_VALUE,
            "def_": "ü & <b>",
            "count": 7,
            "self_": {"k": TEXT_VALUE, "n": [1, None], "{{ x }}": True},
            "trace": INJECT + "!",
        },
        Wire(
            "POST",
            BASE_RAW + "/close",
            query=TENANT_QUERY,
            headers={**SHARED, "Content-Type": "application/json"},
            body=Json(
                {
                    "literal": LITERAL,
                    "value": TEXT_VALUE,
                    "mixed": "pre ü & <b> post",
                    "n": 7,
                    "opt": {"k": TEXT_VALUE, "n": [1, None], "{{ x }}": True},
                    "trace": INJECT + "!",
                }
            ),
        ),
        Reply.json(CLOSE_SAMPLE),
        CLOSE_SAMPLE,
    ),
    Case(
        "close-defaults",
        "close_",
        {"import_": "v"},
        Wire(
            "POST",
            BASE_RAW + "/close",
            query=TENANT_QUERY,
            headers={**SHARED, "Content-Type": "application/json"},
            body=Json(
                {
                    "literal": LITERAL,
                    "value": "v",
                    "mixed": f"pre {INJECT} post",
                    "n": 3,
                    "trace": INJECT,
                }
            ),
        ),
        Reply.json(CLOSE_SAMPLE),
        CLOSE_SAMPLE,
    ),
    Case(
        "import-form",
        "import_",
        {"it_s_f": ["a&b=c", "ü \"'\n"]},
        Wire(
            "PUT",
            BASE_RAW + "/form",
            query=TENANT_QUERY,
            headers={**SHARED, **AUTH, "Content-Type": "application/x-www-form-urlencoded"},
            body=Form(
                [
                    ("def", INJECT),
                    ('it\'s "f"', "a&b=c"),
                    ('it\'s "f"', "ü \"'\n"),
                    ("trace", INJECT),
                ]
            ),
        ),
        Reply.text(TEXT_VALUE),
        TEXT_VALUE,
    ),
    Case(
        "def-multipart",
        "def_",
        {"n": 1.5, "class_": TEXT_VALUE},
        Wire(
            "POST",
            BASE_RAW + "/multi",
            query=TENANT_QUERY,
            headers={**SHARED, **AUTH},
            body=Multipart(
                [
                    FormPart("class", TEXT_VALUE.encode()),
                    FormPart("n", b"1.5"),
                    FormPart("trace", INJECT.encode()),
                ]
            ),
        ),
        Reply(200, TILE, (("Content-Type", "application/octet-stream"),)),
        TILE,
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_values_travel_exactly(
    case: Case, mode: str, hostile: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The private values come from the environment here (the examples pass keywords).
    monkeypatch.setenv("HOSTILE_KEY", API_KEY)
    monkeypatch.setenv("HOSTILE_TENANT", TENANT)
    server = hostile.server
    server.route(case.wire.method, case.wire.path, case.reply)
    sent_before = len(server.requests)
    try:
        result = call_client(
            mode, hostile.package, CLIENT, {"max_retries": 0}, case.method, case.kwargs
        )
    finally:
        assert len(server.requests) == sent_before + 1
        assert_wire(server.last, case.wire)
    assert_parsed(result, case.result)
