"""End-to-end tests: generated client packages calling a real HTTP server on 127.0.0.1."""
