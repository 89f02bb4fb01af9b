"""The table of every finding (``findings/``): its columns, its facets, its index for the script, and the rows
of each page. Rows are the findings CSV's rows (exports/findings.py), so the table, the CSV of the rows shown
and the downloads agree column for column. No MkDocs here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..data.findings import DIRECTION_TITLES, DIRECTIONS, ROLE_TITLES, ROLES
from ..data.normalise import BANDS
from ..exports.findings import COLUMNS

INDEX_NAME = "findings-index.json"
PAGE_SIZE = 100  # rows per page without scripts: page 1 is findings/, then findings/page-2/, ...


@dataclass(frozen=True)
class Column:
    id: str  # a findings CSV column, or "venue_type"
    title: str
    shown: bool  # shown unless the reader chooses otherwise
    numeric: bool = False


TABLE_COLUMNS: tuple[Column, ...] = (
    Column("title", "Paper", True),
    Column("year", "Year", True, numeric=True),
    Column("venue", "Venue", False),
    Column("venue_type", "Venue type", False),
    Column("harm", "Harm", True),
    Column("compression", "Compression", True),
    Column("methods", "Methods", False),
    Column("setting", "Setting", True),
    Column("band", "Band", False),
    Column("models", "Models", False),
    Column("benchmark", "Benchmark", False),
    Column("direction", "Found", True),
    Column("role", "Role", False),
    Column("magnitude", "Size", True),
    Column("metric", "Metric", True),
    Column("baseline", "Baseline", True, numeric=True),
    Column("compressed", "Compressed", True, numeric=True),
    Column("delta", "Change", True, numeric=True),
    Column("unit", "Unit", True),
    Column("location", "Where", True),
)
FACETS: tuple[tuple[str, str], ...] = (
    ("harm", "Harm"), ("compression", "Compression"), ("methods", "Method"), ("band", "Band"),
    ("direction", "Found"), ("role", "Role"), ("venue_type", "Venue type"),
)
VENUE_TYPES = {"peer-reviewed": "Peer-reviewed", "preprint": "Preprint"}


@dataclass(frozen=True)
class FacetOption:
    id: str
    title: str
    count: int


def facet_options(rows: Sequence[dict[str, Any]], titles: Callable[[str, str], str]) -> list[tuple[str, str, list[FacetOption]]]:
    """(facet id, title, options with their counts of findings) for every facet with two values or more."""
    orders = {"direction": list(DIRECTIONS), "role": list(ROLES), "band": [band.id for band in BANDS],
              "venue_type": list(VENUE_TYPES)}
    result = []
    for facet, title in FACETS:
        counts: dict[str, int] = {}
        for row in rows:
            values = row[facet] if isinstance(row[facet], list) else [row[facet]]
            for value in dict.fromkeys(values):
                counts[value] = counts.get(value, 0) + 1
        order = orders.get(facet)
        ids = sorted(counts, key=lambda value: (order.index(value) if order and value in order else len(order or []),
                                                titles(facet, value).casefold()))
        if len(ids) > 1:
            result.append((facet, title, [FacetOption(value, titles(facet, value), counts[value]) for value in ids]))
    return result


def value_title(taxonomy_title: Callable[[str, str], str | None], method_title: Callable[[str], str]) -> Callable[[str, str], str]:
    band_titles = {band.id: band.title for band in BANDS}

    def title(facet: str, value: str) -> str:
        if facet == "direction":
            return DIRECTION_TITLES.get(value, value)
        if facet == "role":
            return ROLE_TITLES.get(value, value)
        if facet == "band":
            return band_titles.get(value, value)
        if facet == "venue_type":
            return VENUE_TYPES.get(value, value)
        if facet == "methods":
            return method_title(value)
        return taxonomy_title(facet, value) or value
    return title


def findings_index(rows: Sequence[dict[str, Any]], hrefs: Sequence[str], titles: Callable[[str, str], str]) -> str:
    """What the script filters, sorts and writes as CSV: every CSV column of every row, the paper page's
    address (relative to findings/), the venue type, and the titles of the values the table shows."""
    columns = list(COLUMNS) + ["venue_type", "href"]
    records = [[row[name] for name in COLUMNS] + [row["venue_type"], href] for row, href in zip(rows, hrefs)]
    names: dict[str, dict[str, str]] = {}
    for facet in ("harm", "compression", "methods", "band", "direction", "role", "venue_type"):
        values = {value for row in rows for value in (row[facet] if isinstance(row[facet], list) else [row[facet]])}
        names[facet] = {value: titles(facet, value) for value in sorted(values)}
    header = {"csv": list(COLUMNS), "columns": [column.__dict__ for column in TABLE_COLUMNS], "titles": names}
    return json.dumps({"header": header, "fields": columns, "rows": records}, ensure_ascii=False,
                      separators=(",", ":")) + "\n"


def pages_of(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))
