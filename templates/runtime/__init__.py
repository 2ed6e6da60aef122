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
from .files import FileInput
from .oauth import OAuth2AuthorizationCodeAuth, OAuth2PasswordAuth
from .raw import RawResponse, to_async_raw_response, to_raw_response
from .request import RequestOptions
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
    "APITimeoutError",
    "AsyncClient",
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
    "Param",
    "PermissionDeniedError",
    "QueryKeyAuth",
    "RateLimitError",
    "RawResponse",
    "RequestInfo",
    "RequestOptions",
    "ResponseValidationError",
    "Result",
    "Secret",
    "StreamedResponse",
    "SyncClient",
    "Token",
    "TokenRequestError",
    "TokenStore",
    "UnprocessableEntityError",
    "not_given",
    "to_async_raw_response",
    "to_async_streamed_response",
    "to_raw_response",
    "to_streamed_response",
]
