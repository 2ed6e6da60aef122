"""A long fuzz of apigen, run by hand outside CI: ``python -m tests.fuzz --help``.

See :mod:`tests.fuzz.__main__` and docs/security.md.
"""
