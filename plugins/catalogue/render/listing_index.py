"""The listings' shared index: one JSON document, a header and one record per paper, newest first, that the
filter worker loads after the first paint (catalogue/listing-index.js, listing-worker.js) instead of the page
reading every card. (JSON, not JSON lines: hosts such as GitHub Pages compress .json, not .ndjson.)

A listing's HTML carries only its first screenful of cards and links to paged continuations; filters,
counts, the table view and the filtered downloads work on this index. Every listing page sits one folder
below the site root (``papers/``, ``fairness/``), so one index with links written from there serves them all.
The header says what the table view needs to name and link tags; each record holds:

``k`` key, ``n`` its anchor (the old card links ``#anchor``), ``u`` its paper page, ``y`` year, ``t`` tags per vocabulary, ``v`` venue facet id, ``f`` findings (as the data-findings
attribute), ``a`` authors, ``x`` the words the filter box searches, ``r`` what a table row shows
(title, first author, venue label, directions), ``h`` the card's HTML, rendered by the same template as
the cards in the page.
"""

from __future__ import annotations

import json
from typing import Callable, Iterable

from ..data.model import Paper, Taxonomy
from ..data.venues import VenueTable

INDEX_NAME = "listing-index.json"  # beside the All papers page: papers/listing-index.json


def _line(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def index_header(taxonomy: Taxonomy, tag_href: Callable[[str, str], str]) -> str:
    """The header: each tag value's title and link."""
    tags = {vocabulary.id: {value.id: [value.title, tag_href(vocabulary.id, value.id)] for value in vocabulary.values}
            for vocabulary in taxonomy.vocabularies}
    return _line({"tags": tags})


def index_record(paper: Paper, taxonomy: Taxonomy, venues: VenueTable, findings: str, directions: list[str],
                 card_html: str, page: str) -> str:
    """One paper's record; ``page`` is the address of its own page, seen from a listing."""
    venue = venues.classify(paper)
    authors = [author for author in paper.authors if author != "et al."]
    first = authors[0] + (" et al." if len(paper.authors) > 1 else "") if authors else "Authors not yet verified"
    words = " ".join([paper.title, " ".join(authors), venue.short, paper.venue, paper.summary])
    return _line({
        "k": paper.key, "n": paper.anchor, "u": page, "y": paper.year,
        "t": {**{vocabulary.id: list(paper.tagged(vocabulary.id)) for vocabulary in taxonomy.vocabularies},
              "verified": [paper.verified]},
        "v": venue.facet_id, "f": findings, "a": authors, "x": words,
        "r": [paper.title, first, venue.short, directions],
        "h": card_html,
    })


def listing_index(header: str, records: Iterable[str]) -> str:
    """``{"header": ..., "records": [...]}``, one record per line so that a diff of two builds stays readable."""
    return '{"header":' + header + ',\n"records":[\n' + ",\n".join(records) + "\n]}\n"
