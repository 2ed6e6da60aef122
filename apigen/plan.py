"""Plan stage: which file is made from which template, with every printed field precomputed."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apigen import ir, layout, pysource
from apigen.capabilities import ERROR_EXPORTS, EXPORTS
from apigen.client_view import METHODS_MODULES, OPERATIONS_MODULE, collection_views
from apigen.infer import InferredModels
from apigen.methods_view import return_types
from apigen.mock_calls import mock_calls
from apigen.resources import RUNTIME_DIR, RUNTIME_PACKAGE
from apigen.runtime_modules import PACKAGE_INIT, needed_modules, package_init
from apigen.views import (
    ClientModuleView,
    CollectionPackageView,
    EnvSection,
    EnvVariable,
    EnvView,
    MethodsModuleView,
    OperationsModuleView,
    PackageView,
    PyprojectView,
    ReadmeClient,
    ReadmeRow,
    ReadmeView,
    TemplateView,
    TestingView,
)


@dataclass(frozen=True)
class TemplateJob:
    path: str  # output path relative to the output directory, POSIX separators
    template: str
    view: TemplateView
    formatted: bool = False  # laid out in black's style already (see apigen.layout)


@dataclass(frozen=True)
class StaticJob:
    """A runtime module copied verbatim; templates/runtime is kept black-formatted (tested)."""

    path: str
    source: str  # path relative to templates/, copied verbatim after the header
    formatted: bool = True


@dataclass(frozen=True)
class TextJob:
    path: str
    text: str
    formatted: bool = False


Job = TemplateJob | StaticJob | TextJob

MOCK_MODULE = "mock"  # the runtime module of ``testing: true``
TESTING_SAMPLES = "_testing_samples.json"  # the calls and samples the testing module answers with


def plan(package: ir.Package, models: Mapping[str, InferredModels], header: str) -> list[Job]:
    """Every file of the generated project.

    ``models`` maps a collection module to its models; ``header`` is the comment that starts
    every generated file (see :func:`file_header`).
    """
    root = package.name
    jobs: list[Job] = [
        TemplateJob("pyproject.toml", "pyproject.toml.jinja", _pyproject_view(package, header)),
        TemplateJob("README.md", "README.md.jinja", readme_view(package, models)),
        TemplateJob(".env.example", "env.example.jinja", _env_view(package)),
        TemplateJob(
            f"{root}/__init__.py", "package/__init__.py.jinja", _package_view(package, header)
        ),
        TextJob(f"{root}/py.typed", ""),
    ]
    jobs += _runtime_jobs(package, header)
    if package.testing:
        jobs += _testing_jobs(package, header)
    for collection in package.collections:
        inferred = models[collection.module]
        base = f"{root}/{collection.module}"
        names = pysource.import_order([collection.client_class, collection.async_client_class])
        exports = ", ".join(pysource.literal(name) for name in names)
        jobs += [
            TemplateJob(
                f"{base}/__init__.py",
                "package/collection/__init__.py.jinja",
                CollectionPackageView(header, ", ".join(names), exports),
            ),
            *_client_jobs(collection, inferred, base, header),
            TextJob(f"{base}/models.py", inferred.source),
        ]
    return jobs


def _client_jobs(
    collection: ir.Collection, inferred: InferredModels, base: str, header: str
) -> list[Job]:
    """The client module, the methods module of each client, and the calls' operations."""
    views = collection_views(collection, inferred.calls)
    jobs: list[Job] = [
        TemplateJob(
            f"{base}/client.py",
            "package/collection/client.py.jinja",
            ClientModuleView(header, views.client),
            formatted=True,
        )
    ]
    jobs += [
        TemplateJob(
            f"{base}/{METHODS_MODULES[is_async]}.py",
            "package/collection/methods.py.jinja",
            MethodsModuleView(header, view),
            formatted=True,
        )
        for is_async, view in zip((False, True), views.methods, strict=True)
    ]
    if collection.calls:
        jobs.append(
            TemplateJob(
                f"{base}/{OPERATIONS_MODULE}.py",
                "package/collection/operations.py.jinja",
                OperationsModuleView(header, views.operations),
                formatted=True,
            )
        )
    return jobs


