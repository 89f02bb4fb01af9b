"""Per-paper pages, their Highwire tags as Zotero reads them, the search index, the sitemap and the charts
of issue 14, on real builds (no browser)."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from catalogue import load_library_text
from catalogue.render.charts import heat_level
from catalogue.render.paper_pages import related_papers
from catalogue.render.renderer import Renderer
from catalogue.render.site import plan_site

from conftest import entry, make_project, mkdocs_build

LIBRARY = (
    entry("alpha2024conf", title="Alpha at a Conference", author="Hong, Junyuan and Doe, Jane", year="2024",
          booktitle="Proceedings of the 41st International Conference on Machine Learning",
          doi="10.1000/alpha", eprint="2403.15447", archiveprefix="arXiv", code="https://github.com/example/alpha",
          harm="safety", compression="quantization")
    + entry("beta2023journal", entry_type="article", drop=("booktitle",), journal="Transactions on Machine Learning Research",
            title="Beta in a Journal", year="2023", harm="safety", compression="quantization")
    + entry("gamma2022preprint", entry_type="misc", drop=("booktitle", "url"), eprint="2201.00001",
            archiveprefix="arXiv", title="Gamma, a Preprint", year="2022", harm="fairness", compression="pruning")
)


class Metas(HTMLParser):
    """The page's <meta name=... content=...> pairs, in order, as Zotero's Embedded Metadata translator reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and values.get("name", "").startswith("citation_"):
            self.pairs.append((values["name"], values.get("content") or ""))


def highwire(html: str) -> list[tuple[str, str]]:
    parser = Metas()
    parser.feed(html)
    return parser.pairs


