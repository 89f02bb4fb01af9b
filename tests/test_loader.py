"""The loader on inline BibTeX: every problem kind with its exact line, and LaTeX decoding."""

from __future__ import annotations

import pytest

from catalogue import load_library_text
from catalogue.data.latex import decode_latex
from catalogue.data.loader import listing_page

from conftest import entry


def load(text, taxonomy):
    return load_library_text(text, "lib.bib", taxonomy)


def messages(library):
    return [str(problem) for problem in library.problems]


def test_valid_entry_loads_with_decoded_fields(taxonomy):
    text = entry("doe2024study", author=r"M{\"u}ller, J{\"o}rg and Gon{\c{c}}alves, Ana and others",
                 title=r"{LLM}s Under {4-bit} Quantization: Fairness \& Bias---Revisited",
                 booktitle=r"Findings of {EMNLP} 2024", pages="1--10",
                 harm="fairness, safety")
    library = load(text, taxonomy)
    assert library.problems == ()
    (paper,) = library.papers
    assert paper.title == "LLMs Under 4-bit Quantization: Fairness & Bias—Revisited"
    assert paper.authors == ("Jörg Müller", "Ana Gonçalves", "et al.")
    assert paper.venue == "Findings of EMNLP 2024"
    assert paper.tagged("harm") == ("fairness", "safety")
    assert paper.line == 1
    # The export copy keeps the source's LaTeX untouched.
    assert paper.source["title"] == r"{LLM}s Under {4-bit} Quantization: Fairness \& Bias---Revisited"
    assert paper.source["pages"] == "1--10"


def test_string_macros_concatenation_and_months(taxonomy):
    text = ('@string{emnlp = "Findings of {EMNLP}"}\n'
            + entry("doe2024study").replace("  booktitle = {Proceedings of Something},\n",
                                             '  booktitle = emnlp # " 2024",\n  month = jun,\n'))
    library = load(text, taxonomy)
    assert library.problems == ()
    (paper,) = library.papers
    assert paper.venue == "Findings of EMNLP 2024"
    assert paper.source["booktitle"] == "Findings of {EMNLP} 2024"
    assert paper.source["month"] == "June"
    assert paper.line == 2


@pytest.mark.parametrize("latex, text", [
    (r"{\'E}cole", "École"), (r"\'{e}t\'e", "été"), (r"na\"{\i}ve", "naïve"), (r"Stra{\ss}e", "Straße"),
    (r"{\L}ukasz", "Łukasz"), (r"\v{S}koda", "Škoda"), (r"Caf\'e \& Bar", "Café & Bar"),
    (r"pp.~1--2", "pp.\u00a01–2"), (r"\textit{Emph} and {Case}", "Emph and Case"), (r"{\o}re", "øre"),
])
def test_decode_latex(latex, text):
    assert decode_latex(latex) == text


def test_every_problem_kind_with_its_line(taxonomy):
    parts = [
        entry("good2024one"),                                              # line 1..13
        entry("noyear2024", drop=("year",)),                               # 14
        entry("badyear2024", year="24"),                                   # 26
        entry("notitle2024", drop=("title",)),                             # 39
        entry("noauthor2024", drop=("author",)),                           # 51
        entry("nolink2024", drop=("url",)),                                # 63
        entry("badtag2024", harm="fairness, toxicity"),                    # 75
        entry("badurl2024", url="javascript:alert(1)"),                    # 88
        entry("good2024one", title="Another title"),                       # 101 duplicate key
        entry("samedoi2024", doi="10.1000/xyz", url="https://a.org/1"),    # 114
        entry("samedoi2024b", doi="10.1000/XYZ", url="https://a.org/2"),   # 128
        entry("samearxiv2024", eprint="2401.00001", drop=("url",)),        # 142
        entry("samearxiv2024b", eprint="2401.00001v2", drop=("url",)),     # 155
        entry("sametitle2024", title="The Same Title"),                    # 168
        entry("sametitle2024b", title="The {S}ame title!"),                # 181
    ]
    text = "".join(parts)
    starts = {}
    line = 1
    for part in parts:
        key = part.split("{", 1)[1].split(",", 1)[0]
        starts.setdefault(key, []).append(line)
        line += part.count("\n")
    library = load(text, taxonomy)
    found = messages(library)

    def expect(key, fragment, occurrence=0):
        line = starts[key][occurrence]
        wanted = f"lib.bib:{line}: entry '{key}': {fragment}"
        assert any(message.startswith(wanted) for message in found), (wanted, found)

    expect("noyear2024", "year is missing")
    expect("badyear2024", "year '24' is not a four-digit year")
    expect("notitle2024", "title is missing")
    expect("noauthor2024", "author is missing")
    expect("nolink2024", "link is missing")
    expect("badtag2024", "unknown harm 'toxicity'")
    expect("badurl2024", "url 'javascript:alert(1)' is not an http(s) URL")
    expect("good2024one", "duplicate key (first on line 1)", occurrence=1)
    expect("samedoi2024b", "same paper as 'samedoi2024' (line %d): same DOI" % starts["samedoi2024"][0])
    expect("samearxiv2024b", "same paper as 'samearxiv2024'")
    expect("sametitle2024b", "same paper as 'sametitle2024'")
    assert len(found) == 11, found
    assert [paper.key for paper in library.papers] == [
        "good2024one", "samedoi2024", "samearxiv2024", "sametitle2024"]


def test_missing_comma_is_caught_not_merged(taxonomy):
    text = entry("good2024one") + entry("comma2024").replace(
        "  year = {2024},\n", "  year = {2024}\n")
    library = load(text, taxonomy)
    found = messages(library)
    assert any(m.startswith("lib.bib:14: entry 'comma2024': field 'year' (line 17): missing comma: field "
                            "'booktitle' was merged into this value (at line 18)") for m in found), found
    assert [paper.key for paper in library.papers] == ["good2024one"]


