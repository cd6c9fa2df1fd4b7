"""Writes of the assessment app, a module per concern."""
