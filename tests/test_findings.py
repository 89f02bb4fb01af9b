"""Findings, the named-method vocabulary, the excluded list and the upstream reader: the data layer,
the CLI, the downloads (read back by csv and validated by their JSON Schema) and the evidence map page."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT, entry, make_project, mkdocs_build
from catalogue.data.excluded import load_excluded
from catalogue.data.facets import finding_facets
from catalogue.data.findings import load_evidence
from catalogue.data.loader import load_library_text
from catalogue.data.normalise import parse_query, setting_band
from catalogue.data.upstream import read_awesome_tables, unaccounted

LIBRARY = (
    entry("alpha2025safe", year="2025", harm="safety", compression="quantization", title="Alpha safety paper",
          eprint="2501.00001")
    + entry("beta2024fair", year="2024", harm="fairness, safety", compression="quantization, pruning",
            title="Beta fairness paper", doi="10.1000/beta")
    + entry("gamma2023survey", year="2023", harm="safety", compression="general", contribution="survey",
            title="Gamma survey")
)

FINDINGS = """\
alpha2025safe:
  - harm: safety
    compression: quantization
    methods: [gptq]
    setting: [W4A16]
    models: [Llama-2-7B-chat]
    benchmark: [AdvBench]
    direction: worse
    magnitude: "+12 pts attack success"
    metric: attack success rate
    baseline: 3.5
    compressed: 15.5
    delta: 12
    unit: "%"
    location: Table 2
beta2024fair:
  - harm: fairness
    compression: pruning
    methods: [wanda]
    setting: ["50%"]
    benchmark: [BBQ]
    direction: mixed
    location: Section 4.1
  - harm: safety
    compression: quantization
    methods: [awq]
    setting: [W8A8]
    benchmark: [HarmBench]
    direction: no_change
    location: abstract
