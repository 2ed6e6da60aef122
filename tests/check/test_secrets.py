"""The credential scan: every kind of token is found; its quick substring test hides none."""

from __future__ import annotations

import re

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from apigen.secrets import _KNOWN_TOKENS, credential_kind

EXAMPLES = [
    ("sk_live_abcdefghij0123", "a Stripe key"),
    ("ghp_" + "a1" * 10, "a GitHub token"),
    ("github_pat_" + "0" * 20, "a GitHub token"),  # has no "gh": a found failure of a needle
    ("xoxb-0123456789-abc", "a Slack token"),
    ("key AKIA" + "A1" * 8 + " here", "an AWS access key id"),
    ("ASIA" + "B2" * 8, "an AWS access key id"),
    ("AIza" + "x" * 30, "a Google API key"),
    ("glpat-" + "y" * 20, "a GitLab token"),
    ("sk-proj-" + "z" * 20, "an API secret key"),
    ("hf_" + "q" * 30, "a Hugging Face token"),
    ("npm_" + "r" * 30, "an npm token"),
    ("eyJabcdefgh.eyJabcdefgh.abcdefgh", "a JSON Web Token"),
    ("-----BEGIN RSA PRIVATE KEY-----", "a private key"),
    ("BEARER " + "t" * 20, "a bearer token"),
    ("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "basic credentials"),
    ("https://user:pass@example.com/", "a password in a URL"),
    ("The ID of a card token, or the ID of a card belonging to the customer.", None),
]


@pytest.mark.parametrize(("text", "kind"), EXAMPLES)
def test_each_kind_of_token_is_named(text: str, kind: str | None) -> None:
    assert credential_kind(text) == kind


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [(pattern, needles) for _, pattern, needles in _KNOWN_TOKENS if needles is not None],
    ids=[label for label, _, needles in _KNOWN_TOKENS if needles is not None],
)
def test_every_match_holds_one_of_the_texts_looked_for_first(
    pattern: re.Pattern[str], needles: tuple[str, ...]
) -> None:
    @settings(max_examples=100, derandomize=True, deadline=None)
    @given(text=st.from_regex(pattern))
    def holds(text: str) -> None:
        found = pattern.search(text)
        assert found is not None
        assert any(needle in found.group(0) for needle in needles)

    holds()
