"""Citation exports as plain functions of papers: BibTeX, RIS and CSL-JSON, and the per-section files.

BibTeX keeps the library's own text of standard fields (braces, LaTeX; @string macros expanded) so a
LaTeX user gets what the source holds; RIS and CSL-JSON carry decoded Unicode. Our custom fields are
left out unless asked for. Keys never change; order is the library's order.

Which field a value lands in follows how the consumers read it (Zotero's RIS.js, COinS reader and
BibTeX.js, citation-js, biber): a conference paper's proceedings title is RIS ``C3`` and COinS
``rft.btitle`` in the book format; an arXiv preprint takes Zotero's CSL shape (publisher "arXiv", number
"arXiv:ID", DOI 10.48550/arXiv.ID); a published paper's arXiv id goes to the archive fields (RIS ``DB``/``AN``,
CSL ``archive``/``archive_location``), never to a second URL; months are kept everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..data.bibvalues import MONTHS, month_number
from ..data.latex import decode_latex
from ..data.model import Library, Paper
from ..data.names import Name, parse_names

CUSTOM_FIELDS = ("harm", "compression", "modality", "contribution", "topic", "summary", "added", "code",
                 "authornote", "alttitle", "verified")
FORMATS = {"bib": "application/x-bibtex", "ris": "application/x-research-info-systems", "json": "application/json"}
_MONTH_MACRO = {name.lower(): macro for macro, name in MONTHS.items()}


# Fields the biblatex data model does not allow on a type (biber warns); the value stays in RIS and CSL-JSON.
_NOT_IN_BIBLATEX = {"article": {"publisher", "address", "location"}}


def _fields(paper: Paper, keep_custom: bool) -> list[tuple[str, str]]:
    dropped = _NOT_IN_BIBLATEX.get(paper.entry_type, set())
    fields = [(name, value) for name, value in paper.source.items()
              if (keep_custom or (name not in CUSTOM_FIELDS and name not in paper.tags)) and name not in dropped]
    names = {name for name, _ in fields}
    if arxiv_id(paper) and "eprinttype" not in names:
        # Zotero and citation-js read the archive from eprinttype; archiveprefix stays for classic BibTeX styles.
        at = next((index + 1 for index, (name, _) in enumerate(fields) if name in ("archiveprefix", "eprint")),
                  len(fields))
        fields.insert(at, ("eprinttype", "arxiv"))
    return fields


def arxiv_id(paper: Paper) -> str | None:
    """The paper's arXiv identifier, when its eprint is one (archiveprefix/eprinttype arXiv, or none given)."""
    if not paper.eprint:
        return None
    archive = (paper.source.get("eprinttype") or paper.source.get("archiveprefix") or "arxiv").strip("{} ").lower()
    return paper.eprint if archive == "arxiv" else None


def is_preprint(paper: Paper) -> bool:
    """An arXiv preprint: a @misc/@unpublished/@online entry whose link is its arXiv id."""
    return paper.entry_type in ("misc", "unpublished", "online") and arxiv_id(paper) is not None


def arxiv_doi(paper: Paper) -> str | None:
    """The DOI to cite: the paper's own, else (for a preprint) the DOI arXiv registers for it."""
    if paper.doi:
        return paper.doi
    identifier = arxiv_id(paper)
    if identifier and is_preprint(paper):
        return f"10.48550/arXiv.{_version_free(identifier)}"
    return None


def _version_free(identifier: str) -> str:
    head, _, version = identifier.rpartition("v")
    return head if head and version.isdigit() else identifier


def paper_month(paper: Paper) -> int | None:
    """The month of publication (1-12) from ``month`` or a biblatex ``date``; None when not given."""
    return month_number(paper.source.get("month", ""), paper.source.get("date", ""))


def _container(paper: Paper) -> str:
    raw = paper.source.get("booktitle") or paper.source.get("journal") or paper.source.get("journaltitle") or ""
    return decode_latex(raw) if raw else ""


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