gamma2023survey: []  # survey: no findings
"""


def library(taxonomy, text=LIBRARY):
    return load_library_text(text, "data/papers.bib", taxonomy)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the normaliser --------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["4-bit", "4 bit", "4bit", "int4", "W4A16", "w4", "INT4 models"])
def test_every_spelling_of_4_bit_is_the_4_bit_band(query):
    assert parse_query(query, {}).bands == ("4bit",)


def test_methods_are_named_methods_and_the_rest_stays_words():
    aliases = {"gptq": "gptq", "bnb nf4": "bnb-nf4", "llm.int8()": "llm-int8"}
    terms = parse_query("GPTQ safety bnb NF4 LLM.int8() 2:4 50% sparsity", aliases)
    assert terms.methods == ("llm-int8", "bnb-nf4", "gptq")
    assert set(terms.bands) == {"sparsity-nm", "sparsity-50"}
    assert terms.words == ("safety",)
    assert parse_query("llama 7b quantization", aliases).bands == ()  # a model size is not a bit width


@pytest.mark.parametrize("setting, band", [("W4A16", "4bit"), ("W8A8", "8bit"), ("W4A8", "4bit"), ("W3", "le3bit"),
                                           ("KV2", "le3bit"), ("NF4", "4bit"), ("FP16", "other-bits"),
                                           ("50%", "sparsity-50"), ("70%", "sparsity-gt50"), ("2:4", "sparsity-nm"),
                                           ("KV-budget 20%", "other"), ("student", "other"), ("banana", None)])
def test_settings_fall_into_bands(setting, band):
    assert setting_band(setting) == band


# -- findings --------------------------------------------------------------------------------------------

def test_valid_findings_load_with_bands(tmp_path, taxonomy):
    evidence = load_evidence(write(tmp_path, "findings.yml", FINDINGS), ROOT / "data" / "methods.yml", library(taxonomy))
    assert evidence.problems == ()
    assert [f.direction for f in evidence.of("beta2024fair")] == ["mixed", "no_change"]
    assert evidence.of("alpha2025safe")[0].bands == ("4bit",)
    assert evidence.of("gamma2023survey") == ()


def test_every_findings_problem_is_reported_at_once_with_file_line_and_key(tmp_path, taxonomy):
    bad = FINDINGS.replace("direction: worse", "direction: terrible").replace("methods: [wanda]", "methods: [wonda]")
    bad = bad.replace("setting: [W8A8]", "setting: [eight bits please]").replace("location: abstract",
                                                                               "location: abstract\n    colour: red")
    bad += "delta2020missing:\n  - {harm: safety, compression: quantization, direction: worse, location: Table 1}\n"
    bad = bad.replace("  - harm: fairness\n", "  - harm: privacy\n")
    bad = bad.replace("models: [Llama-2-7B-chat]", "models: [Llama-2 (7B, 13B)]")  # a flow list split inside brackets
    evidence = load_evidence(write(tmp_path, "findings.yml", bad), ROOT / "data" / "methods.yml", library(taxonomy),
                             shown_findings="data/findings.yml")
    messages = [str(problem) for problem in evidence.problems]
    expected = [
        r"^data/findings.yml:2: entry 'alpha2025safe': direction 'terrible' is not one of",
        r"^data/findings.yml:2: entry 'alpha2025safe': models item 'Llama-2 \(7B' has unbalanced brackets",
        r"^data/findings.yml:2: entry 'alpha2025safe': models item '13B\)' has unbalanced brackets",
        r"^data/findings.yml:17: entry 'beta2024fair': harm 'privacy' is not among the paper's harm tags",
        r"^data/findings.yml:17: entry 'beta2024fair': unknown method 'wonda'",
        r"^data/findings.yml:24: entry 'beta2024fair': unknown field\(s\) colour",
        r"^data/findings.yml:24: entry 'beta2024fair': setting 'eight bits please' is not in a known form",
        r"^data/findings.yml:\d+: entry 'delta2020missing': no entry with this key in the library",
    ]
    for pattern in expected:
        assert any(re.search(pattern, message) for message in messages), (pattern, messages)
    assert len(messages) == len(expected)


@pytest.mark.parametrize("old, new, expected", [
    ("delta: 12", "delta: 11", "delta 11 is not compressed minus baseline (15.5 - 3.5)"),
    ("delta: 12", "delta: 12%", "delta must be a number (write the unit in 'unit'), not '12%'"),
    ('    unit: "%"\n', "", "a finding with numbers needs unit"),
    ("    metric: attack success rate\n", "", "a finding with numbers needs metric"),
    ("    baseline: 3.5\n    compressed: 15.5\n    delta: 12\n", "",
     "metric and unit go with a number: give baseline, compressed or delta"),
    ("baseline: 3.5", "baseline: true", "baseline must be a number (write the unit in 'unit'), not True"),
])
def test_numbers_need_a_metric_and_a_unit_and_a_delta_that_adds_up(tmp_path, taxonomy, old, new, expected):
    assert old in FINDINGS
    evidence = load_evidence(write(tmp_path, "findings.yml", FINDINGS.replace(old, new, 1)),
                             ROOT / "data" / "methods.yml", library(taxonomy), shown_findings="data/findings.yml")
    assert [str(problem) for problem in evidence.problems] == [
        f"data/findings.yml:2: entry 'alpha2025safe': {expected}"]


def test_a_number_in_a_list_is_a_comma_split_and_is_reported(tmp_path, taxonomy):
    text = FINDINGS.replace("benchmark: [AdvBench]", "benchmark: [1,024 AdvBench prompts]")
    evidence = load_evidence(write(tmp_path, "findings.yml", text), ROOT / "data" / "methods.yml", library(taxonomy),
                             shown_findings="data/findings.yml")
    assert [str(problem) for problem in evidence.problems] == [
        "data/findings.yml:2: entry 'alpha2025safe': benchmark item 1 is a number: a YAML list splits on commas "
        '("1,024 questions" becomes 1 and "024 questions"), so quote it']


def test_numbers_load_as_numbers(tmp_path, taxonomy):
    finding = load_evidence(write(tmp_path, "findings.yml", FINDINGS), ROOT / "data" / "methods.yml",
                            library(taxonomy)).of("alpha2025safe")[0]
    assert (finding.metric, finding.baseline, finding.compressed, finding.delta, finding.unit) == (
        "attack success rate", 3.5, 15.5, 12.0, "%")
    assert finding.has_numbers


def test_a_paper_without_findings_is_reported_unless_it_is_a_survey(tmp_path, taxonomy):
    text = FINDINGS.split("beta2024fair:")[0]  # beta and the survey are gone
    evidence = load_evidence(write(tmp_path, "findings.yml", text), ROOT / "data" / "methods.yml", library(taxonomy))
    messages = [str(problem) for problem in evidence.problems]
    line = LIBRARY.splitlines().index("@inproceedings{beta2024fair,") + 1
    assert messages == [f"data/papers.bib:{line}: entry 'beta2024fair': has no findings in "
                        f"{tmp_path / 'findings.yml'} (every non-survey paper needs them)"]


def test_a_key_twice_and_broken_yaml_are_reported(tmp_path, taxonomy):
    twice = FINDINGS + "alpha2025safe: []\n"
    evidence = load_evidence(write(tmp_path, "f.yml", twice), ROOT / "data" / "methods.yml", library(taxonomy))
    assert any("key appears twice (first at line 1)" in str(p) for p in evidence.problems)
    broken = load_evidence(write(tmp_path, "g.yml", "alpha2025safe: [\n"), ROOT / "data" / "methods.yml",
                           library(taxonomy))
    assert broken.problems and "invalid YAML" in str(broken.problems[0])


def test_the_real_findings_match_their_json_schema():
    path = ROOT / "data" / "findings.yml"
    if not path.exists():
        pytest.skip("no data/findings.yml")
    schema = json.loads((ROOT / "data" / "findings.schema.json").read_text())
    jsonschema.validate(yaml.safe_load(path.read_text()), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"x": [{"harm": "safety", "compression": "pruning", "direction": "up",
                                    "location": "Table 1"}]}, schema)


# -- excluded -----------------------------------------------------------------------------------------------

EXCLUDED = """\
- title: "SaLoRA: Safety-Alignment Preserved Low-Rank Adaptation"
  arxiv: "2501.01765"
  reason: low-rank fine-tuning; nothing is compressed
  source: upstream
