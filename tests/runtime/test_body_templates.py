"""Body templates and JSON bodies: the pure functions of the runtime's body module."""

from __future__ import annotations

import datetime
import json
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel, Field

from apigen import body_template

from .conftest import Demo


@pytest.fixture
def body(demo: Demo) -> ModuleType:
    return demo.runtime("body")


def render(body: ModuleType, template: str, **values: Any) -> Any:
    return body.render_template(template, values)


def test_placeholder_pattern_matches_the_compiler_copy(body: ModuleType) -> None:
    assert body.PLACEHOLDER.pattern == body_template.PLACEHOLDER.pattern


def test_whole_value_placeholder_takes_the_json_value(body: ModuleType) -> None:
    assert render(body, '{"n": <count>, "ok": <ok>}', count=5, ok=False) == {"n": 5, "ok": False}


def test_whole_string_placeholder_is_the_json_encoding_never_nested_quotes(
    body: ModuleType,
) -> None:
    encoded = body.json_body('{"title": "<title>"}', {"title": 'a "b"'})
    assert encoded == b'{"title":"a \\"b\\""}'
    assert render(body, '{"count": "<count>"}', count=5) == {"count": 5}


def test_placeholder_inside_a_longer_string_takes_the_text(body: ModuleType) -> None:
    template = '{"greeting": "Hello <name>!", "line": "flag=<flag> n=<n> tags=<tags>"}'
    filled = render(body, template, name='Ada "A" \\ <b>', flag=True, n=2.5, tags=["x", 1])
    assert filled == {"greeting": 'Hello Ada "A" \\ <b>!', "line": 'flag=true n=2.5 tags=["x",1]'}
    encoded = body.json_body('{"greeting": "Hello <name>!"}', {"name": 'Ada "A"'})
    assert encoded == b'{"greeting":"Hello Ada \\"A\\"!"}'


def test_unset_value_drops_its_key_or_item_and_is_empty_inside_text(body: ModuleType) -> None:
    template = '{"a": <a>, "b": "<b>", "keep": 1, "items": [<a>, 2, "<b>"], "text": "x<a>y"}'
    assert render(body, template, a=None, b=None) == {"keep": 1, "items": [2], "text": "xy"}


def test_nested_structures_are_filled_at_every_depth(body: ModuleType) -> None:
    template = '{"outer": {"inner": [{"value": <v>, "label": "v=<label>"}, [<v>]]}}'
    value = {"k": [1, "two", None], "q": 'say "hi"'}
    filled = render(body, template, v=value, label="L")
    assert filled == {"outer": {"inner": [{"value": value, "label": "v=L"}, [value]]}}


def test_escaped_literal_stays_text_and_values_are_not_filled_twice(body: ModuleType) -> None:
    template = '{"literal": "\\u003cword>", "a": "<a>", "b": "see <a>"}'
    filled = render(body, template, a="<word>", word="never used")
    assert filled == {"literal": "<word>", "a": "<word>", "b": "see <word>"}


def test_repeated_placeholder_and_placeholder_in_a_key(body: ModuleType) -> None:
    assert render(body, '{"<k>": [<v>, <v>]}', k="key", v=1) == {"key": [1, 1]}


def test_values_are_encoded_as_json_data(body: ModuleType) -> None:
    class Owner(BaseModel):
        first_name: str = Field(alias="firstName")

    filled = render(
        body,
        '{"owner": <owner>, "day": <day>, "note": "on <day>"}',
        owner=Owner(firstName="Ada"),
        day=datetime.date(2024, 5, 1),
    )
    assert filled == {"owner": {"firstName": "Ada"}, "day": "2024-05-01", "note": "on 2024-05-01"}


def test_whole_template_unset_means_no_body(body: ModuleType) -> None:
    assert body.json_body("<payload>", {"payload": None}) is None
    assert body.json_body("<payload>", {"payload": [1]}) == b"[1]"


def test_without_template_the_body_is_an_object_of_set_values(body: ModuleType) -> None:
    encoded = body.json_body(None, {"a": "x", "b": None, "c": [1]})
    assert json.loads(encoded) == {"a": "x", "c": [1]}
    assert body.json_body(None, {}) is None


def test_values_the_template_does_not_place_join_its_object(body: ModuleType) -> None:
    values = {"email": "e", "workspace": "w", "unset": None}
    assert json.loads(body.json_body('{"email": "<email>"}', values)) == {
        "email": "e",
        "workspace": "w",
    }
    assert json.loads(body.json_body('{"workspace": "fixed"}', values)) == {
        "workspace": "fixed",
        "email": "e",
    }
    assert json.loads(body.json_body("[<email>]", values)) == ["e"]


def test_templates_are_parsed_once(body: ModuleType) -> None:
    template = '{"unique": <cached_once>}'
    render(body, template, cached_once=1)
    hits = body._parse.cache_info().hits
    assert render(body, template, cached_once=2) == {"unique": 2}
    assert body._parse.cache_info().hits == hits + 1
