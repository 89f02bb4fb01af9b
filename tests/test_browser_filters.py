"""Filters, URL state, search and accessibility of listing pages, in real headless Chromium."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import settled, build_and_serve, entry, watch_console

# A library with known answers. Keys name their facets so expectations read plainly.
FIXTURE = (
    entry("alpha2025gptq", year="2025", harm="fairness", compression="quantization", modality="llm",
          contribution="evaluation", author="Proskurina, Irina and Doe, Jane",
          title="Alpha: {GPTQ} at 4-bit Changes Fairness",
          booktitle="Findings of the Association for Computational Linguistics: EMNLP 2025")
    + entry("beta2024prune", year="2024", harm="fairness", compression="pruning", modality="vlm",
            contribution="mitigation", title="Beta Pruning of Vision-Language Models",
            booktitle="Advances in Neural Information Processing Systems")
    + entry("gamma2023attack", entry_type="misc", year="2023", harm="safety", compression="quantization, pruning",
            modality="llm", contribution="attack", title="Gamma Attacks on Compressed Models",
            drop=("booktitle", "url"), eprint="2301.01234", archiveprefix="arXiv")
    + entry("delta2022distil", year="2022", harm="calibration", compression="distillation", modality="vision",
            contribution="analysis", title="Delta Distillation and Confidence",
            booktitle="Proceedings of the 39th International Conference on Machine Learning")
    + entry("eps2024lowrank", year="2024", harm="fairness, safety", compression="low-rank", modality="llm",
            contribution="benchmark", title="Epsilon Low-Rank Benchmark",
            booktitle="Proceedings of the 62nd Annual Meeting of the Association for Computational Linguistics")
    + entry("zeta2021speech", year="2021", harm="robustness", compression="quantization", modality="speech",
            contribution="evaluation", title="Zeta Speech Under Quantization",
            summary="Speech recognisers were quantized after training and their robustness to noise was measured.",
            booktitle="NeurIPS 2021 Workshop on Efficient Natural Language and Speech Processing")
)
ALL = {"alpha2025gptq", "beta2024prune", "gamma2023attack", "delta2022distil", "eps2024lowrank", "zeta2021speech"}
QUANTIZED = {"alpha2025gptq", "gamma2023attack", "zeta2021speech"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    server = build_and_serve(tmp_path_factory.mktemp("filters") / "p", FIXTURE)
    yield server
    server.close()


def visible_keys(page) -> set[str]:
    settled(page)
    return set(page.eval_on_selector_all("article.cat-card", "cards => cards.map(c => c.dataset.key)"))


def search_results(page) -> list[str]:
    """The result links once the list has stopped changing (results update while typing)."""
    page.wait_for_selector(".md-search-result__item")
    previous = None
    for _ in range(40):
        current = page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.href)")
        if current == previous:
            return current
        previous = current
        page.wait_for_timeout(150)
    raise AssertionError(f"search results kept changing: {previous}")


def status(page) -> str:
    settled(page)
    return page.inner_text("#cat-count")


@pytest.mark.parametrize("query, expected", [
    ("", ALL),
    ("compression=quantization", QUANTIZED),
    ("compression=quantization&modality=llm", {"alpha2025gptq", "gamma2023attack"}),
    ("compression=quantization,pruning&from=2023", {"alpha2025gptq", "beta2024prune", "gamma2023attack"}),
    ("contribution=attack", {"gamma2023attack"}),
    ("venue=arxiv", {"gamma2023attack"}),
    ("venue=emnlp,neurips-workshop", {"alpha2025gptq", "zeta2021speech"}),
    ("from=2023&to=2024", {"beta2024prune", "gamma2023attack", "eps2024lowrank"}),
    ("harm=safety", {"gamma2023attack", "eps2024lowrank"}),
    ("text=proskurina", {"alpha2025gptq"}),
    ("text=muller", set()),
    ("text=noise+speech", {"zeta2021speech"}),
    ("modality=llm&contribution=benchmark,attack&harm=fairness", {"eps2024lowrank"}),
])
def test_each_facet_and_combination_shows_exactly_the_expected_papers(site, page, query, expected):
    errors = watch_console(page)
    page.goto(f"{site.url}papers/?{query}")
    page.wait_for_selector("form.cat-filters[data-indexed]")
    assert visible_keys(page) == expected
    assert status(page) == f"{len(expected)} of 6 papers"
    assert errors == []


def test_dimension_page_filters_only_its_papers(site, page):
    page.goto(f"{site.url}fairness/?compression=quantization")
    page.wait_for_selector("form.cat-filters[data-indexed]")
    assert visible_keys(page) == {"alpha2025gptq"}
    assert status(page) == "1 of 3 papers"
    # Only years with a shown card keep their heading.
    years = page.eval_on_selector_all("#cat-list h2.cat-year", "hs => hs.map(h => h.textContent.trim())")
    assert years == ["2025"]


def test_counts_say_how_many_papers_each_value_would_leave(site, page):
    page.goto(f"{site.url}papers/?compression=quantization")
    page.wait_for_selector("form.cat-filters[data-indexed]")

    def count(facet, value):  # the facet panel stays folded on a filtered link: read the text, shown or not
        return page.text_content(f'fieldset[data-facet="{facet}"] [data-count="{value}"]')

    assert count("modality", "llm") == "2" and count("modality", "speech") == "1" and count("modality", "vlm") == "0"
    # Within the compression facet, counts ignore its own choice: pruning would add beta.
    assert count("compression", "pruning") == "2" and count("compression", "quantization") == "3"


def test_clicking_updates_url_and_back_forward_restore(site, page):
    errors = watch_console(page)
    page.goto(f"{site.url}papers/")
    page.wait_for_selector("form.cat-filters[data-indexed]")
    page.click("details.cat-filters__more > summary")  # the facets are folded: papers come first
    page.check('input[name="compression"][value="quantization"]')
    assert page.url.endswith("/papers/?compression=quantization")
    assert visible_keys(page) == QUANTIZED
    page.check('input[name="modality"][value="speech"]')
    assert "modality=speech" in page.url
    assert visible_keys(page) == {"zeta2021speech"}
    page.go_back()
    page.wait_for_function("() => !location.search.includes('modality')")
    assert visible_keys(page) == QUANTIZED
    assert page.is_checked('input[name="compression"][value="quantization"]')
    assert not page.is_checked('input[name="modality"][value="speech"]')
    page.go_back()
    page.wait_for_function("() => location.search === ''")
    assert visible_keys(page) == ALL
    page.go_forward()
    page.wait_for_function("() => location.search.includes('quantization')")
    assert visible_keys(page) == QUANTIZED
    # Reload keeps the state: the URL is the state.
    page.reload()
    page.wait_for_selector("form.cat-filters[data-indexed]")
    assert visible_keys(page) == QUANTIZED
    assert page.is_checked('input[name="compression"][value="quantization"]')
    assert errors == []


def test_typing_filters_and_clear_all_resets(site, page):
    page.goto(f"{site.url}papers/")
    page.wait_for_selector("form.cat-filters[data-indexed]")
    page.locator("#cat-q").press_sequentially("delta")
    assert visible_keys(page) == {"delta2022distil"}
    page.wait_for_function("() => location.search === '?text=delta'")  # the address follows a pause
    page.go_back()  # one history entry for the whole word, not one per letter
    page.wait_for_function("() => location.search === ''")
    assert visible_keys(page) == ALL
    page.go_forward()
    page.wait_for_function("() => location.search === '?text=delta'")
    assert visible_keys(page) == {"delta2022distil"}
    page.click("details.cat-filters__more > summary")
    page.select_option("#cat-year-from", "2023")
    assert visible_keys(page) == set()
    assert status(page) == "0 of 6 papers"
    page.click("button.cat-clear")
    assert visible_keys(page) == ALL
    assert page.input_value("#cat-q") == ""
    assert page.url.endswith("/papers/")


def test_keyboard_only_operation(site, page):
    page.goto(f"{site.url}papers/")
    page.wait_for_selector("form.cat-filters[data-indexed]")
    page.focus("#cat-q")
    page.keyboard.press("Tab")  # to the folded facets' summary: Enter unfolds them
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the first checkbox
    focused = page.evaluate("() => [document.activeElement.name, document.activeElement.value]")
    page.keyboard.press("Space")
    name, value = focused
    assert page.is_checked(f'input[name="{name}"][value="{value}"]')
    assert f"{name}={value}" in page.url
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_without_javascript_every_card_is_readable(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}papers/?compression=quantization")
    assert page.locator("article.cat-card").count() == 6
    assert page.locator("article.cat-card:visible").count() == 6
    assert not page.locator("form.cat-filters").is_visible()
    context.close()


def test_copy_link_puts_the_card_url_on_the_clipboard(site, page):
    page.goto(f"{site.url}papers/")
    page.click('button.cat-copy[data-anchor="beta2024prune"]')
    page.wait_for_function("() => document.querySelector('button.cat-copy[data-anchor=beta2024prune]')"
                           ".textContent === 'Link copied'")
    # The paper's own page: a listing shows only some of its cards at a time, the paper page stays.
    assert page.evaluate("() => navigator.clipboard.readText()") == f"{site.url}papers/beta2024prune/"


def test_link_with_anchor_lands_on_the_card(site, page):
    page.goto(f"{site.url}papers/#delta2022distil")
    box = page.locator("#delta2022distil").bounding_box()
    assert box is not None and 0 <= box["y"] < 400


@pytest.mark.parametrize("term, expected", [
    # A named method or a bit width finds the papers that name it or report findings for it
    # (tests/test_browser_findings.py), not every quantization paper through the taxonomy's aliases.
    ("GPTQ", {"alpha2025gptq"}),
    ("4-bit", {"alpha2025gptq"}),
    ("post-training", QUANTIZED | {"zeta2021speech"}),
    ("PTQ", QUANTIZED),                  # an alias of quantization
    ("Proskurina", {"alpha2025gptq"}),
    ("distillation", {"delta2022distil"}),
])
def test_search_finds_papers_and_leads_to_their_pages(site, page, term, expected):
    """One result per paper, on the paper's own page (no listing is indexed)."""
    errors = watch_console(page)
    page.goto(site.url)
    page.click("input.md-search__input")
    page.locator("input.md-search__input").press_sequentially(term)
    hrefs = search_results(page)
    found = {match.group(1) for href in hrefs if (match := re.search(r"/papers/([\w-]+)/(?:\?h=[^#]*)?$", href))}
    assert found == expected, hrefs
    assert len(found) == len([href for href in hrefs if "/papers/" in href])  # one result per paper
    assert errors == []


