"""Issue 22 in real headless Chromium on the real catalogue: links that land on the answer (first paper on the
first screen, facet panel closed, one removable chip per filter), the table of every finding (filters,
sorting, columns, state in the address, CSV of exactly the rows shown) and axe on the new page types."""

from __future__ import annotations

import csv
import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from test_browser_pages import DESKTOP, PHONE, a_paper, new_page, served  # noqa: F401 - fixtures
from conftest import ROOT, watch_console

LISTING_LINKS = {
    # the README's old headline link and issue 22's worst case
    "safety/?compression=quantization&band=4bit&direction=worse": 3,
    "papers/?method=gptq": 1,
}


def first_paper_bottom(page) -> float:
    box = page.locator("#cat-list article.cat-card h3 a, table.cat-question__findings td a").first.bounding_box()
    assert box is not None
    return box["y"] + box["height"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x900", "390x844"])
@pytest.mark.parametrize("path", list(LISTING_LINKS))
def test_a_filtered_listing_lands_on_its_answer(served, browser, viewport, path):
    context, page = new_page(browser, viewport)
    errors = watch_console(page)
    page.goto(served.url + path)
    page.wait_for_selector("form.cat-filters[data-indexed]:not([aria-busy])", state="attached")
    assert first_paper_bottom(page) <= viewport["height"], path
    assert page.evaluate("() => document.querySelector('details.cat-filters__more').open") is False
    chips = page.locator(".cat-chips .cat-chip")
    assert chips.count() == LISTING_LINKS[path]
    status = page.locator("#cat-count").inner_text()
    shown = page.locator("#cat-list article.cat-card").count()
    assert re.match(r"^\d+ of \d+ papers", status) and shown >= 1
    context.close()
    assert errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x900", "390x844"])
def test_the_readme_headline_and_an_evidence_cell_land_on_a_question_with_a_paper_in_view(served, browser, viewport):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    headline = re.search(r"\[Its question page answers it\]\(https://[^)]+/(questions/[a-z-]+/)\)", readme)
    assert headline is not None and headline.group(1) == "questions/safety-quantization/"
    context, page = new_page(browser, viewport)
    page.goto(served.url + headline.group(1))
    assert page.locator("h1").inner_text() == "Does quantization affect safety?"
    assert first_paper_bottom(page) <= viewport["height"]
    # Evidence map: the first non-empty cell's question link, followed by a click.
    page.goto(served.url + "evidence/")
    link = page.locator("a.cat-evidence__question").first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url("**/questions/**")
    page.evaluate("() => window.scrollTo(0, 0)")
    assert page.locator("h1").inner_text().startswith("Does ")
    assert first_paper_bottom(page) <= viewport["height"]
    context.close()


def test_removing_a_chip_removes_its_filter(served, browser):
    context, page = new_page(browser, DESKTOP)
    page.goto(served.url + "safety/?compression=quantization&direction=worse")
    page.wait_for_selector("form.cat-filters[data-indexed]:not([aria-busy])", state="attached")
    before = int(page.locator("#cat-count strong").inner_text())
    chip = page.locator(".cat-chip", has_text="Worse")
    assert chip.count() == 1
    chip.click()
    page.wait_for_function("() => !location.search.includes('direction=')")
    page.wait_for_selector("form.cat-filters:not([aria-busy])", state="attached")
    assert page.locator(".cat-chips .cat-chip").count() == 1
    assert int(page.locator("#cat-count strong").inner_text()) >= before
    assert "compression=quantization" in page.url
    context.close()


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def open_findings(page, url):
    page.goto(url)
    page.wait_for_selector("form.cat-ftable__controls[data-indexed]:not([aria-busy])", state="attached")


def download_csv(page) -> str:
    with page.expect_download() as info:
        page.locator("button.cat-ftable__csv").click()
    return open(info.value.path(), encoding="utf-8", newline="").read()


def test_findings_table_filters_and_downloads_exactly_the_rows_shown(served, browser):
    site_csv = (served.site_dir / "downloads" / "findings.csv").read_bytes().decode("utf-8")  # CRLF kept
    rows = csv_rows(site_csv)
    header, body = rows[0], rows[1:]
    column = {name: i for i, name in enumerate(header)}
    context, page = new_page(browser, DESKTOP, accept_downloads=True)
    errors = watch_console(page)
    open_findings(page, served.url + "findings/")
    # Unfiltered, the page keeps its first 100 rows and its pager; every finding matches, and the CSV of the
    # matching rows is the site's findings.csv, byte for byte.
    assert page.locator("#cat-ftable tbody tr").count() == min(100, len(body))
    assert page.locator(".cat-pager").is_visible() == (len(body) > 100)
    assert page.locator("button.cat-ftable__csv").inner_text() == f"Download the {len(body)} matching rows as CSV"
    assert download_csv(page) == site_csv
    open_findings(page, served.url + "findings/?harm=safety&direction=worse")
    expected = [row for row in body if row[column["harm"]] == "safety" and row[column["direction"]] == "worse"]
    assert page.locator("#cat-ftable tbody tr").count() == len(expected) > 0
    assert not page.locator(".cat-pager").is_visible()
    assert page.locator("#cat-ftable-count").inner_text().startswith(f"{len(expected)} of {len(body)} findings")
    assert page.locator(".cat-chips .cat-chip").count() == 2
    assert page.evaluate("() => document.querySelector('details.cat-filters__more').open") is False
    assert csv_rows(download_csv(page)) == [header] + expected
    # Clearing the filters brings back the page's own rows and pager, and an address without a query.
    page.locator("form.cat-ftable__controls .cat-clear").click()
    page.wait_for_function("() => location.search === ''")
    assert page.locator("#cat-ftable tbody tr").count() == min(100, len(body))
    assert page.locator(".cat-pager").is_visible() == (len(body) > 100)
    assert page.locator(".cat-chips .cat-chip").count() == 0
    context.close()
    assert errors == []


def test_findings_table_sorts_chooses_columns_and_keeps_both_in_the_address(served, browser):
    context, page = new_page(browser, DESKTOP)
    open_findings(page, served.url + "findings/")
    page.locator('th[data-column="delta"] button').click()
    page.locator('th[data-column="delta"] button').click()
    page.wait_for_function("() => location.search.includes('sort=-delta')")
    assert page.locator('th[data-column="delta"]').get_attribute("aria-sort") == "descending"
    index = [th.get_attribute("data-column") for th in page.locator("#cat-ftable thead th").all()].index("delta")
    values = [cell.inner_text() for cell in page.locator(f"#cat-ftable tbody tr td:nth-child({index + 1})").all()]
    numbers = [float(value) for value in values if value]
    assert len(numbers) >= 20 and numbers == sorted(numbers, reverse=True)
    assert all(not value for value in values[len(numbers):])  # rows without a change come last
    page.locator("details.cat-ftable__columns summary").click()
    page.locator('input[name="cols"][value="location"]').uncheck()
    page.locator('input[name="cols"][value="models"]').check()
    page.wait_for_function("() => location.search.includes('cols=')")
    columns = [th.get_attribute("data-column") for th in page.locator("#cat-ftable thead th").all()]
    assert "location" not in columns and "models" in columns
    url = page.url
    context.close()
    context, page = new_page(browser, DESKTOP)
    open_findings(page, url)  # the address alone restores the state
    columns = [th.get_attribute("data-column") for th in page.locator("#cat-ftable thead th").all()]
    assert "location" not in columns and "models" in columns
    assert page.locator('th[data-column="delta"]').get_attribute("aria-sort") == "descending"
    context.close()


@pytest.mark.parametrize("path", ["questions/", "questions/safety-quantization/", "findings/", "findings/page-2/"])
def test_no_sideways_scrolling_on_the_new_pages_at_390_pixels(served, browser, path):
    context, page = new_page(browser, PHONE)
    page.goto(served.url + path)
    page.wait_for_timeout(300)
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    context.close()
    assert width[0] <= width[1], (path, width)


@pytest.mark.parametrize("scheme", ["light", "dark"])
# The gates run axe on the questions' index, a sample of question pages and findings/ as built; here, what
# only a browser state shows: a question the sample may skip, the findings table drawn by its script, a
# continuation, and a filtered listing with its chips.
@pytest.mark.parametrize("path", ["questions/safety-quantization/", "findings/?harm=safety", "findings/page-2/",
                                  "safety/?compression=quantization&direction=worse"])
def test_axe_on_the_answer_pages(served, browser, path, scheme):
    context, page = new_page(browser, DESKTOP, color_scheme=scheme)
    page.goto(served.url + path)
    if path.startswith("findings/?"):
        page.wait_for_selector("form.cat-ftable__controls[data-indexed]:not([aria-busy])", state="attached")
    if path.startswith("safety/"):
        page.wait_for_selector("form.cat-filters[data-indexed]:not([aria-busy])", state="attached")
    results = Axe().run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_every_question_page_shows_a_paper_on_a_phones_first_screen(served, browser):
    pages = sorted(path.name for path in (served.site_dir / "questions").iterdir() if path.is_dir())
    assert len(pages) >= 20
    context, page = new_page(browser, PHONE)
    late = {}
    for name in pages:
        page.goto(served.url + f"questions/{name}/")
        bottom = first_paper_bottom(page)
        if bottom > PHONE["height"]:
            late[name] = bottom
    context.close()
    assert late == {}


def test_without_scripts_the_findings_pager_reaches_every_row(served, browser):
    rows = csv_rows((served.site_dir / "downloads" / "findings.csv").read_bytes().decode("utf-8"))[1:]
    context, page = new_page(browser, DESKTOP, java_script_enabled=False)
    page.goto(served.url + "findings/")
    assert not page.locator("form.cat-ftable__controls").is_visible()  # the controls need the script
    seen = 0
    while True:
        seen += page.locator("#cat-ftable tbody tr").count()
        following = page.locator('.cat-pager a[rel="next"]')
        if following.count() == 0:
            break
        following.click()
    context.close()
    assert seen == len(rows)
