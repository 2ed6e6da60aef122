from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from .._runtime import (
    AsyncClient,
    CollectionConfig,
    Environment,
    HeaderKeyAuth,
    Operation,
    Param,
    Secret,
    SyncClient,
)

if TYPE_CHECKING:
    from .models import Contact

_CONFIG = CollectionConfig(
    name="Acme CRM",
    base_url="https://api.acme.example/v1",
    headers=(("Accept", "application/json"), ("X-Client", "demo")),
    params=(
        Param(name="workspace", location="body", kwarg="workspace", private_env="ACME_WORKSPACE"),
    ),
    secrets=(
        Secret(env="ACME_API_KEY", kwarg="acme_api_key"),
        Secret(env="ACME_WORKSPACE", kwarg="acme_workspace"),
    ),
    auth=HeaderKeyAuth(header="Authorization", prefix="Bearer ", env="ACME_API_KEY"),
    environments={
        "sandbox": Environment(base_url="https://sandbox.acme.example/v1", env_suffix="_SANDBOX")
    },
)
_GET_CONTACT = Operation(
    name="get_contact",
    method="GET",
    path="/contacts/{contact_id}",
    params=(
        Param(name="contact_id", location="path", kwarg="contact_id"),
        Param(name="limit", location="query", kwarg="limit"),
    ),
)
_SEARCH_CONTACTS = Operation(
    name="search_contacts",
    method="GET",
    path="contacts",
    params=(
        Param(name="q", location="query", kwarg="q"),
        Param(name="active", location="query", kwarg="active"),
        Param(name="tag", location="query", kwarg="tags"),
        Param(name="page", location="query", kwarg="page"),
    ),
)
_TRACE = Operation(
    name="trace",
    method="GET",
    path="/trace",
    params=(
        Param(name="X-Request-Id", location="header", kwarg="request_id"),
        Param(name="X-Mode", location="header", kwarg="mode"),
    ),
    headers=(("Accept", "text/plain"), ("X-Trace", "1")),
    response_type="text",
)
_CREATE_CONTACT = Operation(
    name="create_contact",
    method="POST",
    path="/contacts",
    params=(
        Param(name="email", location="body", kwarg="email"),
        Param(name="name", location="body", kwarg="name"),
        Param(name="tags", location="body", kwarg="tags"),
        Param(name="label", location="body", kwarg="label"),
    ),
    body_template=(
        '{"email": "<email>", "name": "<name>", "tags": <tags>, "greeting": "Hello <name>!",'
        ' "profile": {"labels": ["vip", <label>], "source": "sdk"}, "note": "\\u003cliteral>"}'
    ),
    use_as="action",
)
_UPDATE_CONTACT = Operation(
    name="update_contact",
    method="PATCH",
    path="/contacts/{contact_id}",
    params=(
        Param(name="contact_id", location="path", kwarg="contact_id"),
        Param(name="displayName", location="body", kwarg="display_name"),
        Param(name="tags", location="body", kwarg="tags"),
    ),
    use_as="action",
    idempotent=True,
)
_SUBMIT_FORM = Operation(
    name="submit_form",
    method="POST",
    path="/forms",
    params=(
        Param(name="title", location="body", kwarg="title"),
        Param(name="count", location="body", kwarg="count"),
        Param(name="flag", location="body", kwarg="flags"),
        Param(name="draft", location="body", kwarg="draft"),
        Param(name="note", location="body", kwarg="note"),
    ),
    body_format="form",
    use_as="action",
)
_UPLOAD_FILE = Operation(
    name="upload_file",
    method="POST",
    path="/files",
    params=(
        Param(name="description", location="body", kwarg="description"),
        Param(name="file", location="body", kwarg="file", file=True),
        Param(name="label", location="body", kwarg="labels"),
    ),
    body_format="multipart",
    use_as="action",
)
_DOWNLOAD_AVATAR = Operation(
    name="download_avatar",
    method="GET",
    path="/contacts/{contact_id}/avatar",
    params=(Param(name="contact_id", location="path", kwarg="contact_id"),),
    response_type="binary",
)
_DELETE_CONTACT = Operation(
    name="delete_contact",
    method="DELETE",
    path="/contacts/{contact_id}",
    params=(Param(name="contact_id", location="path", kwarg="contact_id"),),
    use_as="action",
)
_HEALTH = Operation(name="health", method="GET", path="/health", max_retries=1, skip_auth=True)
_GET_RAW = Operation(name="get_raw", method="GET", path="/raw")
_SLOW = Operation(name="slow", method="GET", path="/slow", timeout=0.2)


