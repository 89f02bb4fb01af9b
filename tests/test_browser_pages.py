"""Issue 14 in real headless Chromium on the real catalogue: papers first on every listing, the table view,
search that finds the paper, paper pages (copy, links, axe), and no sideways scrolling at 390 pixels."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, SiteServer, watch_console

import sys

sys.path.insert(0, str(ROOT / "benchmarks"))

from quality_gates import site_url_of  # noqa: E402

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LISTINGS = ["papers/", "fairness/", "robustness/", "calibration/", "safety/", "faithfulness/", "privacy/",
            "knowledge/"]


@pytest.fixture(scope="module")
def served(real_project):
    site = real_project / "site"
    server = SiteServer(site, prefix=urlsplit(site_url_of(site)).path)
    server.site_dir = site
    yield server
    server.close()


@pytest.fixture(scope="module")
def a_paper(real_project) -> str:
    return "hong2024decoding" if (real_project / "site/papers/hong2024decoding").exists() else sorted(
        path.name for path in (real_project / "site/papers").iterdir() if path.is_dir())[0]


def new_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, **options)
    return context, context.new_page()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x900", "390x844"])
@pytest.mark.parametrize("path", LISTINGS)
def test_first_paper_is_visible_without_scrolling(served, browser, viewport, path):
    context, page = new_page(browser, viewport)
    page.goto(served.url + path)
    page.wait_for_selector("form.cat-filters[data-indexed]")
    title = page.locator("article.cat-card h3").first.bounding_box()
    context.close()
    assert title is not None and title["y"] + title["height"] <= viewport["height"], (path, title)


@pytest.mark.parametrize("width", [1920, 1280, 1000, 720, 390])
def test_every_table_column_fits_its_box(served, browser, width):
    """The Found column is never cut off: the table is no wider than the box it scrolls in."""
    context, page = new_page(browser, {"width": width, "height": 900})
    page.goto(served.url + "papers/?view=table")
    page.wait_for_selector("table.cat-table[data-complete]")
    table, box = page.evaluate("() => { const t = document.querySelector('table.cat-table');"
                               " return [t.scrollWidth, t.parentElement.clientWidth]; }")
    found = page.locator("table.cat-table thead th").last.bounding_box()
    context.close()
    assert table <= box + 1, (width, table, box)
    assert found is not None and found["x"] + found["width"] <= width, (width, found)


BROKEN_WORDS = """() => { const broken = [];
  document.querySelectorAll('table.cat-findings__table th, table.cat-findings__table td').forEach((cell) => {
    const probe = document.createElement('span');
    probe.style.cssText = 'position: absolute; visibility: hidden; white-space: nowrap; font: inherit';
    cell.appendChild(probe);
    for (const word of cell.textContent.split(/\\s+/).filter(Boolean)) {
      probe.textContent = word;
      if (probe.getBoundingClientRect().width > cell.clientWidth + 0.5) { broken.push(word); }
    }
    probe.remove();
  });
  return broken; }"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x900", "390x844"])
def test_findings_table_never_breaks_a_word(served, browser, a_paper, viewport):
    """Each cell is at least as wide as its longest word ("Models", not "Mod" over "els")."""
    context, page = new_page(browser, viewport)
    page.goto(f"{served.url}papers/{a_paper}/")
    assert page.locator("table.cat-findings__table").count() == 1
    broken = page.evaluate(BROKEN_WORDS)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    context.close()
    assert broken == [] and width <= viewport["width"], (broken, width)


def test_the_listing_index_loads_once_and_the_pager_works_without_it(served, browser):
    """papers/ draws its own newest cards; the index arrives once, after the page has loaded (or when the reader
    starts to filter), and the continuation pages reach every other card, scripts or not."""
    context, page = new_page(browser, DESKTOP)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served.url + "papers/")
    page.wait_for_selector("form.cat-filters[data-indexed]")  # loaded when the page is idle, unasked
    assert sum(url.endswith("papers/listing-index.json") for url in requested) == 1
    assert page.locator("#cat-list article.cat-card").count() == 10
    context.close()
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(served.url + "papers/")
    keys = page.eval_on_selector_all("article.cat-card", "cards => cards.map(c => c.dataset.key)")
    while page.locator('.cat-pager a[rel="next"]').count():
        # Follow the link as a reader would, and read the next page once it has loaded.
        page.goto(page.eval_on_selector('.cat-pager a[rel="next"]', "link => link.href"))
        keys += page.eval_on_selector_all("article.cat-card", "cards => cards.map(c => c.dataset.key)")
    index = json.loads((served.site_dir / "papers" / "listing-index.json").read_text(encoding="utf-8"))
    assert keys == [record["k"] for record in index["records"]]  # every paper, in the listing's order
    context.close()


