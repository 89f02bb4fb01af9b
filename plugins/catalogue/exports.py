"""Citation exports as plain functions of papers: BibTeX, RIS and CSL-JSON, and the per-section files.

BibTeX keeps the library's own text of standard fields (braces, LaTeX; @string macros expanded) so a
LaTeX user gets what the source holds; RIS and CSL-JSON carry decoded Unicode. Our custom fields are
left out unless asked for. Keys never change; order is the library's order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Sequence

from .bibvalues import MONTHS
from .latex import decode_latex
from .model import Library, Paper
from .names import Name, parse_names

CUSTOM_FIELDS = ("harm", "compression", "modality", "contribution", "summary", "added", "code")
FORMATS = {"bib": "application/x-bibtex", "ris": "application/x-research-info-systems", "json": "application/json"}
_MONTH_MACRO = {name.lower(): macro for macro, name in MONTHS.items()}


def _fields(paper: Paper, keep_custom: bool) -> list[tuple[str, str]]:
    return [(name, value) for name, value in paper.source.items()
            if keep_custom or name not in CUSTOM_FIELDS]


def bibtex_entry(paper: Paper, keep_custom: bool = False) -> str:
    """One entry, fields in the library's order, values as the library wrote them."""
    fields = _fields(paper, keep_custom)
    width = max((len(name) for name, _ in fields), default=0)
    lines = []
    for name, value in fields:
        macro = _MONTH_MACRO.get(value.lower()) if name == "month" else None
        rendered = macro if macro else "{" + value + "}"
        lines.append(f"  {name.ljust(width)} = {rendered}")
    return f"@{paper.entry_type}{{{paper.key},\n" + ",\n".join(lines) + "\n}\n"


def to_bibtex(papers: Iterable[Paper], keep_custom: bool = False) -> str:
    return "\n".join(bibtex_entry(paper, keep_custom) for paper in papers)


_RIS_TYPES = {"inproceedings": "CONF", "conference": "CONF", "article": "JOUR", "book": "BOOK",
              "incollection": "CHAP", "inbook": "CHAP", "phdthesis": "THES", "mastersthesis": "THES",
              "techreport": "RPRT", "misc": "UNPB", "unpublished": "UNPB"}


def _pages(paper: Paper) -> tuple[str, str]:
    pages = decode_latex(paper.source.get("pages", "")).replace("–", "-").replace("—", "-")
    if "-" in pages:
        first, _, last = pages.partition("-")
        return first.strip(), last.strip("- ").strip()
    return pages.strip(), ""


def ris_record(paper: Paper, keep_custom: bool = False) -> str:
    lines = [f"TY  - {_RIS_TYPES.get(paper.entry_type, 'GEN')}", f"ID  - {paper.key}"]
    names, _ = parse_names(paper.source.get("author", ""))
    lines += [f"AU  - {name.ris}" for name in names]
    lines.append(f"TI  - {paper.title}")
    container = paper.source.get("booktitle") or paper.source.get("journal")
    if container:
        tag = "JO" if paper.entry_type == "article" else "T2"
        lines.append(f"{tag}  - {decode_latex(container)}")
    lines.append(f"PY  - {paper.year}")
    start, end = _pages(paper)
    if start:
        lines.append(f"SP  - {start}")
    if end:
        lines.append(f"EP  - {end}")
    for field, tag in (("volume", "VL"), ("publisher", "PB"), ("address", "CY")):
        if paper.source.get(field):
            lines.append(f"{tag}  - {decode_latex(paper.source[field])}")
    if paper.doi:
        lines.append(f"DO  - {paper.doi}")
    for url in dict.fromkeys(filter(None, (paper.url, paper.arxiv_url))):
        lines.append(f"UR  - {url}")
    if keep_custom:
        lines.append(f"AB  - {paper.summary}")
        for vocabulary in paper.tags:
            lines += [f"KW  - {value}" for value in paper.tags[vocabulary]]
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def to_ris(papers: Iterable[Paper], keep_custom: bool = False) -> str:
    return "\n".join(ris_record(paper, keep_custom) for paper in papers)


