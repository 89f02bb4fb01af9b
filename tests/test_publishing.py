"""Publishing: workflow lint, feeds, JSON-LD, COinS, Open Graph, sitemap, 404, README freshness,
CITATION.cff, contribution files, What's new."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urljoin

import feedparser
import pytest
import yaml

from catalogue import load_library

from conftest import ROOT

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def built(real_project):
    return real_project / "site"


@pytest.fixture(scope="module")
def library(taxonomy):
    return load_library(ROOT / "data" / "papers.bib", taxonomy)


LISTINGS = ["papers", "fairness", "robustness", "calibration", "safety", "faithfulness", "privacy"]


def page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8") if name else (site / "index.html").read_text()


def test_workflow_passes_actionlint():
    result = subprocess.run([str(BIN / "actionlint"), str(ROOT / ".github" / "workflows" / "site.yml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())
    steps = [step.get("uses", step.get("run", "")) for step in workflow["jobs"]["test"]["steps"]]
    assert "bash scripts/test" in steps and any("upload-pages-artifact" in step for step in steps)
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_actionlint_really_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope( }}\n")
    result = subprocess.run([str(BIN / "actionlint"), str(broken)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0


def test_feeds_parse_and_hold_the_newest_additions(built, library):
    site_feed = feedparser.parse((built / "feed.xml").read_bytes())
    assert site_feed.bozo == 0, site_feed.get("bozo_exception")
    assert site_feed.version == "atom10"
    assert len(site_feed.entries) == min(len(library.papers), 50)
    assert {entry.title for entry in site_feed.entries} <= {paper.title for paper in library.papers}
    # Each entry links to its paper's own page; its id (an anchor of the listing) stays as readers first saw it.
    assert all(entry.link.startswith("https://") and "/papers/" in entry.link and entry.link.endswith("/")
               and "#" in entry.id for entry in site_feed.entries)
    for harm in LISTINGS[1:]:
        feed = feedparser.parse((built / f"feed-{harm}.xml").read_bytes())
        assert feed.bozo == 0
        tagged = [paper for paper in library.papers if harm in paper.tagged("harm")]
        newest = sorted(tagged, key=lambda paper: (paper.added, paper.key), reverse=True)[:50]
        assert {entry.title for entry in feed.entries} == {paper.title for paper in newest}
        html = page(built, harm)
        assert '<link rel="alternate" type="application/atom+xml" title="New papers: ' in html
        assert f'href="../feed-{harm}.xml"' in html and 'href="../feed.xml"' in html


def json_ld_of(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def card_keys(html: str) -> list[str]:
    return re.findall(r'<article class="cat-card" data-key="([^"]+)"', html)


@pytest.mark.parametrize("name", LISTINGS)
def test_listing_has_json_ld_and_coins_for_every_card(built, name):
    html = page(built, name)
    keys = card_keys(html)
    data = json_ld_of(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ItemList"
    assert data["numberOfItems"] == len(keys) == len(data["itemListElement"])
    assert [item["position"] for item in data["itemListElement"]] == list(range(1, len(keys) + 1))
    # Each item is the paper's own page (absolute), where the ScholarlyArticle itself lives.
    assert data["url"].endswith(f"/{name}/")
    assert [item["url"] for item in data["itemListElement"]] == [
        urljoin(data["url"], f"../papers/{key}/") for key in keys]
    spans = re.findall(r'<span class="Z3988" title="([^"]+)"></span>', html)
    assert len(spans) == len(keys)
    first = parse_qs(unescape(spans[0]))
    assert first["ctx_ver"] == ["Z39.88-2004"] and first["rft.date"][0][:4].isdigit() and first.get("rft.au")


@pytest.mark.parametrize("name", ["", "papers", "fairness", "timeline", "coverage", "about", "whats-new"])
def test_every_page_has_open_graph_canonical_and_description(built, name):
    html = page(built, name)
    title = re.search(r'<meta property="og:title" content="([^"]+)"', html)
    description = re.search(r'<meta property="og:description" content="([^"]+)"', html)
    assert title and description and len(unescape(description.group(1))) > 20
    assert re.search(r'<link rel="canonical" href="https://upunaprosk\.github\.io/Awesome-LLM-Compression-Safety/', html)
    assert '<meta name="description"' in html


def test_sitemap_and_404(built):
    sitemap = (built / "sitemap.xml").read_text()
    for name in ["fairness/", "papers/", "timeline/", "coverage/", "whats-new/"]:
        assert f"https://upunaprosk.github.io/Awesome-LLM-Compression-Safety/{name}" in sitemap
    assert "404" in (built / "404.html").read_text()


def test_whats_new_lists_every_paper_by_month(built, library):
    html = page(built, "whats-new")
    assert len(re.findall(r'<li><a href="\.\./papers/[a-z0-9_-]+/">', html)) == len(library.papers)
    assert "November 2026" in html


def test_readme_list_is_current_and_the_check_can_fail(tmp_path):
    result = subprocess.run([sys.executable, "-m", "catalogue", "readme", "--check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    readme = (ROOT / "README.md").read_text()
    assert "https://awesome.re/badge.svg" in readme
    stale = tmp_path / "README.md"
    stale.write_text(readme.replace("### Privacy", "### Privacy (edited by hand)"))
    result = subprocess.run([sys.executable, "-m", "catalogue", "readme", "--check", "--readme", str(stale)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "stale" in result.stderr
    subprocess.run([sys.executable, "-m", "catalogue", "readme", "--readme", str(stale)], cwd=ROOT, check=True,
                   capture_output=True, timeout=60)
    assert stale.read_text() == readme


def test_citation_cff_is_valid_and_on_the_home_page(built):
    result = subprocess.run([str(BIN / "cffconvert"), "--validate", "-i", str(ROOT / "CITATION.cff")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    home = page(built, "")
    assert "Cite this catalogue" in home and cff["title"].replace("?", "") in unescape(home).replace("?", "")


def test_contribution_files(tmp_path):
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-paper.yml").read_text())
    ids = {item.get("id") for item in form["body"]}
    assert {"title", "link", "harm", "compression"} <= ids
    assert "python -m catalogue check" in (ROOT / ".github" / "pull_request_template.md").read_text()
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    for hook in hooks:
        command = hook["entry"].replace("python", sys.executable, 1).split()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, (hook["id"], result.stderr)
    contributing = (ROOT / "docs" / "contributing.md").read_text()
    for name in ("propose-paper.yml", "pull_request_template.md", ".pre-commit-config.yaml"):
        assert name in contributing


# Issue 14's budget for the real All papers page, gzipped as the test server and GitHub Pages serve it.
ALL_PAPERS_BUDGET = 150_000


def test_all_papers_page_stays_within_its_gzip_budget(built, library):
    import gzip
    html = (built / "papers" / "index.html").read_bytes()
    size = len(gzip.compress(html, compresslevel=6, mtime=0))
    per_paper = size / len(library.papers)
    assert size <= ALL_PAPERS_BUDGET, (
        f"papers/index.html is {size:,} bytes gzipped ({per_paper:,.0f} per paper for {len(library.papers)} papers), "
        f"over the {ALL_PAPERS_BUDGET:,}-byte budget: make cards lighter or load the rest on demand")


@pytest.mark.parametrize("name", ["papers", "fairness"])
def test_listing_lead_reads_as_sentences(built, library, name):
    """The lead and the count are two sentences with a space between, and "newest first" is said once."""
    lead = re.search(r'<p class="cat-intro__lead">(.*?)</p>', page(built, name), re.S).group(1)
    text = " ".join(unescape(re.sub(r"<svg.*?</svg>|<[^>]+>", "", lead, flags=re.S)).split())
    count = str(len(library.papers)) if name == "papers" else r"\d+"
    assert re.search(r"\w\. " + count + " papers", text), text
    assert text.count("newest first") == 1, text
