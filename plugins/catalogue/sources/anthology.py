"""The ACL Anthology: a paper's own BibTeX export (``https://aclanthology.org/<id>.bib``), read with ``requests``.

The ``acl-anthology`` package reads the same facts from a full clone of the Anthology's data repository and
brings 22 packages (numpy, GitPython, ...) with it; for one paper at a time the per-paper export, written by the
Anthology from that same data, is the light and primary way.
"""

from __future__ import annotations

import re

import bibtexparser
import requests

from ..data.bibvalues import split_authors
from .common import ANTHOLOGY, Record, Settings, SourceError, malformed

BASE = "https://aclanthology.org"
KEPT = ("title", "booktitle", "journal", "year", "month", "volume", "number", "pages", "publisher", "address",
        "doi", "url")


def _unenclosed(value: str) -> str:
    """bibtexparser 2 keeps a value's delimiters: {...} or "..." around it go."""
    if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1].strip()
    return value


def to_record(text: str, anthology_id: str) -> Record:
    """The first entry of an Anthology BibTeX export; ValueError when there is none or it lacks a title."""
    library = bibtexparser.parse_string(text)
    if not library.entries:
        raise ValueError("no BibTeX entry")
    entry = library.entries[0]
    raw = {field.key.lower(): _unenclosed(re.sub(r"\s+", " ", str(field.value)).strip()) for field in entry.fields}
    if not raw.get("title") or not raw.get("author") or not raw.get("year"):
        raise ValueError("entry without title, author or year")
    fields = {name: raw[name] for name in KEPT if raw.get(name)}
    fields.setdefault("url", f"{BASE}/{anthology_id}/")
    if fields["url"].startswith(BASE) and not fields["url"].endswith("/"):
        fields["url"] += "/"  # the house links the abstract page as the Anthology writes it: with a slash
    authors = [re.sub(r"\s+", " ", name).strip() for name in split_authors(raw["author"])]
    return Record(ANTHOLOGY, entry.entry_type.lower(), fields, authors, f"ACL Anthology {anthology_id}")


class AnthologySource:
    """Papers by Anthology id."""

    def __init__(self, settings: Settings, session: requests.Session | None = None):
        self.settings = settings
        self.session = session or requests.Session()

    def fetch(self, anthology_id: str) -> Record:
        url = f"{BASE}/{anthology_id}.bib"
        try:
            response = self.session.get(url, timeout=self.settings.timeout)
        except Exception as error:  # noqa: BLE001 - whatever requests raises becomes one line
            raise SourceError.from_exception(ANTHOLOGY, error, self.settings.timeout) from None
        if response.status_code == 404:
            raise SourceError(ANTHOLOGY, f"has no paper {anthology_id} (HTTP 404)")
        if response.status_code != 200:
            raise SourceError.from_exception(ANTHOLOGY, requests.HTTPError(response=response), self.settings.timeout)
        try:
            return to_record(response.text, anthology_id)
        except (ValueError, KeyError, TypeError) as error:
            raise malformed(ANTHOLOGY, str(error)) from None
