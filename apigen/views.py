"""What each template prints: one frozen dataclass per template, every field ready to print.

The plan stage (:mod:`apigen.plan`) builds them; the render stage passes a view's fields to its
template as the template's variables. The client modules' views are in :mod:`apigen.client_view`.
"""

from __future__ import annotations

from dataclasses import dataclass

from apigen.client_view import ClientView, OperationsView
from apigen.methods_view import MethodsView


@dataclass(frozen=True)
class PyprojectView:
    """pyproject.toml.jinja: every value is a TOML string literal."""

    header: str
    distribution: str
    version: str
    description: str
    dependencies: tuple[str, ...]
    import_name: str
    line_length: int  # the layout the code was written in, for black and ruff
    target_version: str
    lint_rules: str  # the ruff rules the code passes, as TOML strings
    lint_ignored: str  # rules of those that judge the provider's text, not the code


@dataclass(frozen=True)
class ReadmeRow:
    method: str
    http: str
    returns: str


@dataclass(frozen=True)
class ReadmeClient:
    title: str
    description: str
    usage: str  # a Python example, several lines
    rows: tuple[ReadmeRow, ...]
    variables: str  # the environment variables, as Markdown code spans


@dataclass(frozen=True)
class ReadmeView:
    """README.md.jinja: Markdown text made safe for one line or one table cell."""

    title: str
    description: str
    spec_file: str
    import_name: str
    clients: tuple[ReadmeClient, ...]
    errors: str  # the exported errors, as Markdown code spans
    testing: str  # the testing module's example (package.testing), else ""


@dataclass(frozen=True)
class EnvVariable:
    name: str
    purpose: str  # one line of comment text


@dataclass(frozen=True)
class EnvSection:
    title: str
    variables: tuple[EnvVariable, ...]


@dataclass(frozen=True)
class EnvView:
    """env.example.jinja: the variables each collection reads."""

    package_name: str
    sections: tuple[EnvSection, ...]


@dataclass(frozen=True)
class PackageView:
    """package/__init__.py.jinja: the package's exports."""

    header: str
    docstring: str
    runtime_names: tuple[str, ...]  # imported from the runtime, in import order
    errors: tuple[str, ...]  # exported errors, named as the package's own in tracebacks
    clients: tuple[tuple[str, str], ...]  # (collection module, its client names to import)
    exports: tuple[str, ...]  # __all__, sorted


@dataclass(frozen=True)
class CollectionPackageView:
    """package/collection/__init__.py.jinja: a collection's two clients."""

    header: str
    imports: str
    exports: str


@dataclass(frozen=True)
class ClientModuleView:
    """package/collection/client.py.jinja."""

    header: str
    view: ClientView


@dataclass(frozen=True)
class MethodsModuleView:
    """package/collection/methods.py.jinja: ``_sync.py`` or ``_async.py``."""

    header: str
    view: MethodsView


@dataclass(frozen=True)
class OperationsModuleView:
    """package/collection/operations.py.jinja."""

    header: str
    view: OperationsView


@dataclass(frozen=True)
class TestingView:
    """package/testing.py.jinja: the package's test doubles (``package.testing: true``)."""

    header: str
    package: str  # the import name, as a Python literal
    usage: tuple[str, ...]  # the docstring's example, one line each
    call_names: str  # Python literals of every method name, for a Literal type
    samples_file: str  # the samples file's name, as a Python literal


TemplateView = (
    PyprojectView
    | ReadmeView
    | EnvView
    | PackageView
    | CollectionPackageView
    | ClientModuleView
    | MethodsModuleView
    | OperationsModuleView
    | TestingView
)
