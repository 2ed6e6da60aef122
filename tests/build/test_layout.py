"""The client module is laid out in black's style without running black: prove it against black."""

from __future__ import annotations

import ast
import dataclasses
import string

import black
import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from apigen import layout, methods_view, pysource
from apigen.capabilities import AUTH_KINDS, CLIENT_ATTRIBUTES, OPTIONS_KWARG, REQUEST_OPTIONS
from apigen.declarations import (
    CONFIG_DEFAULTS,
    OPERATION_DEFAULTS,
    PAGINATION_DEFAULTS,
    PARAM_DEFAULTS,
)
from apigen.format import BLACK_MODE, black_style, split_long_strings
from apigen.live.runtime import runtime, submodule

NAMES = st.text(string.ascii_lowercase, min_size=1, max_size=30).map(lambda s: s + "x")
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)


def _black(source: str) -> str:
    return black.format_str(source, mode=BLACK_MODE)


@st.composite
def nodes(draw: st.DrawFn, depth: int = 0) -> layout.Node:
    if depth > 2 or draw(st.booleans()):
        return pysource.node(draw(st.one_of(TEXT, st.integers(), st.none(), st.booleans())))
    kind = draw(st.sampled_from(["tuple", "list", "call", "dict"]))
    children = draw(st.lists(nodes(depth + 1), min_size=1, max_size=4))
    if kind == "tuple":
        return layout.sequence(children)
    if kind == "list":
        return layout.sequence(children, "[", "]")
    names = draw(st.lists(NAMES, min_size=len(children), max_size=len(children)))
    if kind == "call":
        return layout.call(names[0].capitalize(), list(zip(names, children, strict=True)))
    return layout.mapping([(pysource.string(n), c) for n, c in zip(names, children, strict=True)])


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(value=nodes(), depth=st.integers(0, 3))
def test_expressions_are_laid_out_as_black_does(value: layout.Node, depth: int) -> None:
    body = "\n".join(layout.lay_out(value, depth, "x = "))
    source = "".join(f"{'    ' * level}if x:\n" for level in range(depth)) + body + "\n"
    assert _black(source) == source


ANNOTATIONS = st.sampled_from(
    ["int", "str | None = None", "list[Any] | None = None", "bool = True"]
)


@settings(max_examples=300, deadline=None)
@given(
    name=NAMES,
    parameters=st.lists(st.tuples(NAMES, ANNOTATIONS), max_size=8),
    returns=st.sampled_from(["Contact", "list[ListContactsResponseItem]", "Any", "None"]),
    is_async=st.booleans(),
)
@pytest.mark.slow
def test_methods_are_laid_out_as_black_does(
    name: str, parameters: list[tuple[str, str]], returns: str, is_async: bool
) -> None:
    arguments = [f"{n}: {a}" for n, a in parameters]
    definition = f"{'async def' if is_async else 'def'} {name}"
    own = ["*", *arguments] if arguments else []
    signature = layout.signature(definition, ["self", *own, methods_view.REQUEST_OPTIONS])
    operation = f"{methods_view.OPERATIONS}.{name.upper()}"
    invocation = layout.Bracket("self._call", "(", (operation, "locals()", returns), ")")
    lines = [
        "class C:",
        *layout.lay_out(signature, 1, "", f" -> {returns}:"),
        *layout.lay_out(invocation, 2, "return await " if is_async else "return "),
    ]
    source = "\n".join(lines) + "\n"
    assert _black(source) == source


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(text=TEXT, depth=st.integers(1, 3))
def test_docstrings_are_laid_out_as_black_does(text: str, depth: int) -> None:
    pad = "    " * depth
    header = "".join(f"{'    ' * level}class C{level}:\n" for level in range(depth))
    source = f"{header}{pad}{pysource.docstring(text, depth)}\n"
    assert _black(source) == source


def test_a_lone_item_that_does_not_fit_gets_no_trailing_comma() -> None:
    long = pysource.string("a" * 100)
    for value in (
        layout.sequence([long], "[", "]"),
        layout.call("Field", [("description", long)]),
        layout.Bracket("outer", "(", (layout.call("inner", [("x", long)]),), ")"),
    ):
        source = "\n".join(layout.lay_out(value, 0, "x = ")) + "\n"
        assert _black(source) == source
        assert not source.endswith(",\n)\n")


