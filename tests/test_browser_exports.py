"""Cite control, selection download and section downloads, in real headless Chromium."""

from __future__ import annotations

import json
import re

import bibtexparser
import pytest

from catalogue import load_library_text
from catalogue.exports.bibliography import bibtex_entry

from conftest import build_and_serve, watch_console
from test_browser_filters import FIXTURE, QUANTIZED


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    server = build_and_serve(tmp_path_factory.mktemp("exports") / "p", FIXTURE)
    yield server
    server.close()


@pytest.fixture(scope="module")
def papers(taxonomy):
    return {paper.key: paper for paper in load_library_text(FIXTURE, "papers.bib", taxonomy).papers}


def keys_of(bib_text: str) -> list[str]:
    parsed = bibtexparser.parse_string(bib_text)
    assert not parsed.failed_blocks
    return [block.key for block in parsed.entries]


def test_cite_shows_and_copies_the_exact_bibtex(site, page, papers):
    errors = watch_console(page)
    page.goto(f"{site.url}papers/")
    card = page.locator('article[data-key="gamma2023attack"]')
    card.locator("details.cat-cite > summary").click()
    expected = bibtex_entry(papers["gamma2023attack"])
    assert card.locator(".cat-cite__bib").text_content() == expected
    assert "Gamma Attacks on Compressed Models" in card.locator(".cat-cite__apa").inner_text()
    card.locator("button.cat-copy-bib").click()
    page.wait_for_function("() => document.querySelector('article[data-key=gamma2023attack] button.cat-copy-bib')"
                           ".textContent === 'BibTeX copied'")
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    assert errors == []


def test_a_cards_citation_is_fetched_once_from_the_paper_page(site, page):
    """The listing carries no BibTeX; the Cite control and both copy buttons share one fetch of the paper page."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "/papers/gamma2023attack/" in request.url else None)
    page.goto(f"{site.url}papers/")
    card = page.locator('article[data-key="gamma2023attack"]')
    assert card.locator("pre.cat-cite__bib").count() == 0
    card.locator("button.cat-copy-apa").click()
    page.wait_for_function("() => document.querySelector('article[data-key=gamma2023attack] button.cat-copy-apa')"
                           ".textContent === 'APA copied'")
    card.locator("details.cat-cite > summary").click()
    assert card.locator(".cat-cite__bib").text_content().startswith("@")
    card.locator("button.cat-copy-bib").click()
    page.wait_for_function("() => document.querySelector('article[data-key=gamma2023attack] button.cat-copy-bib')"
                           ".textContent === 'BibTeX copied'")
    assert len(fetched) == 1, fetched


def test_a_citation_that_cannot_be_fetched_says_so(site, page):
    page.route("**/papers/gamma2023attack/", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(f"{site.url}papers/")
    card = page.locator('article[data-key="gamma2023attack"]')
    card.locator("button.cat-copy-bib").click()
    page.wait_for_function("() => (document.getElementById('cat-announce') || {}).textContent"
                           " === 'Could not copy the BibTeX'")
    assert card.locator("button.cat-copy-bib").text_content() == "Copy BibTeX"
    # The control still offers the way to the paper's page.
    assert card.locator(".cat-cite__away a").get_attribute("href") == "../papers/gamma2023attack/#cite"


def test_without_javascript_the_cite_control_leads_to_the_paper_page(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}papers/")
    card = page.locator('article[data-key="gamma2023attack"]')
    card.locator("details.cat-cite > summary").click()
    link = card.locator(".cat-cite__away a")
    assert link.is_visible() and link.get_attribute("href") == "../papers/gamma2023attack/#cite"
    link.click()
    page.wait_for_load_state()
    assert page.locator("#cite").is_visible() and page.locator("pre.cat-cite__bib").is_visible()
    context.close()


def test_selection_download_is_exactly_the_filtered_set(site, page):
    page.goto(f"{site.url}papers/?compression=quantization")
    page.wait_for_selector("form.cat-filters[data-indexed]")
    assert page.locator("#cat-count").inner_text() == "3 of 6 papers"
    button = page.locator('button.cat-download[data-format="bib"]')
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "quantization.bib"  # named after the filter
    text = open(download.path(), encoding="utf-8").read()
    assert set(keys_of(text)) == QUANTIZED and len(keys_of(text)) == 3
    page.locator("#cat-q").press_sequentially("zeta")
    with page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == "quantization-zeta.bib"
    assert keys_of(open(info.value.path(), encoding="utf-8").read()) == ["zeta2021speech"]


def test_selection_downloads_in_ris_and_csl_json(site, page):
    """The other two formats hold exactly the papers shown, in the listing's order, named after the filter."""
    page.goto(f"{site.url}safety/?compression=quantization")
    page.wait_for_selector("form.cat-filters[data-indexed]")
    with page.expect_download() as info:
        page.click('button.cat-download[data-format="ris"]')
    assert info.value.suggested_filename == "safety-quantization.ris"
    ris = open(info.value.path(), encoding="utf-8").read()
    assert re.findall(r"^ID  - (.+)$", ris, re.M) == ["gamma2023attack"] and ris.count("ER  -") == 1
    with page.expect_download() as info:
        page.click('button.cat-download[data-format="json"]')
    assert info.value.suggested_filename == "safety-quantization.json"
    assert [item["id"] for item in json.load(open(info.value.path(), encoding="utf-8"))] == ["gamma2023attack"]


def test_apa_copy_button_copies_the_reference(site, page):
    page.goto(f"{site.url}papers/")
    card = page.locator('article[data-key="gamma2023attack"]')
    card.locator("button.cat-copy-apa").click()
    page.wait_for_function("() => document.querySelector('article[data-key=gamma2023attack] button.cat-copy-apa')"
                           ".textContent === 'APA copied'")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "Gamma Attacks on Compressed Models" in copied and "2023" in copied and "<" not in copied


@pytest.mark.parametrize("page_path, section, expected", [
    ("fairness/", "fairness", {"alpha2025gptq", "beta2024prune", "eps2024lowrank"}),
    ("safety/", "safety", {"gamma2023attack", "eps2024lowrank"}),
    ("papers/", "all", {"alpha2025gptq", "beta2024prune", "gamma2023attack", "delta2022distil",
                        "eps2024lowrank", "zeta2021speech"}),
])
def test_section_links_download_that_sections_papers(site, page, page_path, section, expected):
    page.goto(site.url + page_path)
    with page.expect_download() as info:
        page.click(f'.cat-intro__downloads a[href$="downloads/{section}.bib"]')
    assert set(keys_of(open(info.value.path(), encoding="utf-8").read())) == expected
    for fmt in ("ris", "json"):
        assert page.locator(f'.cat-intro__downloads a[href$="downloads/{section}.{fmt}"]').count() == 1
