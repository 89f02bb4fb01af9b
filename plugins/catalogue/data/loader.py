"""Load ``data/papers.bib``: parse with bibtexparser 2.x, validate, return a Library.

Bad input is data here: every fault becomes a Problem(path, line, key, message)
with the 1-based line of the entry, and loading never raises for bad BibTeX.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser import model as bib

from .bibvalues import date_year, expand_value, split_authors, split_list
from .latex import decode_identifier, decode_latex
from .model import Library, Paper, Problem, Taxonomy

ENTRY_TYPES = frozenset({
    "article", "book", "booklet", "inbook", "incollection", "inproceedings",
    "conference", "manual", "mastersthesis", "misc", "phdthesis", "proceedings",
    "techreport", "unpublished", "online", "thesis", "report",
})
VENUE_FIELDS = ("booktitle", "journal", "journaltitle", "howpublished", "school", "institution", "publisher")
# Fields that hold addresses and identifiers: never LaTeX-decoded ("--" and "~" are part of them).
IDENTIFIER_FIELDS = frozenset({"url", "doi", "eprint", "code", "isbn", "issn", "pmid", "pmcid", "arxiv",
                               "archiveprefix", "eprinttype", "primaryclass", "eprintclass", "file", "urldate"})
# BibTeX styles accept an editor in place of the author for these types.
EDITOR_TYPES = frozenset({"book", "inbook", "proceedings", "misc", "booklet", "manual"})
MAX_FIELD_LENGTH = 10_000
MAX_NAMES_LENGTH = 250_000  # author and editor: 2,000 names of up to ~120 characters each
MAX_BRACE_DEPTH = 100
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_SUMMARY_WORDS = 40
_YEAR = re.compile(r"^\d{4}$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)
_BLOCK_HEAD = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()=]*)")
_KEY = re.compile(r"^[A-Za-z0-9_:.+/-]+$")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_title(title: str) -> str:
    """Lowercase letters and digits only: how two spellings of one title compare."""
    return _NON_WORD.sub("", title.casefold())


def _display_name(name: str) -> str:
    """'Last, First' or 'Last, Jr, First' -> 'First Last' (decoded)."""
    parts = [part.strip() for part in _split_top_level_commas(name)]
    if len(parts) == 2:
        name = f"{parts[1]} {parts[0]}"
    elif len(parts) >= 3:
        name = f"{parts[2]} {parts[0]}, {parts[1]}"
    return decode_latex(name)


def _split_top_level_commas(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _brace_depth(value: str) -> int:
    """How deep the value's braces nest (iteratively: a thousand levels must not overflow anything)."""
    if "{" not in value:
        return 0
    depth = deepest = 0
    for char in value:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
    return deepest


VERIFIED = ("primary", "secondary")

# Pages about many papers or about a person, which a paper's `url` must not be (the venue's schedule, its
# virtual-conference site, an author's or a volume's page on the Anthology, OpenReview groups and profiles).
_LISTING_PAGES = (
    (re.compile(r"/Schedule|/schedule|ScheduleMultitrack", re.I), "a schedule page"),
    (re.compile(r"//(?:[\w.]+\.)?(?:neurips|nips|icml|iclr|cvpr|aclweb)\.(?:cc|org)/virtual/|//virtual\d*\.aclweb\.org/"
                r"|/virtual/\d{4}/", re.I), "a virtual-conference page"),
    (re.compile(r"aclanthology\.org/people/|openreview\.net/profile|dblp\.org/pid/|scholar\.google\.", re.I),
     "a person's page"),
    (re.compile(r"aclanthology\.org/(?:events|volumes)/|openreview\.net/group\?|proceedings\.mlr\.press/v\d+/?$"
                r"|/paper_files/paper/\d{4}/?$|papers\.nips\.cc/paper/by-source-", re.I), "a listing page"),
)


def listing_page(url: str) -> str | None:
    """What kind of page about many papers or a person ``url`` is, or None for a paper's own page."""
    for pattern, kind in _LISTING_PAGES:
        if pattern.search(url):
            return kind
    return None


def _is_http_url(value: str) -> bool:
    return re.match(r"^https?://[^\s/]+\.[^\s]*$", value, re.IGNORECASE) is not None


