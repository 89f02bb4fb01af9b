"""arXiv through the ``arxiv`` client (the arXiv API's Atom feed): a paper's latest version, journal_ref and DOI.

The client waits ``delay_seconds`` between calls (arXiv asks for 3 s) and retries; its session has no
timeout, so ours gets one. Many ids are asked for in one call (``id_list``), a page of 100 at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import arxiv
import requests
from lxml import etree

from .common import ARXIV, Record, Settings, SourceError, last_first, malformed

_ATOM = "{http://www.w3.org/2005/Atom}"


class _Session(requests.Session):
    """requests' session with a default timeout, keeping the last answer's body to tell 'no entry' from garbage."""

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout
        self.last_body = b""

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        response = super().request(method, url, *args, **kwargs)  # type: ignore[arg-type]
        self.last_body = response.content
        return response


class ArxivSource:
    """Look papers up by arXiv id."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.client = arxiv.Client(page_size=100, delay_seconds=settings.arxiv_delay, num_retries=settings.retries)
        self.session = _Session(settings.timeout)
        self.client._session = self.session  # the client keeps its session private; this is its only seam

    def fetch(self, arxiv_id: str) -> Record:
        found = self.fetch_many([arxiv_id])
        if arxiv_id not in found:
            raise SourceError(ARXIV, f"has no paper {arxiv_id}")
        return found[arxiv_id]

    def fetch_many(self, ids: Iterable[str]) -> dict[str, Record]:
        """Records by id (version stripped); ids arXiv does not know are left out."""
        wanted = list(dict.fromkeys(re.sub(r"v\d+$", "", item) for item in ids))
        if not wanted:
            return {}
        records: dict[str, Record] = {}
        try:
            for result in self.client.results(arxiv.Search(id_list=wanted, max_results=len(wanted))):
                short = re.sub(r"v\d+$", "", result.get_short_id())
                records[short] = to_record(result)
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise malformed(ARXIV, type(error).__name__) from None
        except Exception as error:  # noqa: BLE001 - the client's and requests' exceptions alike
            raise SourceError.from_exception(ARXIV, error, self.settings.timeout) from None
        if not records and not _is_atom(self.session.last_body):
            raise malformed(ARXIV, "not an Atom feed")
        return records


def _is_atom(body: bytes) -> bool:
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return False
    return root is not None and root.tag == _ATOM + "feed"


def to_record(result: arxiv.Result) -> Record:
    short = re.sub(r"v\d+$", "", result.get_short_id())
    if not result.title or not result.authors:
        raise ValueError("entry without title or authors")
    authors = [last_first(author.name) for author in result.authors]
    fields = {
        "title": result.title,
        "year": str(result.published.year),
        "eprint": short,
        "archiveprefix": "arXiv",
        "primaryclass": result.primary_category,
        "url": f"https://arxiv.org/abs/{short}",
    }
    version = re.search(r"v(\d+)$", result.get_short_id())
    return Record(ARXIV, "misc", {name: value for name, value in fields.items() if value}, authors,
                  f"arXiv v{version.group(1)}" if version else "arXiv",
                  journal_ref=re.sub(r"\s+", " ", result.journal_ref or "").strip(),
                  published_doi=(result.doi or "").strip())