- title: Alpha safety paper again
  arxiv: "2501.00001"
  reason: it is already in
- title: No reason given
  url: https://example.org/paper
- title: "SaLoRA: Safety-Alignment Preserved Low-Rank Adaptation"
  doi: "10.1000/x"
  reason: twice
  colour: blue
"""


def test_excluded_list_problems(tmp_path, taxonomy):
    records, problems = load_excluded(write(tmp_path, "excluded.yml", EXCLUDED), library(taxonomy),
                                      shown="data/excluded.yml")
    messages = [str(problem) for problem in problems]
    assert [record.title for record in records] == ["SaLoRA: Safety-Alignment Preserved Low-Rank Adaptation"]
    assert messages[0] == ("data/excluded.yml:5: entry 'Alpha safety paper again': same arXiv id as library entry "
                           "'alpha2025safe': a paper is either included or excluded, not both")
    assert messages[1] == "data/excluded.yml:8: entry 'No reason given': reason is missing (one line: why it is left out)"
    assert messages[2].startswith("data/excluded.yml:10: entry 'SaLoRA: Safety-Alignment Preserved Low-Rank Adapta")
    assert "unknown field(s) colour" in messages[2]
    assert len(messages) == 3


def test_the_real_excluded_list_is_valid_and_shown_on_the_about_page(real_project):
    path = ROOT / "data" / "excluded.yml"
    if not path.exists():
        pytest.skip("no data/excluded.yml")
    records = yaml.safe_load(path.read_text())
    html = (real_project / "site" / "about" / "index.html").read_text()
    assert "Considered and left out" in html
    for record in records[:20]:
        assert record["reason"].replace("&", "&amp;").replace("'", "&#39;").replace('"', "&quot;")[:30] in html \
            or record["reason"][:30] in html


# -- upstream --------------------------------------------------------------------------------------------

AWESOME = """\
# A list