def test_search_matches_aliases_but_never_shows_them(site, page):
    page.goto(site.url)
    page.click("input.md-search__input")
    page.locator("input.md-search__input").press_sequentially("PTQ")
    assert len(search_results(page)) == len(QUANTIZED)
    shown = page.inner_text(".md-search-result__list")
    assert not re.search(r"\bPTQ\b", shown) and "post-training quantization" not in shown.lower(), shown


def test_search_ranks_the_paper_that_names_a_hyphenated_term_first(site, page):
    page.goto(site.url)
    page.click("input.md-search__input")
    page.locator("input.md-search__input").press_sequentially("low-rank")
    assert re.search(r"/papers/eps2024lowrank/", search_results(page)[0])


def test_search_result_opens_the_paper_page(site, page):
    page.goto(site.url)
    page.click("input.md-search__input")
    page.locator("input.md-search__input").press_sequentially("Proskurina")
    search_results(page)  # wait until the list stops changing
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    assert first.locator("h1, h2").first.inner_text() == "Alpha: GPTQ at 4-bit Changes Fairness"
    first.click()
    page.wait_for_url(re.compile(r"/papers/alpha2025gptq/"))
    assert page.locator("h1").inner_text() == "Alpha: GPTQ at 4-bit Changes Fairness"


@pytest.mark.parametrize("path", ["papers/", "papers/?compression=quantization&text=alpha", "fairness/", ""])
def test_axe_reports_no_violations(site, page, path):
    page.goto(site.url + path)
    if path:
        page.wait_for_selector("form.cat-filters[data-indexed]")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_long_listing_shows_its_newest_cards_then_all_or_the_matches(tmp_path, page):
    many = "".join(entry(f"many{index:03d}x", year=str(2000 + index % 20), title=f"Paper number {index}")
                   for index in range(130))
    server = build_and_serve(tmp_path / "many", many)
    try:
        errors = watch_console(page)
        page.goto(f"{server.url}papers/")
        page.wait_for_selector("form.cat-filters[data-indexed]")
        assert page.locator("article.cat-card").count() == 10  # the page's own cards, newest first
        assert status(page) == "130 of 130 papers (showing the newest 10)"
        assert page.is_visible("nav.cat-pager") and page.inner_text(".cat-pager__where") == "Page 1 of 6 (130 papers)"
        page.click("button.cat-more")  # the rest come from the listing index
        page.wait_for_function("() => document.querySelectorAll('article.cat-card').length === 130")
        assert status(page) == "130 of 130 papers"
        assert not page.is_visible("button.cat-more") and not page.is_visible("nav.cat-pager")
        page.locator("#cat-q").press_sequentially("number 12")
        matches = {f"many{index:03d}x" for index in (12, 112, *range(120, 130))}  # words match as substrings
        assert status(page) == "12 of 130 papers (showing the first 10)" and visible_keys(page) < matches
        page.click("button.cat-more")
        assert visible_keys(page) == matches
        assert not page.is_visible("nav.cat-pager")  # a filtered list is one list
        page.click("button.cat-clear")
        settled(page)
        assert page.locator("article.cat-card").count() == 10 and page.is_visible("nav.cat-pager")
        # An old link to a card that is no longer on the first page lands on the paper's own page.
        oldest = "many000x"  # year 2000: on the last page
        page.goto(f"{server.url}papers/#{oldest}")
        page.wait_for_url(f"{server.url}papers/{oldest}/")
        assert errors == []
    finally:
        server.close()
