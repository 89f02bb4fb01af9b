"""The findings facets, the query normaliser and the evidence map, in real headless Chromium."""

from __future__ import annotations

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import settled, ROOT, SiteServer, entry, make_project, mkdocs_build, watch_console

FIXTURE = (
    entry("a2025gptq4", year="2025", harm="safety", compression="quantization", title="Alpha GPTQ at four bits")
    + entry("b2024awq3", year="2024", harm="safety", compression="quantization", title="Beta AWQ at three bits")
    + entry("c2024int8", year="2024", harm="safety, fairness", compression="quantization, pruning",
            title="Gamma eight bits and sparsity")
    + entry("d2023fine4", year="2023", harm="safety", compression="quantization",
            title="Delta four bits were fine", summary="Mentions 4-bit and GPTQ in passing, found nothing.")
    + entry("e2022nofind", year="2022", harm="fairness", compression="distillation", title="Epsilon distillation")
)
FINDINGS = """\
a2025gptq4:
  - {harm: safety, compression: quantization, methods: [gptq], setting: [W4A16], benchmark: [AdvBench],
     direction: worse, location: Table 2}
b2024awq3:
  - {harm: safety, compression: quantization, methods: [awq], setting: [W3A16], benchmark: [HarmBench],
     direction: worse, location: Table 1}
  - {harm: safety, compression: quantization, methods: [awq], setting: [W4A16], benchmark: [HarmBench],
     direction: no_change, location: Table 1}
c2024int8:
  - {harm: safety, compression: quantization, methods: [llm-int8], setting: [W8A8], benchmark: [AdvBench],
     direction: no_change, location: Section 4}
  - {harm: fairness, compression: pruning, methods: [wanda], setting: ["50%"], benchmark: [BBQ],
     direction: worse, location: Figure 3}
d2023fine4:
  - {harm: safety, compression: quantization, methods: [gptq], setting: [W4A16], benchmark: [HarmBench],
     direction: no_change, location: abstract}
e2022nofind:
  - {harm: fairness, compression: distillation, methods: [kd-logit], setting: [student], benchmark: [StereoSet],
     direction: mixed, location: Table 4}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("findings-browser") / "p", FIXTURE)
    shutil.copy(ROOT / "data" / "methods.yml", root / "data" / "methods.yml")
    (root / "data" / "findings.yml").write_text(FINDINGS)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    server = SiteServer(root / "site")
    yield server
    server.close()


def visible(page) -> set[str]:
    settled(page)
    return set(page.eval_on_selector_all("article.cat-card", "cards => cards.map(c => c.dataset.key)"))


def open_listing(page, url):
    errors = watch_console(page)
    page.goto(url)
    page.wait_for_selector("form.cat-filters[data-indexed]")
    return errors


@pytest.mark.parametrize("query, expected", [
    ("", {"a2025gptq4", "b2024awq3", "c2024int8", "d2023fine4"}),
    ("direction=worse", {"a2025gptq4", "b2024awq3"}),
    ("band=4bit", {"a2025gptq4", "b2024awq3", "d2023fine4"}),
    # One finding must satisfy both: b2024awq3 is worse at 3-bit and unchanged at 4-bit.
    ("band=4bit&direction=worse", {"a2025gptq4"}),
    ("band=le3bit&direction=worse", {"b2024awq3"}),
    ("method=gptq", {"a2025gptq4", "d2023fine4"}),
    ("benchmark=harmbench&direction=no_change", {"b2024awq3", "d2023fine4"}),
    # On the safety page only safety findings count: c2024int8's worse pruning finding is about fairness.
    ("compression=pruning&direction=worse", set()),
])
def test_finding_facets_match_within_one_finding(site, page, query, expected):
    errors = open_listing(page, site.url + "safety/?" + query)
    assert visible(page) == expected
    assert errors == []


@pytest.mark.parametrize("text", ["4bit", "4-bit", "4 bit", "int4", "W4A16", "w4"])
def test_every_spelling_of_4_bit_in_the_box_equals_the_4_bit_facet(site, page, text):
    open_listing(page, site.url + "safety/?band=4bit")
    by_facet = visible(page)
    open_listing(page, site.url + "safety/")
    page.fill("#cat-q", text)
    page.dispatch_event("#cat-q", "input")
    assert visible(page) == by_facet == {"a2025gptq4", "b2024awq3", "d2023fine4"}


def test_gptq_in_the_box_means_the_named_method_not_every_quantization_paper(site, page):
    open_listing(page, site.url + "safety/")
    page.fill("#cat-q", "GPTQ")
    page.dispatch_event("#cat-q", "input")
    assert visible(page) == {"a2025gptq4", "d2023fine4"}
    page.fill("#cat-q", "4-bit worse")  # "worse" stays a plain word: no paper says it
    page.dispatch_event("#cat-q", "input")
    assert visible(page) == set()


def test_finding_facets_live_in_the_url_and_count_papers(site, page):
    open_listing(page, site.url + "papers/")
    page.locator("details.cat-filters__more").evaluate("details => details.open = true")
    page.check('input[name="direction"][value="worse"]')
    page.wait_for_url("**/papers/?direction=worse")
    assert visible(page) == {"a2025gptq4", "b2024awq3", "c2024int8"}
    # With "worse" chosen, the band counts say how many of those papers each band would leave.
    assert page.inner_text('[data-facet="band"] [data-count="4bit"]') == "1"
    assert page.inner_text('[data-facet="band"] [data-count="le3bit"]') == "1"
    page.check('input[name="band"][value="4bit"]')
    page.wait_for_url("**/papers/?direction=worse&band=4bit")
    assert visible(page) == {"a2025gptq4"}
    page.go_back()
    page.wait_for_url("**/papers/?direction=worse")
    assert visible(page) == {"a2025gptq4", "b2024awq3", "c2024int8"}


def test_each_evidence_map_count_opens_exactly_its_papers(site, page):
    page.goto(site.url + "evidence/")
    links = page.eval_on_selector_all("table.cat-evidence a.cat-dir", "links => links.map(a => a.href)")
    assert len(links) >= 6
    for href in links:
        open_listing(page, href)
        params = dict(pair.split("=") for pair in href.split("?")[1].split("&"))
        harm = href.split("/")[-2]
        cards = visible(page)
        assert cards, href
        # Every shown paper has a finding with that harm, compression, direction (and band).
        for key in cards:
            data = page.get_attribute(f'article[data-key="{key}"]', "data-findings")
            records = [record.split("|") for record in data.split(";")]
            assert any(r[0] == harm and r[1] == params["compression"] and r[2] == params["direction"]
                       and ("band" not in params or params["band"] in r[4].split(","))
                       and r[6] in params["role"].split(",") for r in records), (href, key)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_evidence_map_and_finding_tables_pass_axe_in_both_schemes(site, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    for path in ("evidence/", "safety/?direction=worse"):
        page.goto(site.url + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        results = Axe().run(page)
        assert results.violations_count == 0, (path, results.generate_report())
    context.close()
