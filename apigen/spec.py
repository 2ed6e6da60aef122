"""Pydantic models of the spec format (version 1): the shape of a valid spec.

These models check keys and types only; rules that span several values live in
:mod:`apigen.check`. Field names follow the YAML keys; where a key is a Python keyword or a
pydantic attribute (``in``, ``schema``) the field has an alias. The JSON Schema in
schemas/apigen.schema.json is generated from :class:`Spec`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from apigen.vocabulary import (
    ArrayFormat,
    BodyFormat,
    HttpMethod,
    ItemType,
    OnError,
    ParameterLocation,
    ParameterType,
    ResponseType,
    UseAs,
)

BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=False)

    def is_set(self, name: str) -> bool:
        """Whether the key was written in the spec (a default that equals null is still set)."""
        return name in self.model_fields_set


NonEmptyStr = Annotated[str, Field(min_length=1)]


class Parameter(StrictModel):
    name: NonEmptyStr = Field(
        description="Name on the wire: query key, header, body key or path placeholder."
    )
    in_: ParameterLocation = Field(alias="in", description="Where the value is sent.")
    type: ParameterType = Field("string", description="JSON type of the value.")
    required: bool | None = Field(
        None,
        description="Default: true unless a default is given; path parameters are always required.",
    )
    default: Any = Field(None, description="Value used when the caller passes none.")
    example: Any = Field(None, description="Value used by live initialization; never a secret.")
    private: bool = Field(False, description="Read from an environment variable at run time.")
    env: NonEmptyStr | None = Field(
        None, description="Environment variable of a private parameter (default COLLECTION_NAME)."
    )
    description: str | None = None
    items: ItemType | None = Field(None, description="type: array: the type of its items.")
    nullable: bool = Field(False, description="None is sent as null; leaving it out sends nothing.")
    allow_reserved: bool = Field(
        False, description="path and query: reserved characters such as / are sent as they are."
    )

    @property
    def is_required(self) -> bool:
        if self.in_ == "path":
            return True
        if self.required is not None:
            return self.required
        return not self.is_set("default")


class Sample(StrictModel):
    """A recorded response: a JSON file next to the spec, or the value written inline."""

    file: NonEmptyStr | None = Field(None, description="Path relative to the spec file.")
    inline: Any = Field(None, description="The response body itself.")

    @model_validator(mode="after")
    def _exactly_one_source(self) -> Sample:
        if self.is_set("file") == self.is_set("inline"):
            raise ValueError("a sample has exactly one of `file` and `inline`")
        return self


class SuccessSample(Sample):
    """A sample of a successful response, which may say the status it came with."""

    status: Annotated[int, Field(ge=200, le=299)] | None = Field(
        None, description="HTTP status of the response (2xx; default 200), e.g. 201 for a create."
    )


class Response(StrictModel):
    type: ResponseType = Field(
        "json",
        description="sse (server-sent events) and jsonl (JSON Lines) are streams of events; "
        "their samples are samples of one event's data.",
    )
    samples: list[SuccessSample] = Field(default_factory=list)
    schema_: dict[str, Any] | None = Field(
        None, alias="schema", description="Explicit JSON Schema; overrides inference."
    )
    error_samples: list[Sample] = Field(default_factory=list)
    headers: list[NonEmptyStr] = Field(
        default_factory=list, description="Response headers captured on the raw response."
    )
    model: NonEmptyStr | None = Field(
        None,
        description="Name of the top-level model (PascalCase); places named alike are one class.",
    )
    types: dict[str, NonEmptyStr] = Field(
        default_factory=dict,
        description=(
            "Place in the response (data[], data[].metadata, files{}) -> string, integer, "
            "number, boolean, any, map or a model name."
        ),
    )
    end_marker: str | None = Field(
        None, description="A streamed event's data that ends the stream, e.g. [DONE]."
    )


PaginationStyle = Literal["cursor", "offset", "page", "link"]
PAGINATION_PLACES = ("items", "next_cursor", "has_more")  # keys whose values are places


class Pagination(StrictModel):
    """How a call's pages are read and requested."""

    style: PaginationStyle = Field(
        description="cursor | offset | page | link (the Link header's rel=next URL)."
    )
    items: NonEmptyStr | None = Field(
        None, description="Place of the page's items; omit when the response is the array."
    )
    cursor_param: NonEmptyStr | None = Field(
        None, description="cursor: the request parameter that takes the cursor."
    )
    next_cursor: NonEmptyStr | None = Field(
        None, description="cursor: place of the next cursor ([-1]: the last item)."
    )
    has_more: NonEmptyStr | None = Field(
        None, description="Place of a boolean; no next page when it is false."
    )
    offset_param: NonEmptyStr = "offset"
    limit_param: NonEmptyStr = "limit"
    page_param: NonEmptyStr = "page"


class NoAuth(StrictModel):
    type: Literal["none"]


class PrivateKeyInUrl(StrictModel):
    type: Literal["private_key_in_url"]
    param: NonEmptyStr
    env: NonEmptyStr | None = Field(None, description="Default: COLLECTION_API_KEY.")


class PrivateKeyInHeader(StrictModel):
    type: Literal["private_key_in_header"]
    header: NonEmptyStr = "Authorization"
    prefix: str = ""
    env: NonEmptyStr | None = Field(None, description="Default: COLLECTION_API_KEY.")


class BasicAuth(StrictModel):
    type: Literal["basic"]
    username_env: NonEmptyStr
    password_env: NonEmptyStr


class OAuth2Password(StrictModel):
    type: Literal["oauth2_password"]
    token_url: NonEmptyStr
    username_env: NonEmptyStr
    password_env: NonEmptyStr
    client_id_env: NonEmptyStr | None = None
    client_secret_env: NonEmptyStr | None = None
    scope: str | None = None


