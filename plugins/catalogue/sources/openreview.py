"""OpenReview's API v2 (``https://api2.openreview.net``) through ``requests``: a forum's note, or notes found by title.

``openreview-py``, OpenReview's own client, is a venue-management toolkit: it retries a 429 eight times with
back-off of up to two minutes, prints each retry to standard output and sets no timeout. Reading public notes
needs two documented GET endpoints (``/notes?id=`` and ``/notes/search``), so plain ``requests`` does it.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import requests

from ..data.loader import normalise_title
from .common import OPENREVIEW, Record, Settings, SourceError, last_first, malformed, text_of

API = "https://api2.openreview.net"
FORUM = "https://openreview.net/forum?id="
_ORDINALS = ("", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
             "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth",
             "Eighteenth", "Nineteenth", "Twentieth")
_UNPUBLISHED = re.compile(r"submitted to|under review|withdrawn|rejected|desk", re.IGNORECASE)
_DECISION = re.compile(r"\s+(poster|oral|spotlight|notable[- ]top[- ]\d+%?|main|conference)\b.*$", re.IGNORECASE)


def _nth(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def official_venue(venue: str, year: int) -> tuple[str, str]:
    """(entry type, venue name as the house writes it) for OpenReview's short venue ("ICLR 2025 Poster")."""
    short = _DECISION.sub("", venue).strip()
    if re.fullmatch(r"ICLR \d{4}", short) and 0 < year - 2012 < len(_ORDINALS):
        return "inproceedings", f"The {_ORDINALS[year - 2012]} International Conference on Learning Representations"
    if re.fullmatch(r"(NeurIPS|NIPS) \d{4}", short):
        return "inproceedings", "Advances in Neural Information Processing Systems"
    if re.fullmatch(r"ICML \d{4}", short):
        return "inproceedings", f"Proceedings of the {_nth(year - 1983)} International Conference on Machine Learning"
    if short.startswith(("Transactions on Machine Learning Research", "TMLR")):
        return "article", "Transactions on Machine Learning Research"
    if re.fullmatch(r"COLM \d{4}", short):
        return "inproceedings", "Conference on Language Modeling"
    return "inproceedings", short


def published_venue(note: dict[str, Any]) -> str:
    """The note's venue when it names an accepted paper, else ''."""
    content = note.get("content") or {}
    venue = text_of(content.get("venue"))
    venueid = text_of(content.get("venueid"))
    if not venue or _UNPUBLISHED.search(venue) or _UNPUBLISHED.search(venueid):
        return ""
    return venue


def to_record(note: Any) -> Record:
    """A note of API v2 as a record; raises KeyError/TypeError/ValueError on a malformed one."""
    if not isinstance(note, dict) or not isinstance(note.get("content"), dict):
        raise TypeError("note without content")
    content = note["content"]
    title = text_of(content["title"])
    authors_value = content["authors"]["value"] if isinstance(content.get("authors"), dict) else None
    if not title or not isinstance(authors_value, list) or not authors_value:
        raise ValueError("note without title or authors")
    venue = published_venue(note)
    stamp = note.get("pdate") or note.get("odate") or note.get("cdate")
    year_in_venue = re.search(r"\b(19|20)\d\d\b", venue)
    if year_in_venue:
        year = int(year_in_venue.group(0))
    elif isinstance(stamp, (int, float)):
        year = _dt.datetime.fromtimestamp(stamp / 1000, _dt.UTC).year
    else:
        raise ValueError("note without a date")
    fields = {"title": title, "year": str(year), "url": FORUM + text_of(note.get("forum") or note["id"])}
    entry_type = "misc"
    if venue:
        entry_type, name = official_venue(venue, year)
        fields["journal" if entry_type == "article" else "booktitle"] = name
    return Record(OPENREVIEW, entry_type, fields, [last_first(text_of(name)) for name in authors_value],
                  f"OpenReview venue: {text_of(content.get('venue')) or 'none'}")


class OpenReviewSource:
    """Notes by forum id and by title."""

    def __init__(self, settings: Settings, session: requests.Session | None = None):
        self.settings = settings
        self.session = session or requests.Session()

    def _get(self, path: str, params: dict[str, Any]) -> list[Any]:
        try:
            response = self.session.get(API + path, params=params, timeout=self.settings.timeout,
                                        headers={"Accept": "application/json"})
        except Exception as error:  # noqa: BLE001 - whatever requests raises becomes one line
            raise SourceError.from_exception(OPENREVIEW, error, self.settings.timeout) from None
        if response.status_code != 200:
            raise SourceError.from_exception(OPENREVIEW, requests.HTTPError(response=response), self.settings.timeout)
        try:
            notes = response.json()["notes"]
        except (ValueError, KeyError, TypeError):
            raise malformed(OPENREVIEW, "no notes list") from None
        if not isinstance(notes, list):
            raise malformed(OPENREVIEW, "no notes list")
        return notes

    def fetch(self, forum: str) -> Record:
        notes = self._get("/notes", {"id": forum})
        if not notes:
            raise SourceError(OPENREVIEW, f"has no note {forum}")
        try:
            return to_record(notes[0])
        except (KeyError, TypeError, ValueError) as error:
            raise malformed(OPENREVIEW, f"{type(error).__name__} reading note {forum}") from None

    def published_by_title(self, title: str) -> Record | None:
        """An accepted forum note whose normalised title equals ``title``'s, if any."""
        wanted = normalise_title(title)
        for note in self._get("/notes/search", {"term": title, "content": "all", "group": "all", "source": "forum",
                                                "limit": 10}):
            try:
                if normalise_title(text_of((note.get("content") or {}).get("title"))) != wanted:
                    continue
                if published_venue(note):
                    return to_record(note)
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise malformed(OPENREVIEW, f"{type(error).__name__} reading a search result") from None
        return None
