"""Render stage: jobs → file texts. One Jinja environment, strict about undefined fields."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2

from apigen.plan import Job, StaticJob, TemplateJob, TextJob
from apigen.resources import TEMPLATES_DIR
from apigen.views import TemplateView


def environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(jobs: Iterable[Job], header: str, templates_dir: Path = TEMPLATES_DIR) -> dict[str, str]:
    """Output path → text, for every job."""
    env = environment(templates_dir)
    files: dict[str, str] = {}
    for job in jobs:
        if isinstance(job, TemplateJob):
            files[job.path] = env.get_template(job.template).render(_variables(job.view))
        elif isinstance(job, StaticJob):
            source = (templates_dir / job.source).read_text(encoding="utf-8")
            files[job.path] = f"{header}\n{source}"
        elif isinstance(job, TextJob):
            files[job.path] = job.text
    return files


def _variables(view: TemplateView) -> dict[str, Any]:
    """A view's fields as its template's variables (nested views stay objects)."""
    return {field.name: getattr(view, field.name) for field in dataclasses.fields(view)}
