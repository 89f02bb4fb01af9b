"""``add`` and ``refresh`` against recorded answers (tests/fixtures/sources/), with every socket blocked.

``responses`` answers for ``requests`` (the arxiv client, the Anthology, OpenReview) and ``respx`` for ``httpx``
(habanero, Crossref's client); a call neither knows fails as a refused connection, and pytest-socket makes any
real connection an error, so no test can reach a service.
"""

from __future__ import annotations

import datetime as _dt
import glob
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import pytest_socket
import requests
import responses
import respx
from catalogue.cli import main
from catalogue.sources.bibfile import read_blocks, set_field
from catalogue.sources.common import last_first
from catalogue.sources.identifiers import NotAnIdentifier, parse_identifier
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "sources"
ARXIV = "https://export.arxiv.org/api/query"
CROSSREF = "https://api.crossref.org/works"
ANTHOLOGY = "https://aclanthology.org/2024.findings-emnlp.935.bib"
OPENREVIEW = "https://api2.openreview.net/notes"
OPENREVIEW_SEARCH = "https://api2.openreview.net/notes/search"
TODAY = _dt.date.today().isoformat()
FAST = ("--arxiv-delay", "0", "--timeout", "1", "--retries", "0")


@pytest.fixture(autouse=True)
def no_network():
    """Sockets blocked for these tests only (the browser tests need localhost)."""
    pytest_socket.disable_socket()
    yield
    pytest_socket.enable_socket()


@pytest.fixture
def web():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def crossref():
    with respx.mock(assert_all_called=False) as mock:
        yield mock


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def real_entry(key: str) -> str:
    text = (ROOT / "data" / "papers.bib").read_text(encoding="utf-8")
    block = next(block for block in read_blocks(text) if block.key == key)
    return text[block.start:block.end] + "\n"


