"""The committed catalogue: zero problems, every required field, one pattern of citation keys."""

from __future__ import annotations

import re
import unicodedata

import pytest

from catalogue import load_library
from catalogue.data.latex import decode_latex

from conftest import ROOT

REQUIRED = ("title", "author", "year", "harm", "compression", "modality", "contribution", "summary", "added")
SKIPPED_WORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "how", "does", "do", "when", "can",
                 "what", "is", "are", "towards", "toward", "we", "you"}


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


def _ascii(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if ch.isascii() and ch.isalnum()).lower()


def expected_key(paper, words_used: int = 1) -> str:
    first = paper.source["author"].split(" and ")[0]
    surname = "anonymous" if first.strip() == "others" else decode_latex(first.split(",")[0])
    words = [_ascii(word) for word in re.split(r"\s+", decode_latex(paper.source["title"]))]
    content = [word for word in words if word and word not in SKIPPED_WORDS][:words_used]
    return f"{_ascii(surname)}{paper.year}{''.join(content)}"


def test_citation_keys_follow_the_pattern(library):
    """surname + year + first content word; where that key is taken by another paper, the second content word
    is appended (docs/contributing.md, "Citation keys")."""
    keys = {paper.key for paper in library.papers}
    wrong = [(paper.key, expected_key(paper)) for paper in library.papers
             if paper.key != expected_key(paper)
             and not (expected_key(paper) in keys and paper.key == expected_key(paper, 2))]
    assert wrong == []


def test_every_harm_dimension_listed_upstream_has_papers(library):
    for harm in ("fairness", "robustness", "calibration", "safety", "faithfulness", "privacy"):
        assert any(harm in paper.tagged("harm") for paper in library.papers), harm