_CSL_TYPES = {"inproceedings": "paper-conference", "conference": "paper-conference", "article": "article-journal",
              "book": "book", "incollection": "chapter", "inbook": "chapter", "phdthesis": "thesis",
              "mastersthesis": "thesis", "techreport": "report", "misc": "article", "unpublished": "manuscript"}


def _csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.family}
    parts = {"family": name.family, "given": name.given, "suffix": name.suffix}
    return {key: value for key, value in parts.items() if value}


def csl_item(paper: Paper, keep_custom: bool = False) -> dict[str, object]:
    names, _ = parse_names(paper.source.get("author", ""))
    item: dict[str, object] = {
        "id": paper.key,
        "type": _CSL_TYPES.get(paper.entry_type, "article"),
        "title": paper.title,
        "author": [_csl_name(name) for name in names],
        "issued": {"date-parts": [[paper.year]]},
    }
    container = paper.source.get("booktitle") or paper.source.get("journal")
    if container:
        item["container-title"] = decode_latex(container)
    if paper.source.get("pages"):
        start, end = _pages(paper)
        item["page"] = f"{start}-{end}" if end else start
    for field, key in (("volume", "volume"), ("publisher", "publisher"), ("address", "publisher-place")):
        if paper.source.get(field):
            item[key] = decode_latex(paper.source[field])
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.link:
        item["URL"] = paper.link
    if paper.eprint and paper.entry_type in ("misc", "unpublished"):
        item["archive"] = "arXiv"  # a preprint is cited by its arXiv number
        item["number"] = paper.eprint
    if keep_custom:
        item["abstract"] = paper.summary  # our own one-line summary, the closest CSL field
        item["keyword"] = ", ".join(value for values in paper.tags.values() for value in values)
    return item


def to_csl_json(papers: Iterable[Paper], keep_custom: bool = False) -> str:
    return json.dumps([csl_item(paper, keep_custom) for paper in papers], ensure_ascii=False, indent=2) + "\n"


WRITERS = {"bib": to_bibtex, "ris": to_ris, "json": to_csl_json}


def export(papers: Sequence[Paper], fmt: str, keep_custom: bool = False) -> str:
    if fmt not in WRITERS:
        raise ValueError(f"unknown format '{fmt}' (one of: {', '.join(WRITERS)})")
    return WRITERS[fmt](papers, keep_custom)


@dataclass(frozen=True)
class Section:
    """A downloadable set of papers: the whole library, a harm dimension or a compression method."""

    id: str
    title: str
    papers: tuple[Paper, ...]

    def path(self, fmt: str) -> str:
        return f"downloads/{self.id}.{fmt}"


SECTION_VOCABULARIES = ("harm", "compression")


def sections(library: Library) -> list[Section]:
    """The whole library (``all``), each harm dimension, each compression method, in taxonomy order."""
    result = [Section("all", "All papers", library.papers)]
    seen = {"all"}
    for vocabulary_id in SECTION_VOCABULARIES:
        vocabulary = library.taxonomy.vocabulary(vocabulary_id)
        for value in vocabulary.values:
            if value.id in seen:
                raise ValueError(f"two download sections are both called '{value.id}'")
            seen.add(value.id)
            papers = tuple(paper for paper in library.papers if value.id in paper.tagged(vocabulary.id))
            result.append(Section(value.id, value.title, papers))
    return result


CELL_COLUMNS = ("compression", "modality")


def cell_section_id(row: str, column_vocabulary: str, column: str) -> str:
    """Named with the column's vocabulary: two vocabularies may share a value id (``general``)."""
    return f"cells/{row}--{column_vocabulary}-{column}"


def cell_sections(library: Library) -> list[Section]:
    """The non-empty cells of the coverage matrices (harm x compression, harm x modality)."""
    harm = library.taxonomy.page_vocabulary
    result = []
    for column_id in CELL_COLUMNS:
        columns = library.taxonomy.vocabulary(column_id)
        for row in harm.values:
            for column in columns.values:
                papers = tuple(paper for paper in library.papers
                               if row.id in paper.tagged(harm.id) and column.id in paper.tagged(columns.id))
                if papers:
                    result.append(Section(cell_section_id(row.id, columns.id, column.id),
                                          f"{row.title}, {column.title}", papers))
    return result