# Zotero's RIS.js has no preprint type and reads UNPB and GEN as journal articles; MANSCPT is its manuscript,
# and M3 "Preprint" its manuscript type, which APA prints as "[Preprint]".
_RIS_TYPES = {"inproceedings": "CONF", "conference": "CONF", "article": "JOUR", "book": "BOOK",
              "incollection": "CHAP", "inbook": "CHAP", "phdthesis": "THES", "mastersthesis": "THES",
              "techreport": "RPRT", "report": "RPRT", "misc": "GEN", "unpublished": "MANSCPT",
              "proceedings": "BOOK", "online": "ELEC", "thesis": "THES"}


def _pages(paper: Paper) -> tuple[str, str]:
    pages = decode_latex(paper.source.get("pages", "")).replace("–", "-").replace("—", "-")
    if "-" in pages:
        first, _, last = pages.partition("-")
        return first.strip(), last.strip("- ").strip()
    return pages.strip(), ""


def _ris_type(paper: Paper) -> str:
    return "MANSCPT" if is_preprint(paper) else _RIS_TYPES.get(paper.entry_type, "GEN")


def ris_record(paper: Paper, keep_custom: bool = False) -> str:
    kind = _ris_type(paper)
    lines = [f"TY  - {kind}", f"ID  - {paper.key}"]
    names, _ = parse_names(paper.source.get("author", ""))
    lines += [f"AU  - {name.ris}" for name in names]
    editors, _ = parse_names(paper.source.get("editor", ""))
    lines += [f"{'A3' if kind == 'BOOK' else 'A2'}  - {name.ris}" for name in editors]
    lines.append(f"TI  - {paper.title}")
    container = _container(paper)
    if container:
        # Zotero: T2 of a conference paper is the conference *name*; the proceedings title is C3.
        tag = {"JOUR": "T2", "CONF": "C3", "CHAP": "T2"}.get(kind, "T2")
        lines.append(f"{tag}  - {container}")
        if kind == "JOUR":
            lines.append(f"JO  - {container}")
    lines.append(f"PY  - {paper.year}")
    month = paper_month(paper)
    # DA is the date Zotero and citation-js read (for a conference paper citation-js takes PY as the event's).
    lines.append(f"DA  - {paper.year}/{month:02d}/" if month else f"DA  - {paper.year}")
    start, end = _pages(paper)
    if start:
        lines.append(f"SP  - {start}")
    if end:
        lines.append(f"EP  - {end}")
    for field, tag in (("volume", "VL"), ("number", "IS"), ("series", "T3")):
        if paper.source.get(field):
            lines.append(f"{tag}  - {decode_latex(paper.source[field])}")
    if kind == "MANSCPT":
        lines.append("M3  - Preprint")
    elif paper.source.get("publisher"):
        lines.append(f"PB  - {decode_latex(paper.source['publisher'])}")
    if paper.source.get("address") or paper.source.get("location"):
        place = decode_latex(paper.source.get("address") or paper.source.get("location", ""))
        lines.append(f"{'C1' if kind == 'CONF' else 'CY'}  - {place}")  # Zotero: a conference's place is C1
    doi = arxiv_doi(paper)
    if doi:
        lines.append(f"DO  - {doi}")
    identifier = arxiv_id(paper)
    if identifier:  # Zotero: archive and its location ("Loc. in Archive"); a second UR would become a note
        lines += ["DB  - arXiv", f"AN  - arXiv:{identifier}"]
    if paper.link:
        lines.append(f"UR  - {paper.link}")
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
              "mastersthesis": "thesis", "techreport": "report", "report": "report", "thesis": "thesis",
              "misc": "article", "unpublished": "manuscript", "proceedings": "book", "online": "webpage"}


def _csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.family}
    parts = {"family": name.family, "given": name.given, "suffix": name.suffix}
    return {key: value for key, value in parts.items() if value}


