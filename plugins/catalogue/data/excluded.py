"""Read and validate ``data/excluded.yml``: papers considered for the catalogue and left out, with a reason.

The file keeps anyone from proposing the same paper twice; the check reports a record with unknown fields,
no identifier, no reason, a duplicate, or a paper that is also in the library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml

from .loader import normalise_title
from .model import Library, Problem
from .yamlfile import load_root, plain

FIELDS = ("title", "arxiv", "doi", "url", "reason", "source")
_ARXIV = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


_OPENREVIEW = re.compile(r"openreview\.net/(?:forum|pdf)\?id=([\w-]+)", re.I)
_ANTHOLOGY = re.compile(r"aclanthology\.org/([\w.-]+?)(?:\.pdf)?/?$", re.I)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})", re.I)


def url_mark(url: str) -> str | None:
    """A mark that two links to the same paper share (OpenReview forum/pdf, Anthology page/PDF, arXiv)."""
    for pattern, name in ((_OPENREVIEW, "openreview"), (_ANTHOLOGY, "anthology"), (_ARXIV_URL, "arxiv")):
        match = pattern.search(url)
        if match:
            return f"{name}:{match.group(1).lower()}"
    cleaned = re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/").lower()
    return "url:" + cleaned if cleaned else None


@dataclass(frozen=True)
class Excluded:
    """One candidate left out of the catalogue."""

    line: int
    title: str
    arxiv: str | None
    doi: str | None
    url: str | None
    reason: str
    source: str

    @property
    def link(self) -> str | None:
        if self.url:
            return self.url
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return None

    def marks(self) -> list[tuple[str, str]]:
        """What identifies the paper: arXiv id, DOI and normalised title."""
        marks = []
        if self.arxiv:
            marks.append(("arXiv id", "arxiv:" + re.sub(r"v\d+$", "", self.arxiv)))
        if self.doi:
            marks.append(("DOI", "doi:" + self.doi.lower()))
        if self.title:
            marks.append(("title", "title:" + normalise_title(self.title)))
        if self.url and url_mark(self.url):
            marks.append(("link", str(url_mark(self.url))))
        return marks


def library_marks(library: Library) -> dict[str, str]:
    """arXiv ids, DOIs and normalised titles (current and earlier) of the library -> citation key."""
    marks: dict[str, str] = {}
    for paper in library.papers:
        if paper.eprint:
            marks.setdefault("arxiv:" + re.sub(r"v\d+$", "", paper.eprint), paper.key)
        if paper.doi:
            marks.setdefault("doi:" + paper.doi.lower(), paper.key)
        marks.setdefault("title:" + normalise_title(paper.title), paper.key)
        if paper.url and url_mark(paper.url):
            marks.setdefault(str(url_mark(paper.url)), paper.key)
        earlier = paper.source.get("alttitle")
        if earlier:
            marks.setdefault("title:" + normalise_title(earlier.replace("{", "").replace("}", "")), paper.key)
    return marks


def load_excluded(path: str | Path, library: Library | None = None,
                  shown: str | None = None) -> tuple[tuple[Excluded, ...], list[Problem]]:
    """Every record, and every problem (including overlaps with ``library`` when given)."""
    path = Path(path)
    shown = shown or str(path)
    problems: list[Problem] = []
    root = load_root(path, shown, problems)
    if root is None:
        return (), problems
    if isinstance(root, yaml.ScalarNode) and plain(root) is None:
        return (), problems
    if not isinstance(root, yaml.SequenceNode):
        return (), [Problem(shown, 1, None, "expected a list of records (title, arxiv/doi/url, reason, source)")]
    records: list[Excluded] = []
    seen: dict[str, int] = {}
    known = library_marks(library) if library is not None else {}
    for node in root.value:
        line = node.start_mark.line + 1
        raw = plain(node)
        if not isinstance(raw, dict):
            problems.append(Problem(shown, line, None, "a record must be a mapping (title, arxiv/doi/url, reason)"))
            continue
        title = str(raw.get("title") or "").strip()
        label = title[:60] or None
        count = len(problems)
        unknown = sorted(set(raw) - set(FIELDS))
        if unknown:
            problems.append(Problem(shown, line, label, f"unknown field(s) {', '.join(unknown)} (known: {', '.join(FIELDS)})"))
        if not title:
            problems.append(Problem(shown, line, None, "title is missing"))
        arxiv = str(raw["arxiv"]).strip() if raw.get("arxiv") else None
        doi = str(raw["doi"]).strip() if raw.get("doi") else None
        url = str(raw["url"]).strip() if raw.get("url") else None
        if not (arxiv or doi or url):
            problems.append(Problem(shown, line, label, "give an identifier: arxiv, doi or url"))
        if arxiv and not _ARXIV.match(arxiv):
            problems.append(Problem(shown, line, label, f"arxiv '{arxiv}' is not an arXiv identifier"))
        if doi and not _DOI.match(doi):
            problems.append(Problem(shown, line, label, f"doi '{doi}' does not look like a DOI (10.xxxx/...)"))
        if url and not re.match(r"^https?://\S+$", url):
            problems.append(Problem(shown, line, label, f"url '{url[:80]}' is not an http(s) URL"))
        reason = str(raw.get("reason") or "").strip()
        if not reason:
            problems.append(Problem(shown, line, label, "reason is missing (one line: why it is left out)"))
        if len(problems) > count:
            continue
        record = Excluded(line, title, arxiv, doi, url, reason, str(raw.get("source") or "").strip())
        clash = False
        for what, mark in record.marks():
            if mark in seen:
                problems.append(Problem(shown, line, label, f"same {what} as the record at line {seen[mark]}"))
                clash = True
                break
            if mark in known:
                problems.append(Problem(shown, line, label,
                                        f"same {what} as library entry '{known[mark]}': a paper is either "
                                        "included or excluded, not both"))
                clash = True
                break
        for _, mark in record.marks():
            seen.setdefault(mark, line)
        if not clash:
            records.append(record)
    return tuple(records), problems


def excluded_marks(records: Iterable[Excluded]) -> set[str]:
    return {mark for record in records for _, mark in record.marks()}
