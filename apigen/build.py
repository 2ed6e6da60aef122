"""The back of the pipeline: infer → plan → render → format, from a resolved spec to file texts.

Kept apart from :mod:`apigen.pipeline` so that `apigen check` never imports black or
datamodel-code-generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from apigen import ir
from apigen.client_view import error_key
from apigen.diagnostics import Diagnostics
from apigen.format import format_files
from apigen.infer import CallSamples, InferredModels, infer_models
from apigen.load import input_files
from apigen.pipeline import check_spec
from apigen.plan import file_header, plan
from apigen.render import render
from apigen.resources import RUNTIME_DIR


@dataclass(frozen=True)
class Project:
    files: dict[str, str]  # output path → text of the generated project
    inputs: list[Path]  # the files it was generated from, which writing it must not replace


def build_files(path: Path, diagnostics: Diagnostics) -> dict[str, str] | None:
    """Output path → text of the generated project, or None when the spec has errors."""
    project = build_project(path, diagnostics)
    return None if project is None else project.files


def build_project(path: Path, diagnostics: Diagnostics) -> Project | None:
    """The generated project and its inputs, or None when the spec has errors."""
    checked = check_spec(path, diagnostics)
    if checked is None:
        return None
    return Project(_generate(checked.package, diagnostics), input_files(checked.loaded))


def _generate(package: ir.Package, diagnostics: Diagnostics) -> dict[str, str]:
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
        )
        for call in collection.calls
        if call.response_type == "json"
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