class _Loader:
    """One load of one file: collects problems while turning blocks into papers."""

    def __init__(self, text: str, path: str, taxonomy: Taxonomy):
        self.text = text
        self.path = path
        self.taxonomy = taxonomy
        self.problems: list[Problem] = []
        self.strings: dict[str, str] = {}

    def problem(self, line: int, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, key, message))

    def run(self, bad_lines: dict[int, str]) -> list[Paper]:
        # bibtexparser logs each failed block itself; those faults reach the user as Problems instead.
        splitter_log = logging.getLogger("bibtexparser.splitter")
        previous = splitter_log.level
        splitter_log.setLevel(logging.CRITICAL)
        try:
            library = bibtexparser.parse_string(self.text, parse_stack=[])
        finally:
            splitter_log.setLevel(previous)
        spans: list[tuple[int, int, bib.Block]] = []
        for block in library.blocks:
            start = block.start_line + 1
            end = start + (block.raw or "").rstrip("\n").count("\n")
            spans.append((start, end, block))
        self._check_swallowed(spans)
        candidates: list[tuple[bib.Entry, int, list[str]]] = []
        for start, end, block in spans:
            bad = [f"line {line}: {what}" for line, what in bad_lines.items() if start <= line <= end] if bad_lines else []
            if isinstance(block, bib.String):
                self._read_string(block, start)
            elif isinstance(block, bib.ParsingFailedBlock):
                self._report_failed(block, start)
            elif isinstance(block, bib.Entry):
                candidates.append((block, start, bad))
        for line, what in bad_lines.items():
            if not any(start <= line <= end for start, end, block in spans if isinstance(block, bib.Entry)):
                self.problem(line, None, what)
        keys = {entry.key for entry, _, _ in candidates}
        self.sources = {entry.key: self._expand_fields(entry, line) for entry, line, _ in candidates}
        # An entry others crossref and that carries no catalogue tags is their container (a proceedings
        # volume): its fields reach them by inheritance, and it is not a paper of its own.
        targets = {source.get("crossref") for source, _ in self.sources.values()}
        papers: list[Paper] = []
        seen: dict[str, tuple[str, str, int]] = {}
        for entry, line, bad in candidates:
            source, _ = self.sources[entry.key]
            if entry.key in targets and not any(vocabulary.field in source
                                                for vocabulary in self.taxonomy.vocabularies):
                continue
            paper = self._read_entry(entry, line, bad, keys)
            if paper is None:
                continue
            if self._is_duplicate(paper, seen):
                continue
            papers.append(paper)
        return papers

    # -- blocks ---------------------------------------------------------------

    def _check_swallowed(self, spans: list[tuple[int, int, bib.Block]]) -> None:
        """Report an entry whose braces never close, so it runs on into the next '@' line."""
        starts = {start for start, _, block in spans if not isinstance(block, bib.ImplicitComment)}
        entries = sorted(((start, end, block) for start, end, block in spans if isinstance(block, bib.Entry)),
                         key=lambda span: span[0])
        failed = [(start, end) for start, end, block in spans if isinstance(block, bib.ParsingFailedBlock)]
        line = 1
        position = 0
        index = 0
        for match in _ENTRY_START.finditer(self.text):
            line += self.text.count("\n", position, match.start())  # incremental: linear in the file
            position = match.start()
            if line in starts:
                continue
            while index < len(entries) and entries[index][1] < line:
                index += 1
            if index < len(entries) and entries[index][0] < line <= entries[index][1]:
                start, _, block = entries[index]
                self.problem(start, block.key,
                             f"this entry runs on into the '@{match.group(1)}' at line {line}: "
                             "a brace is not closed")
            elif not any(start <= line <= end for start, end in failed):
                # Not inside any entry or reported block: the parser skipped it as a comment.
                head = _BLOCK_HEAD.search(self.text, match.start())
                key = head.group(2) if head and head.group(2) else None
                self.problem(line, key, f"'@{match.group(1)}' here looks like an entry but was not read as one "
                                        "(write '@type{key,' with nothing between '@', the type and the brace)")

    def _report_failed(self, block: bib.ParsingFailedBlock, line: int) -> None:
        raw = block.raw or ""
        head = _BLOCK_HEAD.search(raw)
        key = head.group(2) if head and head.group(2) else None
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            first = getattr(block, "previous_block", None)
            where = f" (first on line {first.start_line + 1})" if first is not None else ""
            self.problem(line, block.key, f"duplicate key{where}; keys must be unique")
            return
        if isinstance(block, bib.DuplicateFieldKeyBlock):
            fields = ", ".join(sorted(getattr(block, "duplicate_keys", []) or [])) or "a field"
            self.problem(line, key, f"field {fields} appears more than once")
            return
        reason = " ".join(str(getattr(block.error, "abort_reason", block.error) or "").split())
        escaped = re.search(r"\\\}\s*(,|\n|$)", raw)
        if escaped:
            at = line + raw.count("\n", 0, escaped.start())
            self.problem(line, key,
                         f"cannot be parsed: the value on line {at} ends in '\\}}', which bibtexparser reads "
                         "as an escaped brace, so the entry never closes; put a space before the closing brace "
                         "or remove the backslash")
        elif reason:
            self.problem(line, key, f"cannot be parsed: {reason.rstrip('.')} (unbalanced braces or a missing comma?)")
        else:
            self.problem(line, key, "cannot be parsed")

    def _read_string(self, block: bib.String, line: int) -> None:
        value, error = expand_value(block.value, self.strings)
        if error:
            self.problem(line, block.key, f"@string: {error.message}")
            return
        self.strings[block.key.lower()] = value

    # -- entries --------------------------------------------------------------

    def _read_entry(self, entry: bib.Entry, line: int, bad: list[str], keys: set[str]) -> Paper | None:
        key = entry.key
        count = len(self.problems)
        for what in bad:
            self.problem(line, key, what)
        if not _KEY.match(key):
            self.problem(line, key, "the citation key may hold only ASCII letters, digits and _ : . + / -")
        entry_type = entry.entry_type.lower()
        if entry_type not in ENTRY_TYPES:
            self.problem(line, key, f"unknown entry type '@{entry.entry_type}'")
        source, expansion_problems = self.sources[key]
        self.problems.extend(expansion_problems)
        crossref = source.get("crossref")
        if crossref and crossref in self.sources:
            source = self._inherit(source, self.sources[crossref][0], entry_type)
        for name, value in source.items():
            limit = MAX_NAMES_LENGTH if name in ("author", "editor") else MAX_FIELD_LENGTH
            if len(value) > limit:
                self.problem(line, key, f"field '{name}' is {len(value):,} characters long (limit {limit:,})")
            depth = _brace_depth(value)
            if depth > MAX_BRACE_DEPTH:
                self.problem(line, key, f"field '{name}' nests braces {depth:,} levels deep (at most {MAX_BRACE_DEPTH})")
        shown = {name: (decode_identifier(value) if name in IDENTIFIER_FIELDS
                        else value if _brace_depth(value) > MAX_BRACE_DEPTH else decode_latex(value))
                 for name, value in source.items()}
        if not shown.get("year") and shown.get("date"):
            shown["year"] = date_year(shown["date"])  # biblatex: date = {2024-03-15}

        title = shown.get("title", "")
        if not title:
            self.problem(line, key, "title is missing")
        if not source.get("author", "").strip() and source.get("editor", "").strip() and entry_type in EDITOR_TYPES:
            authors = self._authors(source["editor"], line, key)
        else:
            authors = self._authors(source.get("author", ""), line, key)
        year = shown.get("year", "")
        if not year:
            self.problem(line, key, "year is missing")
        elif not _YEAR.match(year):
            self.problem(line, key, f"year '{year}' is not a four-digit year")
        url = shown.get("url") or None
        doi = shown.get("doi") or None
        eprint = shown.get("eprint") or None
        if not (url or doi or eprint):
            self.problem(line, key, "link is missing: give url, doi or eprint")
        for name in ("url", "code"):
            if shown.get(name) and not _is_http_url(shown[name]):
                self.problem(line, key, f"{name} '{shown[name][:80]}' is not an http(s) URL")
        if doi and not _DOI.match(doi):
            self.problem(line, key, f"doi '{doi[:80]}' does not look like a DOI (10.xxxx/...)")
        if eprint and not _ARXIV.match(eprint):
            self.problem(line, key, f"eprint '{eprint[:80]}' is not an arXiv identifier")
        if crossref and crossref not in keys:
            self.problem(line, key, f"crossref '{crossref}' names no entry in the library")
        tags = self._tags(shown, line, key)
        summary = shown.get("summary", "")
        if not summary:
            self.problem(line, key, "summary is missing")
        elif len(summary.split()) > MAX_SUMMARY_WORDS:
            self.problem(line, key, f"summary has {len(summary.split())} words (at most {MAX_SUMMARY_WORDS})")
        verified = shown.get("verified", "")
        if not verified:
            self.problem(line, key, "verified is missing: 'primary' (every fact read on a primary page) or "
                                    "'secondary' (two independent sources agree), logged in data/VERIFICATION.md")
        elif verified not in VERIFIED:
            self.problem(line, key, f"verified '{verified[:40]}' is neither 'primary' nor 'secondary'")
        if url and (listing := listing_page(url)):
            self.problem(line, key, f"url '{url[:100]}' is {listing}, not the paper's own page")
        added = shown.get("added", "")
        if not added:
            self.problem(line, key, "added is missing (the ISO date the entry joined the catalogue)")
        else:
            try:
                _dt.date.fromisoformat(added)
            except ValueError:
                self.problem(line, key, f"added '{added[:40]}' is not an ISO date (YYYY-MM-DD)")
        if len(self.problems) > count:
            return None
        return Paper(
            key=key, entry_type=entry_type, path=self.path, line=line, title=title,
            authors=tuple(authors), year=int(year), venue=self._venue(entry_type, shown),
            url=url, doi=doi, eprint=eprint, code=shown.get("code") or None,
            summary=summary, added=added, tags=tags,
            source={name: value for name, value in source.items() if name != "crossref" or crossref not in keys},
        )

    def _expand_fields(self, entry: bib.Entry, line: int) -> tuple[dict[str, str], list[Problem]]:
        """The entry's fields with macros expanded, and the problems expanding them (reported if it is read)."""
        source: dict[str, str] = {}
        problems: list[Problem] = []
        for field in entry.fields:
            name = field.key.lower()
            value, error = expand_value(str(field.value), self.strings)
            if error:
                field_line = field.start_line + 1
                at_line = field_line + str(field.value).count("\n", 0, error.offset)
                where = f" (at line {at_line})" if at_line != field_line else ""
                problems.append(Problem(self.path, line, entry.key,
                                        f"field '{name}' (line {field_line}): {error.message}{where}"))
            source[name] = value.strip()
        return source, problems

    @staticmethod
    def _inherit(child: dict[str, str], parent: dict[str, str], entry_type: str) -> dict[str, str]:
        """BibTeX's crossref: every field the child lacks comes from the parent; the parent's title is the
        child's booktitle (the proceedings or book it appeared in)."""
        merged = dict(child)
        for name, value in parent.items():
            if name in ("title", "crossref", "ids", "key") or name in merged:
                continue
            merged[name] = value
        if "booktitle" not in merged and parent.get("title") and entry_type in ("inproceedings", "conference",
                                                                                 "incollection", "inbook"):
            merged["booktitle"] = parent.get("booktitle") or parent["title"]
        return merged

    def _authors(self, value: str, line: int, key: str) -> list[str]:
        if not value.strip():
            self.problem(line, key, "author is missing")
            return []
        names = split_authors(value)
        if any(not name for name in names):
            self.problem(line, key, "author list has an empty name (a doubled or trailing 'and')")
        return ["et al." if name.lower() == "others" else _display_name(name) for name in names if name]

    def _tags(self, shown: dict[str, str], line: int, key: str) -> dict[str, tuple[str, ...]]:
        tags: dict[str, tuple[str, ...]] = {}
        for vocabulary in self.taxonomy.vocabularies:
            values = split_list(shown.get(vocabulary.field, ""))
            if not values and vocabulary.required:
                self.problem(line, key, f"{vocabulary.field} is missing (one or more of: {', '.join(vocabulary.ids)})")
            unknown = [value for value in values if value not in vocabulary.ids]
            for value in unknown:
                self.problem(line, key, f"unknown {vocabulary.field} '{value}' (known: {', '.join(vocabulary.ids)})")
            tags[vocabulary.id] = tuple(dict.fromkeys(values))
        return tags

    @staticmethod
    def _venue(entry_type: str, shown: dict[str, str]) -> str:
        for name in VENUE_FIELDS:
            if shown.get(name):
                return shown[name]
        if shown.get("archiveprefix", "").lower() == "arxiv" or shown.get("eprint"):
            return "arXiv"
        return "Unpublished" if entry_type == "unpublished" else ""

    def _is_duplicate(self, paper: Paper, seen: dict[str, tuple[str, str, int]]) -> bool:
        marks = []
        if paper.doi:
            marks.append(("DOI", "doi:" + paper.doi.lower()))
        if paper.eprint:
            marks.append(("arXiv id", "arxiv:" + re.sub(r"v\d+$", "", paper.eprint)))
        marks.append(("title", "title:" + normalise_title(paper.title)))
        for what, mark in marks:
            if mark in seen:
                other_key, _, other_line = seen[mark]
                self.problem(paper.line, paper.key,
                             f"same paper as '{other_key}' (line {other_line}): same {what}")
                return True
        for what, mark in marks:
            seen[mark] = (paper.key, what, paper.line)
        return False