class AcmeCrmClient(SyncClient):
    _config = _CONFIG

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.Client | None = None,
        environment: str | None = None,
        acme_api_key: str | None = None,
        acme_workspace: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            environment=environment,
            secrets={"acme_api_key": acme_api_key, "acme_workspace": acme_workspace},
        )

    def get_contact(self, *, contact_id: str, limit: int = 20) -> Contact:
        """Get contact."""
        from .models import Contact

        return self._call(_GET_CONTACT, {"contact_id": contact_id, "limit": limit}, Contact)

    def search_contacts(
        self,
        *,
        q: str,
        active: bool | None = None,
        tags: list[str] | None = None,
        page: int | None = None,
    ) -> list[Contact]:
        """Search contacts."""
        from .models import Contact

        values = {"q": q, "active": active, "tags": tags, "page": page}
        return self._call(_SEARCH_CONTACTS, values, list[Contact])

    def trace(self, *, request_id: str, mode: str | None = None) -> str:
        """Trace a request."""
        return self._call(_TRACE, {"request_id": request_id, "mode": mode}, str)

    def create_contact(
        self,
        *,
        email: str,
        name: str | None = None,
        tags: list[str] | None = None,
        label: str | None = None,
    ) -> Contact:
        """Create contact."""
        from .models import Contact

        values = {"email": email, "name": name, "tags": tags, "label": label}
        return self._call(_CREATE_CONTACT, values, Contact)

    def update_contact(
        self, *, contact_id: str, display_name: str | None = None, tags: list[str] | None = None
    ) -> Contact:
        """Update contact."""
        from .models import Contact

        values = {"contact_id": contact_id, "display_name": display_name, "tags": tags}
        return self._call(_UPDATE_CONTACT, values, Contact)

    def submit_form(
        self, *, title: str, count: int, flags: list[str], draft: bool, note: str | None = None
    ) -> Any:
        """Submit form."""
        values = {"title": title, "count": count, "flags": flags, "draft": draft, "note": note}
        return self._call_untyped(_SUBMIT_FORM, values)

    def upload_file(self, *, description: str, file: bytes, labels: list[str]) -> Any:
        """Upload file."""
        values = {"description": description, "file": file, "labels": labels}
        return self._call_untyped(_UPLOAD_FILE, values)

    def download_avatar(self, *, contact_id: str) -> bytes:
        """Download avatar."""
        return self._call(_DOWNLOAD_AVATAR, {"contact_id": contact_id}, bytes)

    def delete_contact(self, *, contact_id: str) -> None:
        """Delete contact."""
        return self._call(_DELETE_CONTACT, {"contact_id": contact_id}, type(None))

    def health(self) -> Any:
        """Health."""
        return self._call_untyped(_HEALTH, {})

    def get_raw(self) -> Any:
        """Get raw."""
        return self._call_untyped(_GET_RAW, {})

    def slow(self) -> Any:
        """Slow."""
        return self._call_untyped(_SLOW, {})


class AsyncAcmeCrmClient(AsyncClient):
    _config = _CONFIG

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.AsyncClient | None = None,
        environment: str | None = None,
        acme_api_key: str | None = None,
        acme_workspace: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            environment=environment,
            secrets={"acme_api_key": acme_api_key, "acme_workspace": acme_workspace},
        )

    async def get_contact(self, *, contact_id: str, limit: int = 20) -> Contact:
        """Get contact."""
        from .models import Contact

        return await self._call(_GET_CONTACT, {"contact_id": contact_id, "limit": limit}, Contact)

    async def search_contacts(
        self,
        *,
        q: str,
        active: bool | None = None,
        tags: list[str] | None = None,
        page: int | None = None,
    ) -> list[Contact]:
        """Search contacts."""
        from .models import Contact

        values = {"q": q, "active": active, "tags": tags, "page": page}
        return await self._call(_SEARCH_CONTACTS, values, list[Contact])

    async def trace(self, *, request_id: str, mode: str | None = None) -> str:
        """Trace a request."""
        return await self._call(_TRACE, {"request_id": request_id, "mode": mode}, str)

    async def create_contact(
        self,
        *,
        email: str,
        name: str | None = None,
        tags: list[str] | None = None,
        label: str | None = None,
    ) -> Contact:
        """Create contact."""
        from .models import Contact

        values = {"email": email, "name": name, "tags": tags, "label": label}
        return await self._call(_CREATE_CONTACT, values, Contact)

    async def update_contact(
        self, *, contact_id: str, display_name: str | None = None, tags: list[str] | None = None
    ) -> Contact:
        """Update contact."""
        from .models import Contact

        values = {"contact_id": contact_id, "display_name": display_name, "tags": tags}
        return await self._call(_UPDATE_CONTACT, values, Contact)

    async def submit_form(
        self, *, title: str, count: int, flags: list[str], draft: bool, note: str | None = None
    ) -> Any:
        """Submit form."""
        values = {"title": title, "count": count, "flags": flags, "draft": draft, "note": note}
        return await self._call_untyped(_SUBMIT_FORM, values)

    async def upload_file(self, *, description: str, file: bytes, labels: list[str]) -> Any:
        """Upload file."""
        values = {"description": description, "file": file, "labels": labels}
        return await self._call_untyped(_UPLOAD_FILE, values)

    async def download_avatar(self, *, contact_id: str) -> bytes:
        """Download avatar."""
        return await self._call(_DOWNLOAD_AVATAR, {"contact_id": contact_id}, bytes)

    async def delete_contact(self, *, contact_id: str) -> None:
        """Delete contact."""
        return await self._call(_DELETE_CONTACT, {"contact_id": contact_id}, type(None))

    async def health(self) -> Any:
        """Health."""
        return await self._call_untyped(_HEALTH, {})

    async def get_raw(self) -> Any:
        """Get raw."""
        return await self._call_untyped(_GET_RAW, {})

    async def slow(self) -> Any:
        """Slow."""
        return await self._call_untyped(_SLOW, {})
