"""Read methods of the `Storyline` service that the HTTP API and web pages need (listing and
filtering documents, pagination). Mixed into `Storyline`; they read through `self.store`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.store.sqlite import Store


class QueryMixin:
    """Queries for the web faces; every method is a plain read through the store."""

    @property
    def store(self) -> Store:  # provided by Storyline
        raise NotImplementedError
