"""The back of the pipeline: infer → plan → render → format, from a resolved spec to file texts.

Kept apart from :mod:`apigen.pipeline` so that `apigen check` never imports black or
datamodel-code-generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from apigen import ir
from apigen.cache import cached_texts
from apigen.diagnostics import Diagnostics
from apigen.infer import CallSamples, InferredModels, infer_models
from apigen.load import input_files
from apigen.model_hints import TAKEN_NAMES, client_classes
from apigen.pipeline import check_spec
from apigen.plan import file_header, plan
from apigen.render import render


@dataclass(frozen=True)
class Project:
    files: dict[str, str]  # output path → text of the generated project
    inputs: list[Path]  # the files it was generated from, which writing it must not replace
    maps: tuple[str, ...] = ()  # places inferred as maps, and why: "acme_crm: Contact.metadata (…)"


def build_files(path: Path, diagnostics: Diagnostics) -> dict[str, str] | None:
    """Output path → text of the generated project, or None when the spec has errors."""
    project = build_project(path, diagnostics)
    return None if project is None else project.files


def build_project(path: Path, diagnostics: Diagnostics) -> Project | None:
    """The generated project, its inputs and its map summary, or None when the spec has errors."""
    checked = check_spec(path, diagnostics)
    if checked is None:
        return None
    files, maps = _generate(checked.package, diagnostics)
    return Project(files, input_files(checked.loaded), maps)


def _generate(
    package: ir.Package, diagnostics: Diagnostics
) -> tuple[dict[str, str], tuple[str, ...]]:
    header = file_header(package.spec_file)
    models = {
        collection.module: infer_collection(collection, package, header, diagnostics)
        for collection in package.collections
    }
    jobs = plan(package, models, header)
    done = frozenset(job.path for job in jobs if job.formatted)
    maps = tuple(
        f"{module}: {place}" for module, inferred in models.items() for place in inferred.maps
    )
    rendered = render(jobs, header)
    pending = {path: text for path, text in rendered.items() if path not in done}
    formatted = cached_texts("format", pending, _format_files)
    return {path: formatted.get(path, text) for path, text in rendered.items()}, maps


def _format_files(files: dict[str, str]) -> dict[str, str]:
    from apigen.format import format_files  # black loads slowly: only when the cache misses

    return format_files(files)


def infer_collection(
    collection: ir.Collection, package: ir.Package, header: str, diagnostics: Diagnostics
) -> InferredModels:
    return infer_models(
        collection_calls(collection),
        package=package.name,
        header=header,
        diagnostics=diagnostics,
        schemas=collection.schemas,
        reserved=package_names(package),
    )


def collection_calls(collection: ir.Collection) -> list[CallSamples]:
    """What each call (and each call's error bodies) gives the collection's models."""
    calls = [
        CallSamples(
            key=call.method_name,
            type_name=call.type_name,
            samples=call.samples,
            sample_positions=call.sample_positions,
            schema=call.schema,
            path=call.path,
            model=call.model.type if call.model else None,
            types=tuple((hint.place, hint.type) for hint in call.types),
            paginated=call.pagination is not None,
            items=call.pagination.items if call.pagination is not None else None,
        )
        for call in collection.calls
        if call.response_type == "json" or call.streamed
    ]
    calls += [
        CallSamples(
            key=call.error_key,
            type_name=f"{call.type_name}Error",
            samples=call.error_samples,
            sample_positions=call.error_sample_positions,
            resource=False,
        )
        for call in collection.calls
        if call.error_samples
    ]
    return calls


def package_names(package: ir.Package) -> frozenset[str]:
    """Names a model may not take: what the package exports and the client modules define."""
    clients = [
        name
        for collection in package.collections
        for name in (collection.client_class, collection.async_client_class)
    ]
    return TAKEN_NAMES | client_classes(clients) | {"TYPE_CHECKING", "Unpack"}
