"""Read what a person pastes (an arXiv id or URL, a DOI, an ACL Anthology id or an OpenReview id) as one identifier."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

KINDS = ("arxiv", "doi", "anthology", "openreview")

_ARXIV_ID = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE)
_DOI = re.compile(r"^(?:doi:)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)$", re.IGNORECASE)
# New-style Anthology ids (2024.findings-emnlp.935, 2025.l2m2-1.6) and old ones (P19-1001).
_ANTHOLOGY_ID = re.compile(r"^(\d{4}\.[a-z\d]+(?:-[a-z\d]+)*\.\d+|[A-Z]\d{2}-\d{4})$")
_ANTHOLOGY_URL = re.compile(r"aclanthology\.org/([\w.-]+?)(?:\.pdf|\.bib)?/?$", re.IGNORECASE)
_OPENREVIEW_ID = re.compile(r"^(?:openreview:)?([A-Za-z0-9_-]{8,14})$")
_ACL_DOI = re.compile(r"^10\.18653/v1/(.+)$", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


class NotAnIdentifier(ValueError):
    """The text is none of the four kinds."""


@dataclass(frozen=True)
class Identifier:
    kind: str  # one of KINDS
    value: str  # arXiv id without version, DOI in lower case, Anthology id, OpenReview forum id
    given: str  # as typed

    @property
    def mark(self) -> str:
        """The duplicate mark this identifier shares with library entries (see data/excluded.py)."""
        if self.kind == "doi":
            return "doi:" + self.value.lower()
        return f"{self.kind}:{self.value.lower() if self.kind != 'arxiv' else self.value}"


def parse_identifier(text: str) -> Identifier:
    """The identifier in ``text``; an ACL DOI means the Anthology and an arXiv DOI means arXiv (their primary
    services give fuller metadata than Crossref)."""
    given = text
    text = text.strip()
    if text.lower().startswith(("http://", "https://")):
        parts = urlsplit(text)
        if "openreview.net" in parts.netloc.lower():
            forum = parse_qs(parts.query).get("id", [""])[0]
            if _OPENREVIEW_ID.match(forum):
                return Identifier("openreview", forum, given)
        match = _ARXIV_URL.search(text)
        if match:
            return Identifier("arxiv", match.group(1), given)
        match = _DOI_URL.match(unquote(text))
        if match:
            return _from_doi(match.group(1), given)
        match = _ANTHOLOGY_URL.search(text)
        if match and _ANTHOLOGY_ID.match(match.group(1)):
            return Identifier("anthology", match.group(1), given)
        raise NotAnIdentifier(f"'{given}' is no arXiv, DOI, ACL Anthology or OpenReview address")
    match = _ARXIV_ID.match(text)
    if match:
        return Identifier("arxiv", match.group(1), given)
    match = _DOI.match(text)
    if match:
        return _from_doi(match.group(1), given)
    if _ANTHOLOGY_ID.match(text):
        return Identifier("anthology", text, given)
    match = _OPENREVIEW_ID.match(text)
    if match and re.search(r"[A-Za-z]", match.group(1)):
        return Identifier("openreview", match.group(1), given)
    raise NotAnIdentifier(f"'{given}' is no arXiv id, DOI, ACL Anthology id or OpenReview id")


def _from_doi(doi: str, given: str) -> Identifier:
    doi = doi.rstrip("/.")
    match = _ACL_DOI.match(doi)
    if match and _ANTHOLOGY_ID.match(match.group(1)):
        return Identifier("anthology", match.group(1), given)
    match = _ARXIV_DOI.match(doi)
    if match and _ARXIV_ID.match(match.group(1)):
        return Identifier("arxiv", re.sub(r"v\d+$", "", match.group(1)), given)
    return Identifier("doi", doi.lower(), given)


def anthology_id_of_doi(doi: str) -> str | None:
    match = _ACL_DOI.match(doi)
    return match.group(1) if match and _ANTHOLOGY_ID.match(match.group(1)) else None
