"""jwt: JWTs signed by the client (PyJWT), checked by an independent implementation (joserfc):
ES256 exchanged at the OAuth server's token URL (Telemetry, JWT bearer grant), RS256 sent as
the bearer token (Sensor Hub), HS256 through the runtime; and the token cache of signed JWTs."""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from joserfc.jwk import ECKey, OctKey

from tests.servers.oauth_server import OAuthServer
from tests.servers.recording import RecordingServer, Reply

from .conftest import KeyPair, run_calls, runtime_module

pytestmark = pytest.mark.usefixtures("auth_env")

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
HMAC_SECRET = "hmac-secret-for-tests-0123456789abcdef"


@pytest.mark.usefixtures("telemetry_key")
def test_signed_jwt_is_exchanged_for_a_cached_access_token(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    profiles = run_calls(auth_sdk, "Telemetry", mode, "get_profile", "get_profile")
    assert [p.model_dump() for p in profiles] == [
        {"user": "ada", "client_id": "telemetry-app", "scope": ""}
    ] * 2
    assert oauth_server.grant_types == [JWT_BEARER]


def test_an_assertion_the_server_does_not_trust_raises_token_request_error(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str, ec_keys: KeyPair
) -> None:
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    oauth_server.set_jwt_key(ECKey.import_key(other))
    with pytest.raises(runtime_module("tokens").TokenRequestError) as caught:
        run_calls(auth_sdk, "Telemetry", mode, "get_profile")
    assert caught.value.status_code == 400
    assert caught.value.body["error"] == "invalid_grant"
    key_body = ec_keys.private_pem.splitlines()[1]
    assert key_body not in str(caught.value) + repr(caught.value.body)


@pytest.mark.usefixtures("sensor_hub_key")
def test_signed_jwt_is_the_bearer_token(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    identity = run_calls(auth_sdk, "SensorHub", mode, "get_identity")[0]
    assert identity.model_dump() == {"subject": "ada", "issuer": "sensor-hub", "algorithm": "RS256"}
    assert oauth_server.grant_types == []


@pytest.mark.usefixtures("sensor_hub_key")
def test_a_pem_key_on_one_line_is_unfolded(auth_sdk: ModuleType, rsa_keys: KeyPair) -> None:
    folded = rsa_keys.private_pem.replace("\n", "\\n")
    with auth_sdk.SensorHubClient(sensor_hub_private_key=folded) as client:
        assert client.get_identity().subject == "ada"


@pytest.mark.parametrize("key", ["not a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END"])
def test_an_unusable_key_fails_when_the_client_is_made(auth_sdk: ModuleType, key: str) -> None:
    with pytest.raises(ValueError, match="SENSOR_HUB_PRIVATE_KEY does not hold a usable RS256 key"):
        auth_sdk.SensorHubClient(sensor_hub_private_key=key)


def _jwt_client(runtime: ModuleType, url: str, mode: str, **auth: Any) -> Any:
    config = runtime.CollectionConfig(
        name="Signed",
        base_url=url,
        secrets=(runtime.Secret(env="SIGNING_KEY", kwarg="signing_key"),),
        auth=runtime_module("jwt_auth").JwtAuth(key_env="SIGNING_KEY", **auth),
    )
    base = runtime.SyncClient if mode == "sync" else runtime.AsyncClient
    return type("SignedClient", (base,), {"_config": config})


def _get(cls: Any, mode: str, path: str, times: int = 1, between: Any = None) -> list[Any]:
    operation = runtime_module("config").Operation(name="get", method="GET", path=path)
    secrets = {"signing_key": HMAC_SECRET}

    def step(index: int) -> None:
        if between is not None and index:
            between()

    if mode == "sync":
        with cls(secrets=secrets) as client:
            results = []
            for index in range(times):
                step(index)
                results.append(client._call_untyped(operation, {}))
            return results

    async def main() -> list[Any]:
        async with cls(secrets=secrets) as client:
            results = []
            for index in range(times):
                step(index)
                results.append(await client._call_untyped(operation, {}))
            return results

    return asyncio.run(main())


def test_hs256_jwt_is_accepted_by_the_server(
    runtime: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    oauth_server.set_jwt_key(OctKey.import_key(HMAC_SECRET))
    cls = _jwt_client(
        runtime, f"{oauth_server.url}/v1", mode, algorithm="HS256", claims={"sub": "ada"}
    )
    assert _get(cls, mode, "/jwt/me") == [{"subject": "ada", "issuer": None, "algorithm": "HS256"}]


def test_claims_lifetime_cache_and_renewal_before_expiry(
    runtime: ModuleType,
    recording_server: RecordingServer,
    mode: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recording_server.route("GET", "/data", Reply.json({"ok": True}))
    claims = {"iss": "me", "aud": "them", "scope": "read write"}
    cls = _jwt_client(
        runtime,
        recording_server.url,
        mode,
        algorithm="HS256",
        claims=claims,
        lifetime_s=120,
        header="X-Token",
        prefix="JWT ",
    )
    tokens = runtime_module("tokens")
    real_now = tokens.now
    moments = iter([0.0, 100.0])  # the second call is 100 s after the first; 20 s remain

    def later() -> None:
        offset = next(moments)
        monkeypatch.setattr(tokens, "now", lambda: real_now() + offset)

    _get(cls, mode, "/data", times=3, between=later)
    sent = [request.header("X-Token") for request in recording_server.requests]
    assert all(value is not None and value.startswith("JWT ") for value in sent)
    first, second, third = (value.removeprefix("JWT ") for value in sent if value)
    assert first == second  # cached
    assert third != second  # signed again: less than half its lifetime was left
    decoded = jwt.decode(first, HMAC_SECRET, algorithms=["HS256"], audience="them")
    assert {k: decoded[k] for k in claims} == claims
    assert decoded["exp"] - decoded["iat"] == 120
    assert len(decoded["jti"]) == 32