def csl_item(paper: Paper, keep_custom: bool = False) -> dict[str, object]:
    names, _ = parse_names(paper.source.get("author", ""))
    month = paper_month(paper)
    preprint = is_preprint(paper)
    item: dict[str, object] = {
        "id": paper.key,
        "type": "article" if preprint else _CSL_TYPES.get(paper.entry_type, "article"),
        "title": paper.title,
        "issued": {"date-parts": [[paper.year, month] if month else [paper.year]]},
    }
    if names:
        item["author"] = [_csl_name(name) for name in names]
    editors, _ = parse_names(paper.source.get("editor", ""))
    if editors:
        item["editor"] = [_csl_name(name) for name in editors]
    container = _container(paper)
    if container:
        item["container-title"] = container
    if paper.source.get("pages"):
        start, end = _pages(paper)
        item["page"] = f"{start}-{end}" if end else start
    for field, key in (("volume", "volume"), ("number", "issue"), ("series", "collection-title"),
                       ("publisher", "publisher"), ("address", "publisher-place"), ("location", "publisher-place")):
        if paper.source.get(field) and key not in item:
            item[key] = decode_latex(paper.source[field])
    identifier = arxiv_id(paper)
    if preprint and identifier:
        # Zotero's shape for an arXiv preprint; APA then prints "[Preprint]. arXiv." and the DOI.
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{identifier}"
    elif identifier:
        item["archive"] = "arXiv"  # a published paper keeps its arXiv id where Zotero keeps it
        item["archive_location"] = f"arXiv:{identifier}"
    doi = arxiv_doi(paper)
    if doi:
        item["DOI"] = doi
    if paper.link:
        item["URL"] = paper.link
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


def coins(paper: Paper) -> str:
    """A COinS (OpenURL ContextObject) string, so reference managers such as Zotero's connector can
    save the paper from any page that shows its card. Put it in a ``span.Z3988`` title (HTML-escaped).

    Formats as Zotero writes and reads them: a journal article in the journal format; a conference paper,
    book or chapter in the book format with its genre (Zotero ignores the genre in the journal format);
    anything else, preprints included, in Dublin Core with ``rft.type`` naming Zotero's item type."""
    from urllib.parse import urlencode

    container = _container(paper)
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    if paper.entry_type == "article":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"),
                  ("rft.atitle", paper.title)]
        if container:
            pairs.append(("rft.jtitle", container))
    elif paper.entry_type in ("inproceedings", "conference", "incollection", "inbook"):
        genre = "proceeding" if paper.entry_type in ("inproceedings", "conference") else "bookitem"
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre), ("rft.atitle", paper.title)]
        if container:
            pairs.append(("rft.btitle", container))
    elif paper.entry_type in ("book", "proceedings"):
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "book"), ("rft.btitle", paper.title)]
    elif paper.entry_type in ("techreport", "report"):
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "report"), ("rft.btitle", paper.title)]
    else:
        kind = "preprint" if is_preprint(paper) else "manuscript" if paper.entry_type == "unpublished" else "document"
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", kind), ("rft.title", paper.title)]
        if container:
            pairs.append(("rft.source", container))
    month = paper_month(paper)
    pairs.append(("rft.date", f"{paper.year}-{month:02d}" if month else str(paper.year)))
    names, _ = parse_names(paper.source.get("author", ""))
    for name in names:
        pairs.append(("rft.au", name.family if name.literal else f"{name.family}, {name.given}".strip(", ")))
    for field, key in (("volume", "rft.volume"), ("number", "rft.issue"), ("series", "rft.series"),
                       ("address", "rft.place")):
        if paper.source.get(field) and paper.entry_type not in ("misc", "unpublished", "online"):
            pairs.append((key, decode_latex(paper.source[field])))
    publisher = "arXiv" if is_preprint(paper) else decode_latex(paper.source.get("publisher", ""))
    if publisher:
        pairs.append(("rft.publisher", publisher))
    start, end = _pages(paper)
    if start:
        pairs.append(("rft.spage", start))
    if end:
        pairs.append(("rft.epage", end))
    doi = arxiv_doi(paper)
    if doi:
        pairs.append(("rft_id", f"info:doi/{doi}"))
    identifier = arxiv_id(paper)
    if identifier:
        pairs.append(("rft_id", f"info:arxiv/{identifier}"))
    if paper.link:
        pairs.append(("rft_id", paper.link))
    return urlencode(pairs)


def scholarly_article(paper: Paper, node_id: str) -> dict[str, object]:
    """A paper as a schema.org ScholarlyArticle (for its own page's structured data)."""
    article: dict[str, object] = {
        "@type": "ScholarlyArticle",
        "@id": node_id,
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
    return article
