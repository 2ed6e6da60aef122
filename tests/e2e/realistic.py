"""Real-world-shaped specs: Stripe-, GitHub- and OpenAI-like calls with recorded samples, and
held-out responses the samples never showed (other map keys, floats where samples had integers).

The shapes follow the public APIs closely enough to meet what users meet: several calls per
resource, list envelopes, maps with changing keys (metadata, gist files, moderation scores),
mixed numbers, ``+1``/``-1`` keys, non-ASCII keys.
"""

from __future__ import annotations

import copy
from typing import Any


def _customer(number: int, **changes: Any) -> dict[str, Any]:
    customer = {
        "id": f"cus_{number:04d}Nffr",
        "object": "customer",
        "address": {"city": "Berlin", "country": "DE", "line1": "Unter den Linden 1"},
        "balance": 0,
        "created": 1680893993,
        "currency": "eur",
        "email": f"jenny{number}@example.com",
        "livemode": False,
        "metadata": {"order_id": "6735"},
        "name": "Jenny Rosen",
        "phone": None,
    }
    customer.update(changes)
    return customer


def _charge(number: int, **changes: Any) -> dict[str, Any]:
    charge = {
        "id": f"ch_3MmlLrLkdIwHu7ix{number}",
        "object": "charge",
        "amount": 1099,
        "amount_captured": 0,
        "captured": False,
        "currency": "usd",
        "customer": "cus_0001Nffr",
        "metadata": {},
        "outcome": {"network_status": "approved_by_network", "risk_score": 32},
        "fee_rate": 0,
        "status": "succeeded",
    }
    charge.update(changes)
    return charge


CUSTOMERS = [_customer(1), _customer(2, metadata={"cart": "42"}, balance=-250)]
CHARGES = [
    _charge(1, metadata={"order_id": "6735"}),
    _charge(2, captured=True, amount_captured=1099, fee_rate=0.029),
]

STRIPE_CALLS: list[dict[str, Any]] = [
    {"name": "Create customer", "method": "POST", "path": "/customers", "sample": CUSTOMERS[0]},
    {"name": "Retrieve customer", "path": "/customers/{id}", "sample": CUSTOMERS[1]},
    {
        "name": "Update customer",
        "method": "POST",
        "path": "/customers/{id}",
        "sample": _customer(1, name="Jenny R.", metadata={"vip": "true"}),
    },
    {
        "name": "List customers",
        "path": "/customers",
        "sample": {"object": "list", "url": "/v1/customers", "has_more": False, "data": CUSTOMERS},
    },
    {
        "name": "Search customers",
        "path": "/customers/search",
        "sample": {
            "object": "search_result",
            "url": "/v1/customers/search",
            "has_more": False,
            "next_page": None,
            "data": [_customer(3, metadata={"segment": "smb"})],
        },
    },
    {
        "name": "Delete customer",
        "method": "DELETE",
        "path": "/customers/{id}",
        "sample": {"id": "cus_0001Nffr", "object": "customer", "deleted": True},
    },
    {"name": "Create charge", "method": "POST", "path": "/charges", "sample": CHARGES[0]},
    {
        "name": "Capture charge",
        "method": "POST",
        "path": "/charges/{id}/capture",
        "sample": CHARGES[1],
    },
    {
        "name": "Retrieve balance",
        "path": "/balance",
        "sample": {
            "object": "balance",
            "available": [{"amount": 666670, "currency": "usd"}],
            "pending": [{"amount": 61414, "currency": "usd"}],
        },
    },
]

ISSUE = {
    "id": 1,
    "number": 1347,
    "title": "Found a bug",
    "state": "open",
    "user": {"login": "octocat", "id": 1, "site_admin": False},
    "labels": [{"id": 208045946, "name": "bug", "color": "f29513", "default": True}],
    "reactions": {"url": "https://api.github.com/r", "total_count": 3, "+1": 2, "-1": 1},
    "comments": 0,
    "created_at": "2011-04-22T13:33:48Z",
}
GIST = {
    "id": "aa5a315d61ae9438b18d",
    "description": "Hello World Examples",
    "public": True,
    "files": {
        "hello_world.rb": {"filename": "hello_world.rb", "language": "Ruby", "size": 167},
        "README.md": {"filename": "README.md", "language": "Markdown", "size": 32},
    },
}

