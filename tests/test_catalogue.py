"""The committed catalogue: zero problems, every required field, one pattern of citation keys."""

from __future__ import annotations

import re

import pytest

from catalogue import load_library
from catalogue.data.keys import key_for

from conftest import ROOT

REQUIRED = ("title", "author", "year", "harm", "compression", "modality", "contribution", "summary", "added")


@pytest.fixture(scope="module")
def library(taxonomy):
    return load_library(ROOT / "data" / "papers.bib", taxonomy, shown_path="data/papers.bib")


def test_library_has_no_problems(library):
    assert [str(problem) for problem in library.problems] == []
    assert len(library.papers) >= 40


def test_every_entry_has_every_required_field(library):
    for paper in library.papers:
        missing = [name for name in REQUIRED if not paper.source.get(name)]
        assert not missing, (paper.key, missing)
        assert paper.url or paper.doi or paper.eprint, paper.key
        assert "abstract" not in paper.source, paper.key
        assert len(paper.summary.split()) <= 40, paper.key
        if paper.entry_type == "inproceedings":
            assert paper.source.get("booktitle"), paper.key
        if paper.entry_type == "article":
            assert paper.source.get("journal"), paper.key
        if paper.eprint:
            assert paper.source.get("archiveprefix") == "arXiv", paper.key


def expected_key(paper, words_used: int = 1, year: int | None = None, title: str | None = None) -> str:
    return key_for(paper.source["author"].split(" and ")[0], year or paper.year, title or paper.source["title"],
                   words_used)


def allowed_keys(paper, taken: set[str]) -> set[str]:
    """The pattern's keys for a paper: from its year and title, or, since a key never changes once
    published, from its arXiv version's year and earlier title (a preprint that later appeared at a
    venue); the second content word is appended where the first key is another paper's."""
    years = {paper.year}
    if paper.eprint and re.match(r"\d{4}\.", paper.eprint):
        years.add(2000 + int(paper.eprint[:2]))
    titles = {paper.source["title"]} | ({paper.source["alttitle"]} if paper.source.get("alttitle") else set())
    keys = set()
    for year in years:
        for title in titles:
            first = expected_key(paper, 1, year, title)
            keys.add(first)
            if first in taken and first != paper.key:
                keys.add(expected_key(paper, 2, year, title))
    return keys


def test_citation_keys_follow_the_pattern(library):
    """surname + year + first content word (docs/contributing.md, "Citation keys")."""
    taken = {paper.key for paper in library.papers}
    wrong = [(paper.key, sorted(allowed_keys(paper, taken))) for paper in library.papers
             if paper.key not in allowed_keys(paper, taken)]
    assert wrong == []


def test_the_key_pattern_check_can_fail(library):
    paper = next(paper for paper in library.papers if paper.key == "xu2024beyond")
    assert allowed_keys(paper, set()) == {"xu2024beyond"}
    renamed = type("Renamed", (), {"key": "xu2023beyond", "source": paper.source, "year": paper.year,
                                   "eprint": paper.eprint})()
    assert renamed.key not in allowed_keys(renamed, set())


def test_every_harm_dimension_listed_upstream_has_papers(library):
    for harm in ("fairness", "robustness", "calibration", "safety", "faithfulness", "privacy"):
        assert any(harm in paper.tagged("harm") for paper in library.papers), harm
