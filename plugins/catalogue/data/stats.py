"""Counts behind the charts: papers per venue row and year, and tag-by-tag coverage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .model import Paper, Vocabulary
from .venues import VenueTable

TRACK_ORDER = {"main": 0, "findings": 0, "journal": 1, "workshop": 2, "preprint": 3}


@dataclass(frozen=True)
class VenueRow:
    """One row of the venue timeline: a venue family (workshops and preprints apart) and its papers."""

    facet_id: str
    label: str
    track: str
    papers: tuple[Paper, ...]

    def count(self, year: int) -> int:
        return sum(1 for paper in self.papers if paper.year == year)

    @property
    def years(self) -> list[int]:
        return sorted({paper.year for paper in self.papers})


def venue_timeline(papers: Sequence[Paper], venues: VenueTable) -> list[VenueRow]:
    """Rows ordered main tracks and journals by size, then workshops, then arXiv preprints."""
    rows: dict[str, list] = {}
    for paper in papers:
        venue = venues.classify(paper)
        track = "workshop" if venue.track == "workshop" else venue.track
        label = venue.facet_title if venue.track != "preprint" else f"{venue.family} (preprints)"
        row = rows.setdefault(venue.facet_id, [label, track, []])
        row[2].append(paper)
    built = [VenueRow(facet_id, label, track, tuple(sorted(found, key=lambda p: (-p.year, p.key))))
             for facet_id, (label, track, found) in rows.items()]
    return sorted(built, key=lambda row: (TRACK_ORDER.get(row.track, 1), -len(row.papers), row.label.casefold()))


@dataclass(frozen=True)
class Cell:
    row: str
    column: str
    papers: tuple[Paper, ...]

    @property
    def count(self) -> int:
        return len(self.papers)


@dataclass(frozen=True)
class Coverage:
    """A rows-by-columns matrix of tag values; each cell holds the papers tagged with both."""

    rows: Vocabulary
    columns: Vocabulary
    cells: dict[tuple[str, str], Cell]

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]


def coverage(papers: Sequence[Paper], rows: Vocabulary, columns: Vocabulary) -> Coverage:
    cells = {}
    for row in rows.values:
        for column in columns.values:
            found = tuple(paper for paper in papers
                          if row.id in paper.tagged(rows.id) and column.id in paper.tagged(columns.id))
            cells[(row.id, column.id)] = Cell(row.id, column.id, found)
    return Coverage(rows, columns, cells)
