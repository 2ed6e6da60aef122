"""What the generated packages' runtime offers, in one place: auth kinds, client options, exports.

Every stage that needs to know an auth kind reads its :class:`AuthKind` here: the check (URLs and
header names to verify), privates (the environment variables it reads), resolve (the runtime
class and module), the client view (the client base class), the live commands (the variables to
read) and the docs tests (the line in docs/auth.md). Adding an auth kind is one entry in
:data:`AUTH_KINDS`, its spec model in :mod:`apigen.spec` and its runtime class in
templates/runtime.
"""

from __future__ import annotations

from dataclasses import dataclass

from apigen import spec


@dataclass(frozen=True)
class SecretKey:
    """A spec key of an auth kind that names an environment variable holding a secret."""

    key: str  # the spec key, e.g. "username_env"
    purpose: str  # for .env.example and docstrings; ``{field}`` takes the auth's spec values
    default_suffix: str = ""  # the variable when the key is left out: <COLLECTION>_<suffix>


@dataclass(frozen=True)
class AuthKind:
    name: str  # the spec's ``auth.type``
    model: type[spec.StrictModel]  # the spec model that validates it
    runtime_module: str  # module of templates/runtime defining the runtime class
    runtime_class: str  # the class a generated client configures with the spec's values
    secrets: tuple[SecretKey, ...]  # what it reads from the environment
    # Where its credential travels, which a redirect to another origin must not carry: the spec
    # key naming its header (or query parameter), else a fixed header.
    header_key: str | None = None
    fixed_header: str | None = None
    query_key: str | None = None
    url_keys: tuple[str, ...] = ()  # spec keys holding URLs the runtime calls (token endpoints)
    parameters_key: str | None = None  # spec key of the token request's parameters
    token_store: bool = False  # tokens are cached in a store the client takes as ``token_store=``
    code_grant: bool = False  # the client offers ``authorization_url`` and ``exchange_code``
    requirements: tuple[str, ...] = ()  # extra distributions the runtime module needs
    wire: str = ""  # docs/auth.md: what goes on the wire

    @property
    def client_bases(self) -> tuple[str, str]:
        """The sync and async client base classes, relative to the runtime package."""
        if self.code_grant:
            return ("oauth_client.SyncCodeGrantClient", "oauth_client.AsyncCodeGrantClient")
        if self.token_store:
            return ("token_client.SyncTokenClient", "token_client.AsyncTokenClient")
        return ("SyncClient", "AsyncClient")


_CLIENT_ID = (
    SecretKey("client_id_env", "{type} client id"),
    SecretKey("client_secret_env", "{type} client secret"),
)
AUTH_KINDS: dict[str, AuthKind] = {
    kind.name: kind
    for kind in (
        AuthKind("none", spec.NoAuth, "", "", (), wire="nothing"),
        AuthKind(
            "private_key_in_url",
            spec.PrivateKeyInUrl,
            "auth",
            "QueryKeyAuth",
            (SecretKey("env", "API key (query {param})", "API_KEY"),),
            query_key="param",
            wire="`?param=<key>`",
        ),
        AuthKind(
            "private_key_in_header",
            spec.PrivateKeyInHeader,
            "auth",
            "HeaderKeyAuth",
            (SecretKey("env", "API key (header {header})", "API_KEY"),),
            header_key="header",
            wire="`Header: <prefix><key>`",
        ),
        AuthKind(
            "basic",
            spec.BasicAuth,
            "auth",
            "BasicAuth",
            (
                SecretKey("username_env", "{type} username"),
                SecretKey("password_env", "{type} password"),
            ),
            fixed_header="Authorization",
            wire="`Authorization: Basic …`",
        ),
        AuthKind(
            "oauth2_password",
            spec.OAuth2Password,
            "oauth",
            "OAuth2PasswordAuth",
            (
                SecretKey("username_env", "{type} username"),
                SecretKey("password_env", "{type} password"),
                *_CLIENT_ID,
            ),
            fixed_header="Authorization",
            url_keys=("token_url",),
            token_store=True,
            wire="`Authorization: Bearer <token>`, token from `token_url`",
        ),
        AuthKind(
            "oauth2_user_agent",
            spec.OAuth2UserAgent,
            "oauth",
            "OAuth2AuthorizationCodeAuth",
            _CLIENT_ID,
            fixed_header="Authorization",
            url_keys=("authorize_url", "token_url"),
            token_store=True,
            code_grant=True,
            wire="`Authorization: Bearer <token>`, token from a user's consent",
        ),
        AuthKind(
            "oauth2_custom_token",
            spec.OAuth2CustomToken,
            "custom_token",
            "CustomTokenAuth",
            (),
            header_key="header",
            url_keys=("token_url",),
            parameters_key="parameters",
            token_store=True,
            wire="`<header>: <prefix><token>`, token from a configured request",
        ),
        AuthKind(
            "jwt",
            spec.JwtAuth,
            "jwt_auth",
            "JwtAuth",
            (SecretKey("key_env", "{type} key"),),
            header_key="header",
            url_keys=("token_url",),
            token_store=True,
            requirements=("PyJWT[crypto]>=2.8",),
            wire="`<header>: <prefix><JWT or token>`",
        ),
        AuthKind(
            "client_certificate",
            spec.ClientCertificate,
            "auth",
            "ClientCertificateAuth",
            (
                SecretKey("cert_env", "{type} cert"),
                SecretKey("key_env", "{type} key"),
                SecretKey("ca_env", "{type} ca"),
            ),
            wire="the certificate, in the TLS handshake",
        ),
    )
}