def test_table_view_is_dense_sortable_and_kept_in_the_url(served, browser):
    context, page = new_page(browser, DESKTOP)
    errors = watch_console(page)
    page.goto(served.url + "papers/")
    page.wait_for_selector("form.cat-filters[data-indexed]")
    assert page.locator("table.cat-table").count() == 0  # cards by default
    page.click('.cat-view__option[data-view="table"]')
    assert "view=table" in page.url
    page.wait_for_selector("table.cat-table[data-complete]")  # rows are drawn a batch per task
    rows = page.locator("table.cat-table tbody tr")
    first = rows.first.bounding_box()
    per_screen = sum(1 for box in (rows.nth(index).bounding_box() for index in range(min(rows.count(), 40)))
                     if box and first["y"] <= box["y"] and box["y"] + box["height"] <= first["y"] + 900)
    assert per_screen >= 15, per_screen
    assert not page.locator("article.cat-card").first.is_visible()
    # Sortable by year, venue and title.
    page.click('button[data-sort="title"]')
    page.wait_for_selector("table.cat-table[data-complete]")
    assert in_order(page, "table.cat-table tbody th")
    assert page.get_attribute('th:has(button[data-sort="title"])', "aria-sort") == "ascending"
    page.click('button[data-sort="year"]')
    page.wait_for_selector("table.cat-table[data-complete]")
    years = page.eval_on_selector_all("table.cat-table tbody td:nth-child(4)", "cells => cells.map(c => +c.textContent)")
    assert years == sorted(years, reverse=True)
    page.click('button[data-sort="venue"]')
    page.wait_for_selector("table.cat-table[data-complete]")
    assert in_order(page, "table.cat-table tbody td:nth-child(3)")
    # The table follows the filters, and a reload keeps the view.
    page.locator("#cat-q").press_sequentially("Proskurina")
    page.wait_for_function("() => document.querySelectorAll('table.cat-table tbody tr').length === "
                           "+document.querySelector('#cat-count strong').textContent")
    page.reload()
    page.wait_for_selector("table.cat-table[data-complete] tbody tr")
    href = page.get_attribute("table.cat-table tbody th a", "href")
    assert re.fullmatch(r"\.\./papers/[\w-]+/", href), href
    page.click('.cat-view__option[data-view="cards"]')
    assert "view=table" not in page.url and page.locator("table.cat-table").count() == 0
    context.close()
    assert errors == []


def in_order(page, selector: str) -> bool:
    """The cells' texts are in the browser's own collation order (as the table sorts them)."""
    return page.eval_on_selector_all(selector, """cells => cells.map(c => c.textContent).every((text, i, all) =>
        i === 0 || all[i - 1].localeCompare(text, undefined, { sensitivity: "base" }) <= 0)""")


@pytest.mark.parametrize("term, check", [
    ("Hong", lambda titles: "Decoding Compressed Trust: Scrutinizing the Trustworthiness of Efficient LLMs Under "
                            "Compression" in titles[:3]),
    ("Proskurina", lambda titles: titles[0] in ("Fair-GPTQ: Bias-Aware Quantization for Large Language Models",
                                                "When Quantization Affects Confidence of Large Language Models?")),
    ("GPTQ", lambda titles: titles[0] == "Fair-GPTQ: Bias-Aware Quantization for Large Language Models"),
])
def test_search_finds_the_paper(served, browser, term, check):
    context, page = new_page(browser, DESKTOP)
    results = search(page, served.url, term)
    context.close()
    titles = [title for _, title in results]
    assert check(titles), results
    locations = [href for href, _ in results]
    assert len(locations) == len(set(locations))  # one result per paper


def test_search_for_jailbreak_puts_safety_papers_first(served, browser, real_project):
    context, page = new_page(browser, DESKTOP)
    results = search(page, served.url, "jailbreak")
    safety = set()
    for href, _ in results[:3]:
        key = re.search(r"/papers/([\w-]+)/", href).group(1)
        html = (real_project / "site/papers" / key / "index.html").read_text()
        if 'href="../../safety/">' in html:
            safety.add(key)
    context.close()
    assert len(safety) == 3, results


