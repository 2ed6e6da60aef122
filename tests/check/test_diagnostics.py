"""Every validation and check diagnostic, with its exact position, code and message.

Each case is a small spec; ``problem=(line, column, code, text)`` states one expected finding.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from apigen.diagnostics import Diagnostics
from apigen.pipeline import check_file

HEAD = """\
apigen: 1
package: {name: acme_sdk}
collections:
  - name: Acme CRM
    base_url: https://api.acme.example/v1
"""


def findings(tmp_path: Path, text: str) -> list[tuple[int, int, str, str]]:
    spec = tmp_path / "apigen.yaml"
    spec.write_text(textwrap.dedent(text), encoding="utf-8")
    diagnostics = Diagnostics()
    check_file(spec, diagnostics)
    return [(d.position.line, d.position.column, d.code, d.message) for d in diagnostics]


def assert_finds(
    tmp_path: Path, text: str, line: int, column: int, code: str, fragment: str
) -> None:
    found = findings(tmp_path, text)
    matching = [f for f in found if f[:3] == (line, column, code) and fragment in f[3]]
    assert matching, f"expected {code} at {line}:{column} containing {fragment!r}, got {found}"


CASES = {
    "unknown key with suggestion": (
        HEAD + "    calls:\n      - {name: A, use_as: data, methd: GET}\n",
        (7, 33, "E201", "unknown key 'methd' (did you mean 'method'?)"),
    ),
    "unknown key lists allowed keys": (
        HEAD + "    zzz: 1\n",
        (6, 5, "E201", "unknown key 'zzz'; allowed keys: array_format, auth, base_url"),
    ),
    "missing key names the call": (
        HEAD + "    calls:\n      - name: A\n",
        (7, 9, "E202", "missing required key 'use_as' in call 'A'"),
    ),
    "wrong type hints quoting": (
        "apigen: 1\npackage: {name: acme_sdk, version: 1.5}\n",
        (2, 36, "E203", "expected a string, got number 1.5: put the value in quotes"),
    ),
    "bad literal with suggestion": (
        HEAD + "    calls:\n      - {name: A, use_as: data, method: GTE}\n",
        (7, 41, "E204", "method 'GTE' is not allowed (did you mean 'GET'?)"),
    ),
    "unknown auth type": (
        HEAD + "    auth: {type: basik}\n",
        (6, 18, "E204", "unknown auth type 'basik' (did you mean 'basic'?)"),
    ),
    "auth keys of another type": (
        HEAD + "    auth: {type: basic, username_env: U, password_env: P, header: X}\n",
        (6, 59, "E201", "unknown key 'header'"),
    ),
    "range": (
        HEAD + "    calls:\n      - {name: A, use_as: data, max_retries: -1}\n",
        (7, 46, "E205", "greater than or equal to 0"),
    ),
    "format version": (
        "apigen: 2\npackage: {name: acme_sdk}\n",
        (1, 9, "E206", "unsupported format version 2"),
    ),
    "sample without source": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n        response: {samples: [{}]}\n",
        (9, 30, "E315", "exactly one of `file: PATH` or `inline: VALUE`"),
    ),
    "duplicate call name after conversion": (
        HEAD
        + "    calls:\n"
        + "      - {name: Get user, use_as: data}\n"
        + "      - {name: get_user, use_as: data}\n",
        (8, 16, "E301", "call name 'get_user' becomes 'get_user', like 'Get user' at line 7"),
    ),
    "duplicate collection name": (
        HEAD + "  - name: Acme-CRM\n    base_url: https://x.example\n",
        (6, 11, "E301", "collection name 'Acme-CRM' becomes 'AcmeCrm', like 'Acme CRM' at line 4"),
    ),
    "name without letters": (
        HEAD + "    calls:\n      - {name: '!!', use_as: data}\n",
        (7, 16, "E205", "call name '!!' has no letter or digit that can be part of a Python name"),
    ),
    "path placeholder without parameter": (
        HEAD + "    calls:\n      - {name: A, use_as: data, path: '/u/{id}'}\n",
        (7, 39, "E302", "path placeholder {id} has no parameter"),
    ),
    "path parameter not in path": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n"
        + "        parameters: [{name: id, in: path}]\n",
        (9, 29, "E303", "path parameter 'id' does not appear in the path"),
    ),
    "body placeholder without parameter": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: action\n        method: POST\n"
        + "        body: '{\"a\": <a>}'\n",
        (10, 15, "E304", "body placeholder <a> has no parameter"),
    ),
    "body parameter not in template": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: action\n        method: POST\n"
        + "        body: '{}'\n        parameters: [{name: a, in: body}]\n",
        (11, 29, "E305", "body parameter 'a' does not appear in the body template"),
    ),
    "template not JSON": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: action\n        method: POST\n"
        + "        body: '{\"a\": <a>'\n        parameters: [{name: a, in: body}]\n",
        (10, 15, "E306", "body template is not valid JSON at its line 1, column 10"),
    ),
    "relative base url": (
        HEAD.replace("https://api.acme.example/v1", "api.acme.example"),
        (5, 15, "E307", "'api.acme.example' is not an absolute http(s) URL"),
    ),
    "body parameter on GET": (
        HEAD + "    calls:\n      - {name: A, use_as: data, parameters: [{name: q, in: body}]}\n",
        (7, 60, "E308", "GET calls send no body: parameter 'q' cannot be `in: body`"),
    ),
    "private parameter with example": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n"
        + "        parameters: [{name: t, in: header, private: true, example: x}]\n",
        (9, 59, "E309", "private parameter 't' has an example"),
    ),
    "invalid env name": (
        HEAD + "    auth: {type: private_key_in_header, env: 1KEY}\n",
        (6, 46, "E310", "'1KEY' is not a valid environment variable name"),
    ),
    "env reused for another value": (
        HEAD
        + "    auth: {type: private_key_in_header, env: ACME_KEY}\n"
        + "    shared_parameters: [{name: ws, in: query, private: true, env: ACME_KEY}]\n",
        (7, 67, "E311", "ACME_KEY already holds another value"),
    ),
    "credential literal": (
        HEAD + "    shared_headers: {X-Token: ghp_0123456789abcdefghijABCDEFGHIJ0123}\n",
        (6, 31, "E312", "looks like a GitHub token"),
    ),
    "package name": (
        "apigen: 1\npackage: {name: acme-sdk}\n",
        (2, 17, "E313", "'acme-sdk' is not a valid"),
    ),
    "bad path placeholder": (
        HEAD + "    calls:\n      - {name: A, use_as: data, path: '/u/{a b}'}\n",
        (7, 39, "E314", "path placeholder {a b} is not a valid name"),
    ),
    "optional path parameter": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n        path: /u/{id}\n"
        + "        parameters: [{name: id, in: path, required: false}]\n",
        (10, 53, "E316", "path parameter 'id' cannot be optional"),
    ),
    "schema type": (
        HEAD + "    calls:\n      - {name: A, use_as: data, response: {schema: {type: obj}}}\n",
        (7, 59, "E317", "`type` does not fit JSON Schema: expected 'string', 'integer'"),
    ),
    "header name": (
        HEAD + "    shared_headers: {'Bad Header': x}\n",
        (6, 22, "E318", "'Bad Header' is not a valid HTTP header name"),
    ),
    "header value with a line break": (
        HEAD + '    shared_headers: {X-Note: "a\\nb"}\n',
        (6, 30, "E320", "header value 'a\\nb' holds a line break"),
    ),
    "items without an array": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n"
        + "        parameters: [{name: n, in: query, items: string}]\n",
        (9, 43, "E330", "`items` is for `type: array`, and 'n' is 'string'"),
    ),
    "allow_reserved on a header": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n"
        + "        parameters: [{name: X-A, in: header, allow_reserved: true}]\n",
        (9, 46, "E330", "`allow_reserved` is for path and query parameters"),
    ),
    "nullable path parameter": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n        path: /u/{id}\n"
        + "        parameters: [{name: id, in: path, nullable: true}]\n",
        (10, 43, "E330", "path parameter 'id' cannot be null"),
    ),
    "file outside a multipart body": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: action\n        method: POST\n"
        + "        parameters: [{name: f, in: body, type: file}]\n",
        (10, 48, "E330", "file parameter 'f' must be `in: body` of a call with"),
    ),
    "default of the wrong type": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n"
        + "        parameters: [{name: n, in: query, type: integer, default: '5'}]\n",
        (9, 67, "E319", "default '5' is not of the parameter's type 'integer'"),
    ),
    "stream key on a call that is not a stream": (
        HEAD + "    calls:\n      - {name: A, use_as: data, idle_timeout: 5}\n",
        (7, 47, "E340", "`idle_timeout` applies to streams only"),
    ),
    "end marker on a call that is not a stream": (
        HEAD + "    calls:\n      - {name: A, use_as: data, response: {end_marker: x}}\n",
        (7, 56, "E340", "`end_marker` applies to streams only"),
    ),
    "cursor pagination without its keys": (
        HEAD + "    calls:\n      - {name: A, use_as: data, pagination: {style: cursor}}\n",
        (7, 45, "E340", "pagination style cursor needs `cursor_param`"),
    ),
    "pagination key of another style": (
        HEAD
        + "    calls:\n      - {name: A, use_as: data, pagination: {style: link, page_param: p}}\n",
        (7, 71, "E340", "`page_param` does not apply to pagination style link"),
    ),
    "paginated call that returns its errors": (
        HEAD
        + "    calls:\n      - {name: A, use_as: data, on_error: return,\n"
        + "         pagination: {style: page}}\n",
        (8, 22, "E340", "a paginated call raises its errors"),
    ),
    "cursor parameter not declared": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n        pagination:\n"
        + "          style: cursor\n          cursor_param: after\n          next_cursor: next\n",
        (11, 25, "E341", "cursor parameter 'after' is not a parameter of call 'A'"),
    ),
    "badly formed pagination place": (
        HEAD
        + "    calls:\n      - {name: A, use_as: data, pagination: {style: page, items: 'a..b'}}\n",
        (7, 66, "E342", "items 'a..b' is not a place"),
    ),
    "place found in no sample": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n"
        + "        parameters: [{name: after, in: query, required: false}]\n"
        + "        pagination: {style: cursor, items: data, cursor_param: after,\n"
        + "                     next_cursor: nxt}\n"
        + "        response: {samples: [{inline: {data: [], next: x}}]}\n",
        (11, 35, "E342", "no sample has next_cursor 'nxt': the samples' top-level keys are data"),
    ),
    "has_more that is not a boolean": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n"
        + "        pagination: {style: page, items: data, has_more: more}\n"
        + "        response: {samples: [{inline: {data: [], more: 'yes'}}]}\n",
        (9, 58, "E342", "has_more 'more' is not true or false in any sample"),
    ),
    "types hint on a place no sample has": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n        response:\n"
        + "          samples: [{inline: {data: [{id: 1}]}}]\n"
        + "          types:\n            data[].metadata: map\n",
        (12, 13, "E331", "no sample of call 'A' has the place 'data[].metadata'"),
    ),
    "model name that is not PascalCase": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n"
        + "        response: {model: customer, samples: [{inline: {id: 1}}]}\n",
        (9, 27, "E332", "'customer' is neither a type"),
    ),
    "model name the package exports": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n"
        + "        response: {model: Result, samples: [{inline: {id: 1}}]}\n",
        (9, 27, "E332", "model name 'Result' is taken by the generated package"),
    ),
    "model name of a client class": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n"
        + "        response: {model: AsyncAcmeCrmClient, samples: [{inline: {id: 1}}]}\n",
        (9, 27, "E332", "model name 'AsyncAcmeCrmClient' is taken by the generated package"),
    ),
    "badly formed place": (
        HEAD
        + "    calls:\n      - name: A\n        use_as: data\n"
        + "        response: {types: {a..b: map}, samples: [{inline: {id: 1}}]}\n",
        (9, 28, "E205", "'a..b' is not a place"),
    ),
    "python_name of a call that is not a method name": (
        HEAD + "    calls:\n      - {name: A, python_name: Get, use_as: data}\n",
        (7, 32, "E333", "python_name 'Get' is not a method name"),
    ),
    "python_name of a call that every client has": (
        HEAD + "    calls:\n      - {name: A, python_name: close, use_as: data}\n",
        (7, 32, "E333", "python_name 'close' is a name every client has already"),
    ),
    "python_name of a collection that is not a class name": (
        HEAD + "    python_name: open-ai\n",
        (6, 18, "E333", "python_name 'open-ai' is not a class name"),
    ),
    "reference to an undeclared schema": (
        HEAD + "    schemas:\n      Customer: {properties: {card: {$ref: '#/schemas/Card'}}}\n",
        (7, 44, "E334", "'#/schemas/Card' refers to no schema of this collection"),
    ),
    "no sample warning": (
        HEAD + "    calls:\n      - {name: A, use_as: data}\n",
        (7, 10, "W401", "call 'A' has no response sample and no schema"),
    ),
    # Found by an attack run: each of these passed the check, then crashed the build.
    "unclosed IPv6 bracket in the base URL": (
        HEAD.replace("https://api.acme.example/v1", "https://[api.example/v1"),
        (5, 15, "E307", "'https://[api.example/v1' is not an absolute http(s) URL"),
    ),
    "collection name too long for a file name": (
        HEAD.replace("Acme CRM", "A" * 300),
        (4, 11, "E205", "collection name becomes a Python name of 300 bytes, more than the limit"),
    ),
    "call name too long for a sample file name": (
        HEAD + f"    calls:\n      - {{name: {'Get ' * 30}it, use_as: data}}\n",
        (7, 16, "E205", "call name becomes a Python name of 122 bytes"),
    ),
    "package name too long for a folder name": (
        HEAD.replace("acme_sdk", "a" * 101),
        (2, 17, "E205", "package name is longer than 100 bytes"),
    ),
    "package name of a standard library module": (
        HEAD.replace("acme_sdk", "typing"),
        (2, 17, "E321", "package name 'typing' is the name of a module of Python's standard"),
    ),
    "package name of a dependency": (
        HEAD.replace("acme_sdk", "pydantic"),
        (2, 17, "E321", "'pydantic' is the name of a module of a dependency"),
    ),
    "env_suffix with a line break": (
        HEAD
        + '    environments:\n      sb: {base_url: "https://s.example", env_suffix: "_S\\nP=x"}\n',
        (7, 55, "E310", "env_suffix '_S\\nP=x' cannot end an environment variable name"),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_diagnostic(tmp_path: Path, name: str) -> None:
    text, (line, column, code, fragment) = CASES[name]
    assert_finds(tmp_path, text, line, column, code, fragment)


def test_valid_spec_has_no_findings(tmp_path: Path) -> None:
    text = (
        HEAD + "    calls:\n      - {name: A, use_as: data, response: {samples: [{inline: {}}]}}\n"
    )
    assert findings(tmp_path, text) == []


def test_a_response_named_by_a_declared_schema_is_typed_without_samples(tmp_path: Path) -> None:
    # As apigen import openapi writes them: no W401, the schema types the response.
    text = HEAD + (
        "    calls:\n"
        "      - {name: A, use_as: data, response: {model: Customer}}\n"
        "      - {name: B, use_as: data, response: {types: {'[]': Customer}}}\n"
        "      - {name: C, use_as: data, response: {types: {'data[]': Customer}}}\n"
        "    schemas:\n"
        "      Customer: {type: object, properties: {id: {type: string}}}\n"
    )
    assert [f[2:] for f in findings(tmp_path, text)] == [
        (
            "W401",
            "call 'C' has no response sample and no schema, so it returns untyped JSON: "
            "add `response: {samples: [...]}` or run `apigen initialize`",
        )
    ]


def test_allow_secret_comment_silences_the_line(tmp_path: Path) -> None:
    text = (
        HEAD
        + "    shared_headers:\n"
        + "      X-Demo: ghp_0123456789abcdefghijABCDEFGHIJ0123  # apigen: allow-secret\n"
        + "    calls:\n      - {name: A, use_as: data, response: {samples: [{inline: {}}]}}\n"
    )
    assert findings(tmp_path, text) == []


def test_all_errors_of_a_stage_are_reported_sorted(tmp_path: Path) -> None:
    text = (
        HEAD
        + "    calls:\n"
        + "      - {name: A, use_as: dta}\n"
        + "      - {name: B, use_as: data, methd: GET}\n"
    )
    found = findings(tmp_path, text)
    assert [(line, code) for line, _, code, _ in found] == [(7, "E204"), (8, "E201")]


def test_keywords_as_names_are_not_errors(tmp_path: Path) -> None:
    text = (
        HEAD
        + "    calls:\n      - {name: class, use_as: data, response: {samples: [{inline: 1}]}}\n"
    )
    assert findings(tmp_path, text) == []


def test_shared_body_parameter_on_get_is_not_an_error(tmp_path: Path) -> None:
    # The format's own example shares a body parameter with GET calls: it is sent only with bodies.
    text = (
        HEAD
        + "    shared_parameters: [{name: workspace, in: body, private: true, env: WS}]\n"
        + "    calls:\n      - {name: A, use_as: data, response: {samples: [{inline: 1}]}}\n"
    )
    assert findings(tmp_path, text) == []


def test_schema_type_that_is_not_text_is_reported(tmp_path: Path) -> None:
    # Found by the mutation test: a mapping where a type name belongs crashed the check.
    text = HEAD + "    calls:\n      - {name: A, use_as: data, response: {schema: {type: [{}]}}}\n"
    assert [f[2] for f in findings(tmp_path, text)] == ["E317"]


@pytest.mark.parametrize(
    ("schema", "position", "fragment"),
    [
        ("{properties: 5}", (7, 65), "`properties` does not fit JSON Schema: expected a mapping"),
        ("{properties: {a: 7}}", (7, 69), "`a` does not fit JSON Schema: expected a schema"),
        ("{anyOf: 3}", (7, 60), "`anyOf` does not fit JSON Schema: expected a list"),
        ("{type: [string, null]}", (7, 68), 'write "null" in quotes'),
    ],
)
def test_explicit_schemas_are_checked_where_they_break(
    tmp_path: Path, schema: str, position: tuple[int, int], fragment: str
) -> None:
    # Such schemas crashed the model generator before they were checked.
    text = HEAD + f"    calls:\n      - {{name: A, use_as: data, response: {{schema: {schema}}}}}\n"
    found = [f for f in findings(tmp_path, text) if f[2] == "E317"]
    assert [(f[0], f[1]) for f in found] == [position]
    assert fragment in found[0][3]


def test_credential_in_an_authorization_header_points_at_auth(tmp_path: Path) -> None:
    text = HEAD + "    shared_headers: {Authorization: Bearer sk_live_51Hh2kLmN0pQrStUvWxYz}\n"
    (finding,) = [f for f in findings(tmp_path, text) if f[2] == "E312"]
    assert finding[:2] == (6, 37)
    assert "Declare it as the collection's `auth`" in finding[3]