GITHUB_CALLS: list[dict[str, Any]] = [
    {"name": "Get issue", "path": "/repos/{owner}/{repo}/issues/{number}", "sample": ISSUE},
    {
        "name": "List issues",
        "path": "/repos/{owner}/{repo}/issues",
        "sample": [ISSUE, {**ISSUE, "id": 2, "number": 1348, "labels": []}],
    },
    {
        "name": "Search issues",
        "path": "/search/issues",
        "sample": {
            "total_count": 1,
            "incomplete_results": False,
            "items": [{**ISSUE, "score": 1.0}],
        },
    },
    {
        "name": "List labels",
        "path": "/repos/{owner}/{repo}/labels",
        "sample": [{"id": 1, "name": "wontfix", "color": "ffffff", "default": False}],
    },
    {"name": "Get gist", "path": "/gists/{gist_id}", "sample": GIST},
]

MODERATION = {
    "id": "modr-970d409ef3bef3b70c73d8232df86e7d",
    "model": "omni-moderation-latest",
    "results": [
        {
            "flagged": False,
            "categories": {"hate": False, "self-harm/intent": False, "violence": False},
            "category_scores": {"hate": 0, "self-harm/intent": 0.000012, "violence": 1},
        }
    ],
}
COMPLETION = {
    "id": "chatcmpl-123",
    "object": "chat.completion",
    "created": 1677652288,
    "model": "gpt-4o-mini",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Hello there"},
            "finish_reason": "stop",
            "logprobs": None,
        }
    ],
    "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21},
}

OPENAI_CALLS: list[dict[str, Any]] = [
    {"name": "Create moderation", "method": "POST", "path": "/moderations", "sample": MODERATION},
    {
        "name": "Create chat completion",
        "method": "POST",
        "path": "/chat/completions",
        "sample": COMPLETION,
    },
    {
        "name": "Get chat completion",
        "path": "/chat/completions/{completion_id}",
        "sample": {**COMPLETION, "id": "chatcmpl-456", "metadata": {"user": "u_1"}},
    },
    {
        "name": "Create embedding",
        "method": "POST",
        "path": "/embeddings",
        "sample": {
            "object": "list",
            "data": [{"object": "embedding", "index": 0, "embedding": [0.0023, -0.0093, 1]}],
            "model": "text-embedding-3-small",
            "usage": {"prompt_tokens": 8, "total_tokens": 8},
        },
    },
]

# Held out: never in a sample. Each is what the next real response of the call may hold.
HELD_OUT: dict[str, tuple[str, str, Any]] = {
    # name: (collection, method, response)
    "other metadata keys": (
        "Stripe",
        "retrieve_customer",
        _customer(9, metadata={"plan": "gold", "ref": "x"}, balance=12),
    ),
    "a float where samples had integers": (
        "Stripe",
        "capture_charge",
        _charge(
            9,
            amount_captured=1099,
            fee_rate=0.00012,
            metadata={"a.b": "c"},
        ),
    ),
    "other gist files": (
        "GitHub",
        "get_gist",
        {
            **GIST,
            "files": {"main.py": {"filename": "main.py", "language": "Python", "size": 1500}},
        },
    ),
    "other moderation categories": (
        "OpenAI",
        "create_moderation",
        {
            **MODERATION,
            "results": [
                {
                    "flagged": True,
                    "categories": {"harassment/threatening": True},
                    "category_scores": {"harassment/threatening": 0.93, "illicit": 0},
                }
            ],
        },
    ),
    "a search item with other labels": (
        "GitHub",
        "search_issues",
        {
            "total_count": 1,
            "incomplete_results": True,
            "items": [
                {
                    **ISSUE,
                    "score": 0.5,
                    "labels": [{"id": 7, "name": "ok", "color": "000000", "default": False}],
                }
            ],
        },
    ),
}


def realistic_spec(base_url: str) -> dict[str, Any]:
    """The spec of the three collections, every call with its one sample written inline."""
    collections = [
        ("Stripe", STRIPE_CALLS),
        ("GitHub", GITHUB_CALLS),
        ("OpenAI", OPENAI_CALLS),
    ]
    return {
        "apigen": 1,
        "package": {"name": "realistic_sdk"},
        "collections": [
            {
                "name": name,
                "python_name": name,
                "base_url": base_url,
                "calls": [_call(call) for call in calls],
            }
            for name, calls in collections
        ],
    }


def _call(call: dict[str, Any]) -> dict[str, Any]:
    written: dict[str, Any] = {
        "name": call["name"],
        "use_as": "data" if call.get("method", "GET") == "GET" else "action",
        "method": call.get("method", "GET"),
        "path": call["path"],
        "parameters": [{"name": name, "in": "path"} for name in _placeholders(call["path"])],
        "response": {"samples": [{"inline": copy.deepcopy(call["sample"])}]},
    }
    return written


def _placeholders(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]