def search(page, url, term) -> list[tuple[str, str]]:
    page.goto(url)
    page.click("input.md-search__input")
    page.locator("input.md-search__input").press_sequentially(term)
    page.wait_for_selector(".md-search-result__item")
    previous = None
    for _ in range(40):
        current = page.eval_on_selector_all(
            ".md-search-result__item > a.md-search-result__link",
            "links => links.map(a => [a.href, (a.querySelector('h1, h2') || {}).textContent || ''])")
        if current == previous:
            return [(href, title.strip()) for href, title in current]
        previous = current
        page.wait_for_timeout(150)
    raise AssertionError(f"search results kept changing: {previous}")


def test_paper_page_copies_bibtex_and_apa_and_links_authors(served, browser, a_paper):
    context, page = new_page(browser, DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    errors = watch_console(page)
    page.goto(f"{served.url}papers/{a_paper}/")
    bibtex = page.locator("pre.cat-cite__bib").text_content()
    page.click("button.cat-copy-bib")
    page.wait_for_function("() => document.querySelector('button.cat-copy-bib').textContent === 'BibTeX copied'")
    assert page.evaluate("() => navigator.clipboard.readText()") == bibtex
    page.click("button.cat-copy-apa")
    page.wait_for_function("() => document.querySelector('button.cat-copy-apa').textContent === 'APA copied'")
    assert page.evaluate("() => navigator.clipboard.readText()") == page.locator(".cat-cite__apa-text").inner_text()
    author = page.locator(".cat-paper__meta .cat-card__authors a").first
    name = author.inner_text()
    author.click()
    page.wait_for_selector("form.cat-filters[data-indexed]")
    assert page.locator(".cat-filters__author-name").inner_text() == name
    keys = page.eval_on_selector_all("article.cat-card", "cards => cards.map(c => c.dataset.key)")
    assert a_paper in keys
    for key in keys:
        assert name in page.locator(f'article[data-key="{key}"] .cat-card__authors').inner_text()
    context.close()
    assert errors == []


def test_card_tag_and_venue_links_open_the_filtered_listing(served, browser):
    context, page = new_page(browser, DESKTOP)
    page.goto(served.url + "safety/")
    page.wait_for_selector("form.cat-filters[data-indexed]")
    page.locator("article.cat-card .cat-chip--compression a").first.click()
    page.wait_for_selector("form.cat-filters[data-indexed]")
    assert re.search(r"/safety/\?compression=[\w-]+$", page.url)
    value = page.url.rsplit("=", 1)[1]
    assert page.is_checked(f'input[name="compression"][value="{value}"]')
    # The first ten matches are drawn; the status counts them all, and says how many are shown.
    matching = int(page.locator("#cat-count strong").inner_text())
    assert page.locator("article.cat-card").count() == min(matching, 10)
    assert matching <= 10 or page.inner_text("#cat-count").endswith("(showing the first 10)")
    context.close()


PAGE_TYPES = ["", "papers/", "papers/?view=table", "fairness/", "safety/", "faithfulness/", "timeline/",
              "coverage/", "evidence/", "whats-new/", "about/", "contributing/", "no/such/page/"]


@pytest.mark.parametrize("path", PAGE_TYPES + ["PAPER"])
def test_no_sideways_scrolling_at_390_pixels(served, browser, path, a_paper):
    context, page = new_page(browser, PHONE)
    page.goto(served.url + (f"papers/{a_paper}/" if path == "PAPER" else path))
    page.wait_for_timeout(300)
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    context.close()
    assert width[0] <= width[1], (path, width)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["PAPER", "papers/?view=table", "safety/"])
def test_axe_on_the_new_page_types(served, browser, path, scheme, a_paper):
    context, page = new_page(browser, DESKTOP, color_scheme=scheme)
    page.goto(served.url + (f"papers/{a_paper}/" if path == "PAPER" else path))
    if path != "PAPER":
        page.wait_for_selector("form.cat-filters[data-indexed]")
        page.wait_for_selector("html[data-laid-out=true]")
    if "table" in path:
        page.wait_for_selector("table.cat-table")
    results = Axe().run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()
