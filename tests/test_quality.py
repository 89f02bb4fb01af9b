"""Quality gates that are fast enough for every run: HTML validity (Nu Html Checker), internal links
and anchors, the repair of Material's invalid attributes (and that Back still closes the drawer),
no layout shift when the filters start, and a styled 404 page at any depth.

Lighthouse and the per-page report are in benchmarks/quality_gates.py (run by scripts/test)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, SiteServer

sys.path.insert(0, str(ROOT / "benchmarks"))

from quality_gates import LinkChecker, run_vnu, site_url_of  # noqa: E402

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))

from material_markup import repair  # noqa: E402

MATERIAL_TEMPLATES = Path(__import__("material").__file__).parent / "templates"


@pytest.fixture(scope="module")
def site(real_project) -> Path:
    return real_project / "site"


@pytest.fixture(scope="module")
def served(site):
    """The real site served under the path of its site_url, as GitHub Pages serves a project site."""
    server = SiteServer(site, prefix=urlsplit(site_url_of(site)).path)
    yield server
    server.close()


# --- HTML validity ---------------------------------------------------------------------------------

def test_every_page_is_valid_html(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 14
    errors = {page.relative_to(site).as_posix(): found for page, found in run_vnu(pages).items() if found}
    assert errors == {}


def test_the_checker_reports_invalid_markup(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body>'
                    '<p id="x">a</p><p id="x">b</p><label tabindex="">c</label></body></html>')
    found = run_vnu([page])[page]
    assert any("Duplicate ID" in message for message in found), found
    assert any("tabindex" in message for message in found), found


def test_material_still_writes_the_markup_the_hook_repairs():
    """If a Material update changes these lines, the hook's patterns must follow."""
    base = (MATERIAL_TEMPLATES / "base.html").read_text(encoding="utf-8")
    toggles = [line.strip() for line in base.splitlines() if 'class="md-toggle"' in line]
    assert len(toggles) == 2 and all('autocomplete="off"' in line for line in toggles), toggles
    assert all("autocomplete" not in repair(line) for line in toggles)
    nav_item = (MATERIAL_TEMPLATES / "partials" / "nav-item.html").read_text(encoding="utf-8")
    assert 'tabindex="{{ tabindex }}"' in nav_item


def test_material_still_loads_its_bundle_the_way_the_hook_defers():
    base = (MATERIAL_TEMPLATES / "base.html").read_text(encoding="utf-8")
    bundle = [line.strip() for line in base.splitlines() if "assets/javascripts/bundle." in line]
    assert len(bundle) == 1, bundle
    built = bundle[0].replace("{{ '", "../").replace("' | url }}", "")  # as rendered on a page one level down
    assert repair(built) == built.replace("></script>", " defer></script>")


