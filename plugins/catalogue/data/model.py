"""Typed, frozen records of the catalogue: papers, problems, taxonomy values."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located by file, 1-based line and entry key."""

    path: str
    line: int
    key: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        if self.key:
            return f"{where}: entry '{self.key}': {self.message}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class TagValue:
    """One value of a vocabulary (e.g. harm dimension ``fairness``)."""

    id: str
    title: str
    description: str
    icon: str
    aliases: tuple[str, ...] = ()
    noun: str = ""  # how the value reads inside a sentence ("safety"); the title, lower-cased, when empty

    @property
    def phrase(self) -> str:
        return self.noun or self.title[:1].lower() + self.title[1:]


@dataclass(frozen=True)
class Vocabulary:
    """A named list of tag values, read from one BibTeX field (e.g. ``harm``)."""

    id: str
    title: str
    field: str
    values: tuple[TagValue, ...]
    pages: bool = False
    required: bool = True

    def get(self, value_id: str) -> TagValue | None:
        for value in self.values:
            if value.id == value_id:
                return value
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(value.id for value in self.values)


@dataclass(frozen=True)
class Taxonomy:
    """All vocabularies, in the order of ``data/taxonomy.yml``."""

    vocabularies: tuple[Vocabulary, ...]

    def vocabulary(self, vocabulary_id: str) -> Vocabulary:
        for vocabulary in self.vocabularies:
            if vocabulary.id == vocabulary_id:
                return vocabulary
        raise KeyError(vocabulary_id)

    @property
    def page_vocabulary(self) -> Vocabulary:
        """The vocabulary that gets one listing page per value (the harm dimensions)."""
        for vocabulary in self.vocabularies:
            if vocabulary.pages:
                return vocabulary
        return self.vocabularies[0]


@dataclass(frozen=True)
class Paper:
    """One valid catalogue entry.

    ``source`` keeps every field as the library wrote it (LaTeX, braces; @string
    macros expanded) for exports; the attributes hold decoded Unicode for display.
    """

    key: str
    entry_type: str
    path: str
    line: int
    title: str
    authors: tuple[str, ...]
    year: int
    venue: str
    url: str | None
    doi: str | None
    eprint: str | None
    code: str | None
    summary: str
    added: str
    tags: Mapping[str, tuple[str, ...]]
    source: Mapping[str, str] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return anchor_for(self.key)

    @property
    def verified(self) -> str:
        """How the metadata was checked: 'primary' or 'secondary' (data/VERIFICATION.md logs the sources)."""
        return self.source.get("verified", "")

    @property
    def arxiv_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.eprint}" if self.eprint else None

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def link(self) -> str | None:
        """The best single link to the paper: its page, else DOI, else arXiv."""
        return self.url or self.doi_url or self.arxiv_url

    def tagged(self, vocabulary: str) -> tuple[str, ...]:
        return self.tags.get(vocabulary, ())


@lru_cache(maxsize=None)
def anchor_for(key: str) -> str:
    """A stable HTML id for a citation key: lowercase, safe characters only."""
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in key.lower())
    return cleaned.strip("-") or "paper"


@dataclass(frozen=True)
class Library:
    """The result of loading: valid papers in file order, and every problem found."""

    papers: tuple[Paper, ...]
    problems: tuple[Problem, ...]
    taxonomy: Taxonomy

    def get(self, key: str) -> Paper | None:
        for paper in self.papers:
            if paper.key == key:
                return paper
        return None