def test_value_ending_in_escaped_brace_is_explained(taxonomy):
    text = entry("brace2024", title="Path C:\\") + entry("after2024")
    library = load(text, taxonomy)
    found = messages(library)
    assert len(found) == 1, found
    assert found[0].startswith("lib.bib:1: entry 'brace2024': cannot be parsed: the value on line 2 ends in '\\}'")
    assert [paper.key for paper in library.papers] == ["after2024"]


def test_unparseable_block_and_unbalanced_braces(taxonomy):
    text = "@misc{nocomma2024\n  title = {x},\n}\n" + entry("open2024", title="Open {brace") + entry("after2024")
    library = load(text, taxonomy)
    found = messages(library)
    assert any(m.startswith("lib.bib:1: entry 'nocomma2024': cannot be parsed") for m in found), found
    assert any(m.startswith("lib.bib:4: entry 'open2024':") for m in found), found
    assert [paper.key for paper in library.papers] == ["after2024"]


def test_undefined_string_macro(taxonomy):
    text = entry("macro2024").replace("  booktitle = {Proceedings of Something},\n", "  booktitle = nosuch,\n")
    found = messages(load(text, taxonomy))
    assert found == ["lib.bib:1: entry 'macro2024': field 'booktitle' (line 5): undefined @string macro 'nosuch'"]


def test_non_utf8_bom_and_crlf(taxonomy):
    good = entry("good2024one").replace("\n", "\r\n").encode("utf-8")
    bad = entry("latin2024", title="Caf\u00e9").encode("latin-1")
    library = load_library_text(b"\xef\xbb\xbf" + good + bad, "lib.bib", taxonomy)
    found = messages(library)
    assert found == ["lib.bib:14: entry 'latin2024': line 15: byte 0xE9 is not valid UTF-8 (the file looks like Latin-1 / Windows-1252: save it as UTF-8)"]
    assert [paper.key for paper in library.papers] == ["good2024one"]


def test_empty_file(taxonomy):
    assert messages(load("  \n", taxonomy)) == ["lib.bib:1: the library is empty: no entries found"]


def test_tags_and_custom_fields_are_checked(taxonomy):
    long_summary = " ".join(["word"] * 41)
    text = entry("tags2024", compression="", modality="text", summary=long_summary, added="2026-13-01",
                 code="ftp://example.org/code")
    found = messages(load(text, taxonomy))
    for fragment in ["compression is missing", "unknown modality 'text'", "summary has 41 words",
                     "added '2026-13-01' is not an ISO date", "code 'ftp://example.org/code' is not an http(s) URL"]:
        assert any(fragment in message for message in found), (fragment, found)


def test_unknown_entry_type(taxonomy):
    found = messages(load(entry("type2024", entry_type="webpage"), taxonomy))
    assert found == ["lib.bib:1: entry 'type2024': unknown entry type '@webpage'"]


# The 11 links of issue 19 that pointed at a schedule, virtual-conference, person or listing page.
NOT_A_PAPER_PAGE = [
    "https://nips.cc/Conferences/2021/ScheduleMultitrack?event=27323", "https://neurips.cc/virtual/2021/poster/26319",
    "https://neurips.cc/Conferences/2022/ScheduleMultitrack?event=64874", "https://icml.cc/virtual/2021/spotlight/9960",
    "https://iclr.cc/virtual/2018/poster/47", "https://iclr.cc/virtual/2025/poster/28528",
    "https://iclr.cc/virtual/2023/oral/12658", "https://icml.cc/virtual/2026/poster/66656",
    "https://icml.cc/virtual/2026/poster/60537", "http://papers.nips.cc/paper/by-source-2018-182",
    "https://aclanthology.org/people/l/lucy-vasserman/",
]
A_PAPER_PAGE = [
    "https://aclanthology.org/2022.woah-1.9/", "https://openreview.net/forum?id=7J-fKoXiReA",
    "https://proceedings.mlr.press/v139/fu21c.html", "https://arxiv.org/abs/2106.09129",
    "https://papers.nips.cc/paper_files/paper/2018/hash/4c5bde74a8f110656874902f07378009-Abstract.html",
    "https://openaccess.thecvf.com/content/CVPR2023/html/Iofinova_Bias_in_Pruned_Vision_Models_In-Depth_Analysis_and_Countermeasures_CVPR_2023_paper.html",
]


@pytest.mark.parametrize("url", NOT_A_PAPER_PAGE)
def test_a_url_that_is_not_the_papers_own_page_is_a_problem(taxonomy, url):
    library = load_library_text(entry("link2024x", url=url), "papers.bib", taxonomy)
    assert [problem.message for problem in library.problems] == [
        f"url '{url}' is {listing_page(url)}, not the paper's own page"]
    assert listing_page(url) in ("a schedule page", "a virtual-conference page", "a person's page", "a listing page")


@pytest.mark.parametrize("url", A_PAPER_PAGE)
def test_a_papers_own_page_passes(taxonomy, url):
    assert load_library_text(entry("link2024x", url=url), "papers.bib", taxonomy).problems == ()


@pytest.mark.parametrize("value, message", [
    (None, "verified is missing"), ("tertiary", "verified 'tertiary' is neither 'primary' nor 'secondary'")])
def test_verified_is_required_and_graded(taxonomy, value, message):
    text = entry("tier2024x", drop=("verified",)) if value is None else entry("tier2024x", verified=value)
    library = load_library_text(text, "papers.bib", taxonomy)
    assert len(library.problems) == 1 and message in library.problems[0].message
    assert library.problems[0].key == "tier2024x" and library.problems[0].line == 1
