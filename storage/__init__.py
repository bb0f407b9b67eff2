"""Rejoinder's headless core: schema, store API, ingest, exports and exchange; no Qt."""

__version__ = "0.1.0"  # the one place it is written (pyproject.toml reads it)