def section_files(library: Library, keep_custom: bool = False) -> dict[str, str]:
    """Every download file: ``downloads/<section>.<bib|ris|json>`` and each coverage cell's
    ``downloads/cells/<harm>--<value>.bib`` -> its text."""
    files: dict[str, str] = {}

    def add(path: str, text: str) -> None:
        if path in files:  # never let one download silently replace another
            raise ValueError(f"two downloads would both be written to {path}")
        files[path] = text

    for section in sections(library):
        for fmt in WRITERS:
            add(section.path(fmt), export(section.papers, fmt, keep_custom))
    for section in cell_sections(library):
        add(section.path("bib"), to_bibtex(section.papers, keep_custom))
    return files


_COINS_GENRES = {"article": ("journal", "article"), "inproceedings": ("journal", "proceeding"),
                 "conference": ("journal", "proceeding"), "misc": ("journal", "preprint"),
                 "unpublished": ("journal", "preprint"), "book": ("book", "book"),
                 "incollection": ("book", "bookitem"), "inbook": ("book", "bookitem")}


def coins(paper: Paper) -> str:
    """A COinS (OpenURL ContextObject) string, so reference managers such as Zotero's connector can
    save the paper from any page that shows its card. Put it in a ``span.Z3988`` title (HTML-escaped)."""
    from urllib.parse import urlencode

    fmt, genre = _COINS_GENRES.get(paper.entry_type, ("journal", "article"))
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}"),
                                    ("rft.genre", genre)]
    pairs.append(("rft.atitle" if fmt == "journal" else "rft.btitle", paper.title))
    container = paper.source.get("journal") or paper.source.get("booktitle")
    if container:
        pairs.append(("rft.jtitle" if fmt == "journal" else "rft.title", decode_latex(container)))
    pairs.append(("rft.date", str(paper.year)))
    names, _ = parse_names(paper.source.get("author", ""))
    for name in names:
        pairs.append(("rft.au", name.family if name.literal else f"{name.family}, {name.given}".strip(", ")))
    start, end = _pages(paper)
    if start:
        pairs.append(("rft.spage", start))
    if end:
        pairs.append(("rft.epage", end))
    if paper.doi:
        pairs.append(("rft_id", f"info:doi/{paper.doi}"))
    if paper.link:
        pairs.append(("rft_id", paper.link))
    return urlencode(pairs)


def json_ld(papers: Sequence[Paper], name: str, page_url: str) -> str:
    """schema.org ItemList of ScholarlyArticle, ready for a ``<script type="application/ld+json">``."""
    items = []
    for position, paper in enumerate(papers, start=1):
        article: dict[str, object] = {
            "@type": "ScholarlyArticle",
            "@id": f"{page_url}#{paper.anchor}",
            "name": paper.title,
            "headline": paper.title[:110],
            "author": [{"@type": "Person", "name": author} for author in paper.authors if author != "et al."],
            "datePublished": str(paper.year),
            "abstract": paper.summary,
            "keywords": [value for values in paper.tags.values() for value in values],
        }
        if paper.link:
            article["url"] = paper.link
        same = [url for url in (paper.doi_url, paper.arxiv_url) if url and url != paper.link]
        if same:
            article["sameAs"] = same
        if paper.venue:
            article["isPartOf"] = {"@type": "PublicationIssue" if paper.entry_type == "article" else "CreativeWork",
                                   "name": paper.venue}
        items.append({"@type": "ListItem", "position": position, "item": article})
    data = {"@context": "https://schema.org", "@type": "ItemList", "name": name, "url": page_url,
            "numberOfItems": len(items), "itemListElement": items}
    # No "<" may reach the script element's text ("</script>" would end it): JSON allows "\u003c".
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