def test_built_pages_carry_neither_invalid_attribute(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'tabindex=""' not in text, page
        assert 'type="checkbox" id="__drawer" autocomplete' not in text, page
        assert 'id="__drawer"' in text and 'id="__search"' in text, page  # the toggles themselves stay
        scripts = re.findall(r'<script src="([^"]+)"([^>]*)></script>', text)
        # Material's bundle, then ours, none blocking the parser: each is deferred or a module (which is
        # deferred by nature), so they run in this order once the page is parsed.
        assert [(re.sub(r"(\.[0-9a-f]+\.min)?\.js$", "", src.split("assets/javascripts/", 1)[1]), attributes)
                for src, attributes in scripts] == [
            ("bundle", " defer"), ("catalogue/main", ' type="module"')], (page, scripts)


def _imports(folder: Path, start: str) -> set[str]:
    """Every module ``start`` imports, directly or not."""
    imported: set[str] = set()
    waiting = [start]
    while waiting:
        for name in re.findall(r'^import [^;]* from "\./([\w-]+\.js)";$', (folder / waiting.pop()).read_text(),
                               re.MULTILINE):
            if name not in imported:
                imported.add(name)
                waiting.append(name)
    return imported


def test_the_module_parts_are_preloaded_and_only_those(site):
    """Every module main.js imports, directly or not, has a modulepreload link (else the browser finds it
    one import level later), and every preloaded file is one of them. The listing worker's modules load in the
    worker (listing-index.js starts it), so the page does not preload them: a preload parses on the page."""
    folder = ROOT / "overrides" / "assets" / "javascripts" / "catalogue"
    imported = _imports(folder, "main.js")
    assert 'new URL("./listing-worker.js", import.meta.url)' in (folder / "listing-index.js").read_text()
    worker = _imports(folder, "listing-worker.js") | {"listing-worker.js"}
    assert "match.js" in worker and "match.js" not in imported  # the judging runs off the main thread
    assert imported | worker == {path.name for path in folder.glob("*.js")} - {"main.js"}  # no part left unreached
    for page in [site / "index.html", site / "papers" / "index.html", site / "404.html"]:
        preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', page.read_text(encoding="utf-8"))
        assert sorted(href.split("assets/javascripts/catalogue/", 1)[1] for href in preloaded) == sorted(imported), page


def test_repair_leaves_other_markup_alone():
    ours = ('<input type="search" id="cat-q" autocomplete="off">'
            '<label class="cat-facet__option" tabindex="">x</label>')
    assert repair(ours) == ours
    material = ('<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">'
                '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">')
    assert repair(material) == ('<label class="md-nav__link" for="__nav_2" id="__nav_2_label">'
                                '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">')


# --- Internal links and anchors -------------------------------------------------------------------

def test_every_internal_reference_resolves(site):
    checker = LinkChecker(site, site_url_of(site))
    total = 0
    problems = []
    for page in sorted(site.rglob("*.html")):
        checked, found = checker.check_page(page)
        total += checked
        problems += [f"{page.relative_to(site)}: {problem}" for problem in found]
    checked, found = checker.check_sitemap_feeds_and_search()
    assert checked > 100  # the sitemap, two or more feeds and the search index were read
    assert problems + found == []
    assert total > 1000


def test_the_link_checker_finds_each_kind_of_break(tmp_path):
    site = tmp_path / "site"
    (site / "papers").mkdir(parents=True)
    (site / "papers" / "index.html").write_text(
        '<h2 id="y2024">2024</h2><form><input type="checkbox" name="compression" value="pruning">'
        '<select name="from"><option value="2023">2023</option></select></form>')
    (site / "index.html").write_text(
        '<a href="papers/#y2024">ok</a> <a href="papers/?compression=pruning&from=2023&text=any">ok</a>'
        ' <a href="https://example.org/elsewhere">not checked</a> <a href="https://x.test/site/papers/">ok</a>'
        ' <a href="papers/#y1999">missing anchor</a> <a href="nowhere/">missing page</a>'
        ' <a href="papers/?compression=quantization">missing value</a> <a href="papers/?venue=acl">missing filter</a>'
        ' <a href="papers/?from=1990">missing year</a> <a href="javascript:alert(1)">script</a>'
        ' <label for="ghost">missing id</label> <a href="../../etc/passwd">outside</a>')
    checked, problems = LinkChecker(site, "https://x.test/site/").check_page(site / "index.html")
    assert checked == 12
    assert len(problems) == 8, problems
    for expected in ("no id 'y1999'", "nowhere/: no file", "offers no compression=quantization",
                     "has no filter 'venue'", "offers no from=1990", "scheme 'javascript'", "ghost: no element",
                     "passwd: /etc/passwd is outside the site"):
        assert any(expected in problem for problem in problems), (expected, problems)


# --- In the browser --------------------------------------------------------------------------------

def test_back_closes_the_drawer_and_search_query_still_opens_search(served, browser):
    context = browser.new_context(viewport={"width": 400, "height": 800})
    page = context.new_page()
    page.goto(served.url + "about/")
    page.click("label.md-header__button[for='__drawer']")
    assert page.is_checked("#__drawer")
    page.click(".md-nav--primary a[href='../timeline/']")
    page.wait_for_url("**/timeline/")
    page.go_back()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert not page.is_checked("#__drawer")
    page.goto(served.url + "about/?q=pruning")
    page.wait_for_selector(".md-search-result__item")
    assert page.is_checked("#__search")
    context.close()


def test_filters_start_without_moving_the_page(served, browser):
    """The panel is in place at first paint: no layout shift at all while the listing starts."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.add_init_script("""window.__shifts = [];
      new PerformanceObserver(list => list.getEntries().forEach(e => window.__shifts.push(e.value)))
        .observe({type: 'layout-shift', buffered: true});""")
    for path in ("papers/", "fairness/"):
        page.goto(served.url + path)
        page.wait_for_selector("form.cat-filters[data-ready]")
        page.wait_for_timeout(500)
        assert page.evaluate("window.__shifts") == [], path
    context.close()


def test_controls_that_need_the_script_stay_hidden_without_it(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served.url + "papers/")
    assert page.locator("form.cat-filters").count() == 1
    assert not page.locator("form.cat-filters").is_visible()
    assert page.locator("button.cat-copy:visible, button.cat-copy-bib:visible").count() == 0
    context.close()


def test_a_missing_address_at_any_depth_shows_the_styled_404(served, browser):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(served.url + "no/such/page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "404 - Not found"
    header = page.eval_on_selector("header.md-header", "el => getComputedStyle(el).position")
    assert header == "sticky"  # Material's stylesheet loaded from the absolute asset path
    results = Axe().run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()