| Date  | Institute | Venue | Paper |
|:-----:|:---------:|:-----------:|:-----:|
| 25.01 | Somewhere | ICML 2025 | [Alpha Safety Paper](https://arxiv.org/abs/2501.00001v2) |
| 24.02 | Elsewhere | arXiv | [A brand new paper](https://arxiv.org/abs/2402.09999) |
| 24.03 | Elsewhere | ACL | [Beta with another title](https://doi.org/10.1000/BETA) |
| 24.04 | Lab | arXiv | [SaLoRA: Safety-Alignment Preserved Low-Rank Adaptation](https://openreview.net/forum?id=abc) |
| 24.05 | Lab | arXiv | [Gamma survey](https://example.org/gamma) |
"""


def test_upstream_lists_only_what_is_neither_included_nor_excluded(tmp_path):
    root = make_project(tmp_path / "p", LIBRARY)
    (root / "data" / "excluded.yml").write_text(EXCLUDED.split("- title: Alpha safety")[0])
    readme = write(tmp_path, "README.md", AWESOME)
    result = subprocess.run([sys.executable, "-m", "catalogue", "upstream", str(readme), "data/papers.bib"],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{readme}:6: 24.02 | arXiv | A brand new paper | https://arxiv.org/abs/2402.09999"]
    assert "5 listed papers read, 1 neither in the library nor excluded." in result.stderr
    rows = read_awesome_tables(AWESOME)
    assert [row.arxiv for row in rows][:2] == ["2501.00001", "2402.09999"]
    assert rows[2].doi == "10.1000/beta"
    assert len(unaccounted(rows, set())) == 5


# -- CLI, downloads and the site ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("findings") / "p", LIBRARY)
    shutil.copy(ROOT / "data" / "methods.yml", root / "data" / "methods.yml")
    (root / "data" / "findings.yml").write_text(FINDINGS)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root


def test_check_cli_validates_findings_and_excluded(tmp_path):
    root = make_project(tmp_path / "p", LIBRARY)
    shutil.copy(ROOT / "data" / "methods.yml", root / "data" / "methods.yml")
    (root / "data" / "findings.yml").write_text(FINDINGS.replace("direction: worse", "direction: sideways"))
    (root / "data" / "excluded.yml").write_text(EXCLUDED)
    result = subprocess.run([sys.executable, "-m", "catalogue", "check"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 1
    assert "data/findings.yml:2: entry 'alpha2025safe': direction 'sideways'" in result.stderr
    assert "data/excluded.yml:8: entry 'No reason given': reason is missing" in result.stderr
    strict = mkdocs_build(root, "--strict")
    assert strict.returncode != 0
    assert "data/findings.yml:2: entry 'alpha2025safe': direction 'sideways'" in strict.stderr
    assert "Traceback" not in strict.stderr


def test_findings_downloads_read_back_by_csv_and_json_schema(built):
    downloads = built / "site" / "downloads"
    rows = list(csv.DictReader(io.StringIO((downloads / "findings.csv").read_text(encoding="utf-8"), newline="")))
    assert [(row["key"], row["direction"], row["band"]) for row in rows] == [
        ("alpha2025safe", "worse", "4bit"), ("beta2024fair", "mixed", "sparsity-50"),
        ("beta2024fair", "no_change", "8bit")]
    assert rows[0]["arxiv"] == "2501.00001" and rows[1]["doi"] == "10.1000/beta"
    assert rows[0]["magnitude"] == "+12 pts attack success" and rows[0]["location"] == "Table 2"
    assert [rows[0][name] for name in ("metric", "baseline", "compressed", "delta", "unit")] == [
        "attack success rate", "3.5", "15.5", "12", "%"]
    assert [rows[1][name] for name in ("metric", "baseline", "compressed", "delta", "unit")] == [""] * 5
    data = json.loads((downloads / "findings.json").read_text(encoding="utf-8"))
    schema = json.loads((downloads / "findings.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert len(data) == 3 and data[0]["methods"] == ["gptq"]
    assert (data[0]["baseline"], data[0]["compressed"], data[0]["delta"], data[1]["delta"]) == (3.5, 15.5, 12, None)
    safety = json.loads((downloads / "findings-safety.json").read_text(encoding="utf-8"))
    assert [row["key"] for row in safety] == ["alpha2025safe", "beta2024fair"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**data[0], "direction": "sideways"}], schema)


def test_cli_exports_the_same_findings_csv(built):
    result = subprocess.run([sys.executable, "-m", "catalogue", "export", "--format", "findings-csv"],
                            cwd=built, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (built / "site" / "downloads" / "findings.csv").read_text(encoding="utf-8")


def test_cards_show_findings_and_listings_offer_finding_facets(built):
    html = (built / "site" / "safety" / "index.html").read_text(encoding="utf-8")
    assert 'data-findings="safety|quantization|worse|gptq|4bit|advbench|effect"' in html
    assert '<span class="cat-dir cat-dir--worse"><span aria-hidden="true">▼</span> Worse</span>' in html
    for facet in ("direction", "method", "band"):
        assert f'data-facet="{facet}" data-level="finding"' in html
    # AdvBench and HarmBench are one paper's each here: no benchmark filter until two papers share one.
    assert 'data-facet="benchmark"' not in html
    # On the safety page only safety findings count: beta's fairness finding (Wanda) is not a facet value.
    assert 'value="wanda"' not in html and 'value="awq"' in html
    assert "A survey: no findings of its own are recorded." in html
    paper = (built / "site" / "papers" / "alpha2025safe" / "index.html").read_text(encoding="utf-8")
    assert '<span class="cat-numbers">attack success rate: 3.5 → 15.5 % (+12)</span>' in paper


def test_a_benchmark_is_a_filter_once_two_papers_use_it(tmp_path, taxonomy):
    shared = FINDINGS.replace("benchmark: [HarmBench]", "benchmark: [HarmBench, AdvBench]")
    papers = library(taxonomy).papers
    evidence = load_evidence(write(tmp_path, "findings.yml", shared), ROOT / "data" / "methods.yml", library(taxonomy))
    facets = {facet.id: facet for facet in finding_facets(papers, evidence, "safety")}
    assert [(value.id, value.count) for value in facets["benchmark"].values] == [("advbench", 2)]


def test_evidence_map_counts_and_links(built):
    html = (built / "site" / "evidence" / "index.html").read_text(encoding="utf-8")
    assert 'href="../safety/?compression=quantization&amp;direction=worse&amp;role=effect"' in html
    assert 'href="../fairness/?compression=pruning&amp;direction=mixed&amp;role=effect"' in html
    assert 'href="../safety/?compression=quantization&amp;band=4bit&amp;direction=worse&amp;role=effect"' in html
    assert 'href="../safety/?compression=quantization&amp;band=8bit&amp;direction=no_change&amp;role=effect"' in html
    assert "3 findings from 2 papers" in html


def test_mitigations_are_counted_apart_on_the_evidence_map(tmp_path):
    root = make_project(tmp_path / "p", LIBRARY)
    shutil.copy(ROOT / "data" / "methods.yml", root / "data" / "methods.yml")
    fix = ("  - {harm: safety, compression: quantization, methods: [other], setting: [W4A16], direction: better,\n"
           "     location: Table 3, role: mitigation}\n")
    (root / "data" / "findings.yml").write_text(FINDINGS.replace("beta2024fair:\n", "beta2024fair:\n" + fix))
    assert mkdocs_build(root, "--strict").returncode == 0
    html = (root / "site" / "evidence" / "index.html").read_text(encoding="utf-8")
    assert "3 findings from 2 papers" in html and "The 1 findings about proposed mitigations" in html
    assert "direction=better" not in html  # the only "better" finding is a mitigation
    assert 'href="../papers/?role=mitigation"' in html
    safety = (root / "site" / "safety" / "index.html").read_text(encoding="utf-8")
    assert 'data-facet="role" data-level="finding"' in safety and 'value="mitigation"' in safety


def test_an_empty_findings_file_reports_every_paper_without_findings(tmp_path, taxonomy):
    evidence = load_evidence(write(tmp_path, "findings.yml", ""), ROOT / "data" / "methods.yml", library(taxonomy))
    assert sorted(problem.key for problem in evidence.problems) == ["alpha2025safe", "beta2024fair"]
