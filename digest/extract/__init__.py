"""Extractors: each reads an `Article` and returns typed records."""
