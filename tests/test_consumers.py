"""Every download, read by the programs people load it into: citation-js (BibTeX, RIS, CSL-JSON), biber's
data-model check, bibtex with plain and plainnat, Zotero's COinS reader (ported in consumers.py), and the
APA reference on each card against citeproc-py's own output. Each test names the field a value must land in."""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from catalogue import load_library
from catalogue.exports.citation import card_item, format_citations, format_items, tidy
from catalogue.exports.bibliography import (arxiv_id, coins, csl_item, is_preprint, paper_month, section_files, sections,
                               to_bibtex, to_csl_json, to_ris)
from catalogue.data.latex import decode_latex

from conftest import ROOT
from consumers import biber_warnings, bibtex_run, citejs_available, citejs_read, zotero_coins

needs_citejs = pytest.mark.skipif(not citejs_available(), reason="citation-js missing: run scripts/setup test")


@pytest.fixture(scope="module")
def library(taxonomy):
    return load_library(ROOT / "data" / "papers.bib", taxonomy)


@pytest.fixture(scope="module")
def papers(library):
    return library.papers


@pytest.fixture(scope="module")
def files(library):
    return section_files(library)


def container(paper) -> str:
    raw = paper.source.get("booktitle") or paper.source.get("journal") or paper.source.get("journaltitle") or ""
    return decode_latex(raw)


def date_parts(paper) -> list[int]:
    month = paper_month(paper)
    return [paper.year, month] if month else [paper.year]


CONFERENCE = ("inproceedings", "conference")


# -- citation-js ---------------------------------------------------------------------------------------------

@needs_citejs
def test_citation_js_reads_the_ris_into_the_right_fields(papers):
    items, warnings = citejs_read("ris", to_ris(papers))
    assert warnings == [] and [item["id"] for item in items] == [paper.key for paper in papers]
    for item, paper in zip(items, papers):
        assert item["title"] == paper.title, paper.key
        assert item["issued"]["date-parts"][0] == date_parts(paper), paper.key  # months kept, never "n.d."
        assert item.get("URL") == paper.link, paper.key
        if paper.entry_type in CONFERENCE:
            assert item["type"] == "paper-conference" and item["container-title"] == container(paper), paper.key
        elif paper.entry_type == "article":
            assert item["type"] == "article-journal" and item["container-title"] == container(paper), paper.key
        elif is_preprint(paper):
            assert item["type"] == "manuscript" and item["genre"] == "Preprint", paper.key
            assert item["DOI"] == f"10.48550/arXiv.{paper.eprint}" and item["source"] == "arXiv", paper.key
        if paper.doi:
            assert item["DOI"] == paper.doi, paper.key


@needs_citejs
def test_citation_js_reads_the_csl_json_unchanged(papers):
    ours = json.loads(to_csl_json(papers))
    items, warnings = citejs_read("json", to_csl_json(papers))
    assert warnings == []
    for item, mine in zip(items, ours):
        for key, value in mine.items():
            assert item.get(key) == value, (mine["id"], key)


@needs_citejs
def test_citation_js_reads_the_bibtex_into_the_right_fields(papers):
    items, warnings = citejs_read("bib", to_bibtex(papers))
    assert warnings == [] and [item["id"] for item in items] == [paper.key for paper in papers]
    for item, paper in zip(items, papers):
        assert item["title"] == paper.title, paper.key
        assert item["issued"]["date-parts"][0] == date_parts(paper), paper.key
        assert item.get("URL") == paper.url, paper.key
        if paper.entry_type in CONFERENCE:
            assert item["type"] == "paper-conference" and item["container-title"] == container(paper), paper.key
        elif paper.entry_type == "article":
            assert item["type"] == "article-journal" and item["container-title"] == container(paper), paper.key
        if paper.doi:
            assert item["DOI"] == paper.doi, paper.key


# -- Zotero's shapes, checked on our own items -----------------------------------------------------------------