@settings(max_examples=200, deadline=None)
@given(name=st.text(string.ascii_lowercase + "_", min_size=1, max_size=90).map(lambda s: s + "x"))
def test_wrapper_assignments_are_laid_out_as_black_does(name: str) -> None:
    # A call method's raw-response wrapper: a long method name does not fit even the first line.
    value = layout.Bracket("_runtime.to_async_streamed_response", "(", (f"client.{name}",), ")")
    lines = ["class C:", "    def __init__(self) -> None:"]
    source = "\n".join([*lines, *layout.assignment(f"self.{name}", value, 2)]) + "\n"
    assert _black(source) == source


def test_long_imports_are_laid_out_as_black_does() -> None:
    names = [f"Model{n:02d}WithAFairlyLongName" for n in range(6)]
    source = "\n".join(layout.import_from(".models", names)) + "\n"
    assert _black(source) == source
    assert source.startswith("from .models import (\n")


def test_literals_evaluate_to_their_values() -> None:
    values = ["x" * 200, "a\"b'c\\d\n\t\x00é", 1.5, float("inf"), None, True, (1,), [1, {"k": ()}]]
    for value in values:
        assert eval(pysource.literal(value)) == value


def _defaults(cls: type) -> dict[str, object]:
    found = {}
    for field in dataclasses.fields(cls):
        if field.default is not dataclasses.MISSING:
            found[field.name] = field.default
        elif field.default_factory is not dataclasses.MISSING:
            found[field.name] = field.default_factory()
    return found


def test_left_out_arguments_are_the_runtime_defaults() -> None:
    config = submodule("config")
    for cls, defaults in (
        (config.Operation, OPERATION_DEFAULTS),
        (config.Param, PARAM_DEFAULTS),
        (config.CollectionConfig, CONFIG_DEFAULTS),
        (submodule("pagination").Pagination, PAGINATION_DEFAULTS),
    ):
        assert {k: v for k, v in _defaults(cls).items() if k in defaults} == defaults


def _runtime_class(path: str) -> type:
    module, _, name = path.rpartition(".")
    found: type = getattr(submodule(module) if module else runtime(), name)
    return found


def test_call_methods_never_replace_client_attributes() -> None:
    config = submodule("config").CollectionConfig(name="Probe", base_url="http://127.0.0.1")
    attributes: set[str] = set()
    paths = {path for kind in AUTH_KINDS.values() for path in kind.client_bases}
    bases = [_runtime_class(path) for path in sorted(paths)]
    for base in bases:
        probe = type("Probe", (base,), {"_config": config})()
        attributes |= {name for name in (*dir(probe), *vars(probe)) if not name.startswith("_")}
    assert attributes <= set(CLIENT_ATTRIBUTES)


def test_methods_collect_the_request_options_the_runtime_reads() -> None:
    request = submodule("request")
    assert request.OPTIONS_KWARG == OPTIONS_KWARG
    assert tuple(request.RequestOptionsArgs.__annotations__) == REQUEST_OPTIONS
    options = request.RequestOptions.of({OPTIONS_KWARG: {"timeout": 5}, "timeout_": 1})
    assert options == request.RequestOptions(timeout=5)


MODULE = """# header
from __future__ import annotations

from pydantic import Field
from x._runtime.models import ApiModel


class Short(ApiModel):
    object_: str = Field(..., alias='object')
    kind: Literal['a', "b's"] | None = None


class AVeryLongModelNameThatPushesTheClassLineBeyondTheLimitOfOneHundredCharactersXX(ApiModel):
    field: AnotherVeryLongModelNameThatPushesThisAnnotationBeyondTheLimitOfOneHundredCharacters


class WithDocstring(ApiModel):
    \'\'\'A   docstring.\'\'\'

    a: int
"""


def test_definitions_are_formatted_as_black_does() -> None:
    assert black_style(MODULE) == _black(MODULE)


FIELD_TYPES = st.sampled_from(
    ["str", "int | None", "list[ModelWithAFairlyLongNameThatTakesRoom] | None", "Literal['a', 'b']"]
)
CONSTANTS = st.one_of(
    st.none(), st.integers(-5, 10**12), TEXT, st.text("ab ", min_size=60, max_size=110)
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    name=NAMES,
    annotation=FIELD_TYPES,
    arguments=st.lists(CONSTANTS, max_size=2),
    keywords=st.lists(st.tuples(NAMES, CONSTANTS), max_size=3, unique_by=lambda k: k[0]),
)
def test_model_fields_are_formatted_as_black_does(
    name: str, annotation: str, arguments: list[object], keywords: list[tuple[str, object]]
) -> None:
    # repr: single quotes, as the model generator writes them; the formatter changes them.
    values = [repr(a) for a in arguments] + [f"{k}={v!r}" for k, v in keywords]
    module = f"class Model(ApiModel):\n    {name}: {annotation} = Field({', '.join(values)})\n"
    assert black_style(module) == _black(module)