class OAuth2UserAgent(StrictModel):
    type: Literal["oauth2_user_agent"]
    authorize_url: NonEmptyStr
    token_url: NonEmptyStr
    client_id_env: NonEmptyStr
    client_secret_env: NonEmptyStr | None = None
    redirect_uri: str | None = None
    scope: str | None = None


class OAuth2CustomToken(StrictModel):
    type: Literal["oauth2_custom_token"]
    token_url: NonEmptyStr
    method: HttpMethod = "POST"
    parameters: list[Parameter] = Field(default_factory=list)
    token_field: NonEmptyStr = "access_token"
    expires_field: NonEmptyStr = "expires_in"
    header: NonEmptyStr = "Authorization"
    prefix: str = "Bearer "


class JwtAuth(StrictModel):
    type: Literal["jwt"]
    algorithm: Literal[
        "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"
    ]
    key_env: NonEmptyStr
    claims: dict[str, Any] = Field(default_factory=dict)
    lifetime_s: Annotated[int, Field(gt=0)] = 3600
    token_url: NonEmptyStr | None = None
    header: NonEmptyStr = "Authorization"
    prefix: str = "Bearer "


class ClientCertificate(StrictModel):
    type: Literal["client_certificate"]
    cert_env: NonEmptyStr
    key_env: NonEmptyStr
    ca_env: NonEmptyStr | None = None


Auth = Annotated[
    NoAuth
    | PrivateKeyInUrl
    | PrivateKeyInHeader
    | BasicAuth
    | OAuth2Password
    | OAuth2UserAgent
    | OAuth2CustomToken
    | JwtAuth
    | ClientCertificate,
    Field(discriminator="type"),
]
AUTH_TYPES: tuple[type[StrictModel], ...] = (
    NoAuth,
    PrivateKeyInUrl,
    PrivateKeyInHeader,
    BasicAuth,
    OAuth2Password,
    OAuth2UserAgent,
    OAuth2CustomToken,
    JwtAuth,
    ClientCertificate,
)


def _auth_shorthand(value: object) -> object:
    return {"type": "none"} if value == "none" else value


class Call(StrictModel):
    name: NonEmptyStr = Field(description="Python method name derives from it (snake_case).")
    python_name: NonEmptyStr | None = Field(
        None, description="The method name, instead of the snake_case of `name`."
    )
    use_as: UseAs = Field(description="data: reads, safe to retry; action: changes something.")
    method: HttpMethod = "GET"
    path: str = Field(
        "", description="Appended to base_url; {name} placeholders are path parameters."
    )
    description: str | None = None
    headers: dict[NonEmptyStr, str] = Field(
        default_factory=dict, description="Static headers of this call (never secrets)."
    )
    parameters: list[Parameter] = Field(default_factory=list)
    body_format: BodyFormat = "json"
    array_format: ArrayFormat | None = Field(
        None, description="Arrays in the query and form bodies (default: the collection's)."
    )
    body: str | None = Field(
        None, description="JSON template; each <name> placeholder is a body parameter."
    )
    response: Response = Field(default_factory=lambda: Response.model_validate({}))
    auth: Literal["none"] | None = Field(None, description="none: skip the collection's auth.")
    idempotent: bool = False
    max_retries: Annotated[int, Field(ge=0, le=20)] | None = None
    timeout: Annotated[float, Field(gt=0)] | None = None
    on_error: OnError = "raise"
    pagination: Pagination | None = Field(
        None, description="The method returns pages whose items can be iterated across pages."
    )
    idle_timeout: Annotated[float, Field(gt=0)] | None = Field(
        None, description="Streams: seconds without an event (keep-alives do not count)."
    )
    deadline: Annotated[float, Field(gt=0)] | None = Field(
        None, description="Streams: seconds for the whole stream."
    )


class Environment(StrictModel):
    base_url: NonEmptyStr
    env_suffix: str = Field("", description="Appended to every environment variable name.")


class Collection(StrictModel):
    name: NonEmptyStr = Field(description="Provider name; client class names derive from it.")
    python_name: NonEmptyStr | None = Field(
        None, description="PascalCase base of the client class names, instead of `name`'s."
    )
    base_url: NonEmptyStr
    description: str | None = None
    auth: Annotated[Auth, BeforeValidator(_auth_shorthand)] = Field(
        default_factory=lambda: NoAuth(type="none"),
        description="How every call authenticates; `none` is short for `{type: none}`.",
    )
    shared_headers: dict[NonEmptyStr, str] = Field(default_factory=dict)
    shared_parameters: list[Parameter] = Field(default_factory=list)
    array_format: ArrayFormat = Field(
        "repeat",
        description="Arrays in the query and form bodies: repeat, brackets, indexed, comma.",
    )
    calls: list[Call] = Field(default_factory=list)
    environments: dict[NonEmptyStr, Environment] = Field(default_factory=dict)
    schemas: dict[NonEmptyStr, dict[str, Any]] = Field(
        default_factory=dict,
        description=(
            'JSON Schemas by model name, referring to each other as "#/schemas/Name"; used for '
            "a response.model or response.types name declared here."
        ),
    )


class Package(StrictModel):
    name: NonEmptyStr = Field(description="Import name of the generated package.")
    version: NonEmptyStr = "0.1.0"
    description: str | None = None
    testing: bool = Field(
        False,
        description="Also generate <package>.testing: a mock transport answering from the samples.",
    )


class Spec(StrictModel):
    """An apigen spec (format version 1)."""

    apigen: Literal[1] = Field(description="Format version.")
    package: Package
    include: list[NonEmptyStr] = Field(
        default_factory=list, description="More spec files whose collections join this one."
    )
    collections: list[Collection] = Field(default_factory=list)
