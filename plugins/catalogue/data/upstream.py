"""Read an awesome-list README (tables of Date | Institute | Venue | [Title](link)) and find the papers
that are neither in the library nor in the excluded list, matched by arXiv id, DOI or normalised title."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .excluded import url_mark
from .loader import normalise_title

_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_LINK = re.compile(r"\[(?P<title>(?:[^\[\]]|\[[^\]]*\])+)\]\((?P<url>[^)\s]+)\)")
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I)
_DOI = re.compile(r"(?:doi\.org/|/doi/(?:abs/|full/|pdf/)?)(10\.\d{4,9}/[^\s?#]+)", re.I)


@dataclass(frozen=True)
class ListedPaper:
    """One row of an awesome-list table."""

    line: int
    date: str
    venue: str
    title: str
    url: str

    @property
    def arxiv(self) -> str | None:
        match = _ARXIV.search(self.url)
        return re.sub(r"v\d+$", "", match.group(1)) if match else None

    @property
    def doi(self) -> str | None:
        match = _DOI.search(self.url)
        return match.group(1).rstrip("/").lower() if match else None

    def marks(self) -> list[str]:
        marks = ["title:" + normalise_title(self.title)]
        if self.arxiv:
            marks.append("arxiv:" + self.arxiv)
        if self.doi:
            marks.append("doi:" + self.doi)
        link = url_mark(self.url)
        if link:
            marks.append(link)
        return marks


def read_awesome_tables(text: str) -> list[ListedPaper]:
    """Every table row whose last cell is a Markdown link; header and rule rows are skipped."""
    rows: list[ListedPaper] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ROW.match(line)
        if not match:
            continue
        cells = [cell.strip() for cell in match.group(1).split("|")]
        link = _LINK.search(cells[-1]) if cells else None
        if link is None:
            continue
        date = cells[0] if len(cells) >= 2 else ""
        venue = cells[-2] if len(cells) >= 3 else ""
        title = re.sub(r"\s+", " ", link.group("title")).strip()
        rows.append(ListedPaper(number, date, venue, title, link.group("url")))
    return rows


def unaccounted(rows: Iterable[ListedPaper], known: set[str]) -> list[ListedPaper]:
    """Rows matching none of ``known`` (marks of the library and the excluded list), each paper once."""
    missing: list[ListedPaper] = []
    seen: set[str] = set()
    for row in rows:
        marks = row.marks()
        if any(mark in known for mark in marks) or any(mark in seen for mark in marks):
            continue
        seen.update(marks)
        missing.append(row)
    return missing
