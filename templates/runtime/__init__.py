"""Run-time support of the generated clients: configuration, requests, responses and errors."""

from .auth import BasicAuth, HeaderKeyAuth, QueryKeyAuth
from .client import AsyncClient, SyncClient
from .config import AuthScheme, CollectionConfig, Environment, Operation, Param, Secret
from .errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestInfo,
    ResponseValidationError,
    UnprocessableEntityError,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AuthScheme",
    "AuthenticationError",
    "BadRequestError",
    "BasicAuth",
    "CollectionConfig",
    "ConflictError",
    "Environment",
    "HeaderKeyAuth",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "Operation",
    "Param",
    "PermissionDeniedError",
    "QueryKeyAuth",
    "RateLimitError",
    "RequestInfo",
    "ResponseValidationError",
    "Secret",
    "SyncClient",
    "UnprocessableEntityError",
]