def test_arxiv_preprints_take_zoteros_csl_shape_and_published_papers_keep_their_arxiv_id(papers):
    for paper in papers:
        item = csl_item(paper)
        identifier = arxiv_id(paper)
        if is_preprint(paper):
            assert (item["type"], item["publisher"], item["number"], item["DOI"]) == (
                "article", "arXiv", f"arXiv:{identifier}", f"10.48550/arXiv.{identifier}"), paper.key
        elif identifier:
            assert (item["archive"], item["archive_location"]) == ("arXiv", f"arXiv:{identifier}"), paper.key
        assert item["issued"]["date-parts"][0] == date_parts(paper), paper.key


def ris_records(text: str) -> list[list[tuple[str, str]]]:
    records, current = [], []
    for line in text.splitlines():
        if line[:2].strip() and line[2:6] == "  - ":
            current.append((line[:2], line[6:]))
            if line.startswith("ER"):
                records.append(current)
                current = []
    return records


def test_ris_puts_fields_where_zoteros_ris_reader_looks(papers):
    for record, paper in zip(ris_records(to_ris(papers)), papers):
        tags = [tag for tag, _ in record]
        values = dict(record)
        if paper.entry_type in CONFERENCE:
            # Zotero: T2 of CONF is the conference name; the proceedings title is C3 (proceedingsTitle).
            assert values["TY"] == "CONF" and values.get("C3") == container(paper) and "T2" not in values, paper.key
        if is_preprint(paper):
            assert values["TY"] == "MANSCPT" and values["M3"] == "Preprint", paper.key  # not UNPB (journal article)
        assert tags.count("UR") == 1, paper.key  # a second UR becomes a note in Zotero
        if arxiv_id(paper):
            assert (values["DB"], values["AN"]) == ("arXiv", f"arXiv:{arxiv_id(paper)}"), paper.key
        month = paper_month(paper)
        assert values["DA"] == (f"{paper.year}/{month:02d}/" if month else str(paper.year)), paper.key


def test_coins_read_the_way_zotero_reads_them(papers):
    expected_type = {"inproceedings": "conferencePaper", "conference": "conferencePaper", "article": "journalArticle"}
    for paper in papers:
        text = coins(paper)
        item = zotero_coins(text)
        assert item is not None, paper.key
        kind = "preprint" if is_preprint(paper) else expected_type.get(paper.entry_type)
        assert item["itemType"] == kind, (paper.key, item["itemType"])
        assert item["title"] == paper.title, paper.key
        if kind in ("conferencePaper", "journalArticle"):
            assert item["publicationTitle"] == container(paper), paper.key
        if kind == "preprint":
            assert item["publisher"] == "arXiv" and item["DOI"] == f"10.48550/arXiv.{paper.eprint}", paper.key
        month = paper_month(paper)
        assert item["date"] == (f"{paper.year}-{month:02d}" if month else str(paper.year)), paper.key
        if paper.doi:
            assert item["DOI"] == paper.doi, paper.key
        assert item.get("url") == paper.link, paper.key
        if arxiv_id(paper):
            assert f"rft_id=info%3Aarxiv%2F{arxiv_id(paper)}" in text, paper.key
        authors = [author for author in paper.authors if author != "et al."]
        assert len(item["creators"]) == len(authors), paper.key


def test_zotero_coins_port_is_not_vacuous():
    journal_genre = "ctx_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal&rft.genre=proceeding"
    assert zotero_coins(journal_genre)["itemType"] == "journalArticle"  # the genre is ignored in that format


# -- biblatex and BibTeX -------------------------------------------------------------------------------------