def test_a_long_field_with_one_argument_has_no_trailing_comma() -> None:
    module = f"class Model(ApiModel):\n    x: str = Field(description='{'d' * 100}')\n"
    assert black_style(module) == _black(module)
    assert black_style(module).endswith('d"\n    )\n')


def test_a_long_annotation_is_formatted_as_black_does() -> None:
    kinds = ", ".join(f"'document_kind_{n}'" for n in range(5))
    module = f"class Model(ApiModel):\n    a: int\n    code: Literal[{kinds}] | None = None\n"
    assert black_style(module) == _black(module)
    assert "    code: (\n" in black_style(module)


def test_statements_after_the_definitions_are_formatted_as_black_does() -> None:
    # A models module ends with model_rebuild() calls; the definitions before them keep the
    # fast path, the calls go through black on their own.
    module = MODULE + "\n\nShort.model_rebuild( )\nWithDocstring.model_rebuild()\n\nx = {'a':1}\n"
    assert black_style(module) == _black(module)


def test_a_statement_between_definitions_formats_the_module_as_black_does() -> None:
    module = MODULE.replace(
        "\n\nclass WithDocstring", "\nShort.model_rebuild()\n\nclass WithDocstring"
    )
    assert black_style(module) == _black(module)


def test_import_order_is_ruffs() -> None:
    # As `ruff check --select I --fix` orders them: constants, classes, then the rest, each
    # ignoring case and comparing runs of digits as numbers (found at OpenAI's scale).
    ruffs = [
        "A_B",
        "AB2",
        "ABC",
        "Ab",
        "DeletedConversationResource",
        "DeleteVectorStoreResponse",
        "Helper_x",
        "Item2",
        "Item10",
        "ListRunsResponse",
        "ListRunStepsResponse",
        "helper",
    ]
    assert pysource.import_order(list(reversed(ruffs))) == ruffs


DESCRIPTIONS = st.lists(
    st.one_of(
        st.text("abcd\u00e9\u2019 ", min_size=1, max_size=20),  # U+2019: a typographic quote
        st.sampled_from(["\n", "  ", "https://stripe.com/docs/api#" + "x" * 90, '"quoted"', "\\"]),
    ),
    max_size=40,
).map("".join)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(description=DESCRIPTIONS, name=NAMES)
def test_long_description_strings_are_split_as_black_keeps_them(
    description: str, name: str
) -> None:
    field = f"{name}: str | None = Field(None, description={description!r})"
    module = black_style(f"class Model(ApiModel):\n    {field}\n")
    split = split_long_strings(module)
    assert _black(split) == split  # black keeps the split form
    assert ast.dump(ast.parse(split)) == ast.dump(ast.parse(module))  # the same values
    for line in split.splitlines():
        # What stays long is one word that no split can shorten.
        assert len(line) <= layout.LINE_LENGTH or " " not in line.strip()


def test_a_long_description_is_split_between_words() -> None:
    words = " ".join(f"word{n}" for n in range(40))
    field = f"x: str = Field(..., description='{words}')"
    module = black_style(f"class Model(ApiModel):\n    {field}\n")
    split = split_long_strings(module).splitlines()
    assert split[3].startswith('        description="word0 word1') and split[3].endswith('"')
    assert all(line.startswith('        "word') for line in split[4:-1])
    assert split[-2].endswith('",') and split[-1] == "    )"
    assert all(len(line) <= layout.LINE_LENGTH for line in split)
    assert max(map(len, module.splitlines())) > layout.LINE_LENGTH  # black leaves it long


def test_short_strings_and_other_long_lines_stay_as_they_are() -> None:
    module = black_style(
        "class Model(ApiModel):\n"
        "    x: str = Field(..., description='short')\n"
        f"    y: str = Field(..., description='{'w' * 120}')\n"  # one word: nothing to split
    )
    assert split_long_strings(module) == module
