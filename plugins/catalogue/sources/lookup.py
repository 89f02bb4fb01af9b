"""The four services behind one door: clients made on first use, and a record fetched for any identifier."""

from __future__ import annotations

from functools import cached_property

from .anthology import AnthologySource
from .arxiv_api import ArxivSource
from .common import Record, Settings
from .crossref import CrossrefSource
from .identifiers import Identifier, anthology_id_of_doi
from .openreview import OpenReviewSource


class Services:
    """One client per service, each made when first needed (so a run that needs only one builds only one)."""

    def __init__(self, settings: Settings):
        self.settings = settings

    @cached_property
    def arxiv(self) -> ArxivSource:
        return ArxivSource(self.settings)

    @cached_property
    def crossref(self) -> CrossrefSource:
        return CrossrefSource(self.settings)

    @cached_property
    def anthology(self) -> AnthologySource:
        return AnthologySource(self.settings)

    @cached_property
    def openreview(self) -> OpenReviewSource:
        return OpenReviewSource(self.settings)

    def fetch(self, identifier: Identifier) -> Record:
        """The record from the identifier's primary service; raises SourceError."""
        if identifier.kind == "arxiv":
            return self.arxiv.fetch(identifier.value)
        if identifier.kind == "anthology":
            return self.anthology.fetch(identifier.value)
        if identifier.kind == "openreview":
            return self.openreview.fetch(identifier.value)
        return self.crossref.fetch(identifier.value)

    def published_version(self, title: str, doi: str = "") -> Record | None:
        """A preprint's published version: by the DOI arXiv gives, else by title in Crossref (an ACL DOI is read
        from the Anthology, its primary source), else an accepted OpenReview forum of the same title."""
        if doi and anthology_id_of_doi(doi):
            return self.anthology.fetch(str(anthology_id_of_doi(doi)))
        found = self.crossref.fetch(doi) if doi else self.crossref.published_by_title(title)
        if found is not None:
            anthology_id = anthology_id_of_doi(found.fields.get("doi", ""))
            if anthology_id:
                return self.anthology.fetch(anthology_id)
            return found
        return self.openreview.published_by_title(title)
