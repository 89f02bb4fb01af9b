"""Listings that stay small as the library grows (issue 21): a listing's page carries its newest cards and a
pager; continuations (page-2/, ...) hold the rest, so every paper is reachable without scripts; the listing
index holds every paper for the filters. Real builds of a 1,000-entry synthetic library."""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from synthetic import synthetic_library  # noqa: E402

from catalogue import load_library_text  # noqa: E402
from catalogue.data.grouping import sort_newest_first  # noqa: E402
from catalogue.render.renderer import Renderer  # noqa: E402

from conftest import make_project, mkdocs_build  # noqa: E402

SIZE = 1000
FIRST, PAGE = Renderer(None).first_page, Renderer(None).page_size  # cards on a listing's page, on a continuation
BUDGET = 100_000  # bytes, gzip level 6: a listing's HTML at any library size (issue 21)
DIMENSIONS = ("fairness", "robustness", "calibration", "safety", "faithfulness", "privacy", "knowledge")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("synthetic") / "p", synthetic_library(SIZE))
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def listing_pages(site: Path) -> list[Path]:
    pages = [site / "papers" / "index.html", *sorted((site / "papers").glob("page-*/index.html"))]
    for name in DIMENSIONS:
        pages += [site / name / "index.html", *sorted((site / name).glob("page-*/index.html"))]
    return [page for page in pages if page.exists()]


def test_every_listing_page_stays_within_its_byte_budget(synthetic):
    pages = listing_pages(synthetic)
    assert len(pages) > 20  # the listings of 1,000 papers are paged
    sizes = {page.relative_to(synthetic).as_posix(): len(gzip.compress(page.read_bytes(), compresslevel=6))
             for page in pages}
    over = {page: size for page, size in sizes.items() if size > BUDGET}
    assert not over, f"over {BUDGET:,} bytes gzipped: {over}"
    # Page 1 of All papers does not grow with the library: its first cards at any size.
    assert len(re.findall(r'<article class="cat-card"', (synthetic / "papers" / "index.html").read_text())) == FIRST


def _links(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', html)


def crawl(site: Path, listing: str) -> tuple[list[str], set[str]]:
    """The cards met following only a listing's pager links from its first page (as a reader without scripts
    would), in order, and the paper pages their links name."""
    cards: dict[str, list[str]] = {}
    queue = [listing]
    linked: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in cards:
            continue
        html = (site / url / "index.html").read_text(encoding="utf-8")
        cards[url] = re.findall(r'<article class="cat-card" data-key="([^"]+)"', html)
        for href in _links(html):
            target = urljoin("/" + url, href.split("#")[0].split("?")[0]).lstrip("/")
            if re.fullmatch(re.escape(listing) + r"page-\d+/", target):
                queue.append(target)
            elif re.fullmatch(r"papers/[a-z0-9_-]+/", target) and not target.startswith("papers/page-"):
                linked.add(target.split("/")[1])
    number = lambda url: int(url.rstrip("/").rsplit("-", 1)[1]) if "page-" in url else 1  # noqa: E731
    return [key for url in sorted(cards, key=number) for key in cards[url]], linked


def test_dimension_pages_reach_all_their_papers_without_scripts(synthetic, taxonomy):
    library = load_library_text(synthetic_library(SIZE), "papers.bib", taxonomy)
    for name in ("fairness", "safety", "privacy"):
        expected = [paper.key for paper in sort_newest_first(library.papers) if name in paper.tagged("harm")]
        keys, linked = crawl(synthetic, f"{name}/")
        assert keys == expected and linked >= set(keys), name


def test_every_paper_is_reachable_without_scripts(synthetic):
    """Follow only links from All papers and its continuations, as a reader without scripts would: every
    paper's page is linked from a card, and every card is on one page, newest first across the pages."""
    seen_pages: set[str] = set()
    queue = ["papers/"]
    keys_in_order: list[str] = []
    linked_papers: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in seen_pages:
            continue
        seen_pages.add(url)
        html = (synthetic / url / "index.html").read_text(encoding="utf-8")
        keys_in_order += re.findall(r'<article class="cat-card" data-key="([^"]+)"', html)
        for href in _links(html):
            target = urljoin("/" + url, href.split("#")[0].split("?")[0]).lstrip("/")
            if re.fullmatch(r"papers/page-\d+/", target):
                queue.append(target)
            elif re.fullmatch(r"papers/[a-z0-9_-]+/", target):
                linked_papers.add(target.split("/")[1])
    pages = sorted(seen_pages, key=lambda url: int(url.split("-")[1].rstrip("/")) if "page-" in url else 1)
    assert len(pages) == 1 + -(-(SIZE - FIRST) // PAGE)
    assert len(keys_in_order) == SIZE and len(set(keys_in_order)) == SIZE
    assert linked_papers >= set(keys_in_order)
    for key in keys_in_order:
        assert (synthetic / "papers" / key / "index.html").exists()


def test_continuations_follow_the_listing_order_and_link_back(synthetic, taxonomy):
    library = load_library_text(synthetic_library(SIZE), "papers.bib", taxonomy)
    ordered = [paper.key for paper in sort_newest_first(library.papers)]
    first = re.findall(r'data-key="([^"]+)"', (synthetic / "papers" / "index.html").read_text())
    second = (synthetic / "papers" / "page-2" / "index.html").read_text(encoding="utf-8")
    assert first == ordered[:FIRST]
    assert re.findall(r'<article class="cat-card" data-key="([^"]+)"', second) == ordered[FIRST:FIRST + PAGE]
    assert f"Papers {FIRST + 1}–{FIRST + PAGE} of 1000" in second and '<a href="../">Filter and search this list</a>' in second
    assert '<a href="../page-3/" rel="next">Older papers</a>' in second and 'rel="prev"' in second
    # Tag, venue and author links on a continuation filter the listing itself (one folder up).
    assert 'href="../?compression=' in second and 'href="../?author=' in second
    # A paper page names the page of All papers that shows its card.
    last = ordered[-1]
    pages = 1 + -(-(SIZE - FIRST) // PAGE)
    assert f'href="../page-{pages}/#{last}"' in (synthetic / "papers" / last / "index.html").read_text()


def test_the_listing_index_holds_every_paper_in_listing_order(synthetic, taxonomy):
    library = load_library_text(synthetic_library(SIZE), "papers.bib", taxonomy)
    index = json.loads((synthetic / "papers" / "listing-index.json").read_text(encoding="utf-8"))
    header, records = index["header"], index["records"]
    assert header["tags"]["harm"]["fairness"] == ["Fairness and bias", "../fairness/"]
    # Each record names its paper's own page as seen from a listing, and the anchor its old card link used.
    assert all(record["u"] == f"../papers/{record['n']}/" and record["n"] == record["k"].lower() for record in records)
    assert [record["k"] for record in records] == [paper.key for paper in sort_newest_first(library.papers)]
    sample = records[0]
    assert sample["h"].startswith(f'<article class="cat-card" data-key="{sample["k"]}"')
    assert 'class="Z3988"' not in sample["h"]  # COinS stay on the pages, for Zotero
    assert set(sample["t"]) >= {"harm", "compression", "modality", "contribution", "verified"}
