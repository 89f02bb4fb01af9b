"""The filter facets of a listing: each vocabulary's values, venues and what the papers found, with counts.

Rendering layer (no MkDocs): the filter panel template and the cards' data-* attributes read these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .findings import DIRECTION_TITLES, DIRECTIONS, ROLE_TITLES, ROLES, Evidence, Finding, benchmark_id
from .model import Paper, Taxonomy
from .normalise import BANDS
from .venues import VenueTable


@dataclass(frozen=True)
class FacetValue:
    id: str
    title: str
    count: int


@dataclass(frozen=True)
class Facet:
    """One filter group on a listing page: a vocabulary (or the venue) and its values present there."""

    id: str
    title: str
    values: tuple[FacetValue, ...]
    level: str = "paper"  # "finding": a paper matches when one of its findings matches every finding facet


DIRECTION_SHAPES = {"worse": "▼", "mixed": "◆", "no_change": "●", "better": "▲"}
DIRECTION_MEANINGS = {
    "worse": "the harm grew after compression (more bias, less safe, worse calibrated, knowledge lost, ...)",
    "mixed": "it depends on the model, the setting or the group",
    "no_change": "the paper reports the property preserved",
    "better": "the harm shrank after compression",
}


VERIFIED_TITLES = {"primary": "From primary sources", "secondary": "From secondary sources"}

BENCHMARK_MIN_PAPERS = 2


def finding_facets(papers: Sequence[Paper], evidence: Evidence, harm: str | None) -> list[Facet]:
    """Facets over what the papers found (on a dimension page, only findings for that dimension):
    direction, named method, precision or sparsity band, benchmark; counts are papers."""
    per_facet: dict[str, dict[str, set[str]]] = {"direction": {}, "role": {}, "method": {}, "band": {}, "benchmark": {}}
    titles: dict[str, dict[str, str]] = {"direction": dict(DIRECTION_TITLES), "role": dict(ROLE_TITLES), "method": {},
                                         "band": {}, "benchmark": {}}
    for paper in papers:
        for finding in evidence.of(paper):
            if harm is not None and finding.harm != harm:
                continue
            per_facet["direction"].setdefault(finding.direction, set()).add(paper.key)
            per_facet["role"].setdefault(finding.role, set()).add(paper.key)
            for method_id in finding.methods:
                method = evidence.method(method_id)
                per_facet["method"].setdefault(method_id, set()).add(paper.key)
                titles["method"][method_id] = method.title if method else method_id
            for band_id in finding.bands:
                per_facet["band"].setdefault(band_id, set()).add(paper.key)
            for name in finding.benchmark:
                bench = benchmark_id(name)
                per_facet["benchmark"].setdefault(bench, set()).add(paper.key)
                titles["benchmark"].setdefault(bench, name)
    band_titles = {band.id: band.title for band in BANDS}
    order = {
        "direction": list(DIRECTIONS),
        "role": list(ROLES),
        "band": [band.id for band in BANDS],
    }
    facets = []
    for facet_id, title in (("direction", "What the paper found"), ("role", "Kind of finding"), ("method", "Named method"),
                            ("band", "Precision or sparsity"), ("benchmark", "Benchmark or metric, when two papers share it")):
        found = per_facet[facet_id]
        if not found:
            continue
        names = band_titles if facet_id == "band" else titles[facet_id]
        if facet_id in order:
            ids = [value for value in order[facet_id] if value in found]
        else:
            ids = sorted(found, key=lambda value: (-len(found[value]), names[value].casefold()))
        if facet_id == "benchmark":
            # Most benchmarks are one paper's own (286 of 312 on All papers): as checkboxes they would
            # bury the shared ones. A benchmark becomes a filter once two papers of the listing use it.
            ids = [value for value in ids if len(found[value]) >= BENCHMARK_MIN_PAPERS]
            if not ids:
                continue
        facets.append(Facet(facet_id, title, tuple(FacetValue(value, names[value], len(found[value])) for value in ids),
                            level="finding"))
    return facets


def findings_attribute(findings: Sequence[Finding]) -> str:
    """The findings as the filter script reads them: records split by ';', fields by '|', lists by ','."""
    return ";".join("|".join((finding.harm, finding.compression, finding.direction, ",".join(finding.methods),
                              ",".join(finding.bands), ",".join(benchmark_id(name) for name in finding.benchmark),
                              finding.role))
                    for finding in findings)


def listing_facets(papers: Sequence[Paper], taxonomy: Taxonomy, venues: VenueTable,
                   include_pages_vocabulary: bool) -> list[Facet]:
    """The facets of a listing: each vocabulary's values that occur, with counts, then venues."""
    facets: list[Facet] = []
    for vocabulary in taxonomy.vocabularies:
        if vocabulary.pages and not include_pages_vocabulary:
            continue
        values = []
        for value in vocabulary.values:
            count = sum(1 for paper in papers if value.id in paper.tagged(vocabulary.id))
            if count:
                values.append(FacetValue(value.id, value.title, count))
        if values:
            facets.append(Facet(vocabulary.id, vocabulary.title, tuple(values)))
    counts: dict[str, list] = {}
    for paper in papers:
        venue = venues.classify(paper)
        entry = counts.setdefault(venue.facet_id, [venue.facet_title, 0])
        entry[1] += 1
    venue_values = sorted((FacetValue(key, title, count) for key, (title, count) in counts.items()),
                          key=lambda value: (-value.count, value.title.casefold()))
    if venue_values:
        facets.append(Facet("venue", "Venue", tuple(venue_values)))
    tiers = [FacetValue(tier, VERIFIED_TITLES[tier], sum(1 for paper in papers if paper.verified == tier))
             for tier in VERIFIED_TITLES]
    if any(value.count for value in tiers):
        facets.append(Facet("verified", "Metadata", tuple(value for value in tiers if value.count)))
    return facets
