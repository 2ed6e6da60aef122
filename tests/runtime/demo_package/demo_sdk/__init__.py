"""A hand-written package shaped like apigen's output, for testing the runtime."""

from ._runtime import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    MissingCredentialsError,
    RateLimitError,
    ResponseValidationError,
)
from .acme.client import AcmeCrmClient, AsyncAcmeCrmClient
from .others.client import (
    AsyncBasicClient,
    AsyncKeyedClient,
    AsyncOpenClient,
    BasicClient,
    KeyedClient,
    OpenClient,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AcmeCrmClient",
    "AsyncAcmeCrmClient",
    "AsyncBasicClient",
    "AsyncKeyedClient",
    "AsyncOpenClient",
    "BasicClient",
    "KeyedClient",
    "MissingCredentialsError",
    "OpenClient",
    "RateLimitError",
    "ResponseValidationError",
]
