"""Detection of literals that look like credentials, so that they never reach generated code.

Two signals: well-known token shapes (provider prefixes, JWTs, PEM keys, ``Bearer``/``Basic``
headers) and long high-entropy strings. Hex digests and UUIDs stay below the entropy bar, so
sample ids do not trip it.
"""

from __future__ import annotations

import math
import re
from collections import Counter

# (label, pattern, texts one of which every match contains): they are looked for first, as a
# substring search is far quicker than a pattern starting with \b, and a spec has tens of
# thousands of strings. None for the case-insensitive patterns (the engine folds more letters
# than str does).
_KNOWN_TOKENS: tuple[tuple[str, re.Pattern[str], tuple[str, ...] | None], ...] = tuple(
    (label, re.compile(pattern), needles)
    for label, pattern, needles in (
        ("a Stripe key", r"\b[rsp]k_(live|test)_[0-9A-Za-z]{10,}", ("k_",)),
        (
            "a GitHub token",
            r"\b(gh[pousr]_[0-9A-Za-z]{20,}|github_pat_[0-9A-Za-z_]{20,})",
            ("gh", "github_pat_"),
        ),
        ("a Slack token", r"\bxox[abprs]-[0-9A-Za-z-]{10,}", ("xox",)),
        ("an AWS access key id", r"\b(AKIA|ASIA)[0-9A-Z]{16}\b", ("AKIA", "ASIA")),
        ("a Google API key", r"\bAIza[0-9A-Za-z_-]{30,}", ("AIza",)),
        ("a GitLab token", r"\bglpat-[0-9A-Za-z_-]{20,}", ("glpat-",)),
        ("an API secret key", r"\bsk-(ant-|proj-)?[0-9A-Za-z_-]{20,}", ("sk-",)),
        ("a Hugging Face token", r"\bhf_[0-9A-Za-z]{30,}", ("hf_",)),
        ("an npm token", r"\bnpm_[0-9A-Za-z]{30,}", ("npm_",)),
        (
            "a JSON Web Token",
            r"\beyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}",
            ("eyJ",),
        ),
        ("a private key", r"-----BEGIN ([A-Z]+ )?PRIVATE KEY-----", ("PRIVATE KEY-----",)),
        ("a bearer token", r"(?i)\bbearer\s+[0-9A-Za-z._~+/=-]{20,}", None),
        ("basic credentials", r"(?i)\bbasic\s+[0-9A-Za-z+/]{16,}={0,2}", None),
        ("a password in a URL", r"://[^/\s:@]+:[^/\s@]+@", ("://",)),
    )
)
_TOKEN = re.compile(r"[0-9A-Za-z+/=_.~-]{32,}")
# The address part of a link (host and path) is long without being a key: it is judged segment
# by segment, so a key in a path (a webhook URL) is still found. Query strings and fragments stay
# in the whole-text scan, since keys travel there (``?api_key=…``).
_LINK_ADDRESS = re.compile(r"\bhttps?://[^\s?#)\]>\"']*")
_PATH_SEGMENT = re.compile(r"[0-9A-Za-z+=_.~-]{20,}")
_ENTROPY_BITS = 4.2


def credential_kind(text: str) -> str | None:
    """What ``text`` seems to hold (``"a GitHub token"``), or None when it looks harmless."""
    for label, pattern, needles in _KNOWN_TOKENS:
        if (needles is None or any(n in text for n in needles)) and pattern.search(text):
            return label
    addresses = _LINK_ADDRESS.findall(text)
    tokens = _TOKEN.findall(_LINK_ADDRESS.sub(" ", text))
    tokens += [segment for address in addresses for segment in _PATH_SEGMENT.findall(address)]
    for token in tokens:
        if _looks_random(token):
            return "a long random string (a likely key or token)"
    return None


def _looks_random(token: str) -> bool:
    classes = sum(
        (
            any(c.islower() for c in token),
            any(c.isupper() for c in token),
            any(c.isdigit() for c in token),
        )
    )
    return classes == 3 and _shannon_entropy(token) >= _ENTROPY_BITS


def _shannon_entropy(text: str) -> float:
    counts = Counter(text)
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())
