"""Importers: specs from what users already have (cURL commands, OpenAPI 3, Postman 2.1).

Each format has its own module that turns the input into plain spec data (dicts in spec key
order) and an :class:`~apigen.importers.report.ImportReport`; :mod:`apigen.importers.spec_writer`
writes that data as YAML, either as a new spec or added to an existing one without touching what
is already written.
"""
