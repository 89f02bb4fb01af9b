"""Issue 22 without a browser: question pages (counted in papers, checked against the findings CSV), the
evidence map's links to them, the table of every finding (every row reachable without scripts), numbers as
data, and the question rules on a small library."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from catalogue.data.findings import load_evidence
from catalogue.data.loader import load_library
from catalogue.data.questions import FEW_PAPERS, model_family, paper_direction
from catalogue.data.taxonomy import load_taxonomy

DIRECTIONS = ("worse", "mixed", "no_change", "better")


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def expected_counts(rows: list[dict[str, str]]) -> dict[str, int]:
    """Papers per direction, from the CSV alone: each paper once; differing directions make it mixed."""
    seen: dict[str, set[str]] = {}
    for row in rows:
        if row["role"] in ("effect", "attack"):
            seen.setdefault(row["key"], set()).add(row["direction"])
    counts = dict.fromkeys(DIRECTIONS, 0)
    for directions in seen.values():
        counts[directions.pop() if len(directions) == 1 else "mixed"] += 1
    return counts


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",").replace(" :", ":").strip()


def test_paper_direction_and_model_families():
    assert paper_direction(["worse", "worse"]) == "worse"
    assert paper_direction(["worse", "no_change"]) == "mixed"
    assert paper_direction(["better", "mixed"]) == "mixed"
    assert [model_family(name) for name in ("LLaMA-3.1-8B-Instruct", "Llava-1.5-7B", "Qwen2.5-14B", "QwQ-32B",
                                            "DistilBERT", "ResNet-50", "Mixtral-8x7B", "some new model")] == [
        "Llama", "LLaVA", "Qwen", "Qwen", "BERT family", "ResNet", "Mistral", None]


def test_every_pair_with_findings_has_its_question_page_counting_papers(real_project):
    site = real_project / "site"
    rows = read_csv(site / "downloads" / "findings.csv")
    pairs = sorted({(row["harm"], row["compression"]) for row in rows})
    assert len(pairs) >= 20
    index = (site / "questions" / "index.html").read_text(encoding="utf-8")
    for harm, compression in pairs:
        page = site / "questions" / f"{harm}-{compression}" / "index.html"
        assert page.is_file(), (harm, compression)
        assert f'href="{harm}-{compression}/"' in index
        html = page.read_text(encoding="utf-8")
        subset = [row for row in rows if (row["harm"], row["compression"]) == (harm, compression)]
        counts = expected_counts(subset)
        total = sum(counts.values())
        verdict = re.search(r'<p class="cat-verdict__text">(.*?)</p>', html, re.S)
        assert verdict is not None
        expected = (f"{total} {'paper' if total == 1 else 'papers'}: {counts['worse']} worse, {counts['mixed']} mixed, "
                    f"{counts['no_change']} no change, {counts['better']} better")
        assert text_of(verdict.group(1)).replace("▼ ", "").replace("◆ ", "").replace("● ", "").replace("▲ ", "") == expected
        assert ("Too few papers to say." in html) == (total < FEW_PAPERS), (harm, compression)
        mitigations = {row["key"] for row in subset if row["role"] == "mitigation"}
        if mitigations:
            assert f"{len(mitigations)} proposing a mitigation" in text_of(html)
        # Every finding of the pair is listed once on its page; the per-question CSV holds the same rows.
        assert html.count('<tr><td><a href="../../papers/') == len(subset)
        assert read_csv(site / "downloads" / f"findings-{harm}-{compression}.csv") == subset
    # A pair without findings has no page.
    assert len([p for p in (site / "questions").iterdir() if p.is_dir()]) == len(pairs)


def test_the_evidence_map_links_every_non_empty_cell_to_its_question(real_project):
    site = real_project / "site"
    html = (site / "evidence" / "index.html").read_text(encoding="utf-8")
    tables = re.findall(r'<table class="cat-evidence">(.*?)</table>', html, re.S)
    assert len(tables) == 2
    for table in tables:
        cells = re.findall(r'<td class="cat-evidence__cell">(.*?)</td>', table, re.S)
        filled = [cell for cell in cells if "cat-evidence__none" not in cell]
        assert filled
        for cell in filled:
            link = re.search(r'<a class="cat-evidence__question" href="\.\./questions/([a-z-]+)/(#by-band)?"', cell)
            assert link is not None, cell[:200]
            assert (site / "questions" / link.group(1) / "index.html").is_file()


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.inside = False
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", "cat-ftable") in attrs:
            self.inside = True
        elif self.inside and tag == "tbody":
            self.depth += 1
        elif self.inside and self.depth and tag == "a":
            self.rows.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False


def test_findings_table_holds_every_finding_without_scripts(real_project):
    site = real_project / "site"
    rows = read_csv(site / "downloads" / "findings.csv")
    seen: list[str] = []
    url = site / "findings" / "index.html"
    pages = 0
    while url is not None:
        html = url.read_text(encoding="utf-8")
        parser = _Rows()
        parser.feed(html)
        seen += [href.rstrip("/").split("/")[-1] for href in parser.rows]
        pages += 1
        assert len(html.encode()) < 400_000
        following = re.search(r'<a href="([^"]+)" rel="next">', html)
        url = (url.parent / following.group(1) / "index.html").resolve() if following else None
    assert seen == [row["key"] for row in rows]  # every finding, in the CSV's order, page after page
    assert pages == -(-len(rows) // 100)


def test_at_least_sixty_findings_carry_numbers_and_the_csv_has_them():
    taxonomy = load_taxonomy(ROOT / "data" / "taxonomy.yml")
    library = load_library(ROOT / "data" / "papers.bib", taxonomy)
    evidence = load_evidence(ROOT / "data" / "findings.yml", ROOT / "data" / "methods.yml", library)
    assert evidence.problems == ()
    with_numbers = [finding for finding in evidence.all() if finding.has_numbers]
    assert len(with_numbers) >= 60, len(with_numbers)
    assert all(finding.metric and finding.unit for finding in with_numbers)


def test_numbers_reach_the_findings_csv(real_project):
    rows = read_csv(real_project / "site" / "downloads" / "findings.csv")
    numbered = [row for row in rows if row["delta"] or row["baseline"] or row["compressed"]]
    assert len(numbered) >= 60
    for row in numbered:
        assert row["metric"] and row["unit"]
        if row["baseline"] and row["compressed"] and row["delta"]:
            assert abs(float(row["compressed"]) - float(row["baseline"]) - float(row["delta"])) <= 0.11, row


def test_questions_count_papers_once_and_keep_mitigations_apart(tmp_path, taxonomy):
    from test_findings import FINDINGS, library, write
    from catalogue.data.questions import questions

    extra_alpha = """  - harm: safety
    compression: quantization
    methods: [gptq]
    setting: [W3A16]
    direction: worse
    location: Table 3
    role: attack
  - harm: safety
    compression: quantization
    direction: better
    location: Table 4
    role: mitigation
