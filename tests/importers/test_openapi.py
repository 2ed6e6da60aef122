"""apigen import openapi: what each part of a document becomes, and one case per construct
apigen cannot express (reported with its JSON pointer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from apigen.importers.openapi import import_openapi
from apigen.importers.report import ImportFailure, ImportReport
from apigen.spec import Call
from tests.e2e.support import Json, Wire, assert_wire
from tests.servers.recording import RecordingServer, Reply

from .support import apigen, build, check_errors, load

CUSTOMER = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string"},
        "email": {"type": "string", "nullable": True},
        "address": {"$ref": "#/components/schemas/address"},
    },
    "x-resourceId": "customer",
}


def document(paths: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Acme API", "version": "1"},
        "servers": [{"url": "https://api.acme.example/v1"}],
        "paths": paths,
        **more,
    }


def imported(
    tmp_path: Path, data: dict[str, Any], *, yaml: bool = False
) -> tuple[Any, ImportReport]:
    """The spec data an import writes, and its report (without running the check)."""
    path = tmp_path / ("doc.yaml" if yaml else "doc.json")
    if yaml:
        YAML(typ="safe").dump(data, path)
    else:
        path.write_text(json.dumps(data))
    report = ImportReport()
    text = import_openapi(path, report)
    return YAML(typ="safe").load(text), report


def warned(report: ImportReport) -> list[tuple[str, str]]:
    return [(w.code, w.where) for w in report.warnings]


def get_customer() -> dict[str, Any]:
    return {
        "get": {
            "operationId": "GetCustomer",
            "summary": "Retrieve a customer",
            "parameters": [
                {"name": "customer", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "expand", "in": "query", "schema": {"type": "boolean", "default": False}},
            ],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/customer"}}
                    },
                }
            },
        }
    }


COMPONENTS = {
    "schemas": {
        "customer": CUSTOMER,
        "address": {"type": "object", "properties": {"city": {"type": "string"}}},
        "unused": {"type": "object"},
        "token": {"type": "object", "properties": {"id": {"type": "string"}}},
    },
    "securitySchemes": {
        "basicAuth": {"type": "http", "scheme": "basic"},
        "bearerAuth": {"type": "http", "scheme": "bearer"},
    },
}


def test_openapi_30_operations_become_calls_and_components_named_schemas(tmp_path: Path) -> None:
    paths = {
        "/customers/{customer}": get_customer(),
        "/customers": {
            "get": {
                "operationId": "ListCustomers",
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/customer"},
                                }
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "PostCustomers",
                "requestBody": {
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["email"],
                                "properties": {
                                    "email": {"type": "string", "example": "ada@example.com"},
                                    "metadata": {"type": "object"},
                                },
                            }
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/customer"}
                            }
                        },
                    }
                },
            },
        },
    }
    spec, report = imported(
        tmp_path,
        document(paths, components=COMPONENTS, security=[{"basicAuth": []}, {"bearerAuth": []}]),
    )
    (collection,) = spec["collections"]
    assert spec["package"]["name"] == "acme_sdk"
    assert collection["name"] == "Acme"
    assert collection["base_url"] == "https://api.acme.example/v1"
    assert collection["auth"] == {
        "type": "private_key_in_header",
        "header": "Authorization",
        "prefix": "Bearer ",
        "env": "ACME_API_KEY",
    }
    get, listed, created = collection["calls"]
    assert get == {
        "name": "GetCustomer",
        "use_as": "data",
        "method": "GET",
        "path": "/customers/{customer}",
        "description": "Retrieve a customer",
        "parameters": [
            {"name": "customer", "in": "path"},
            {"name": "expand", "in": "query", "type": "boolean", "default": False},
        ],
        "response": {"model": "Customer"},
    }
    assert listed["response"] == {"types": {"[]": "Customer"}}
    assert listed["parameters"] == [
        {"name": "limit", "in": "query", "type": "integer", "required": False}
    ]
    assert created["use_as"] == "action"
    assert created["body_format"] == "form"
    assert created["parameters"] == [
        {"name": "email", "in": "body", "example": "ada@example.com"},
        {"name": "metadata", "in": "body", "type": "object", "required": False},
    ]
    # Only the reached components, renamed, with references, 3.0 nullable and extensions converted.
    assert collection["schemas"] == {
        "Customer": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "email": {"type": ["string", "null"]},
                "address": {"$ref": "#/schemas/Address"},
            },
        },
        "Address": {"type": "object", "properties": {"city": {"type": "string"}}},
    }
    assert report.warnings == []
    assert report.calls == ["GetCustomer", "ListCustomers", "PostCustomers"]


def test_openapi_31_yaml_keeps_json_schema_types_and_names_inline_responses(tmp_path: Path) -> None:
    data = document(
        {
            "/files/{file_id}/content": {
                "get": {
                    "operationId": "downloadFile",
                    "parameters": [
                        {
                            "name": "file_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/octet-stream": {
                                    "schema": {"type": "string", "format": "binary"}
                                }
                            },
                        }
                    },
                }
            },
            "/moderations": {
                "post": {
                    "operationId": "createModeration",
                    "security": [],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"input": {"type": ["string", "null"]}},
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"flagged": {"type": "boolean"}},
                                    },
                                    "example": {"flagged": False},
                                }
                            },
                        }
                    },
                }
            },
        },
        components={"securitySchemes": {"ApiKeyAuth": {"type": "http", "scheme": "bearer"}}},
        security=[{"ApiKeyAuth": []}],
    )
    data["openapi"] = "3.1.0"
    spec, report = imported(tmp_path, data, yaml=True)
    download, moderate = spec["collections"][0]["calls"]
    assert download["response"] == {"type": "binary"}
    assert moderate["auth"] == "none"
    assert moderate["parameters"] == [{"name": "input", "in": "body", "required": False}]
    assert moderate["response"] == {
        "model": "CreateModerationResponse",
        "samples": [{"inline": {"flagged": False}}],
    }
    assert spec["collections"][0]["schemas"] == {
        "CreateModerationResponse": {
            "type": "object",
            "properties": {"flagged": {"type": "boolean"}},
        }
    }
    assert report.warnings == []


def test_constructs_apigen_cannot_express_are_reported_with_their_pointer(tmp_path: Path) -> None:
    paths = {
        "/a": {
            "get": {
                "operationId": "a",
                "security": [{"oidc": []}],
                "parameters": [
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                    {
                        "name": "ids",
                        "in": "query",
                        "style": "deepObject",
                        "schema": {"type": "array"},
                    },
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer"},
                        "example": "ten",
                    },
                    {"name": "token", "in": "query", "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "properties": {"q": {"type": "string"}}}
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": {"$ref": "other.yaml#/Thing"}}},
                    }
                },
            }
        },
        "/b": {
            "post": {
                "operationId": "b",
                "parameters": [
                    {"name": "sid", "in": "cookie", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "OK"}},
            },
            "put": {
                "operationId": "c",
                "requestBody": {
                    "required": True,
                    "content": {"application/octet-stream": {"schema": {"type": "string"}}},
                },
                "responses": {
                    "200": {"description": "OK", "content": {"application/x-ndjson": {}}}
                },
            },
            "patch": {
                "operationId": "d",
                "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}},
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {"type": "string"},
                                "example": "x",
                                "examples": {
                                    "leak": {"value": {"key": "sk_live_abcdefghijklmnop1234"}}
                                },
                            }
                        },
                    }
                },
            },
        },
    }
    data = document(
        paths,
        servers=[
            {
                "url": "https://{region}.acme.example/{base}",
                "variables": {"region": {"default": "eu"}, "base": {}},
            }
        ],
        components={
            "securitySchemes": {
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                "oidc": {
                    "type": "openIdConnect",
                    "openIdConnectUrl": "https://acme.example/.well-known",
                },
            }
        },
        security=[{"key": []}],
    )
    spec, report = imported(tmp_path, data)
    a = "#/paths/~1a/get"
    # A deepObject array is sent with brackets where array_format exists, else left out.
    deep_object = (
        [] if "array_format" in Call.model_fields else [("W606", f"{a}/parameters/1/style")]
    )
    assert warned(report) == [
        ("W611", "#/servers/0/variables/base"),
        ("W604", f"{a}/security"),
        ("W606", f"{a}/parameters/0"),
        ("W609", "#/paths/~1a/get/parameters/2/example"),
        ("W606", f"{a}/requestBody"),
        *deep_object,
        ("W608", f"{a}/responses/200/content/application~1json/schema"),
        ("W605", "#/paths/~1b/put/requestBody/content"),
        ("W605", "#/paths/~1b/post/parameters/0"),
        ("W607", "#/paths/~1b/patch/requestBody/content"),
        ("W607", "#/paths/~1b/patch/responses/200/content/application~1json/schema"),
        ("W609", "#/paths/~1b/patch/responses/200/content/application~1json/examples/leak/value"),
    ]
    assert report.skipped == [
        "PUT /b: request body of type application/octet-stream cannot be sent by apigen",
        "POST /b: required cookie parameter 'sid' cannot be sent by apigen",
    ]
    (collection,) = spec["collections"]
    assert collection["base_url"] == "https://eu.acme.example/base"
    a_call, d_call = collection["calls"]
    ids = {"name": "ids", "in": "query", "type": "array", "required": False}
    assert a_call["parameters"] == [
        *([ids] if "array_format" in Call.model_fields else []),
        {"name": "limit", "in": "query", "type": "integer", "required": False},
        {"name": "token", "in": "query", "private": True, "required": False, "env": "ACME_TOKEN"},
    ]
    assert "response" not in d_call


def test_a_relative_server_and_an_unexpressible_response_type(tmp_path: Path) -> None:
    paths = {
        "/events": {
            "get": {
                "operationId": "events",
                "responses": {
                    "200": {"description": "OK", "content": {"application/x-ndjson": {}}}
                },
            }
        }
    }
    spec, report = imported(tmp_path, document(paths, servers=[{"url": "/api"}]))
    assert warned(report) == [
        ("W611", "#/servers"),
        ("W607", "#/paths/~1events/get/responses/200/content"),
    ]
    (collection,) = spec["collections"]
    assert collection["base_url"] == "https://api.example.invalid/api"
    assert collection["calls"][0]["response"] == {"type": "binary"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("doc.json", '{"openapi": "3.0.0",\n "paths": {]}', "doc.json:2:12: not valid JSON"),
        ("doc.yaml", "openapi: 3.0.0\npaths: [\n", "not valid YAML"),
        ("doc.json", '{"swagger": "2.0", "paths": {}}', "this document is swagger 2.0"),
        ("doc.yaml", "openapi: 3.0.0\ninfo: {title: x}\n", "the document has no `paths`"),
    ],
)
def test_documents_that_cannot_be_imported(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ImportFailure, match=message):
        import_openapi(path, ImportReport())


SHOP = {
    "openapi": "3.0.0",
    "info": {"title": "Shop", "version": "1"},
    "servers": [{"url": "https://shop.example/api"}],
    "components": {
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Shop-Key"}}
    },
    "security": [{"key": []}],
    "paths": {
        "/orders/{order_id}/items": {
            "post": {
                "operationId": "addItem",
                "parameters": [
                    {
                        "name": "order_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["sku", "quantity"],
                                "properties": {
                                    "sku": {"type": "string"},
                                    "quantity": {"type": "integer"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Created",
                        "content": {
                            "application/json": {
                                "example": {"id": "it_1", "sku": "A1", "quantity": 2}
                            }
                        },
                    }
                },
            }
        }
    },
}


def test_an_imported_document_is_checked_built_and_called(
    tmp_path: Path, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("shop.json").write_text(json.dumps(SHOP))
    run = apigen("import", "openapi", "shop.json", "-o", "shop.yaml")
    assert run.exit_code == 0, run.stderr
    assert "wrote shop.yaml: 1 calls from shop.json" in run.stdout
    assert "ACME" not in run.stdout and "SHOP_API_KEY: API key (header X-Shop-Key)" in run.stdout
    assert check_errors(Path("shop.yaml")) == []
    package = build(Path("shop.yaml"), tmp_path / "built")
    recording_server.route(
        "POST",
        "/orders/o1/items",
        Reply.json({"id": "it_9", "sku": "B", "quantity": 1}, status=201),
    )
    with package.ShopClient(base_url=recording_server.url, shop_api_key="k") as client:
        item = client.add_item(order_id="o1", sku="B", quantity=1, idempotency_key="ik1")
    assert item.id == "it_9"
    sample = load(Path("shop.yaml"))["collections"][0]["calls"][0]["response"]["samples"][0]
    assert sample["status"] == 201  # the example is of the 201 response
    assert_wire(
        recording_server.last,
        Wire(
            "POST",
            "/orders/o1/items",
            headers={
                "Accept": "*/*",
                "X-Shop-Key": "k",
                "Idempotency-Key": "ik1",
                "Content-Type": "application/json",
            },
            body=Json({"sku": "B", "quantity": 1}),
        ),
    )


def test_an_existing_output_is_replaced_only_with_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("shop.json").write_text(json.dumps(SHOP))
    Path("shop.yaml").write_text("# mine\n")
    run = apigen("import", "openapi", "shop.json", "-o", "shop.yaml")
    assert run.exit_code == 1 and "shop.yaml exists: pass --force" in run.stderr
    assert Path("shop.yaml").read_text() == "# mine\n"
    assert apigen("import", "openapi", "shop.json", "-o", "shop.yaml", "--force").exit_code == 0
    assert load(Path("shop.yaml"))["collections"][0]["name"] == "Shop"


def test_a_one_word_name_keeps_its_capitals_in_the_class_name(tmp_path: Path) -> None:
    data = document({})
    data["info"]["title"] = "OpenAI API"
    spec, _ = imported(tmp_path, data)
    collection = spec["collections"][0]
    assert (collection["name"], collection["python_name"]) == ("OpenAI", "OpenAI")
    assert spec["package"]["name"] == "openai_sdk"


def test_descriptions_that_hold_credentials_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shop = json.loads(json.dumps(SHOP))
    operation = shop["paths"]["/orders/{order_id}/items"]["post"]
    operation["description"] = "Try it: curl -H 'Authorization: Bearer sk_live_51HxYzAbCdEfGh1234'"
    Path("shop.json").write_text(json.dumps(shop))
    assert apigen("import", "openapi", "shop.json", "-o", "shop.yaml").exit_code == 0
    assert "description" not in load(Path("shop.yaml"))["collections"][0]["calls"][0]
    assert check_errors(Path("shop.yaml")) == []


def test_arrays_of_a_call_are_sent_one_way(tmp_path: Path) -> None:
    """Stripe's expand[]: deepObject arrays in the query and the form body need brackets; a call
    sends all its arrays alike, so the encoding most of them need wins (with array_format, once
    the spec format has it) and the others are left out."""
    paths = {
        "/charges": {
            "post": {
                "operationId": "PostCharges",
                "parameters": [
                    {"name": "tags", "in": "query", "schema": {"type": "array"}},
                    {
                        "name": "fields",
                        "in": "query",
                        "style": "deepObject",
                        "explode": True,
                        "schema": {"type": "array"},
                    },
                ],
                "requestBody": {
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {"expand": {"type": "array"}},
                            },
                            "encoding": {"expand": {"style": "deepObject", "explode": True}},
                        }
                    }
                },
                "responses": {"200": {"description": "OK"}},
            }
        }
    }
    spec, report = imported(tmp_path, document(paths))
    (call,) = spec["collections"][0]["calls"]
    names = [p["name"] for p in call["parameters"]]
    if "array_format" in Call.model_fields:
        # The only call's encoding is the one most calls need: the collection's.
        assert spec["collections"][0]["array_format"] == "brackets"
        assert "array_format" not in call
        assert names == ["fields", "expand"]
        assert warned(report) == [("W606", "#/paths/~1charges/post/parameters/0/style")]
    else:
        assert "array_format" not in call
        assert names == ["tags"]
        assert warned(report) == [
            ("W606", "#/paths/~1charges/post/parameters/1/style"),
            (
                "W606",
                "#/paths/~1charges/post/requestBody/content/application~1x-www-form-urlencoded/encoding/expand",
            ),
        ]


def test_a_response_that_is_one_of_several_resources_is_a_named_union(tmp_path: Path) -> None:
    union = {
        "anyOf": [
            {"$ref": "#/components/schemas/customer"},
            {"$ref": "#/components/schemas/address"},
        ]
    }
    paths = {
        "/customers/{customer}": {
            "delete": {
                "operationId": "DeleteCustomersCustomer",
                "parameters": [
                    {
                        "name": "customer",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": union}}}
                },
            }
        }
    }
    spec, report = imported(
        tmp_path, document(paths, components={"schemas": COMPONENTS["schemas"]})
    )
    (collection,) = spec["collections"]
    assert collection["calls"][0]["response"] == {"model": "DeleteCustomersCustomerResponse"}
    assert collection["schemas"]["DeleteCustomersCustomerResponse"] == {
        "anyOf": [{"$ref": "#/schemas/Customer"}, {"$ref": "#/schemas/Address"}]
    }
    assert report.warnings == []


def test_a_component_named_like_an_export_of_the_package_is_renamed(tmp_path: Path) -> None:
    paths = {
        "/tokens/{token}": {
            "get": {
                "operationId": "GetTokensToken",
                "parameters": [
                    {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/token"}}
                        },
                    }
                },
            }
        }
    }
    spec, _ = imported(tmp_path, document(paths, components={"schemas": COMPONENTS["schemas"]}))
    (collection,) = spec["collections"]
    # Token is the runtime's token class, exported by every package.
    assert collection["calls"][0]["response"] == {"model": "TokenModel"}
    assert list(collection["schemas"]) == ["TokenModel"]


def test_component_schemas_type_the_built_client(
    tmp_path: Path, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = document(
        {"/customers/{customer}": get_customer()},
        components=COMPONENTS,
        security=[{"bearerAuth": []}],
    )
    Path("acme.json").write_text(json.dumps(data))
    run = apigen("import", "openapi", "acme.json", "-o", "acme.yaml")
    assert run.exit_code == 0, run.stderr
    assert check_errors(Path("acme.yaml")) == []
    package = build(Path("acme.yaml"), tmp_path / "built")
    customer = {"id": "cus_1", "email": None, "address": {"city": "Berlin"}}
    recording_server.route("GET", "/customers/cus_1", Reply.json(customer))
    with package.AcmeClient(base_url=recording_server.url, acme_api_key="k") as client:
        found = client.get_customer(customer="cus_1")
    # The provider's names: Customer, with its address an Address, shared by every call.
    assert type(found).__name__ == "Customer"
    assert type(found.address).__name__ == "Address"
    assert (found.id, found.email, found.address.city) == ("cus_1", None, "Berlin")
    assert recording_server.last.header("Authorization") == "Bearer k"


@pytest.mark.skipif("array_format" not in Call.model_fields, reason="needs array_format")
def test_the_array_encoding_most_calls_need_is_the_collections(tmp_path: Path) -> None:
    """Stripe's calls all send arrays with brackets: the collection says so once, and a call
    whose arrays are encoded otherwise says its own."""

    def listing(operation_id: str, style: str) -> dict[str, Any]:
        parameter = {"name": "expand", "in": "query", "schema": {"type": "array"}}
        if style == "deepObject":
            parameter |= {"style": "deepObject", "explode": True}
        return {
            "get": {
                "operationId": operation_id,
                "parameters": [parameter],
                "responses": {"200": {"description": "OK"}},
            }
        }

    paths = {
        "/charges": listing("GetCharges", "deepObject"),
        "/refunds": listing("GetRefunds", "deepObject"),
        "/tags": listing("GetTags", "form"),
        "/status": {
            "get": {"operationId": "GetStatus", "responses": {"200": {"description": "OK"}}}
        },
    }
    (tmp_path / "doc.json").write_text(json.dumps(document(paths)))
    spec = tmp_path / "api.yaml"
    assert apigen("import", "openapi", str(tmp_path / "doc.json"), "-o", str(spec)).exit_code == 0
    collection = load(spec)["collections"][0]
    assert collection["array_format"] == "brackets"
    own = {call["path"]: call.get("array_format") for call in collection["calls"]}
    assert own == {"/charges": None, "/refunds": None, "/tags": "repeat", "/status": None}
    assert check_errors(spec) == []
