"""One normaliser for compression settings and named methods, shared by the data checks, the filter box
and site search: "4-bit", "4 bit", "4bit", "int4" and "W4A16" all mean the 4-bit band.

The rules are data (``QUERY_RULES``, ``BANDS``), so the browser applies exactly the same ones: the
build writes them into each listing as JSON (:func:`browser_table`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence


@dataclass(frozen=True)
class Band:
    """A precision or sparsity band: the unit of the evidence map and the band facet."""

    id: str
    title: str
    kind: str  # "precision" | "sparsity" | "other"
    search_words: tuple[str, ...] = ()


BANDS: tuple[Band, ...] = (
    Band("le3bit", "≤ 3-bit", "precision", ("3-bit", "3bit", "2-bit", "2bit", "1-bit", "w3a16", "w2a16", "int3", "int2",
                                             "binary", "ternary")),
    Band("4bit", "4-bit", "precision", ("4-bit", "4bit", "int4", "w4a16", "nf4", "fp4", "w4")),
    Band("8bit", "8-bit", "precision", ("8-bit", "8bit", "int8", "w8a8", "fp8", "w8")),
    Band("other-bits", "Other precision (5–7, 16 bit)", "precision", ("6-bit", "5-bit", "fp16", "bf16")),
    Band("sparsity-lt50", "Sparsity below 50%", "sparsity", ("sparsity",)),
    Band("sparsity-50", "Sparsity 50%", "sparsity", ("50%", "sparsity")),
    Band("sparsity-gt50", "Sparsity above 50%", "sparsity", ("sparsity", "high sparsity")),
    Band("sparsity-nm", "N:M sparsity", "sparsity", ("2:4", "n:m", "semi-structured")),
    Band("other", "Other settings", "other", ()),
)
BAND_IDS = tuple(band.id for band in BANDS)


def band(band_id: str) -> Band:
    for item in BANDS:
        if item.id == band_id:
            return item
    raise KeyError(band_id)


# Which band a number falls in: (test, threshold, band), first match wins; "else" always matches.
# The browser gets these same steps (browser_table), so both sides band a number alike.
BIT_STEPS: tuple[tuple[str, float, str], ...] = (
    ("le", 3, "le3bit"), ("eq", 4, "4bit"), ("eq", 8, "8bit"), ("else", 0, "other-bits"))
PERCENT_STEPS: tuple[tuple[str, float, str], ...] = (
    ("lt", 50, "sparsity-lt50"), ("eq", 50, "sparsity-50"), ("else", 0, "sparsity-gt50"))
_TESTS = {"le": lambda value, limit: value <= limit, "lt": lambda value, limit: value < limit,
          "eq": lambda value, limit: value == limit, "else": lambda value, limit: True}


def _step_band(value: float, steps: tuple[tuple[str, float, str], ...]) -> str:
    return next(band_id for test, limit, band_id in steps if _TESTS[test](value, limit))


def bits_band(bits: float) -> str:
    """The band of a bit width (weights, activations or cache, whichever is narrowest)."""
    return _step_band(bits, BIT_STEPS)


def sparsity_band(percent: float) -> str:
    return _step_band(percent, PERCENT_STEPS)


# Accepted forms of a finding's `setting`, tried in order; (pattern, how to read it).
_SETTING_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^W(\d+(?:\.\d+)?)A(\d+(?:\.\d+)?)(?:KV(\d+(?:\.\d+)?))?$", re.I), "wa"),
    (re.compile(r"^W(\d+(?:\.\d+)?)$", re.I), "w"),
    (re.compile(r"^KV ?(\d+(?:\.\d+)?)(?:[ -]?bits?)?$", re.I), "kv"),
    (re.compile(r"^(?:INT|FP|NF|MXFP|Q)(\d+)(?:_\w+)?$", re.I), "named-bits"),
    (re.compile(r"^(\d+(?:\.\d+)?)[ -]?bits?$", re.I), "bits"),
    (re.compile(r"^(\d+(?:\.\d+)?) ?%(?: sparsity)?$", re.I), "sparsity"),
    (re.compile(r"^(\d+):(\d+)$"), "nm"),
    (re.compile(r"^KV-budget (\d+(?:\.\d+)?) ?%$", re.I), "other"),
    (re.compile(r"^(?:rank-ratio|params) (\d+(?:\.\d+)?) ?%$", re.I), "other"),
    (re.compile(r"^(?:student|teacher-student|various|layers? \d+(?:-\d+)?|[\d.]+[MB] student)$", re.I), "other"),
    (re.compile(r"^(?:\d+(?:\.\d+)?)x (?:compression|tokens?)$", re.I), "other"),
)

SETTING_FORMS_HELP = ("W4A16, W8A8, W4 (weight-only), KV4, INT8, NF4, 3-bit, 50%, 2:4, KV-budget 20%, "
                      "rank-ratio 80%, params 50%, student, 4x compression")


def setting_band(setting: str) -> str | None:
    """The band of one setting string, or None when the setting is not in an accepted form."""
    text = setting.strip()
    for pattern, how in _SETTING_FORMS:
        match = pattern.match(text)
        if not match:
            continue
        if how == "wa":
            numbers = [float(group) for group in match.groups() if group is not None]
            return bits_band(min(numbers))
        if how in ("w", "kv", "named-bits", "bits"):
            return bits_band(float(match.group(1)))
        if how == "sparsity":
            return sparsity_band(float(match.group(1)))
        if how == "nm":
            return "sparsity-nm"
        return "other"
    return None


# -- queries -------------------------------------------------------------------------------------------

# Query rules: a regular expression over the lower-cased query (JavaScript-compatible syntax) and the
# band its bit width or percentage gives. Group 1 holds the number. Applied in order; each match is
# cut out of the query, so the rest is matched as plain words.
QUERY_RULES: tuple[tuple[str, str], ...] = (
    (r"\bw(\d+(?:\.\d+)?)a(?:\d+)(?:kv\d+)?\b", "bits"),
    (r"\bw(\d+(?:\.\d+)?)\b", "bits"),
    (r"\bkv ?(\d+)(?:[ -]?bits?)?\b", "bits"),
    (r"\b(?:int|fp|nf|mxfp)(\d+)\b", "bits"),
    (r"\b(\d+(?:\.\d+)?)[ -]?bits?\b", "bits"),
    (r"\b(\d+(?:\.\d+)?) ?% ?(?:sparsity|sparse)?", "percent"),
    (r"\b(\d+:\d+)(?: sparsity)?\b", "nm"),
)


@dataclass(frozen=True)
class QueryTerms:
    """A filter-box or search query split into what it names: bands, methods, and plain words."""

    bands: tuple[str, ...]
    methods: tuple[str, ...]
    words: tuple[str, ...]


def _rule_band(kind: str, value: str) -> str:
    if kind == "bits":
        return bits_band(float(value))
    if kind == "percent":
        return sparsity_band(float(value))
    return "sparsity-nm"


def method_aliases(methods: Iterable[tuple[str, Sequence[str]]]) -> dict[str, str]:
    """Lower-cased alias (and title) -> method id, for every named method."""
    table: dict[str, str] = {}
    for method_id, names in methods:
        for name in names:
            table.setdefault(name.casefold(), method_id)
    return table


def parse_query(text: str, aliases: Mapping[str, str]) -> QueryTerms:
    """Split a query into bands, named methods and the remaining words (as the browser does)."""
    rest = " " + text.casefold() + " "
    methods: list[str] = []
    # Named methods first, longest alias first, on word boundaries ("bnb nf4" before "nf4"),
    # so that "LLM.int8()" is the method and a bare "int8" the band.
    for alias in sorted(aliases, key=len, reverse=True):
        pattern = r"(?<![\w#.])" + re.escape(alias) + r"(?![\w#])"
        if re.search(pattern, rest):
            methods.append(aliases[alias])
            rest = re.sub(pattern, " ", rest)
    bands: list[str] = []
    for pattern, kind in QUERY_RULES:
        def take(match: re.Match[str]) -> str:
            bands.append(_rule_band(kind, match.group(1)))
            return " "
        rest = re.sub(pattern, take, rest)
    words = tuple(word for word in rest.split() if word)
    return QueryTerms(tuple(dict.fromkeys(bands)), tuple(dict.fromkeys(methods)), words)


def browser_table(aliases: Mapping[str, str]) -> dict[str, object]:
    """What the browser's query normaliser (``catalogue/query.js``) needs to apply the same rules: the query
    rules, the band steps and the method aliases."""
    return {
        "rules": [[pattern, kind] for pattern, kind in QUERY_RULES],
        "steps": {"bits": [list(step) for step in BIT_STEPS], "percent": [list(step) for step in PERCENT_STEPS]},
        "aliases": dict(sorted(aliases.items(), key=lambda item: (-len(item[0]), item[0]))),
    }


def band_search_words(band_ids: Iterable[str]) -> list[str]:
    """Words a paper's search entry carries for its bands, so "4bit", "int4" and "W4A16" find it."""
    words: list[str] = []
    for band_id in band_ids:
        words.extend(band(band_id).search_words)
    return list(dict.fromkeys(words))
