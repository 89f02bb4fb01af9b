"""Hostile and malformed BibTeX: a corpus of cases, each with a precise message (file, 1-based line,
key), no traceback, strict builds failing, and every valid entry still rendered."""

from __future__ import annotations

import pytest

from catalogue import load_library_text

from conftest import entry, make_project, mkdocs_build

GOOD = entry("good2024ok", title="A Perfectly Good Paper", doi="10.1000/same", eprint="2401.00001")  # 15 lines; a bad case starts at line 16


def case(text: str | bytes, key: str | None, fragment: str, line: int = 16):
    return text, key, fragment, line


CASES = {
    "unbalanced-open-brace": case(entry("open2024x", title="Open {brace"), "open2024x", "cannot be parsed"),
    "unbalanced-close-brace": case(entry("close2024x", title="Close} brace"), "close2024x",
                                   "field 'title' (line 17): unexpected text after the value"),
    "missing-comma": case(entry("comma2024x").replace("  year = {2024},\n", "  year = {2024}\n"), "comma2024x",
                          "missing comma: field 'booktitle' was merged"),
    "duplicate-key": case(entry("good2024ok", title="Other"), "good2024ok", "duplicate key (first on line 1)"),
    "same-doi": case(entry("doi2024x", doi="10.1000/same"), "doi2024x", "same paper as"),
    "same-arxiv": case(entry("arx2024x", eprint="2401.00001v3"), "arx2024x", "same paper as"),
    "same-title": case(entry("title2024x", title="a perfectly GOOD paper!"), "title2024x",
                       "same paper as 'good2024ok' (line 1): same title"),
    "unknown-tag": case(entry("tag2024x", harm="fairness, toxicity"), "tag2024x", "unknown harm 'toxicity'"),
    "missing-year": case(entry("noyear2024x", drop=("year",)), "noyear2024x", "year is missing"),
    "malformed-year": case(entry("badyear2024x", year="20x4"), "badyear2024x", "year '20x4' is not a four-digit year"),
    "missing-title": case(entry("notitle2024x", drop=("title",)), "notitle2024x", "title is missing"),
    "empty-title": case(entry("empty2024x", title=""), "empty2024x", "title is missing"),
    "missing-author": case(entry("noauth2024x", drop=("author",)), "noauth2024x", "author is missing"),
    "empty-author-name": case(entry("andand2024x", author="Doe, Jane and and Roe, R"), "andand2024x",
                              "author list has an empty name"),
    "escaped-brace-at-end": case(entry("esc2024x", title="Ends in backslash \\"), "esc2024x", "ends in '\\}'"),
    "unknown-entry-type": case(entry("type2024x", entry_type="webpage"), "type2024x", "unknown entry type '@webpage'"),
    "undefined-string": case(entry("macro2024x").replace("{Proceedings of Something}", "procs"), "macro2024x",
                             "undefined @string macro 'procs'"),
    "string-without-value": case("@string{broken}\n", "broken", "cannot be parsed"),
    "crossref-missing": case(entry("xref2024x", crossref="nowhere2020"), "xref2024x",
                             "crossref 'nowhere2020' names no entry"),
    "huge-field": case(entry("huge2024x", note="x" * 20_000), "huge2024x", "is 20,000 characters long"),
    "non-utf8": case(entry("latin2024x", title="Caf\u00e9 au lait").encode("latin-1"), "latin2024x",
                     "byte 0xE9 is not valid UTF-8 (the file looks like Latin-1 / Windows-1252"),
    "nul-byte": case(entry("nul2024x", title="Null\x00 byte"), "nul2024x",
                     "line 17: control character U+0000 (NUL) at column 16"),
    "escape-character": case(entry("esc2024y", note="colour \x1b[31m red"), "esc2024y",
                             "control character U+001B (ESC)"),
    "nested-emph-1000": case(entry("deep2024x", title="\\emph{" * 1000 + "deep" + "}" * 1000), "deep2024x",
                             "field 'title' nests braces 1,000 levels deep (at most 100)"),
    "nested-math-1000": case(entry("deepm2024x", title="$" + "{" * 1000 + "\\theta" + "}" * 1000 + "$"),
                             "deepm2024x", "nests braces 1,000 levels deep"),
    "author-list-too-long": case(entry("authors2024x", author=" and ".join(f"Person{index:05d}, Given Name"
                                                                          for index in range(12_000))),
                                 "authors2024x", "field 'author' is 335,995 characters long (limit 250,000)"),
    "crossref-parent-without-year": case(entry("child2024x", crossref="proc2024x", drop=("year", "booktitle"))
                                         + "@proceedings{proc2024x,\n  title = {Proceedings of X},\n}\n",
                                         "child2024x", "year is missing"),
    "javascript-url": case(entry("js2024x", url="javascript:alert(1)"), "js2024x", "is not an http(s) URL"),
    "data-url": case(entry("data2024x", url="data:text/html,<script>alert(1)</script>"), "data2024x",
                     "is not an http(s) URL"),
    "javascript-code-url": case(entry("jscode2024x", code="JavaScript:alert(1)"), "jscode2024x",
                                "code 'JavaScript:alert(1)' is not an http(s) URL"),
    "no-link": case(entry("nolink2024x", drop=("url",)), "nolink2024x", "link is missing"),
    "bad-doi": case(entry("baddoi2024x", doi="doi:10.1/x"), "baddoi2024x", "does not look like a DOI"),
    "bad-eprint": case(entry("badep2024x", eprint="arXiv:2401.0001"), "badep2024x", "is not an arXiv identifier"),
    "missing-harm": case(entry("noharm2024x", drop=("harm",)), "noharm2024x", "harm is missing"),
    "long-summary": case(entry("long2024x", summary=" ".join(["word"] * 60)), "long2024x", "summary has 60 words"),
    "bad-added": case(entry("added2024x", added="23/11/2026"), "added2024x", "is not an ISO date"),
    "no-comma-after-key": case("@misc{nokey2024x\n  title = {x},\n}\n", "nokey2024x", "cannot be parsed"),
    "empty-file": ("", None, "the library is empty", 1),
    "space-after-at": case(entry("space2024x").replace("@inproceedings", "@ inproceedings"), "space2024x",
                           "looks like an entry but was not read as one"),
    "bad-key-characters": case(entry("bad#key2024"), "bad#key2024", "the citation key may hold only"),
}