_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "BS", 11: "VT", 12: "FF", 27: "ESC", 127: "DEL"}


def _looks_utf16(data: bytes) -> str | None:
    """The codec of a UTF-16 file (by its byte-order mark, or ASCII text with every other byte zero)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:2000]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        return "utf-16-be" if sample[0] == 0 else "utf-16-le"
    return None


def _decode_bytes(data: bytes) -> tuple[str, dict[int, str]]:
    """UTF-8 text (BOM dropped, CRLF -> LF) and the lines holding undecodable bytes or control characters.

    A UTF-16 file is read as UTF-16 and a Latin-1 / Windows-1252 file as that, each reported at line 1
    by its encoding's name (save it as UTF-8), so the entries still load in a non-strict build."""
    bad: dict[int, str] = {}
    codec = _looks_utf16(data)
    if codec:
        text = data.decode(codec, errors="replace").lstrip("\ufeff")
        bad[0] = "the file is encoded as UTF-16, not UTF-8 (save it as UTF-8)"  # line 0: the whole file
        return _control_characters(text.replace("\r\n", "\n").replace("\r", "\n"), bad)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Bytes 0x80-0xFF that are not UTF-8 sequences: almost always Latin-1 or its Windows variant.
        text = data.decode("utf-8", errors="replace")
        latin = not any(char > "\x7f" and char != "\ufffd" for char in text)  # no valid UTF-8 at all
        if latin:
            text = data.decode("cp1252", errors="replace")
        named = " (the file looks like Latin-1 / Windows-1252: save it as UTF-8)" if latin else \
            " (save the file as UTF-8)"
        position = 0
        while True:
            try:
                data[position:].decode("utf-8")
                break
            except UnicodeDecodeError as error:
                offset = position + error.start
                line = data.count(b"\n", 0, offset) + 1
                bad.setdefault(line, f"byte 0x{data[offset]:02X} is not valid UTF-8{named}")
                position = offset + max(1, error.end - error.start)
    return _control_characters(text.replace("\r\n", "\n").replace("\r", "\n"), bad)