@pytest.fixture
def library(tmp_path) -> Path:
    """A library of one unrelated paper, with the real venue rules and excluded list beside it."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ROOT / "data" / "venues.yml", data / "venues.yml")
    shutil.copy(ROOT / "data" / "excluded.yml", data / "excluded.yml")
    path = data / "papers.bib"
    path.write_text("% test library\n\n" + real_entry("ganaie2025compression"), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *FAST]) if argv[0] in ("add", "refresh") else main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def serve_arxiv(web, name: str = "arxiv-2509.15206.xml") -> None:
    web.add(responses.GET, ARXIV, body=fixture(name), content_type="application/atom+xml")


def fields_of(entry: str) -> dict[str, str]:
    block = read_blocks(entry)[0]
    return dict(block.fields, key=block.key, type=block.entry_type)


# --- identifiers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, value", [
    ("2509.15206", "arxiv", "2509.15206"),
    ("arXiv:2509.15206v2", "arxiv", "2509.15206"),
    ("https://arxiv.org/pdf/2509.15206v1", "arxiv", "2509.15206"),
    ("10.1162/tacl_a_00695", "doi", "10.1162/tacl_a_00695"),
    ("https://doi.org/10.1162/tacl_a_00695", "doi", "10.1162/tacl_a_00695"),
    ("10.48550/arXiv.2509.15206", "arxiv", "2509.15206"),
    ("10.18653/v1/2024.findings-emnlp.935", "anthology", "2024.findings-emnlp.935"),
    ("https://aclanthology.org/2024.findings-emnlp.935/", "anthology", "2024.findings-emnlp.935"),
    ("2025.l2m2-1.6", "anthology", "2025.l2m2-1.6"),
    ("P19-1001", "anthology", "P19-1001"),
    ("https://openreview.net/forum?id=x83w6yGIWb", "openreview", "x83w6yGIWb"),
    ("x83w6yGIWb", "openreview", "x83w6yGIWb"),
])
def test_every_identifier_kind_is_read(text, kind, value):
    identifier = parse_identifier(text)
    assert (identifier.kind, identifier.value) == (kind, value)


@pytest.mark.parametrize("name, inverted", [
    ("Irina Proskurina", "Proskurina, Irina"), ("Jian-Jia Chen", "Chen, Jian-Jia"),
    ("Ruud van der Berg", "van der Berg, Ruud"), ("Doe, Jane", "Doe, Jane"), ("Plato", "Plato"),
])
def test_service_names_are_written_last_name_first(name, inverted):
    assert last_first(name) == inverted


def test_text_that_is_no_identifier_is_refused_before_any_call(capsys, library):
    before = library.read_bytes()
    code, out, err = run(capsys, "add", "https://example.org/paper", "--library", str(library))
    assert code == 2 and out == ""
    assert err.strip() == "add: 'https://example.org/paper' is no arXiv, DOI, ACL Anthology or OpenReview address; " \
                          "nothing written"
    assert library.read_bytes() == before
    with pytest.raises(NotAnIdentifier):
        parse_identifier("hello")


# --- add: one identifier of each kind ---------------------------------------------------------------

def test_add_arxiv_writes_the_house_entry(capsys, web, library):
    serve_arxiv(web)
    code, out, err = run(capsys, "add", "https://arxiv.org/abs/2509.15206v1", "--library", str(library))
    assert code == 0, err
    expected = (
        "@misc{proskurina2025fairgptq,\n"
        "  title         = {{Fair-GPTQ}: Bias-Aware Quantization for Large Language Models},\n"
        "  author        = {Proskurina, Irina and Metzler, Guillaume and Velcin, Julien},\n"
        "  year          = {2025},\n"
        "  eprint        = {2509.15206},\n"
        "  archiveprefix = {arXiv},\n"
        "  primaryclass  = {cs.CL},\n"
        "  url           = {https://arxiv.org/abs/2509.15206},\n"
        f"  added         = {{{TODAY}}},\n"
        "  verified      = {primary},\n"
        "}\n")
    assert out.strip() == expected.strip()
    assert library.read_text(encoding="utf-8").endswith("\n\n" + expected)
    assert "id_list=2509.15206" in web.calls[0].request.url
    assert "write harm, compression, modality, contribution, summary" in err


def test_add_doi_writes_a_journal_article(capsys, crossref, library):
    route = crossref.get(f"{CROSSREF}/10.1162/tacl_a_00695").mock(
        return_value=httpx.Response(200, text=fixture("crossref-work-tacl_a_00695.json"),
                                    headers={"Content-Type": "application/json"}))
    code, out, err = run(capsys, "add", "https://doi.org/10.1162/tacl_a_00695", "--library", str(library))
    assert code == 0, err
    assert route.called
    entry = fields_of(out)
    real = fields_of(real_entry("chrysostomou2024investigating"))
    for name in ("key", "type", "title", "author", "journal", "year", "volume", "pages", "publisher", "doi"):
        assert entry[name] == real[name], name
    assert entry["added"] == TODAY and entry["verified"] == "primary"


def test_add_anthology_id_writes_the_anthologys_facts(capsys, web, library):
    web.add(responses.GET, ANTHOLOGY, body=fixture("anthology-2024.findings-emnlp.935.bib"))
    code, out, err = run(capsys, "add", "10.18653/v1/2024.findings-emnlp.935", "--library", str(library))
    assert code == 0, err
    entry = fields_of(out)
    real = fields_of(real_entry("marchisio2024quantization"))
    for name in ("key", "type", "title", "author", "booktitle", "year", "month", "pages", "publisher", "address",
                 "doi", "url"):
        assert entry[name] == real[name], name
    assert "  month         = nov,\n" in out


def test_add_openreview_id_names_the_venue_officially(capsys, web, library):
    web.add(responses.GET, OPENREVIEW, body=fixture("openreview-x83w6yGIWb.json"), content_type="application/json",
            match=[responses.matchers.query_param_matcher({"id": "x83w6yGIWb"})])
    code, out, err = run(capsys, "add", "https://openreview.net/forum?id=x83w6yGIWb", "--library", str(library))
    assert code == 0, err
    entry = fields_of(out)
    real = fields_of(real_entry("ji2025beware"))
    for name in ("key", "type", "title", "author", "booktitle", "year", "url"):
        assert entry[name] == real[name], name
    assert "venues.yml" not in err  # the ICLR rule knows the official name


def test_check_reports_an_added_entry_as_incomplete(capsys, web, library):
    serve_arxiv(web)
    assert run(capsys, "add", "2509.15206", "--library", str(library))[0] == 0
    code, _, err = run(capsys, "check", str(library), "--taxonomy", str(ROOT / "data" / "taxonomy.yml"))
    assert code == 1
    for missing in ("harm is missing", "compression is missing", "modality is missing", "contribution is missing",
                    "summary is missing"):
        assert f"entry 'proskurina2025fairgptq': {missing}" in err


def test_dry_run_prints_and_writes_nothing(capsys, web, library):
    serve_arxiv(web)
    before = library.read_bytes()
    code, out, err = run(capsys, "add", "2509.15206", "--dry-run", "--library", str(library))
    assert code == 0
    assert out.startswith("@misc{proskurina2025fairgptq,\n")
    assert "dry run: nothing written" in err
    assert library.read_bytes() == before


# --- add: duplicates --------------------------------------------------------------------------------

def test_a_paper_in_the_library_is_refused_without_asking_anyone(capsys, web):
    real = ROOT / "data" / "papers.bib"
    before = real.read_bytes()
    code, out, err = run(capsys, "add", "2509.15206", "--library", str(real))
    assert code == 1
    assert "add: 2509.15206 is already in the library (same arXiv id): " in err and "'proskurina2025fairgptq'" in err
    assert out.startswith("@misc{proskurina2025fairgptq,") and "summary" in out  # the matching entry, whole
    assert len(web.calls) == 0 and real.read_bytes() == before


def test_an_excluded_paper_is_refused(capsys, web, library):
    code, _, err = run(capsys, "add", "https://arxiv.org/abs/2402.04291", "--library", str(library))
    assert code == 1 and len(web.calls) == 0
    assert f"was considered and left out (same arXiv id): {library.parent / 'excluded.yml'}:" in err
    assert "BiLLM: Pushing the Limit of Post-Training Quantization for LLMs" in err


def test_the_same_title_under_another_identifier_is_refused(capsys, web, library):
    entry = real_entry("proskurina2025fairgptq")
    entry = entry.replace("  eprint        = {2509.15206},\n", "").replace("arxiv.org/abs/2509.15206", "example.org/fair")
    library.write_text(library.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    before = library.read_bytes()
    serve_arxiv(web)
    code, _, err = run(capsys, "add", "2509.15206", "--library", str(library))
    assert code == 1
    assert "is already in the library (same title)" in err and "'proskurina2025fairgptq'" in err
    assert library.read_bytes() == before


# --- refresh ----------------------------------------------------------------------------------------

def as_preprint(key: str, title: str | None = None) -> str:
    """A library entry as it stood while the paper was an arXiv preprint."""
    block = read_blocks(real_entry(key))[0]
    lines = [f"@misc{{{key},", f"  title         = {{{title or block.fields['title']}}},",
             f"  author        = {{{block.fields['author']}}},", f"  year          = {{{block.fields['year']}}},",
             f"  eprint        = {{{block.fields['eprint']}}},", "  archiveprefix = {arXiv},",
             f"  url           = {{https://arxiv.org/abs/{block.fields['eprint']}}},"]
    lines += [f"  {name:<13} = {{{block.fields[name]}}}," for name in
              ("harm", "compression", "modality", "contribution", "summary", "added", "verified")]
    return "\n".join(lines) + "\n}\n"


@pytest.fixture
def preprints(library) -> Path:
    text = "% test library\n\n" + "\n".join([
        as_preprint("marchisio2024quantization"),
        as_preprint("singh2025interpreting", "Price of Efficiency: Interpreting the Effects of Quantization on {LLM}s"),
        as_preprint("he2025preserving"),
        real_entry("chen2025assessing"),
    ])
    library.write_text(text, encoding="utf-8")
    return library


def serve_refresh(web, crossref) -> None:
    serve_arxiv(web, "arxiv-refresh.xml")
    json = {"Content-Type": "application/json"}
    crossref.get(CROSSREF, params={"query.bibliographic": "How Does Quantization Affect Multilingual LLMs?"}).mock(
        return_value=httpx.Response(200, text=fixture("crossref-search-marchisio.json"), headers=json))
    crossref.get(CROSSREF).mock(return_value=httpx.Response(200, text=fixture("crossref-search-none.json"),
                                                            headers=json))
    web.add(responses.GET, ANTHOLOGY, body=fixture("anthology-2024.findings-emnlp.935.bib"))
    web.add(responses.GET, OPENREVIEW_SEARCH, body=fixture("openreview-search-he2025.json"),
            content_type="application/json", match=[responses.matchers.query_param_matcher(
                {"term": "Preserving LLM Capabilities through Calibration Data Curation: From Analysis to Optimization"},
                strict_match=False)])
    web.add(responses.GET, OPENREVIEW_SEARCH, body=fixture("openreview-search-none.json"),
            content_type="application/json")


def test_refresh_reports_and_changes_nothing_without_write(capsys, web, crossref, preprints):
    serve_refresh(web, crossref)
    before = preprints.read_bytes()
    code, out, err = run(capsys, "refresh", "--library", str(preprints))
    assert code == 0, err
    assert ("- marchisio2024quantization (line 3): published: Findings of the Association for Computational "
            "Linguistics: EMNLP 2024, 2024 (ACL Anthology 2024.findings-emnlp.935)") in out
    assert ("- singh2025interpreting (line 19): title changed in arXiv v2: 'Price of Efficiency: Interpreting the "
            "Effects of Quantization on LLMs' -> 'Interpreting the Effects of Quantization on LLMs'") in out
    assert "- he2025preserving (line 35): published: Advances in Neural Information Processing Systems, 2025 (OpenReview venue: NeurIPS 2025 poster)" in out
    assert "chen2025assessing" in out and "the entry keeps its venue's title" in out
    assert "3 entries to update: run with --write to apply." in out
    assert len([call for call in web.calls if call.request.url.startswith(ARXIV)]) == 1  # one batched call
    assert preprints.read_bytes() == before


def test_refresh_write_edits_in_place_keeping_every_field(capsys, web, crossref, preprints):
    serve_refresh(web, crossref)
    before = preprints.read_text(encoding="utf-8")
    code, out, err = run(capsys, "refresh", "--write", "--library", str(preprints))
    assert code == 0, err
    assert "Updated 3 entries" in out
    after = preprints.read_text(encoding="utf-8")
    old = {block.key: block for block in read_blocks(before)}
    new = {block.key: block for block in read_blocks(after)}
    assert list(old) == list(new)  # same entries, same order, same keys
    for key, block in old.items():
        assert set(block.fields) <= set(new[key].fields), key  # no field dropped
    marchisio = new["marchisio2024quantization"]
    assert marchisio.entry_type == "inproceedings"
    real = fields_of(real_entry("marchisio2024quantization"))
    for name in ("booktitle", "year", "month", "pages", "publisher", "address", "doi", "url", "eprint", "summary"):
        assert marchisio.fields[name] == real[name], name
    singh = new["singh2025interpreting"]
    assert singh.entry_type == "misc"
    assert singh.fields["title"] == "Interpreting the Effects of Quantization on {LLM}s"
    assert singh.fields["alttitle"] == "Price of Efficiency: Interpreting the Effects of Quantization on {LLM}s"
    he = new["he2025preserving"]
    assert (he.entry_type, he.fields["booktitle"], he.fields["url"]) == (
        "inproceedings", "Advances in Neural Information Processing Systems", "https://openreview.net/forum?id=Tf9eoTIIjh")
    assert after[new["chen2025assessing"].start:new["chen2025assessing"].end] == \
        before[old["chen2025assessing"].start:old["chen2025assessing"].end]  # a venue's entry is not rewritten
    # Text-level edits: the untouched lines of an edited entry are byte for byte the same.
    old_lines = set(before[old["singh2025interpreting"].start:old["singh2025interpreting"].end].splitlines())
    new_lines = set(after[new["singh2025interpreting"].start:new["singh2025interpreting"].end].splitlines())
    replaced = "  title         = {Price of Efficiency: Interpreting the Effects of Quantization on {LLM}s},"
    assert old_lines - new_lines == {replaced}
    assert "alttitle" in "".join(new_lines - old_lines)
    code, _, err = run(capsys, "check", str(preprints), "--taxonomy", str(ROOT / "data" / "taxonomy.yml"))
    assert code == 0, err  # the edited library is still valid


def test_arxiv_completes_an_and_others_list_but_never_rewrites_a_venues_list():
    from catalogue.sources.common import Record
    from catalogue.sources.refresh import Change, _compare_with_arxiv
    text = ("@inproceedings{doe2024study,\n  title = {A Study},\n  author = {Doe, Jane and others},\n"
            "  authornote = {Full list not found.},\n}\n"
            "@inproceedings{roe2024other,\n  title = {Another},\n  author = {Roe, Richard and Poe, Edgar},\n}\n")
    incomplete, complete = read_blocks(text)
    arxiv = Record("arXiv API", "misc", {"title": "A Study"}, ["Doe, Jane", "Roe, Richard"], "arXiv v2")
    change = Change(incomplete)
    _compare_with_arxiv(change, arxiv)
    assert change.fields == {"author": "Doe, Jane and Roe, Richard"}
    assert change.lines == ["author list changed in arXiv v2: 1 name and others -> 2 names", "authornote may now be out of date: check it"]
    change = Change(complete)
    _compare_with_arxiv(change, Record("arXiv API", "misc", {"title": "Another"}, ["Roe, Richard"], "arXiv v3"))
    assert change.fields == {}
    assert change.lines == ["author list differs from arXiv v3 (1 name); the entry keeps its venue's list"]


def test_set_field_edits_one_field_and_leaves_every_other_byte():
    block = "@misc{k,\n  title = {A},\n  year  = {2024}\n}"
    assert set_field(block, "title", "New {LLM}") == "@misc{k,\n  title = {New {LLM}},\n  year  = {2024}\n}"
    assert set_field(block, "alttitle", "B", after="title") == \
        "@misc{k,\n  title = {A},\n  alttitle = {B},\n  year  = {2024}\n}"
    assert set_field(block, "note", "C") == "@misc{k,\n  title = {A},\n  year  = {2024},\n  note  = {C},\n}"
    assert set_field(block, "note", "C", after="year") == \
        "@misc{k,\n  title = {A},\n  year  = {2024},\n  note  = {C},\n}"
    assert set_field(block, "month", "nov", bare=True).endswith("  month = nov,\n}")


# --- faults: every service, every kind; one line, no traceback, nothing written ---------------------

SERVICES = {  # identifier, service name in the message, what answers for it
    "arxiv": ("2509.15206", "arXiv API", "requests", ARXIV),
    "crossref": ("10.1162/tacl_a_00695", "Crossref API", "httpx", f"{CROSSREF}/10.1162/tacl_a_00695"),
    "anthology": ("2024.findings-emnlp.935", "ACL Anthology", "requests", ANTHOLOGY),
    "openreview": ("x83w6yGIWb", "OpenReview API", "requests", OPENREVIEW),
}
FAULTS = {
    "timeout": ("timed out (no answer within 1 s)", requests.exceptions.ReadTimeout("read timed out"),
                httpx.ReadTimeout("timed out")),
    "rate-limit": ("rate limit reached (HTTP 429); try again later", 429, 429),
    "busy": ("busy or rate-limiting (HTTP 503); try again later", 503, 503),
    "malformed": ("sent a malformed answer", "<html><body>Service temporarily rearranged</body></html>",
                  "<html>not json</html>"),
    "no-network": ("unreachable (connection refused)",
                   requests.exceptions.ConnectionError("[Errno 111] Connection refused"),
                   httpx.ConnectError("[Errno 111] Connection refused")),
}


def serve_fault(web, crossref, service: str, fault: str) -> None:
    _, _, library_kind, url = SERVICES[service]
    _, for_requests, for_httpx = FAULTS[fault]
    if library_kind == "httpx":
        route = crossref.get(url)
        if isinstance(for_httpx, Exception):
            route.mock(side_effect=for_httpx)
        elif isinstance(for_httpx, int):
            route.mock(return_value=httpx.Response(for_httpx, text="Too many requests"))
        else:
            route.mock(return_value=httpx.Response(200, text=for_httpx, headers={"Content-Type": "text/html"}))
    elif isinstance(for_requests, Exception):
        web.add(responses.GET, url, body=for_requests)
    elif isinstance(for_requests, int):
        web.add(responses.GET, url, status=for_requests, body="Too many requests")
    else:
        web.add(responses.GET, url, body=for_requests, status=200, content_type="text/html")


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("service", sorted(SERVICES))
def test_a_fault_is_one_line_naming_the_service_and_nothing_is_written(capsys, web, crossref, library, service, fault):
    identifier, name, _, _ = SERVICES[service]
    serve_fault(web, crossref, service, fault)
    before = library.read_bytes()
    code, out, err = run(capsys, "add", identifier, "--library", str(library))
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"add: {name} {FAULTS[fault][0]}"), err
    assert err.rstrip().endswith("; nothing written")
    assert out == "" and library.read_bytes() == before


def test_malformed_json_from_openreview_and_crossref_is_named(capsys, web, crossref, library):
    web.add(responses.GET, OPENREVIEW, json={"notes": [{"content": {"title": {"value": "x"}}}]})
    code, _, err = run(capsys, "add", "x83w6yGIWb", "--library", str(library))
    assert code == 1 and err.startswith("add: OpenReview API sent a malformed answer")
    crossref.get(f"{CROSSREF}/10.1162/tacl_a_00695").mock(return_value=httpx.Response(
        200, json={"status": "ok", "message": {"DOI": "10.1162/tacl_a_00695"}}))
    code, _, err = run(capsys, "add", "10.1162/tacl_a_00695", "--library", str(library))
    assert code == 1 and err.startswith("add: Crossref API sent a malformed answer")


def test_what_was_fetched_before_a_fault_is_printed_and_not_written(capsys, web, library):
    serve_arxiv(web)
    web.add(responses.GET, ANTHOLOGY, status=429)
    before = library.read_bytes()
    code, out, err = run(capsys, "add", "2509.15206", "2024.findings-emnlp.935", "--library", str(library))
    assert code == 1
    assert out.startswith("@misc{proskurina2025fairgptq,")
    assert err.strip() == ("add: ACL Anthology rate limit reached (HTTP 429); try again later while fetching "
                           "2024.findings-emnlp.935; the entry fetched before is printed above; nothing written")
    assert library.read_bytes() == before


def test_a_fault_during_refresh_keeps_the_report_so_far_and_writes_nothing(capsys, web, crossref, preprints):
    serve_arxiv(web, "arxiv-refresh.xml")
    crossref.get(CROSSREF).mock(return_value=httpx.Response(429, text="slow down"))
    before = preprints.read_bytes()
    code, out, err = run(capsys, "refresh", "--write", "--library", str(preprints))
    assert code == 1
    assert err.strip() == "refresh: Crossref API rate limit reached (HTTP 429); try again later; nothing written"
    assert "stopped early" in out
    assert preprints.read_bytes() == before


def test_arxiv_waits_as_asked_between_calls():
    from catalogue.sources.arxiv_api import ArxivSource
    from catalogue.sources.common import Settings
    assert ArxivSource(Settings()).client.delay_seconds == 3.0
    assert ArxivSource(Settings(arxiv_delay=0)).client.delay_seconds == 0


# --- the command line and the workflow --------------------------------------------------------------

@pytest.mark.parametrize("command", ["add", "refresh"])
def test_both_commands_have_help(capsys, command):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert "--library" in capsys.readouterr().out


def test_workflows_pass_actionlint():
    binary = Path(sys.executable).parent / "actionlint"
    workflows = sorted(glob.glob(str(ROOT / ".github" / "workflows" / "*.yml")))
    assert any(path.endswith("refresh.yml") for path in workflows)
    result = subprocess.run([str(binary), *workflows], capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_refresh_workflow_runs_both_commands_and_opens_a_pull_request():
    text = (ROOT / ".github" / "workflows" / "refresh.yml").read_text(encoding="utf-8")
    assert re.search(r"schedule:\s*\n\s*- cron:", text) and "workflow_dispatch" in text
    assert "python -m catalogue refresh --write" in text and "python -m catalogue upstream" in text
    assert "peter-evans/create-pull-request" in text and ".[sources]" in text
