"""Run-time support of the generated clients: configuration, requests, responses and errors."""

from .auth import BasicAuth, ClientCertificateAuth, HeaderKeyAuth, QueryKeyAuth
from .client import AsyncClient, SyncClient
from .config import AuthScheme, CollectionConfig, Environment, Operation, Param, Secret
from .custom_token import CustomTokenAuth
from .dotenv import FilePath
from .encoding import NotGiven, not_given
from .errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APIStreamError,
    APITimeoutError,
    AuthenticationError,
    AuthorizationRequiredError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestInfo,
    ResponseValidationError,
    TokenRequestError,
    UnprocessableEntityError,
)
from .event_stream import AsyncStream, Event, Stream
from .files import FileInput
from .lazy import lazy_methods
from .oauth import OAuth2AuthorizationCodeAuth, OAuth2PasswordAuth
from .pages import AsyncPage, AsyncPaginator, SyncPage
from .pagination import Pagination, PaginationError
from .raw import RawResponse, to_async_raw_response, to_raw_response
from .request import RequestOptionsArgs
from .result import Result
from .retry import Backoff
from .streaming import (
    AsyncStreamedResponse,
    StreamedResponse,
    to_async_streamed_response,
    to_streamed_response,
)
from .tokens import FileTokenStore, MemoryTokenStore, Token, TokenStore

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AsyncClient",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncStream",
    "AsyncStreamedResponse",
    "AuthScheme",
    "AuthenticationError",
    "AuthorizationRequiredError",
    "Backoff",
    "BadRequestError",
    "BasicAuth",
    "ClientCertificateAuth",
    "CollectionConfig",
    "ConflictError",
    "CustomTokenAuth",
    "Environment",
    "Event",
    "FileInput",
    "FilePath",
    "FileTokenStore",
    "HeaderKeyAuth",
    "InternalServerError",
    "MemoryTokenStore",
    "MissingCredentialsError",
    "NotFoundError",
    "NotGiven",
    "OAuth2AuthorizationCodeAuth",
    "OAuth2PasswordAuth",
    "Operation",
    "Pagination",
    "PaginationError",
    "Param",
    "PermissionDeniedError",
    "QueryKeyAuth",
    "RateLimitError",
    "RawResponse",
    "RequestInfo",
    "RequestOptionsArgs",
    "ResponseValidationError",
    "Result",
    "Secret",
    "Stream",
    "StreamedResponse",
    "SyncClient",
    "SyncPage",
    "Token",
    "TokenRequestError",
    "TokenStore",
    "UnprocessableEntityError",
    "lazy_methods",
    "not_given",
    "to_async_raw_response",
    "to_async_streamed_response",
    "to_raw_response",
    "to_streamed_response",
]