def _control_characters(text: str, bad: dict[int, str]) -> tuple[str, dict[int, str]]:
    """Report each line holding a control character (NUL, ESC, ...); they become spaces so parsing goes on."""
    if not _CONTROL.search(text):
        return text, bad
    for match in _CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        code = ord(match.group(0))
        name = _CONTROL_NAMES.get(code, "control character")
        bad.setdefault(line, f"control character U+{code:04X} ({name}) at column {column}; remove it")
    return _CONTROL.sub(" ", text), bad


def load_library_text(text: str | bytes, path: str, taxonomy: Taxonomy) -> Library:
    """Parse and validate BibTeX given as text (or raw bytes)."""
    if isinstance(text, bytes):
        decoded, bad_lines = _decode_bytes(text)
    else:
        decoded, bad_lines = _decode_bytes(text.encode("utf-8", errors="surrogatepass"))
    loader = _Loader(decoded, path, taxonomy)
    if 0 in bad_lines:  # about the whole file, not one entry: reported at line 1, and every entry still read
        loader.problem(1, None, bad_lines.pop(0))
    if not decoded.strip():
        loader.problem(1, None, "the library is empty: no entries found")
        return Library((), tuple(loader.problems), taxonomy)
    papers = loader.run(bad_lines)
    problems = sorted(loader.problems, key=lambda problem: problem.line)
    return Library(tuple(papers), tuple(problems), taxonomy)


def load_library(path: str | Path, taxonomy: Taxonomy, shown_path: str | None = None) -> Library:
    """Load the library file at ``path``; problems name ``shown_path`` (default: ``path``)."""
    path = Path(path)
    shown = shown_path or str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return Library((), (Problem(shown, 1, None, f"cannot read library: {error.strerror or error}"),), taxonomy)
    return load_library_text(data, shown, taxonomy)