def runtime_modules(package: ir.Package) -> frozenset[str]:
    """The runtime modules the package's clients and exports need."""
    used = {module for c in package.collections for module in c.runtime_submodules}
    if package.testing:
        used.add(MOCK_MODULE)
    if any(c.auth is not None and c.auth.token_store for c in package.collections):
        used |= {export.module for export in EXPORTS if export.token_store}
    return needed_modules(used)


def _runtime_jobs(package: ir.Package, header: str) -> list[Job]:
    modules = runtime_modules(package)
    folder = f"{package.name}/{RUNTIME_PACKAGE}"
    init = (RUNTIME_DIR / f"{PACKAGE_INIT}.py").read_text(encoding="utf-8")
    jobs: list[Job] = [
        TextJob(f"{folder}/{PACKAGE_INIT}.py", f"{header}\n{package_init(init, modules)}")
    ]
    jobs += [
        StaticJob(f"{folder}/{name}.py", f"runtime/{name}.py")
        for name in sorted(modules - {PACKAGE_INIT})
    ]
    return jobs


def _exports(package: ir.Package) -> list[str]:
    modules = runtime_modules(package)
    return [e.name for e in EXPORTS if not e.module or e.module in modules]


def _testing_jobs(package: ir.Package, header: str) -> list[Job]:
    """``<package>.testing`` and the samples it reads (only when they are used)."""
    root = package.name
    names = sorted({call.method_name for c in package.collections for call in c.calls})
    view = TestingView(
        header=header,
        package=pysource.literal(root),
        usage=tuple(_testing_usage(package)),
        call_names=", ".join(pysource.literal(name) for name in names) or '""',
        samples_file=pysource.literal(TESTING_SAMPLES),
    )
    samples = json.dumps(mock_calls(package), indent=1, ensure_ascii=False) + "\n"
    return [
        TemplateJob(f"{root}/testing.py", "package/testing.py.jinja", view),
        TextJob(f"{root}/{TESTING_SAMPLES}", samples),
    ]


def _requirements(package: ir.Package) -> list[str]:
    extra = {r for c in package.collections if c.auth is not None for r in c.auth.requirements}
    return [*RUNTIME_REQUIREMENTS, *sorted(extra)]


def _testing_usage(package: ir.Package) -> list[str]:
    """The example of the testing module's docstring and the README: the first client."""
    client = package.collections[0].client_class if package.collections else "SomeClient"
    lines = [
        f"from {package.name} import {client}",
        f"from {package.name}.testing import MockTransport, mock_client",
        "",
        "transport = MockTransport()",
        f"client = mock_client({client}, transport)",
    ]
    calls = package.collections[0].calls if package.collections else ()
    # A call with error samples shows that an error status answers with one.
    shown = next((call for call in calls if call.error_samples), calls[0] if calls else None)
    if shown is not None:
        lines.append(f'transport.respond("{shown.method_name}", status=404)  # from now on')
    return lines


def file_header(spec_file: str) -> str:
    return (
        f"# Generated by apigen from {pysource.comment(spec_file)}. Do not edit: change the spec "
        "and run `apigen build`."
    )


def _package_view(package: ir.Package, header: str) -> PackageView:
    clients = sorted(
        (c.module, ", ".join(pysource.import_order([c.async_client_class, c.client_class])))
        for c in package.collections
    )
    client_names = [n for c in package.collections for n in (c.client_class, c.async_client_class)]
    runtime_names = _exports(package)
    return PackageView(
        header=header,
        docstring=pysource.docstring(package.description or f"Client for {package.name}.", 0),
        runtime_names=tuple(pysource.import_order(runtime_names)),
        errors=tuple(sorted(e.name for e in ERROR_EXPORTS if e.name in runtime_names)),
        clients=tuple(clients),
        exports=tuple(sorted([*client_names, *runtime_names])),
    )


