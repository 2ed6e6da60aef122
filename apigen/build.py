"""The back of the pipeline: infer → plan → render → format, from a resolved spec to file texts.

Kept apart from :mod:`apigen.pipeline` so that `apigen check` never imports black or
datamodel-code-generator.
"""

from __future__ import annotations

from pathlib import Path

from apigen import ir
from apigen.client_view import error_key
from apigen.diagnostics import Diagnostics
from apigen.format import format_files
from apigen.infer import CallSamples, InferredModels, infer_models
from apigen.pipeline import check_file
from apigen.plan import file_header, plan
from apigen.render import render
from apigen.resources import RUNTIME_DIR


def build_files(path: Path, diagnostics: Diagnostics) -> dict[str, str] | None:
    """Output path → text of the generated project, or None when the spec has errors."""
    package = check_file(path, diagnostics)
    if package is None:
        return None
    header = file_header(package.spec_file)
    models = {
        collection.module: _infer(collection, package.name, header, diagnostics)
        for collection in package.collections
    }
    jobs = plan(package, models, runtime_files())
    done = frozenset(job.path for job in jobs if job.formatted)
    return format_files(render(jobs, header), formatted=done)


def _infer(
    collection: ir.Collection, package: str, header: str, diagnostics: Diagnostics
) -> InferredModels:
    calls = [
        CallSamples(
            key=call.method_name,
            type_name=call.type_name,
            samples=call.samples,
            sample_positions=call.sample_positions,
            schema=call.schema,
            paginated=call.pagination is not None,
            items=call.pagination.items if call.pagination is not None else None,
        )
        for call in collection.calls
        if call.response_type == "json" or call.streamed
    ]
    calls += [
        CallSamples(
            key=error_key(call.method_name),
            type_name=f"{call.type_name}Error",
            samples=call.error_samples,
            sample_positions=call.error_sample_positions,
        )
        for call in collection.calls
        if call.error_samples
    ]
    return infer_models(calls, package=package, header=header, diagnostics=diagnostics)


def runtime_files() -> list[str]:
    return sorted(p.name for p in RUNTIME_DIR.glob("*.py"))
