"""Errors a face (CLI, API) reports to a person. Imports nothing from storyline."""

from __future__ import annotations


class StorylineError(Exception):
    """Base class: the message is one clear line naming the input and the problem."""


class StoreError(StorylineError, RuntimeError):
    """The database cannot be opened, migrated or written."""


class SourceError(StorylineError):
    """A whole source (a feed, a site) cannot be read; single bad inputs are InputErrors instead."""