# The rules of ruff the generated code passes, declared in its pyproject.toml for its users' runs.
LINT_RULES = ("E", "F", "W", "I", "B", "UP", "SIM", "RUF", "PYI")
# Rules that would judge the provider's words or a deliberate type, not the code: typographic
# and non-Latin letters in descriptions copied from the provider's documentation (RUF001-003),
# and `str | Literal[...]`, which names a field's known values while accepting new ones (PYI051).
LINT_IGNORED = ("PYI051", "RUF001", "RUF002", "RUF003")


def _pyproject_view(package: ir.Package, header: str) -> PyprojectView:
    toml = pysource.toml_string
    return PyprojectView(
        header=header,
        distribution=toml(package.name.replace("_", "-")),
        version=toml(package.version),
        description=toml(package.description or f"Client for {package.name}."),
        dependencies=tuple(toml(requirement) for requirement in _requirements(package)),
        import_name=toml(package.name),
        line_length=layout.LINE_LENGTH,
        target_version=toml(layout.PYTHON_TARGET),
        lint_rules=", ".join(toml(rule) for rule in LINT_RULES),
        lint_ignored=", ".join(toml(rule) for rule in LINT_IGNORED),
    )


def _env_view(package: ir.Package) -> EnvView:
    sections = []
    for collection in package.collections:
        suffixed: dict[str, list[str]] = {}
        for environment in collection.environments:
            if environment.env_suffix:
                suffixed.setdefault(environment.env_suffix, []).append(environment.name)
        where = {"": "", **{s: f" (environment {', '.join(n)})" for s, n in suffixed.items()}}
        variables = tuple(
            EnvVariable(secret.env + suffix, pysource.comment(secret.purpose + note))
            for suffix, note in sorted(where.items())
            for secret in collection.secrets
        )
        if variables:
            sections.append(EnvSection(pysource.comment(collection.name), variables))
    return EnvView(package.name, tuple(sections))


def readme_view(package: ir.Package, models: Mapping[str, InferredModels]) -> ReadmeView:
    clients = []
    for collection in package.collections:
        returns = return_types(collection, models[collection.module].calls)
        rows = tuple(
            ReadmeRow(
                method=call.method_name,
                http=_markdown(f"{call.http_method} {call.path or '/'}"),
                returns=returns[call.method_name],
            )
            for call in collection.calls
        )
        clients.append(
            ReadmeClient(
                title=_markdown(collection.name),
                description=_markdown(collection.description or ""),
                usage=_usage(package.name, collection),
                rows=rows,
                variables=", ".join(f"`{s.env}`" for s in collection.secrets),
            )
        )
    return ReadmeView(
        title=package.name,
        description=_markdown(package.description or ""),
        spec_file=_markdown(package.spec_file),
        import_name=package.name,
        clients=tuple(clients),
        errors="\n".join(pysource.wrap(_error_names(), _README_WIDTH)),
        testing="\n".join(_testing_usage(package)) if package.testing else "",
    )


_README_WIDTH = 100


def _error_names() -> str:
    return ", ".join(f"`{e.name}`" for e in ERROR_EXPORTS if e.name != "APIError")


def _markdown(text: str) -> str:
    """Spec text for Markdown: one line, no code-span or table breakers."""
    return pysource.comment(text).replace("`", "'").replace("|", "/")


def _usage(package_name: str, collection: ir.Collection) -> str:
    lines = [f"from {package_name} import {collection.client_class}", ""]
    lines.append(f"with {collection.client_class}() as client:")
    if not collection.calls:
        lines.append("    pass")
        return "\n".join(lines)
    call = collection.calls[0]
    arguments = ", ".join(
        f"{p.kwarg}={pysource.literal(_example_value(p))}" for p in call.arguments if p.required
    )
    lines.append(f"    result = client.{call.method_name}({arguments})")
    lines.append("    print(result)")
    return "\n".join(lines)


def _example_value(param: ir.Param) -> Any:
    if param.example is not None:
        return param.example
    return _PLACEHOLDER_VALUES[param.type]


_PLACEHOLDER_VALUES: dict[str, Any] = {
    "string": "...",
    "integer": 1,
    "number": 1.0,
    "boolean": True,
    "array": [],
    "object": {},
}


RUNTIME_REQUIREMENTS = ("httpx>=0.27,<1", "pydantic>=2.7,<3")