# Inputs that are odd but valid: they must load with no problem and render escaped.
VALID = {
    "bom": b"\xef\xbb\xbf" + entry("bom2024x").encode(),
    "crlf": entry("crlf2024x").replace("\n", "\r\n").encode(),
    "html-title": entry("htmlt2024x", title="<script>alert('t')</script> Title").encode(),
    "html-author": entry("htmla2024x", author="<img src=x onerror=alert(1)>, Eve").encode(),
    "html-summary": entry("htmls2024x", summary="<iframe src=//evil></iframe> and \"quotes\" & ampersands").encode(),
    "200-authors": entry("many2024x", author=" and ".join(f"Person{index}, Given" for index in range(200))).encode(),
    "2000-authors": entry("many2024y", author=" and ".join(f"Person{index}, Given Middle" for index in range(2000)),
                          entry_type="techreport", drop=("booktitle",), institution="A Lab").encode(),
    "url-with-dashes-and-tilde": entry("url2024x", url="https://example.org/~user/a--b_c%20d",
                                       doi="10.1000/a--b~c").encode(),
    "escaped-url": entry("urlesc2024x", url=r"https://example.org/a\_b\%20c\#frag").encode(),
    "math-title": entry("math2024x", title=r"Bounds on $\theta_i^2$ and \(\alpha\)-Fairness").encode(),
    "latex-quotes-and-text-commands": entry("quote2024x", title=r"``Quoted'' {\textquotesingle}a{\slash}b "
                                            r"{\textasciitilde}c --- d").encode(),
    "unknown-command-kept": entry("cmd2024x", title=r"The \foo{Bar} Method").encode(),
    "nested-emph-90": entry("deep2024y", title="\\emph{" * 90 + "ok" + "}" * 90).encode(),
    "crossref-inherits": (entry("xchild2024x", crossref="xproc2024", drop=("year", "booktitle"))
                          + "@proceedings{xproc2024,\n  title = {Proceedings of {X} 2024},\n  year = {2024},\n"
                          "  publisher = {P},\n}\n").encode(),
    "biblatex-date-and-journaltitle": entry("date2024x", entry_type="article", drop=("year", "booktitle"),
                                            date="2024-03-15", journaltitle="Journal of Y").encode(),
    "editor-only-book": entry("ed2024x", entry_type="book", drop=("author", "booktitle"),
                              editor="Doe, Jane and Roe, Rick", publisher="P").encode(),
    "utf16-le": None,  # filled below: the whole file in UTF-16 is reported, not valid
}
del VALID["utf16-le"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_case_gets_a_precise_message(taxonomy, name):
    text, key, fragment, line = CASES[name]
    data = (GOOD.encode() + text) if isinstance(text, bytes) else (GOOD + text if text else "")
    library = load_library_text(data, "hostile.bib", taxonomy)
    messages = [str(problem) for problem in library.problems]
    where = f"hostile.bib:{line}: entry '{key}': " if key else f"hostile.bib:{line}: "
    assert any(message.startswith(where) and fragment in message for message in messages), (where, fragment, messages)
    if text:
        assert "good2024ok" in [paper.key for paper in library.papers]  # the valid entry survives


@pytest.mark.parametrize("name", sorted(VALID))
def test_odd_but_valid_inputs_load_cleanly(taxonomy, name):
    library = load_library_text(VALID[name], "odd.bib", taxonomy)
    assert library.problems == ()
    assert len(library.papers) == 1


def test_valid_cases_decode_as_intended(taxonomy):
    def paper(name):
        (only,) = load_library_text(VALID[name], "odd.bib", taxonomy).papers
        return only

    assert paper("url-with-dashes-and-tilde").url == "https://example.org/~user/a--b_c%20d"
    assert paper("url-with-dashes-and-tilde").doi == "10.1000/a--b~c"
    assert paper("escaped-url").url == "https://example.org/a_b%20c#frag"
    assert paper("math-title").title == "Bounds on θᵢ² and α-Fairness"
    assert paper("latex-quotes-and-text-commands").title == "“Quoted” 'a/b ~c — d"
    assert paper("unknown-command-kept").title == r"The \foo{Bar} Method"
    assert paper("nested-emph-90").title == "ok"
    child = paper("crossref-inherits")
    assert (child.key, child.year, child.venue) == ("xchild2024x", 2024, "Proceedings of X 2024")
    assert child.source["booktitle"] == "Proceedings of {X} 2024" and child.source["publisher"] == "P"
    assert "crossref" not in child.source  # the parent is not exported, so the child stands alone
    dated = paper("biblatex-date-and-journaltitle")
    assert (dated.year, dated.venue) == (2024, "Journal of Y")
    assert paper("editor-only-book").authors == ("Jane Doe", "Rick Roe")
    assert len(paper("2000-authors").authors) == 2000


@pytest.mark.parametrize("encoding, name", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16")])
def test_a_utf16_file_is_named_as_such(taxonomy, encoding, name):
    library = load_library_text(GOOD.encode(encoding), "u16.bib", taxonomy)
    assert [str(problem) for problem in library.problems] == [
        f"u16.bib:1: the file is encoded as {name}, not UTF-8 (save it as UTF-8)"]
    assert [paper.title for paper in library.papers] == ["A Perfectly Good Paper"]  # read all the same


def test_a_latin1_file_is_named_and_read_as_latin1(taxonomy):
    library = load_library_text(entry("latin2024z", title="Caf\u00e9 na\u00efve").encode("latin-1"), "l1.bib", taxonomy)
    assert any("the file looks like Latin-1 / Windows-1252" in str(problem) for problem in library.problems)


def test_no_library_problem_raises(taxonomy):
    """Deep nesting in every field that is decoded, parsed as names or expanded: messages, never a traceback."""
    deep = "{" * 5000 + "x" + "}" * 5000
    text = entry("deepall2024x", title=deep, author=deep, booktitle="\\textbf{" * 3000 + "v" + "}" * 3000)
    library = load_library_text(text, "deep.bib", taxonomy)
    assert any("nests braces 5,000 levels deep" in str(problem) for problem in library.problems)


def test_corpus_has_at_least_thirty_cases():
    assert len(CASES) + len(VALID) >= 30


def test_whole_corpus_in_one_file_strict_fails_and_loose_renders_every_valid_entry(tmp_path, taxonomy):
    parts = [GOOD] + [text.decode("utf-8", "replace") if isinstance(text, bytes) else text
                      for text, _, _, _ in CASES.values() if text and not isinstance(text, bytes)]
    parts += [value.decode() for name, value in VALID.items() if name != "bom"]
    bib = "".join(parts)
    library = load_library_text(bib, "papers.bib", taxonomy)
    valid = {paper.key for paper in library.papers}
    assert {"good2024ok", "crlf2024x", "htmlt2024x", "htmla2024x", "htmls2024x", "many2024x"} <= valid
    root = make_project(tmp_path / "p", bib)
    strict = mkdocs_build(root, "--strict")
    assert strict.returncode != 0 and "Traceback" not in strict.stderr
    for problem in library.problems:
        assert str(problem) in strict.stderr
    loose = mkdocs_build(root)
    assert loose.returncode == 0 and "Traceback" not in loose.stderr
    # Every valid entry is rendered: on All papers or one of its continuations, and on its own page.
    pages = [root / "site" / "papers" / "index.html", *sorted((root / "site" / "papers").glob("page-*/index.html"))]
    html = "".join(page.read_text() for page in pages)
    for key in valid:
        assert f'data-key="{key}"' in html
        assert (root / "site" / "papers" / key / "index.html").is_file()
    assert "<script>alert" not in html and "<img src=x" not in html and "<iframe" not in html
    assert "javascript:" not in html.lower().replace("javascript:void", "")


@pytest.mark.parametrize("name, bib", [("empty", ""), ("no-valid-entry", entry("bad2024x", drop=("year",)))])
def test_a_library_with_no_valid_entry_builds_an_empty_catalogue_and_strict_fails(tmp_path, name, bib):
    """A new fork starts here: the real project's pages, no paper. Warnings, not a Jinja traceback."""
    from conftest import copy_project

    root = copy_project(tmp_path / "p")
    (root / "data" / "papers.bib").write_text(bib)
    loose = mkdocs_build(root)
    assert loose.returncode == 0 and "Traceback" not in loose.stderr, loose.stderr[-3000:]
    assert "data/papers.bib:1: " in loose.stderr  # the problem is a warning
    home = (root / "site" / "index.html").read_text()
    assert "The catalogue is empty" in home
    assert "No paper in the catalogue" in (root / "site" / "papers" / "index.html").read_text()
    strict = mkdocs_build(root, "--strict")
    assert strict.returncode != 0 and "data/papers.bib:1: " in strict.stderr