"""
    assert "    location: Table 2\nbeta2024fair:\n" in FINDINGS
    text = FINDINGS.replace("    location: Table 2\nbeta2024fair:\n", "    location: Table 2\n" + extra_alpha + "beta2024fair:\n"
                            "  - {harm: safety, compression: quantization, direction: worse, location: Table 1, "
                            "models: [Llama-2-7B]}\n", 1)
    papers = library(taxonomy)
    evidence = load_evidence(write(tmp_path, "findings.yml", text), ROOT / "data" / "methods.yml", papers)
    assert evidence.problems == ()
    harms, families = taxonomy.page_vocabulary.values, taxonomy.vocabulary("compression").values
    asked = {q.slug: q for q in questions(papers.papers, evidence, harms, families, lambda p: p.key == "alpha2025safe")}
    assert sorted(asked) == ["fairness-pruning", "safety-quantization"]
    safety = asked["safety-quantization"]
    # alpha: worse (effect) and worse (attack) -> worse once; beta: worse and no change -> mixed.
    assert safety.answer.text() == "2 papers: 1 worse, 1 mixed, 0 no change, 0 better"
    assert safety.attacks == ("alpha2025safe",) and safety.mitigations == ("alpha2025safe",)
    assert safety.too_few and safety.peer_reviewed == ("alpha2025safe",) and safety.preprints == ("beta2024fair",)
    assert {split.id: split.tally.text() for split in safety.by_band} == {
        "le3bit": "1 paper: 1 worse, 0 mixed, 0 no change, 0 better",
        "4bit": "1 paper: 1 worse, 0 mixed, 0 no change, 0 better",
        "8bit": "1 paper: 0 worse, 0 mixed, 1 no change, 0 better"}
    assert [(split.title, split.tally.total) for split in safety.by_family] == [("Llama", 2)]
    assert [direction for direction, _ in safety.grouped()] == ["worse", "no_change", "mitigation"]
    assert safety.title == "Does quantization affect safety?"