def allowed_biber_warning(line: str, unknown_authors: set[str]) -> bool:
    """biber warns on two things we keep on purpose: ``archiveprefix`` beside ``eprinttype`` (classic BibTeX
    styles read the first, biblatex the second: biber ignores the duplicate) and a paper whose authors the
    library does not know yet (``author = {others}``)."""
    if "Field 'archiveprefix' invalid in data model" in line:
        return True
    return any(f"Entry '{key}'" in line and "Missing mandatory field 'author'" in line for key in unknown_authors)


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber missing: scripts/setup test installs it")
def _entries(text: str) -> dict[str, str]:
    """A .bib download's entries by key, as written."""
    return {block.split("{", 1)[1].split(",", 1)[0]: block.strip() for block in re.split(r"\n(?=@)", text.strip())
            if block.startswith("@")}


def test_biber_validates_every_bib_download(library, files):
    """biber reads downloads/all.bib, and every other .bib download holds entries written exactly as there, so
    the data-model check of all.bib covers them all (one biber run instead of one per section and cell)."""
    unknown = {paper.key for paper in library.papers if paper.source.get("author", "").strip().lower() == "others"}
    everything = _entries(files["downloads/all.bib"])
    assert set(everything) == {paper.key for paper in library.papers}
    for path, text in files.items():
        if path.endswith(".bib") and text.strip():
            entries = _entries(text)
            assert entries and all(everything[key] == entry for key, entry in entries.items()), path
    warnings = [line for line in biber_warnings(files["downloads/all.bib"]) if not allowed_biber_warning(line, unknown)]
    assert warnings == [], warnings


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber missing: scripts/setup test installs it")
def test_biber_check_is_not_vacuous():
    text = "@article{x,\n  author = {A, B},\n  title = {T},\n  journal = {J},\n  year = {2020},\n  publisher = {P}\n}\n"
    assert any("Invalid field 'publisher'" in line for line in biber_warnings(text))


@pytest.mark.parametrize("style", ["plain", "plainnat"])
def test_bibtex_reads_every_bib_download_with_plain_and_natbib_styles(files, style):
    assert shutil.which("bibtex"), "bibtex is missing: scripts/setup test installs texlive-binaries texlive-base"
    for path, text in files.items():
        if not path.endswith(".bib") or not text.strip():
            continue
        code, stdout, log, items = bibtex_run(text, style)
        warnings = [line for line in log.splitlines() if line.startswith("Warning--")
                    and not line.startswith("Warning--can't use both volume and number fields")]
        # The one allowed: a proceedings cited by volume and issue (AAAI) as its publisher does; plain.bst has
        # no place for both, the data keeps them for every other reader.
        assert code == 0 and "error message" not in stdout and warnings == [], (path, style, warnings)
        assert items == sum(line.startswith("@") for line in text.splitlines()), (path, style)


# -- APA on the cards ----------------------------------------------------------------------------------------

def test_apa_on_cards_is_citeproc_pys_own_output_with_only_the_documented_corrections(papers):
    cards = format_citations(papers)
    items = [card_item(paper) for paper in papers]
    raw = format_items(items, raw=True)
    for paper, item, own in zip(papers, items, raw):
        card = cards[paper.key]
        assert card == tidy(own, item), paper.key
        assert "?." not in card and "!." not in card and "?</i>." not in card, paper.key
        assert card.count(html.escape(paper.title, quote=True)) == 1, paper.key  # never the title twice
        if paper.year:
            assert f"({paper.year})" in card or f"({paper.year}, " in card, paper.key


def test_tidy_fixes_only_what_it_says(taxonomy):
    from catalogue import load_library_text
    from conftest import entry

    text = entry("q2024x", title="Is It Biased?") + entry("n2024x", title="No Authors Here", author="others")
    library = load_library_text(text, "x.bib", taxonomy)
    cards = format_citations(library.papers)
    assert "Is It Biased? <i>Proceedings of Something</i>." in cards["q2024x"]
    assert cards["n2024x"].startswith("No Authors Here. (2024). <i>Proceedings of Something</i>.")


def test_every_section_is_consistent(library, files):
    for section in sections(library):
        assert json.loads(files[section.path("json")]) == [csl_item(paper) for paper in section.papers]