def auth_kind(auth: spec.Auth) -> AuthKind:
    return AUTH_KINDS[auth.type]


def token_parameters(auth: spec.Auth) -> list[spec.Parameter]:
    """The parameters of ``auth``'s token request (none for most kinds)."""
    key = auth_kind(auth).parameters_key
    parameters: list[spec.Parameter] = getattr(auth, key) if key else []
    return parameters


@dataclass(frozen=True)
class ClientOption:
    """A keyword argument of every generated client's constructor."""

    name: str
    annotation: (
        str  # ``{http}`` stands for httpx.Client / httpx.AsyncClient, ``{runtime}`` the package
    )
    doc: str
    default: str = "None"
    token_store: bool = False  # only for clients whose auth caches tokens


CLIENT_OPTIONS = (
    ClientOption("base_url", "str | None", "the API's base URL, instead of the spec's"),
    ClientOption("timeout", "float | httpx.Timeout | None", "seconds, or an `httpx.Timeout`"),
    ClientOption("max_retries", "int | None", "retries of a failed attempt (default 2)"),
    ClientOption(
        "http_client",
        "{http} | None",
        "an `httpx.Client` (async: `httpx.AsyncClient`) you own; never closed",
    ),
    ClientOption("environment", "str | None", "a name from the collection's `environments`"),
    ClientOption(
        "env_file",
        "{runtime}.FilePath | None",
        "a `.env` file to read private values from, after the environment",
    ),
    ClientOption(
        "token_store",
        "{runtime}.TokenStore | None",
        "where a client whose auth fetches tokens caches them (default: in memory)",
        token_store=True,
    ),
)
# Keyword arguments every method has after the call's own: what the caller adds to one request.
REQUEST_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")
# The name that collects them in the method's signature (the runtime's request.OPTIONS_KWARG).
OPTIONS_KWARG = "request_options"
# Attributes of the runtime's client classes that a call's method must not replace (a test
# compares them with the runtime).
CLIENT_ATTRIBUTES = (
    *(option.name for option in CLIENT_OPTIONS),
    "aclose",
    "authorization_url",
    "backoff",
    "close",
    "exchange_code",
    "with_options",
    "with_raw_response",
    "with_streaming_response",
)


@dataclass(frozen=True)
class Export:
    """A runtime name exported at the generated package's top level."""

    name: str
    module: str  # the runtime module that defines it; "" for the runtime package itself
    token_store: bool = False  # only in packages whose auth caches tokens


ERROR_EXPORTS = tuple(
    Export(name, "")
    for name in (
        "APIConnectionError",
        "APIError",
        "APIStatusError",
        "APIStreamError",
        "APITimeoutError",
        "AuthenticationError",
        "AuthorizationRequiredError",
        "BadRequestError",
        "ConflictError",
        "InternalServerError",
        "MissingCredentialsError",
        "NotFoundError",
        "PaginationError",
        "PermissionDeniedError",
        "RateLimitError",
        "ResponseValidationError",
        "TokenRequestError",
        "UnprocessableEntityError",
    )
)
RUNTIME_EXPORTS = (
    Export("FileInput", ""),
    Export("NotGiven", ""),
    *(
        Export(name, "")
        for name in ("AsyncPage", "AsyncPaginator", "AsyncStream", "Event", "Stream", "SyncPage")
    ),
    Export("RawResponse", ""),
    Export("Result", ""),
    Export("not_given", ""),
    *(
        Export(name, "tokens", token_store=True)
        for name in ("FileTokenStore", "MemoryTokenStore", "Token", "TokenStore")
    ),
)
EXPORTS = (*ERROR_EXPORTS, *RUNTIME_EXPORTS)
# Runtime modules a package gets only when its spec uses them (the rest of the runtime takes
# what it imports from the modules the runtime package always has).
OPTIONAL_RUNTIME_MODULES = frozenset(
    {kind.runtime_module for kind in AUTH_KINDS.values() if kind.runtime_module}
    | {
        base.partition(".")[0]
        for kind in AUTH_KINDS.values()
        for base in kind.client_bases
        if "." in base
    }
    | {export.module for export in EXPORTS if export.module}
)
