"""Real MkDocs builds in tmp_path: pages, cards, escaping, strict failures, docs/ untouched."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from conftest import ROOT, entry, make_project, mkdocs_build

HARMS = ["fairness", "robustness", "calibration", "safety", "faithfulness", "privacy"]


def read(root: Path, url: str) -> str:
    return (root / "site" / url / "index.html").read_text(encoding="utf-8")


def card_keys(html: str) -> list[str]:
    return re.findall(r'<article class="cat-card" data-key="([^"]+)"', html)


LIBRARY = (
    entry("alpha2025fair", year="2025", harm="fairness", title="Alpha fairness paper")
    + entry("beta2023multi", year="2023", harm="fairness, safety", title="Beta multi paper",
            eprint="2301.00001", doi="10.1000/beta", code="https://github.com/example/beta")
    + entry("gamma2024safe", year="2024", harm="safety", title="Gamma safety paper")
    + entry("delta2024cal", year="2024", harm="calibration", title="Delta calibration paper")
)


def test_dimension_pages_hold_exactly_their_papers(tmp_path):
    root = make_project(tmp_path / "p", LIBRARY)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    assert card_keys(read(root, "fairness")) == ["alpha2025fair", "beta2023multi"]  # newest first
    assert card_keys(read(root, "safety")) == ["gamma2024safe", "beta2023multi"]
    assert card_keys(read(root, "calibration")) == ["delta2024cal"]
    for empty in ("robustness", "faithfulness", "privacy"):
        assert card_keys(read(root, empty)) == []
        assert "No paper in the catalogue" in read(root, empty)
    assert card_keys(read(root, "papers")) == ["alpha2025fair", "delta2024cal", "gamma2024safe", "beta2023multi"]
    # Grouped by year under a heading each; the years below the list filter the listing to that year.
    fairness = read(root, "fairness")
    assert (fairness.index('<h2 class="cat-year">2025</h2>') < fairness.index('data-key="alpha2025fair"')
            < fairness.index('<h2 class="cat-year">2023</h2>') < fairness.index('data-key="beta2023multi"'))
    assert 'href="?from=2023&amp;to=2023"' in fairness


def test_card_shows_title_authors_venue_tags_links_summary(tmp_path):
    root = make_project(tmp_path / "p", LIBRARY)
    assert mkdocs_build(root, "--strict").returncode == 0
    html = read(root, "fairness")
    card = html[html.index('data-key="beta2023multi"'):]
    card = card[:card.index("</article>")]
    # The title leads to the paper's own page; authors, venue and tags lead to filtered listings.
    assert '<a href="../papers/beta2023multi/">Beta multi paper</a>' in card
    assert '<a href="https://example.org/paper">Paper</a>' in card
    assert '<a href="?author=Jane%20Doe">Jane Doe</a>, <a href="?author=Richard%20Roe">Richard Roe</a>' in card
    assert ('<a class="cat-card__venue" href="?venue=proceedings-of-something" title="Proceedings of Something">'
            'Proceedings of Something</a> <span class="cat-card__year">2023') in card
    assert '<a href="?compression=quantization">Quantization</a>' in card
    assert 'data-venue="proceedings-of-something"' in card and 'data-compression="quantization"' in card
    assert '<h3 class="cat-card__title" id="beta2023multi">' in card
    assert 'href="https://arxiv.org/abs/2301.00001">arXiv</a>' in card
    assert 'href="https://doi.org/10.1000/beta">DOI</a>' in card
    assert 'href="https://github.com/example/beta">Code</a>' in card
    assert 'href="#beta2023multi"' in card
    assert '<a href="../safety/">Toxicity, alignment and safety</a>' in card
    assert "Quantization" in card and "Evaluation" in card
    assert "Quantized models were measured" in card


def test_home_page_macros_show_live_figures(tmp_path):
    root = make_project(tmp_path / "p", LIBRARY)
    assert mkdocs_build(root, "--strict").returncode == 0
    home = (root / "site" / "index.html").read_text()
    assert "4 papers." in home


def test_html_from_the_library_is_escaped(tmp_path):
    hostile = entry("evil2024x", title="<script>alert(1)</script> Title",
                    author="<img src=x onerror=alert(1)>, Eve",
                    summary="A <b>bold</b> claim & more.")
    root = make_project(tmp_path / "p", hostile)
    assert mkdocs_build(root, "--strict").returncode == 0
    html = read(root, "papers")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Title" in html
    assert "<img src=x" not in html and "<b>bold</b>" not in html
    assert "A &lt;b&gt;bold&lt;/b&gt; claim &amp; more." in html


def test_strict_build_fails_and_lists_every_problem(tmp_path):
    bad = (entry("good2024one") + entry("noyear2024", drop=("year",))
           + entry("badtag2024", harm="toxicity") + "@misc{broken\n  title = {x}\n}\n")
    root = make_project(tmp_path / "p", bad)
    result = mkdocs_build(root, "--strict")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "data/papers.bib:14: entry 'noyear2024': year is missing" in result.stderr
    assert "data/papers.bib:26: entry 'badtag2024': unknown harm 'toxicity'" in result.stderr
    assert "data/papers.bib:39: entry 'broken': cannot be parsed" in result.stderr
    # Without --strict the same library builds, warns, and renders every valid entry.
    loose = mkdocs_build(root)
    assert loose.returncode == 0, loose.stderr
    assert "entry 'noyear2024': year is missing" in loose.stderr
    assert card_keys(read(root, "papers")) == ["good2024one"]


def test_plugin_strict_option_aborts_without_cli_strict(tmp_path):
    root = make_project(tmp_path / "p", entry("noyear2024", drop=("year",)))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - catalogue\n", "  - catalogue:\n      strict: true\n"))
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "entry 'noyear2024': year is missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_plugin_option_fails_at_config_load(tmp_path):
    root = make_project(tmp_path / "p", LIBRARY)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - catalogue\n", "  - catalogue:\n      strict: maybe\n"))
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "strict" in result.stderr and "Traceback" not in result.stderr


def test_bad_taxonomy_is_reported_with_its_file(tmp_path):
    root = make_project(tmp_path / "p", LIBRARY)
    taxonomy = root / "data" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text().replace("icon: material/gauge", "icon: gauge"))
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "taxonomy.yml" in result.stderr and "icon 'gauge' of 'calibration'" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_dimension_is_one_yaml_entry(tmp_path):
    root = make_project(tmp_path / "p", entry("new2024x", harm="energy"))
    taxonomy = root / "data" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text().replace(
        "  compression:\n",
        "      - id: energy\n        title: Energy\n        icon: material/flash\n"
        "        description: Power use.\n\n  compression:\n", 1))
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    assert card_keys(read(root, "energy")) == ["new2024x"]


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_real_site_builds_strict_and_leaves_docs_untouched(real_project):
    # real_project was copied from this repository and built with --strict; its docs/ must be as copied.
    assert _tree_digest(real_project / "docs") == _tree_digest(ROOT / "docs")
    assert not (ROOT / "docs" / "fairness.md").exists() and not (real_project / "docs" / "fairness.md").exists()
    for harm in HARMS:
        assert (real_project / "site" / harm / "index.html").exists()


def test_card_template_is_overridable_from_overrides(tmp_path):
    root = make_project(tmp_path / "p", LIBRARY)
    (root / "overrides" / "catalogue").mkdir()
    (root / "overrides" / "catalogue" / "card.html").write_text(
        '<article class="cat-card" data-key="{{ paper.key }}">OVERRIDDEN {{ paper.title }}</article>\n')
    assert mkdocs_build(root, "--strict").returncode == 0
    html = read(root, "papers")
    assert "OVERRIDDEN Alpha fairness paper" in html
    assert len(card_keys(html)) == 4


def test_serve_watches_the_data_files(tmp_path):
    from mkdocs.config import load_config

    from catalogue.mkdocs_plugin import CataloguePlugin

    root = make_project(tmp_path / "p", LIBRARY)
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["catalogue"]
    assert isinstance(plugin, CataloguePlugin)

    class Server:
        watched: list[str] = []

        def watch(self, path):
            self.watched.append(path)

    server = plugin.on_serve(Server(), config=config, builder=None)
    assert str(root / "data" / "papers.bib") in server.watched
    assert str(root / "data" / "taxonomy.yml") in server.watched