def zotero_item_type(pairs: list[tuple[str, str]]) -> str:
    """The item type Zotero's Embedded Metadata translator gives a page from its citation_* tags."""
    names = {name for name, _ in pairs}
    if "citation_conference_title" in names or "citation_conference" in names:
        return "conferencePaper"
    if "citation_journal_title" in names:
        return "journalArticle"
    if "citation_technical_report_institution" in names or "citation_technical_report_number" in names:
        return "report"
    return "webpage"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("pages") / "p", LIBRARY)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def read(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_paper_has_its_page_and_the_shell_is_not_published(built):
    for key in ("alpha2024conf", "beta2023journal", "gamma2022preprint"):
        assert (built / "papers" / key / "index.html").exists()
    assert not (built / "papers" / "_paper").exists()
    assert "CATALOGUEPAPER" not in "".join(path.read_text() for path in built.rglob("*.html"))


def test_paper_page_shows_everything_about_the_paper(built):
    html = read(built, "papers/alpha2024conf")
    assert "<title>Alpha at a Conference - Test catalogue</title>" in html
    assert html.count("<h1") == 1 and "<h1>Alpha at a Conference</h1>" in html
    assert '<a href="../../papers/?author=Junyuan%20Hong">Junyuan Hong</a>' in html
    assert "Proceedings of the 41st International Conference on Machine Learning" in html and ">2024</a>" in html
    assert "Quantized models were measured" in html  # the summary
    for link in ('href="https://example.org/paper">Paper', 'href="https://arxiv.org/abs/2403.15447">arXiv',
                 'href="https://doi.org/10.1000/alpha">DOI', 'href="https://github.com/example/alpha">Code'):
        assert link in html
    assert '<pre class="cat-cite__bib">@inproceedings{alpha2024conf,' in html
    assert 'class="cat-cite__apa-text"' in html and "Copy BibTeX" in html and "Copy APA" in html
    # Tags lead to listings: a harm to its page, other tags to All papers filtered.
    assert '<a href="../../safety/">Toxicity, alignment and safety</a>' in html
    assert '<a href="../../papers/?compression=quantization">Quantization</a>' in html
    # Related: same harm and compression.
    related = html[html.index('id="related"'):]
    assert '<a href="../../papers/beta2023journal/">Beta in a Journal</a>' in related
    assert "gamma2022preprint" not in related
    # Report an error / suggest a paper: the repository's issue forms, prefilled.
    report = re.search(r'href="(https://github\.com/example/catalogue/issues/new\?[^"]+)">Report an error', html)
    assert report and parse_qs(urlsplit(unescape(report.group(1))).query) == {
        "template": ["report-error.yml"], "title": ["Error in alpha2024conf"], "key": ["alpha2024conf"]}
    assert 'href="https://github.com/example/catalogue/issues/new?template=propose-paper.yml">Suggest a paper' in html
    assert '<link rel="canonical" href="https://example.org/papers/alpha2024conf/">' in html


@pytest.mark.parametrize("key, kind, container", [
    ("alpha2024conf", "conferencePaper", ("citation_conference_title",
                                          "Proceedings of the 41st International Conference on Machine Learning")),
    ("beta2023journal", "journalArticle", ("citation_journal_title", "Transactions on Machine Learning Research")),
    ("gamma2022preprint", "report", ("citation_technical_report_institution", "arXiv")),
])
def test_highwire_tags_save_exactly_that_paper_with_its_type(built, key, kind, container):
    pairs = highwire(read(built, f"papers/{key}"))
    names = [name for name, _ in pairs]
    assert names.count("citation_title") == 1  # one paper on the page: Zotero saves that one
    assert zotero_item_type(pairs) == kind
    assert container in pairs
    assert ("citation_author", "Jane Doe") in pairs
    assert any(name == "citation_publication_date" and value[:4].isdigit() for name, value in pairs)
    if key == "alpha2024conf":
        assert [value for name, value in pairs if name == "citation_author"] == ["Junyuan Hong", "Jane Doe"]
        assert ("citation_doi", "10.1000/alpha") in pairs and ("citation_arxiv_id", "2403.15447") in pairs
        assert ("citation_pdf_url", "https://arxiv.org/pdf/2403.15447") in pairs
    # The listings carry no citation_* tags (Zotero would take the page for one paper).
    assert highwire(read(built, "papers")) == []


def test_old_anchors_still_land_on_the_cards(built):
    listing = read(built, "papers")
    for key in ("alpha2024conf", "beta2023journal", "gamma2022preprint"):
        assert f'id="{key}"' in listing


def test_search_index_has_one_entry_per_paper_and_no_listing(built):
    index = json.loads((built / "search" / "search_index.json").read_text())
    papers = [doc for doc in index["docs"] if doc["location"].startswith("papers/")]
    assert sorted(doc["location"] for doc in papers) == [
        "papers/alpha2024conf/", "papers/beta2023journal/", "papers/gamma2022preprint/"]
    assert {doc["title"] for doc in papers} == {"Alpha at a Conference", "Beta in a Journal", "Gamma, a Preprint"}
    assert not any(doc["location"].split("#")[0] in ("papers/", "safety/", "fairness/") for doc in index["docs"])
    alpha = next(doc for doc in papers if doc["location"] == "papers/alpha2024conf/")
    # Paragraphs keep words apart; aliases are matched (a field of their own) but never shown (not in text).
    assert alpha["text"] == "<p>Junyuan Hong, Jane Doe. ICML 2024.</p><p>Quantized models were measured and something changed.</p>"
    assert alpha["authors"] == "Hong Doe"
    assert "PTQ" in alpha["keywords"].split() and "PTQ" not in alpha["text"]
    assert index["config"]["fields"]["authors"]["boost"] > index["config"]["fields"]["text"]["boost"]
    assert "keywords" in index["config"]["fields"]


def test_sitemap_lists_the_paper_pages(built):
    sitemap = (built / "sitemap.xml").read_text()
    assert "https://example.org/papers/alpha2024conf/" in sitemap and "_paper" not in sitemap


def test_related_papers_share_harm_and_compression(taxonomy):
    library = load_library_text(LIBRARY, "papers.bib", taxonomy)
    related = related_papers(library.papers)
    assert [paper.key for paper in related["alpha2024conf"]] == ["beta2023journal"]
    assert related["gamma2022preprint"] == []


def test_listing_cards_carry_coins_and_load_their_citation_from_the_paper_page(taxonomy):
    library = load_library_text(LIBRARY, "papers.bib", taxonomy)
    pages = plan_site(taxonomy).render(library, Renderer(taxonomy), True)
    safety = "".join(pages["safety.md"].slots.values())  # two papers
    # A card carries COinS and a Cite control that loads the APA and BibTeX from the paper's page.
    assert safety.count('class="Z3988"') == 2 and 'data-cite="../papers/alpha2024conf/"' in safety
    assert "cat-cite__bib" not in safety


def test_heat_palette_puts_1_4_and_16_papers_steps_apart():
    assert heat_level(1) == 1 and heat_level(4) == 3 and heat_level(16) == 5
    assert [heat_level(count) for count in (2, 3, 7, 8, 15, 100)] == [2, 2, 3, 4, 4, 5]


def test_coverage_and_timeline_show_legend_empty_cells_and_harm_by_year(built):
    coverage = read(built, "coverage")
    assert 'class="cat-heat-legend"' in coverage
    assert re.search(r'<a class="cat-matrix__open" href="https://github\.com/example/catalogue/issues/new\?'
                     r'template=propose-paper\.yml"[^>]*>none catalogued yet</a>', coverage)
    timeline = read(built, "timeline")
    assert timeline.index('id="by-harm"') < timeline.index('id="venue-timeline"')
    assert 'aria-label="Toxicity, alignment and safety, 2024: 1 paper">1</a>' in timeline
    assert 'href="../safety/?from=2024&amp;to=2024"' in timeline


def test_paper_pages_without_directory_urls(tmp_path):
    root = make_project(tmp_path / "p", LIBRARY)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    page = (site / "papers" / "alpha2024conf.html").read_text()
    assert "<h1>Alpha at a Conference</h1>" in page and not (site / "papers" / "_paper.html").exists()
    assert 'href="../papers/beta2023journal.html">Beta in a Journal</a>' in page
    assert 'href="papers/alpha2024conf.html">Alpha at a Conference</a>' in (site / "papers.html").read_text()
