"""Venue timeline, coverage matrices and charts: counts from the library, links that show exactly the
counted papers (in Chromium), accessibility."""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from collections import Counter

import bibtexparser
import pytest
from axe_playwright_python.sync_playwright import Axe

from catalogue import load_library
from catalogue.data.stats import coverage, venue_timeline
from catalogue.data.venues import load_venues

from conftest import settled, ROOT, SiteServer, watch_console


@pytest.fixture(scope="module")
def library(taxonomy):
    return load_library(ROOT / "data" / "papers.bib", taxonomy)


@pytest.fixture(scope="module")
def venues():
    return load_venues(ROOT / "data" / "venues.yml")


def test_timeline_rows_count_every_paper_once(library, venues):
    rows = venue_timeline(library.papers, venues)
    counted = Counter()
    for row in rows:
        for year in row.years:
            counted[(row.facet_id, year)] += row.count(year)
    expected = Counter((venues.classify(paper).facet_id, paper.year) for paper in library.papers)
    assert counted == expected
    assert sum(len(row.papers) for row in rows) == len(library.papers)
    # Findings share their family's row; workshops and preprints are rows of their own, preprints last.
    facet_ids = [row.facet_id for row in rows]
    assert "emnlp" in facet_ids and "emnlp-workshop" in facet_ids and facet_ids[-1] == "arxiv"
    emnlp = next(row for row in rows if row.facet_id == "emnlp")
    # Main-track and Findings papers of EMNLP share the row; no workshop paper or preprint joins it.
    assert {"marchisio2024quantization", "xu2024beyond", "goncalves2023understanding"} <= {
        paper.key for paper in emnlp.papers}
    assert {venues.classify(paper).track for paper in emnlp.papers} == {"main", "findings"}


def test_coverage_counts_equal_the_library(library, taxonomy):
    harm, compression = taxonomy.vocabulary("harm"), taxonomy.vocabulary("compression")
    matrix = coverage(library.papers, harm, compression)
    for (row, column), cell in matrix.cells.items():
        expected = sum(1 for paper in library.papers if row in paper.tagged("harm") and column in paper.tagged("compression"))
        assert cell.count == expected


@pytest.fixture(scope="module")
def site(real_project):
    server = SiteServer(real_project / "site")
    yield server
    server.close()


def labelled_links(page, selector):
    """(href, count) of every link whose aria-label ends in ': N paper(s)' or starts with 'N paper(s) on'."""
    found = page.eval_on_selector_all(selector, "links => links.map(a => [new URL(a.getAttribute('href'), location.href).href, a.getAttribute('aria-label')])")
    out = []
    for href, label in found:
        match = re.search(r": (\d+) papers?$", label or "") or re.match(r"(\d+) papers? on ", label or "")
        assert match, label
        out.append((href, int(match.group(1))))
    return out


def shown_count(page, url, draw_all=True):
    """How many papers the link shows: the status says it, and with every match drawn ("Show all" when a
    list is longer than its first cards) the cards agree; without ``draw_all``, the first cards drawn do."""
    here, there = urlsplit(page.url), urlsplit(url)
    if not draw_all and (here.netloc, here.path) == (there.netloc, there.path):
        # Same listing: step to the address as Back/Forward would (the filters read it from the address),
        # instead of reloading the page and its index for every link.
        page.evaluate("url => { history.pushState(null, '', url); dispatchEvent(new PopStateEvent('popstate')); }", url)
        page.wait_for_function("url => location.href === url", arg=url)
    else:
        page.goto(url)
    settled(page)
    status = page.inner_text("#cat-count")
    said = int(status.split(" of ")[0])
    if not draw_all:
        assert page.locator("article.cat-card").count() == min(said, 10), (url, status)
        return said
    if page.is_visible("button.cat-more"):
        page.click("button.cat-more")
        page.wait_for_function("n => document.querySelectorAll('#cat-list article.cat-card').length === n", arg=said)
    count = page.locator("article.cat-card").count()
    assert count == said, (url, status)
    return count


def test_every_timeline_mark_opens_exactly_its_papers(site, page, library):
    errors = watch_console(page)
    page.goto(site.url + "timeline/")
    marks = labelled_links(page, "svg#venue-timeline a")
    assert sum(count for _, count in marks) == len(library.papers)
    for number, (href, count) in enumerate(marks):
        # Every mark's count is checked; the first few also draw every matching card ("Show all").
        assert shown_count(page, href, draw_all=number < 5) == count, href
    assert errors == []


def test_every_matrix_cell_opens_exactly_its_papers_and_bib(site, page, request):
    page.goto(site.url + "coverage/")
    cells = labelled_links(page, "table.cat-matrix a.cat-matrix__count")
    downloads = page.eval_on_selector_all("table.cat-matrix a.cat-matrix__bib", "links => links.map(a => a.href)")
    assert len(cells) == len(downloads) > 0
    open_cells = page.locator("td.cat-matrix__cell--open").count()
    assert open_cells == page.locator("td.cat-matrix__cell[data-count='0']").count()
    for number, ((href, count), bib_url) in enumerate(zip(cells, downloads)):
        assert shown_count(page, href, draw_all=number < 5) == count, href
        response = page.request.get(bib_url)
        assert response.ok, bib_url
        assert len(bibtexparser.parse_string(response.text()).entries) == count, bib_url


def test_dimension_year_bars_open_that_year(site, page, library):
    page.goto(site.url + "fairness/")
    bars = labelled_links(page, "svg.cat-svg a")
    fairness = [paper for paper in library.papers if "fairness" in paper.tagged("harm")]
    assert sum(count for _, count in bars) == len(fairness)
    for href, count in bars:
        assert shown_count(page, href) == count, href


def test_home_shows_live_figures_and_chart(site, page, library):
    page.goto(site.url)
    text = page.inner_text("article")
    assert f"{len(library.papers)} papers" in text
    assert page.locator("svg#home-years").count() == 1
    bars = labelled_links(page, "svg#home-years a")
    assert sum(count for _, count in bars) == len(library.papers)
    assert page.locator("svg#home-years title").first.text_content() == "Papers per year"


@pytest.mark.parametrize("path", ["", "timeline/", "coverage/", "fairness/", "papers/", "contributing/", "about/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_violations(site, browser, path, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site.url + path)
    results = Axe().run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()
