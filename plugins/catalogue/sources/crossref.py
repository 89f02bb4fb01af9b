"""Crossref through ``habanero``: a work by DOI, or the published work whose title matches a preprint's."""

from __future__ import annotations

import html
import re
from typing import Any

from habanero import Crossref

from ..data.loader import normalise_title
from .common import CROSSREF, Record, Settings, SourceError, malformed, text_of

_TYPES = {"proceedings-article": ("inproceedings", "booktitle"), "journal-article": ("article", "journal"),
          "book-chapter": ("incollection", "booktitle")}
_PREPRINT_DOI = re.compile(r"^10\.48550/", re.IGNORECASE)


def _plain(text: str) -> str:
    """Crossref titles may hold JATS/HTML tags (<i>, <sub>) and entities."""
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def _date_parts(message: dict[str, Any]) -> list[int]:
    for name in ("published-print", "published-online", "published", "issued"):
        parts = (message.get(name) or {}).get("date-parts") or [[]]
        if parts and parts[0] and parts[0][0]:
            return [int(part) for part in parts[0]]
    return []


def to_record(message: Any) -> Record:
    """A Crossref ``work`` message as a record; raises ValueError/KeyError/TypeError on a malformed one."""
    if not isinstance(message, dict):
        raise TypeError("message is not an object")
    doi = text_of(message["DOI"]).lower()
    title = _plain(text_of(message["title"]))
    authors = []
    for person in message.get("author") or []:
        family, given = _plain(text_of(person.get("family"))), _plain(text_of(person.get("given")))
        name = person.get("name")
        authors.append(f"{family}, {given}" if family and given else family or _plain(text_of(name)))
    date = _date_parts(message)
    if not title or not authors or not date:
        raise ValueError("work without title, authors or date")
    entry_type, venue_field = _TYPES.get(text_of(message.get("type")), ("misc", "howpublished"))
    fields = {"title": title, venue_field: _plain(text_of(message.get("container-title"))),
              "year": str(date[0])}
    if len(date) > 1:
        fields["month"] = str(date[1])
    for name, source in (("volume", "volume"), ("number", "issue"), ("publisher", "publisher")):
        fields[name] = _plain(text_of(message.get(source)))
    fields["pages"] = text_of(message.get("page")).replace("-", "--")
    fields["doi"] = doi
    if entry_type == "misc":
        fields.pop("howpublished", None)
    return Record(CROSSREF, entry_type, {name: value for name, value in fields.items() if value}, authors,
                  f"{text_of(message.get('type'))} in {fields.get(venue_field) or 'no container'}")


class CrossrefSource:
    """Works by DOI and by title."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.client = Crossref(mailto=settings.mailto, timeout=settings.timeout)

    def _call(self, **query: Any) -> dict[str, Any]:
        try:
            answer = self.client.works(**query)
        except Exception as error:  # noqa: BLE001 - habanero wraps httpx's errors in RuntimeError or its RequestError
            raise SourceError.from_exception(CROSSREF, error, self.settings.timeout) from None
        if not isinstance(answer, dict) or not isinstance(answer.get("message"), dict):
            raise malformed(CROSSREF, "no message object")
        return answer["message"]

    def fetch(self, doi: str) -> Record:
        message = self._call(ids=doi)
        try:
            return to_record(message)
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise malformed(CROSSREF, f"{type(error).__name__} reading the work") from None

    def published_by_title(self, title: str) -> Record | None:
        """The first non-preprint work whose normalised title equals ``title``'s, if any."""
        message = self._call(query_bibliographic=title, limit=5)
        items = message.get("items")
        if not isinstance(items, list):
            raise malformed(CROSSREF, "search answer without items")
        wanted = normalise_title(title)
        for item in items:
            try:
                if text_of(item.get("type")) == "posted-content" or _PREPRINT_DOI.match(text_of(item["DOI"])):
                    continue
                if normalise_title(_plain(text_of(item.get("title")))) == wanted:
                    return to_record(item)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
                raise malformed(CROSSREF, f"{type(error).__name__} reading a search result") from None
        return None
