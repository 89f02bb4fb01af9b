"""Select, sort and group papers: per tag value, per year, newest additions, counts."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Iterable, Sequence

from .model import Library, Paper, TagValue


def sort_newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Newest year first; within a year by title, then key, so the order is stable."""
    return sorted(papers, key=lambda paper: (-paper.year, paper.title.casefold(), paper.key))


def with_tag(papers: Iterable[Paper], vocabulary: str, value: str) -> list[Paper]:
    return [paper for paper in papers if value in paper.tagged(vocabulary)]


def by_year(papers: Iterable[Paper]) -> list[tuple[int, list[Paper]]]:
    """Groups of (year, papers), newest year first; papers sorted as in sort_newest_first."""
    ordered = sort_newest_first(papers)
    return [(year, list(group)) for year, group in groupby(ordered, key=lambda paper: paper.year)]


def newest_additions(papers: Iterable[Paper], count: int = 5) -> list[Paper]:
    """The most recently added papers (by ``added``), newest first."""
    return sorted(papers, key=lambda paper: (paper.added, paper.year, paper.key), reverse=True)[:count]


@dataclass(frozen=True)
class TagCount:
    value: TagValue
    count: int


def tag_counts(library: Library, vocabulary_id: str) -> list[TagCount]:
    """How many papers carry each value of a vocabulary, in taxonomy order."""
    vocabulary = library.taxonomy.vocabulary(vocabulary_id)
    return [TagCount(value, len(with_tag(library.papers, vocabulary.id, value.id))) for value in vocabulary.values]


def papers_per_year(papers: Sequence[Paper]) -> list[tuple[int, int]]:
    """(year, count), oldest first."""
    counts: dict[int, int] = {}
    for paper in papers:
        counts[paper.year] = counts.get(paper.year, 0) + 1
    return sorted(counts.items())
