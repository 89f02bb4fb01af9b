"""The evidence map's numbers: findings per harm and compression family (and per harm and precision band
for quantization), split by direction, with the papers behind each count. No MkDocs, no Jinja."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .findings import DIRECTIONS, Evidence
from .model import Paper, TagValue
from .normalise import BANDS, Band

# What compression does (and what attacks on it do) is mapped; a proposed fix is not an effect of
# compression, so mitigation records are counted apart.
COUNTED_ROLES = ("effect", "attack")


@dataclass
class Cell:
    """One harm x column cell: findings per direction and the papers that reported them."""

    findings: dict[str, int] = field(default_factory=lambda: {direction: 0 for direction in DIRECTIONS})
    papers: dict[str, set[str]] = field(default_factory=lambda: {direction: set() for direction in DIRECTIONS})
    roles: dict[str, set[str]] = field(default_factory=lambda: {direction: set() for direction in DIRECTIONS})

    def add(self, key: str, direction: str, role: str) -> None:
        self.findings[direction] += 1
        self.papers[direction].add(key)
        self.roles[direction].add(role)

    @property
    def total(self) -> int:
        return sum(self.findings.values())

    @property
    def paper_count(self) -> int:
        return len(set().union(*self.papers.values()))


@dataclass(frozen=True)
class Column:
    id: str
    title: str


@dataclass(frozen=True)
class EvidenceMatrix:
    rows: tuple[TagValue, ...]
    columns: tuple[Column, ...]
    cells: dict[tuple[str, str], Cell]

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]


def harm_by_compression(papers: Iterable[Paper], evidence: Evidence, harms: Sequence[TagValue],
                        families: Sequence[TagValue]) -> EvidenceMatrix:
    columns = tuple(Column(value.id, value.title) for value in families)
    cells = {(row.id, column.id): Cell() for row in harms for column in columns}
    for paper in papers:
        for finding in evidence.of(paper):
            cell = cells.get((finding.harm, finding.compression))
            if cell is not None and finding.role in COUNTED_ROLES:
                cell.add(paper.key, finding.direction, finding.role)
    return EvidenceMatrix(tuple(harms), columns, cells)


def harm_by_band(papers: Iterable[Paper], evidence: Evidence, harms: Sequence[TagValue],
                 bands: Sequence[Band] = BANDS) -> EvidenceMatrix:
    """Quantization findings by the precision band of their settings (a finding spanning two bands counts
    in both)."""
    columns = tuple(Column(band.id, band.title) for band in bands if band.kind == "precision")
    cells = {(row.id, column.id): Cell() for row in harms for column in columns}
    for paper in papers:
        for finding in evidence.of(paper):
            if finding.compression != "quantization":
                continue
            for band_id in finding.bands:
                cell = cells.get((finding.harm, band_id))
                if cell is not None and finding.role in COUNTED_ROLES:
                    cell.add(paper.key, finding.direction, finding.role)
    return EvidenceMatrix(tuple(harms), columns, cells)


def role_counts(papers: Iterable[Paper], evidence: Evidence) -> dict[str, int]:
    counts: dict[str, int] = {}
    for paper in papers:
        for finding in evidence.of(paper):
            counts[finding.role] = counts.get(finding.role, 0) + 1
    return counts
