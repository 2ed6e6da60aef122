"""The naming rule on keys that carry meaning: signs, letters of any script, long class names."""

from __future__ import annotations

import pytest

from apigen.infer.naming import MAX_CLASS_NAME, ModelNames, capped, field_names
from apigen.names import TypeNames, pascal_case, snake_case, upper_snake_case

from .conftest import call, infer


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("+1", "plus_1"),
        ("-1", "minus_1"),
        ("Straße", "straße"),
        ("名前", "名前"),
        ("naïve", "naïve"),
        ("ﬁle", "file"),  # NFKC, as Python reads identifiers
        ("x²", "x2"),
        ("firstName", "first_name"),
        ("HTTPServer", "http_server"),
    ],
)
def test_keys_keep_their_meaning(key: str, field: str) -> None:
    assert snake_case(key) == field
    assert field_names([key])[key] == field
    assert field.isidentifier()


def test_names_that_must_be_ascii_spell_letters_out() -> None:
    assert upper_snake_case("Straße API") == "STRASSE_API"
    assert snake_case("Café Straße", ascii_only=True) == "cafe_strasse"
    assert pascal_case("Straße") == "Straße"


def test_type_names_never_need_renaming() -> None:
    names = TypeNames()
    claimed = [names.claim(name) for name in ("None", "True", "Any", "2fa status", "None", "")]
    assert claimed == ["None", "True", "Any", "N2faStatus", "None2", "Call"]


def test_long_class_names_drop_middle_words_not_numbers() -> None:
    long_name = "Charge" + "PaymentMethodDetails" * 5 + "Checks"
    first = next(capped(long_name))
    assert len(first) <= MAX_CLASS_NAME
    assert first.startswith("Charge") and first.endswith("Checks")
    assert not any(character.isdigit() for character in first)


def test_capped_names_that_clash_keep_more_of_the_beginning() -> None:
    names = ModelNames()
    stem = "Charge" + "PaymentMethodDetails" * 5 + "Checks"
    first, second = names.claim(stem, "Get"), names.claim(stem, "Get")
    assert first != second
    assert len(second) <= MAX_CLASS_NAME and not second[-1].isdigit()


def test_a_fifty_level_sample_gets_class_names_of_capped_length() -> None:
    value: dict[str, object] = {"leaf": 1}
    for level in range(50):
        value = {f"level{level}": value, "depth": level}
    names = infer(call("get_deep", value)).model_names
    assert len(names) == 51
    assert max(map(len, names)) <= MAX_CLASS_NAME
