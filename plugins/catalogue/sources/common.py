"""What every service module shares: the fetched record, the settings, and one fault type that names the service.

A client library fails in its own way (``arxiv.HTTPError``, ``habanero.RequestError``, a ``RuntimeError``
wrapping an ``httpx`` error, ``requests.Timeout`` ...); ``SourceError.from_exception`` reads the chain of causes
and turns any of them into one line a person can act on: which service, and what went wrong.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass, field
from typing import Any

ARXIV = "arXiv API"
CROSSREF = "Crossref API"
ANTHOLOGY = "ACL Anthology"
OPENREVIEW = "OpenReview API"


@dataclass(frozen=True)
class Settings:
    """How politely and how long to wait. arXiv asks for at least 3 s between calls; tests set 0."""

    arxiv_delay: float = 3.0
    timeout: float = 20.0
    retries: int = 2
    mailto: str | None = None  # Crossref's "polite pool" address


@dataclass
class Record:
    """A paper's metadata as one primary service gives it, in BibTeX field names (values not yet escaped)."""

    service: str
    entry_type: str
    fields: dict[str, str]
    authors: list[str] = field(default_factory=list)  # "Last, First"
    venue_note: str = ""  # what the service said about the venue, for the report
    journal_ref: str = ""  # arXiv: the authors' note of where it was published
    published_doi: str = ""  # arXiv: the published version's DOI

    @property
    def title(self) -> str:
        return self.fields.get("title", "")


class SourceError(Exception):
    """A service failed: timeout, rate limit, malformed answer, no network, or no such paper."""

    def __init__(self, service: str, problem: str):
        super().__init__(f"{service} {problem}")
        self.service = service
        self.problem = problem

    @classmethod
    def from_exception(cls, service: str, error: BaseException, timeout: float) -> SourceError:
        return cls(service, describe(error, timeout))


def _chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _status(error: BaseException) -> int | None:
    """The HTTP status an exception carries, whichever library raised it."""
    for name in ("status", "status_code"):
        value = getattr(error, name, None)
        if isinstance(value, int):
            return value
    response = getattr(error, "response", None)
    value = getattr(response, "status_code", None)
    if isinstance(value, int):
        return value
    match = re.search(r"\b(4\d\d|5\d\d)\b", str(error)) if type(error).__name__ == "HTTPStatusError" else None
    return int(match.group(1)) if match else None


def describe_status(status: int) -> str:
    if status == 429:
        return "rate limit reached (HTTP 429); try again later"
    if status == 503:
        return "busy or rate-limiting (HTTP 503); try again later"
    if status == 404:
        return "has no such record (HTTP 404)"
    return f"answered HTTP {status}"


def describe(error: BaseException, timeout: float) -> str:
    """One phrase for what went wrong, from the most specific exception in the chain."""
    chain = _chain(error)
    names = [type(item).__name__ for item in chain]
    if any("Timeout" in name or isinstance(item, (socket.timeout, TimeoutError)) for name, item in zip(names, chain)):
        return f"timed out (no answer within {timeout:g} s)"
    if any(name == "SocketBlockedError" for name in names):
        return "unreachable (network access is blocked)"
    for item in chain:
        status = _status(item)
        if status is not None and status >= 400:
            return describe_status(status)
        if status is not None:  # an error raised on a 2xx answer: its body was not what the client expects
            return f"sent a malformed answer (HTTP {status}, unreadable body)"
    text = " ".join(str(item) for item in chain).lower()
    if any(name in ("ConnectError", "ConnectionError", "NewConnectionError", "MaxRetryError", "gaierror",
                    "ConnectionRefusedError", "OSError") for name in names):
        if "name or service not known" in text or "resolve" in text or "getaddrinfo" in text:
            return "unreachable (host name not resolved)"
        if "refused" in text:
            return "unreachable (connection refused)"
        return "unreachable (no network connection)"
    if any(name in ("JSONDecodeError", "ValueError", "KeyError", "TypeError", "XMLSyntaxError") for name in names):
        return f"sent a malformed answer ({type(chain[-1]).__name__})"
    return f"failed ({type(chain[-1]).__name__}: {str(chain[-1])[:120]})"


def malformed(service: str, what: str) -> SourceError:
    return SourceError(service, f"sent a malformed answer ({what})")


def text_of(value: Any) -> str:
    """A JSON value as one clean line of text (Crossref gives lists, OpenReview {"value": ...})."""
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    if isinstance(value, list):
        value = value[0] if value else ""
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return re.sub(r"\s+", " ", str(value)).strip()


_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter", "ten"}


def last_first(name: str) -> str:
    """'Jane Q. Doe' -> 'Doe, Jane Q.'; lower-case particles stay with the surname ('Ruud van der Berg' ->
    'van der Berg, Ruud'); an already inverted name is kept."""
    name = re.sub(r"\s+", " ", name).strip()
    if "," in name or " " not in name:
        return name
    words = name.split(" ")
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    return f"{' '.join(words[start:])}, {' '.join(words[:start])}"
