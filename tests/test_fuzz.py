"""Property-based tests: generated and mutated BibTeX never makes the loader raise, and every entry
the text starts is either loaded as a paper or named in a problem."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue import load_library_text

from conftest import entry

BASE = entry("alpha2024x") + entry("beta2023y", title="Beta {Title}", year="2023") + \
    "@string{acl = \"ACL\"}\n" + entry("gamma2022z", title="Gamma", year="2022")
PIECES = ["@", "{", "}", ",", "=", "\"", "#", "\\", "\\}", "\n", " ", "@misc{", "title = {", "year = 20",
          "and", "é", "\x00", "\ufeff", "\r\n", "@string{", "@comment{", "%", "}}", "{{", "author = {", "javascript:"]
ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s{}()=\"%']+)", re.MULTILINE)


def check(text: str, taxonomy) -> None:
    library = load_library_text(text, "fuzz.bib", taxonomy)  # must not raise
    papers = {paper.key for paper in library.papers}
    reported_keys = {problem.key for problem in library.problems}
    reported_lines = {problem.line for problem in library.problems}
    for match in ENTRY_START.finditer(text.replace("\r\n", "\n").replace("\r", "\n")):
        kind, key = match.group(1).lower(), match.group(2)
        if kind in ("comment", "preamble", "string"):
            continue
        line = text.replace("\r\n", "\n").replace("\r", "\n").count("\n", 0, match.start()) + 1
        # Accounted for: loaded, or named in a problem, or inside an earlier block reported as unparseable
        # or as running on (which is how a swallowed entry is reported).
        swallowed = any(problem.line <= line and ("cannot be parsed" in problem.message or "runs on" in problem.message
                                                  or "merged" in problem.message or "unexpected text" in problem.message)
                        for problem in library.problems)
        assert key in papers or key in reported_keys or line in reported_lines or swallowed, \
            (key, line, text, [str(p) for p in library.problems])
    for problem in library.problems:
        assert problem.line >= 1 and str(problem).startswith("fuzz.bib:")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=40))
def test_generated_text_never_crashes(taxonomy, pieces):
    check("".join(pieces), taxonomy)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_library_is_loaded_or_reported(taxonomy, data):
    text = BASE
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(st.sampled_from(PIECES))
        if action == "insert":
            text = text[:position] + piece + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + data.draw(st.integers(1, 6)):]
        else:
            text = text[:position] + piece + text[position + len(piece):]
    check(text, taxonomy)
