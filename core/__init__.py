"""Shared code at the bottom of the layers: imports no app."""
