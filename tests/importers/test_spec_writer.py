"""The spec writer: YAML that apigen's loader reads back as written, and additions to existing
specs that leave every written byte in place."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from apigen.diagnostics import Diagnostics
from apigen.importers.report import ImportFailure
from apigen.importers.spec_writer import Flow, add_to_spec, dump, package_name, write_text
from apigen.load import load_spec

CALL = {"name": "Ping", "use_as": "data", "path": "/ping"}


def only_insertions(before: str, after: str) -> bool:
    """Whether ``after`` is ``before`` with lines added and none changed or removed."""
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    return all(tag in ("equal", "insert") for tag, *_ in matcher.get_opcodes())


def loaded(tmp_path: Path, text: str) -> dict:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    diagnostics = Diagnostics()
    spec = load_spec(path, diagnostics)
    assert spec is not None and not diagnostics.has_errors, [d.format() for d in diagnostics]
    return spec.data


@pytest.mark.parametrize(
    "value",
    [
        "ft:gpt-4o-mini:org:custom:B7R9VjQd",  # a plain scalar with colons inside {...}
        "a, b",
        "[not a list]",
        "{not: a map}",
        "# not a comment",
        "2024-05-01",
        "yes",
        "null",
        "0123",
        "1e3",
        "line one\nline two\n",
        "trailing space ",
    ],
)
def test_text_reads_back_as_the_same_text(tmp_path: Path, value: str) -> None:
    data = {
        "flow": Flow({"name": "p", "example": value}),
        "block": value,
        "items": [Flow({"v": [value]})],
    }
    assert loaded(tmp_path, dump(data)) == data


def test_parameters_are_one_line_and_templates_literal_blocks() -> None:
    text = dump({"parameters": [Flow({"name": "a", "in": "query"})], "body": '{\n  "a": "<a>"\n}'})
    assert text == (
        "parameters:\n" "  - {name: a, in: query}\n" "body: |-\n" "  {\n" '    "a": "<a>"\n' "  }\n"
    )


SPEC = """\
# Our API. Keep this comment.
apigen: 1
package: {name: acme_sdk}   # inline comment
collections:
  - name: Acme
    base_url: https://api.acme.example   # the only host
    calls:
      - name: Get item      # first call
        use_as: data
        path: /items/1
    # a comment after the calls
"""


def test_a_call_is_added_after_the_existing_ones(tmp_path: Path) -> None:
    text = add_to_spec(SPEC, 0, {"name": "Acme", "calls": [CALL]})
    assert text == SPEC.replace(
        "        path: /items/1\n",
        "        path: /items/1\n      - name: Ping\n        use_as: data\n        path: /ping\n",
    )
    assert [c["name"] for c in loaded(tmp_path, text)["collections"][0]["calls"]] == [
        "Get item",
        "Ping",
    ]


def test_auth_goes_after_base_url_of_a_collection_without_one(tmp_path: Path) -> None:
    auth = Flow({"type": "private_key_in_header", "env": "ACME_API_KEY"})
    text = add_to_spec(SPEC, 0, {"name": "Acme", "calls": [CALL], "auth": auth})
    assert (
        "   # the only host\n    auth: {type: private_key_in_header, env: ACME_API_KEY}\n" in text
    )
    assert loaded(tmp_path, text)["collections"][0]["auth"]["env"] == "ACME_API_KEY"


def test_a_new_collection_is_appended(tmp_path: Path) -> None:
    text = add_to_spec(
        SPEC, None, {"name": "Other", "base_url": "https://o.example", "calls": [CALL]}
    )
    assert only_insertions(SPEC, text)
    assert [c["name"] for c in loaded(tmp_path, text)["collections"]] == ["Acme", "Other"]


HEAD = (
    "apigen: 1\npackage: {name: a}\ncollections:\n  - name: Acme\n    base_url: https://a.example\n"
)


@pytest.mark.parametrize(
    "spec",
    [
        HEAD,
        HEAD + "    calls: []\n",
        (HEAD + "    calls:\n      - {name: A, use_as: data}\n").replace("\n", "\r\n"),
    ],
    ids=["no calls key", "empty flow list", "CRLF line ends"],
)
def test_calls_are_added_to_other_layouts(tmp_path: Path, spec: str) -> None:
    text = add_to_spec(spec, 0, {"name": "Acme", "calls": [CALL]})
    assert loaded(tmp_path, text)["collections"][0]["calls"][-1] == CALL
    assert ("\r\n" in text) == ("\r\n" in spec) and "\r\n" not in text.replace("\r\n", "").replace(
        "\n", ""
    )


def test_a_flow_collection_is_refused_with_what_to_do() -> None:
    spec = HEAD.replace(
        "  - name: Acme\n    base_url: https://a.example\n",
        "  - {name: Acme, base_url: 'https://a.example', calls: [{name: A, use_as: data}]}\n",
    )
    with pytest.raises(ImportFailure, match=r"flow list \[\.\.\.\]: write it as a block"):
        add_to_spec(spec, 0, {"name": "Acme", "calls": [CALL]})


def test_package_names_are_identifiers() -> None:
    assert package_name("Acme CRM") == "acme_crm_sdk"
    assert package_name("1Password") == "n1password_sdk"
    assert package_name("OpenAI") == "openai_sdk"


def test_writing_refuses_an_existing_file_unless_told(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("mine")
    with pytest.raises(ImportFailure, match="pass --force"):
        write_text(path, "new", replace=False)
    write_text(path, "new", replace=True)
    assert path.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["spec.yaml"]
