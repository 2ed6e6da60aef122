"""Pages of a paginated call: iterate one to get the items of every page, fetched when needed.

``for contact in client.list_contacts():`` yields the items of the first page, then fetches the
second page (not before), and so on until :func:`pagination.next_request` finds no next page.
``page.items`` and ``page.response`` are one page's items and model; ``iter_pages()`` yields
pages. Async methods return an :class:`AsyncPaginator`: ``await`` it for the first page, or
``async for`` over it for every item.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

import httpx
from pydantic import TypeAdapter

from .config import Operation
from .pagination import PageRequest, Pagination, next_request, page_items
from .request import NO_OPTIONS, RequestOptions, Target, build_request
from .response import adapter_for

T = TypeVar("T")
_LAST_PAGE = "this is the last page: check has_next_page() before next_page()"


@dataclass(frozen=True)
class PageReader(Generic[T]):
    """Reads one page's response: the call's model, the typed items and the next request."""

    pagination: Pagination
    response: TypeAdapter[Any]
    items: TypeAdapter[list[T]]

    @classmethod
    def of(cls, operation: Operation, response: Any, item: type[T]) -> PageReader[T]:
        """The reader of ``operation``'s pages: bodies of type ``response``, items of ``item``."""
        assert operation.pagination is not None
        items: TypeAdapter[list[T]] = adapter_for(list[item])  # type: ignore[valid-type]
        return cls(operation.pagination, adapter_for(response), items)

    def read(
        self, http: httpx.Response, value: Any, request: PageRequest
    ) -> tuple[list[T], Any, PageRequest | None]:
        """The page ``request`` asked for: typed items, model ``value`` and next request.

        Everything is read from ``value``, the body validated once: its items are already
        validated (validating model instances again is an isinstance check), and places such as
        the cursor name keys of the model (extra keys included), so the body is never parsed a
        second time.
        """
        items = self.items.validate_python(page_items(self.pagination, value))
        return items, value, next_request(self.pagination, request, http, value)


def first_request(operation: Operation, values: Mapping[str, Any]) -> PageRequest:
    """The first page's request: the caller's own offset or page number count from there."""
    pagination = operation.pagination
    assert pagination is not None
    offset = _sent_value(operation, values, pagination.offset_param)
    page = _sent_value(operation, values, pagination.page_param)
    return PageRequest(
        offset=offset if isinstance(offset, int) else 0,
        page=page if isinstance(page, int) else 1,
    )


def _sent_value(operation: Operation, values: Mapping[str, Any], name: str) -> Any:
    for param in operation.params:
        if param.name == name and param.kwarg:
            value = values.get(param.kwarg)
            return param.default if value is None else value
    return None


def page_http_request(
    http: httpx.Client | httpx.AsyncClient,
    target: Target,
    operation: Operation,
    values: Mapping[str, Any],
    page: PageRequest,
    options: RequestOptions = NO_OPTIONS,
) -> httpx.Request:
    """The HTTP request of one page: the call's values with the page's parameters over them.

    A page parameter the call declares replaces the caller's value; one it does not declare is
    added to the query. A link page goes to the link's URL (same origin, checked when read).
    The per-request ``options`` apply to every page; where ``extra_query`` names a parameter the
    page sets (its cursor, offset or page number, or one in the link's query), the page wins:
    the next page must be the one the API pointed at.
    """
    declared = {p.name: p.kwarg for p in operation.params if p.kwarg}
    merged = dict(values)
    extra: dict[str, Any] = {}
    for name, value in page.params.items():
        if name in declared:
            merged[declared[name]] = value
        else:
            extra[name] = value
    link = httpx.URL(page.url) if page.url is not None else None
    taken: set[str] = set(page.params) | (set(link.params) if link is not None else set[str]())
    query = {k: v for k, v in (options.extra_query or {}).items() if k not in taken}
    request = build_request(http, target, operation, merged, replace(options, extra_query=query))
    if link is not None:
        # The link replaces the whole URL: the caller's extra query goes on after its own.
        request.url = link.copy_merge_params(query) if query else link
    elif extra:
        request.url = request.url.copy_merge_params(extra)
    return request


class SyncPage(Generic[T]):
    """One page of a paginated call; iterating it yields the items of this and every later page."""

    def __init__(
        self,
        items: list[T],
        response: Any,
        next_request: PageRequest | None,
        fetch: Callable[[PageRequest], SyncPage[T]],
    ) -> None:
        self.items = items
        self.response = response  # this page's model, as the call without pagination returns it
        self._next = next_request
        self._fetch = fetch

    def has_next_page(self) -> bool:
        return self._next is not None

    def next_page(self) -> SyncPage[T]:
        """Fetch the next page; raises ``RuntimeError`` on the last page."""
        if self._next is None:
            raise RuntimeError(_LAST_PAGE)
        return self._fetch(self._next)

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page and every later one, each fetched when the one before is done."""
        page = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items

    def __repr__(self) -> str:
        return f"<SyncPage of {len(self.items)} items, next page: {self.has_next_page()}>"


class AsyncPage(Generic[T]):
    """One page of an async paginated call; ``async for`` yields every page's items."""

    def __init__(
        self,
        items: list[T],
        response: Any,
        next_request: PageRequest | None,
        fetch: Callable[[PageRequest], Awaitable[AsyncPage[T]]],
    ) -> None:
        self.items = items
        self.response = response
        self._next = next_request
        self._fetch = fetch

    def has_next_page(self) -> bool:
        return self._next is not None

    async def next_page(self) -> AsyncPage[T]:
        """Fetch the next page; raises ``RuntimeError`` on the last page."""
        if self._next is None:
            raise RuntimeError(_LAST_PAGE)
        return await self._fetch(self._next)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page = self
        yield page
        while page.has_next_page():
            page = await page.next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item

    def __repr__(self) -> str:
        return f"<AsyncPage of {len(self.items)} items, next page: {self.has_next_page()}>"


class AsyncPaginator(Generic[T]):
    """What an async paginated method returns: the first page awaited, or every item iterated.

    ``await`` it for the first page, or ``async for`` over it for every item of every page.
    Nothing is sent before either.
    """

    def __init__(self, first: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._first()
        async for item in page:
            yield item
