"""apigen: compile YAML descriptions of HTTP APIs into standalone, typed Python client packages."""

__version__ = "0.1.0"
