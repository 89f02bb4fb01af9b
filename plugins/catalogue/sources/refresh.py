"""``python -m catalogue refresh``: notice when a preprint is published, and when arXiv's latest version changed
a title or the author list. A report by default; ``--write`` edits the entries in place.

An edit touches only the fields it changes, inside the entry's own block: every other field, the key, the
order and the formatting stay. A replaced title is kept in ``alttitle``; no field is ever removed. An entry
published at a venue keeps its venue's title: arXiv's changes to it are reported, not written.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass, field

from ..data.bibvalues import split_authors
from ..data.latex import decode_latex
from ..data.loader import normalise_title
from .bibentry import FIELD_ORDER, bib_values, normalise_venue
from .bibfile import Block, pattern_for, set_field, set_type, write_atomically
from .common import CROSSREF, Record, SourceError
from .lookup import Services
from .workspace import WorkspaceError, open_workspace, settings_from

PUBLISHED_FIELDS = ("booktitle", "journal", "year", "month", "volume", "number", "pages", "publisher", "address",
                    "doi", "url")


@dataclass
class Change:
    """What refresh would do to one entry."""

    block: Block
    lines: list[str] = field(default_factory=list)  # the report
    entry_type: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # field -> new value (as written)


def _names(value: str) -> list[str]:
    """Surnames, accents and case set aside: who the authors are, not how a service spells their given names."""
    surnames = [decode_latex(name).split(",")[0] for name in split_authors(value) if name.strip()]
    return ["".join(ch for ch in unicodedata.normalize("NFKD", name) if ch.isascii() and ch.isalnum()).lower()
            for name in surnames]


def _title_of(record: Record) -> str:
    return bib_values(Record(record.service, record.entry_type, {"title": record.title}))["title"]


def _retitle(change: Change, new_title: str, why: str) -> None:
    """Take ``new_title``, keeping the one it replaces in alttitle (unless alttitle already holds another)."""
    block = change.block
    old = block.fields.get("title", "")
    earlier = block.fields.get("alttitle", "")
    if earlier and normalise_title(decode_latex(earlier)) != normalise_title(decode_latex(old)):
        change.lines.append(f"{why}: '{decode_latex(old)}' -> '{decode_latex(new_title)}'; not written: alttitle "
                            f"already holds '{decode_latex(earlier)}', so a person decides which earlier title stays")
        return
    change.lines.append(f"{why}: '{decode_latex(old)}' -> '{decode_latex(new_title)}' (earlier title kept in alttitle)")
    change.fields["title"] = new_title
    change.fields["alttitle"] = old


def _compare_with_arxiv(change: Change, record: Record) -> None:
    """Authors now; the title is settled once the published version is known (``_settle_title``)."""
    block = change.block
    arxiv_only = block.entry_type == "misc"
    if not arxiv_only and normalise_title(record.title) != normalise_title(block.value("title")):
        change.lines.append(f"{record.venue_note} has the title '{record.title}'; the entry keeps its venue's "
                            f"title '{block.value('title')}'")
    authors = bib_values(record).get("author", "")
    current = _names(block.fields.get("author", ""))
    if _names(authors) == current:
        return
    known = [name for name in current if name != "others"]
    completes = current[-1:] == ["others"] and _names(authors)[:len(known)] == known
    if arxiv_only or completes:
        before = f"{len(known)} name{'s' if len(known) != 1 else ''}{' and others' if len(known) < len(current) else ''}"
        change.lines.append(f"author list changed in {record.venue_note}: {before} -> {len(record.authors)} names")
        change.fields["author"] = authors
        if block.fields.get("authornote"):
            change.lines.append("authornote may now be out of date: check it")
    else:
        count = f"{len(record.authors)} name{'s' if len(record.authors) != 1 else ''}"
        change.lines.append(f"author list differs from {record.venue_note} ({count}); "
                            "the entry keeps its venue's list")


def _settle_title(change: Change, arxiv: Record, published: Record | None) -> None:
    """An arXiv-only entry takes the venue's title once published, else arXiv's latest; the one replaced goes
    to alttitle."""
    current = change.block.value("title")
    target = published if published is not None and published.entry_type != "misc" else arxiv
    if normalise_title(target.title) != normalise_title(current):
        why = "the venue's title differs" if target is published else f"title changed in {arxiv.venue_note}"
        _retitle(change, _title_of(target), why)
    if target is published and normalise_title(arxiv.title) not in (normalise_title(current),
                                                                      normalise_title(target.title)):
        change.lines.append(f"{arxiv.venue_note} has yet another title, '{arxiv.title}': not kept")


def _take_published(change: Change, published: Record) -> None:
    venue = published.fields.get("booktitle") or published.fields.get("journal") or "?"
    change.lines.append(f"published: {venue}, {published.fields.get('year', '')} ({published.venue_note})")
    if published.entry_type == "misc":
        return
    change.entry_type = published.entry_type
    values = bib_values(published)
    for name in PUBLISHED_FIELDS:
        if values.get(name) and not (name == "url" and published.service == CROSSREF):
            change.fields[name] = values[name]


def _anchor(block_text: str, name: str) -> str | None:
    """The field a new ``name`` goes after: the nearest one before it in the house order that the entry has."""
    if name not in FIELD_ORDER:
        return None
    for earlier in reversed(FIELD_ORDER[:FIELD_ORDER.index(name)]):
        if pattern_for(earlier).search(block_text):
            return earlier
    return None


def _apply(text: str, changes: list[Change]) -> str:
    for change in sorted(changes, key=lambda item: item.block.start, reverse=True):
        block_text = text[change.block.start:change.block.end]
        if change.entry_type and change.entry_type != change.block.entry_type:
            block_text = set_type(block_text, change.entry_type)
        order = [name for name in FIELD_ORDER if name in change.fields]
        for name in order + [name for name in change.fields if name not in order]:
            value = change.fields[name]
            bare = name == "month" and bool(re.fullmatch(r"[a-z]{3}", value))
            block_text = set_field(block_text, name, value, after=_anchor(block_text, name), bare=bare)
        text = text[:change.block.start] + block_text + text[change.block.end:]
    return text


def run_refresh(args: argparse.Namespace) -> int:
    try:
        workspace = open_workspace(args, must_exist=True)
    except WorkspaceError as error:
        print(f"refresh: {error}; nothing written", file=sys.stderr)
        return 1
    services = Services(settings_from(args))
    with_eprint = [block for block in workspace.blocks if block.value("eprint")]
    arxiv_only = [block for block in with_eprint if block.entry_type == "misc"]
    changes: list[Change] = []
    try:
        latest = services.arxiv.fetch_many(block.value("eprint") for block in with_eprint)
        for block in with_eprint:
            change = Change(block)
            changes.append(change)
            record = latest.get(re.sub(r"v\d+$", "", block.value("eprint")))
            if record is None:
                change.lines.append(f"arXiv API has no paper {block.value('eprint')}")
                continue
            _compare_with_arxiv(change, record)
            if block.entry_type != "misc":
                continue
            published = services.published_version(record.title, record.published_doi)
            if published is not None:
                notes = normalise_venue(published, workspace.venues)
                _take_published(change, published)
                change.lines.extend(notes)
            _settle_title(change, record, published)
            if published is None and record.journal_ref:
                change.lines.append(f"arXiv journal_ref '{record.journal_ref}', but no service has the published "
                                    "version: check by hand")
    except SourceError as error:
        _report(changes, len(arxiv_only), len(with_eprint), partial=True)
        print(f"refresh: {error}; nothing written", file=sys.stderr)
        return 1
    updates = [change for change in changes if change.fields or change.entry_type]
    _report(changes, len(arxiv_only), len(with_eprint), partial=False)
    if args.write and updates:
        try:
            write_atomically(workspace.path, _apply(workspace.text, updates))
        except OSError as error:
            print(f"refresh: {workspace.path}: cannot write: {error}; nothing written", file=sys.stderr)
            return 1
        print(f"Updated {len(updates)} entr{'y' if len(updates) == 1 else 'ies'} in {workspace.path}.")
    elif updates:
        print(f"{len(updates)} entr{'y' if len(updates) == 1 else 'ies'} to update: run with --write to apply.")
    return 0


def _report(changes: list[Change], arxiv_only: int, with_eprint: int, partial: bool) -> None:
    noticed = [change for change in changes if change.lines]
    if partial:
        print("# Refresh report (stopped early: what was checked before the fault)\n")
        print(f"{len(changes)} of {with_eprint} entries with an arXiv id checked before the fault.\n")
    else:
        print("# Refresh report\n")
        print(f"{with_eprint} entries with an arXiv id checked against arXiv's latest version; {arxiv_only} "
              "arXiv-only entries looked up in Crossref, the ACL Anthology and OpenReview.\n")
    for change in noticed:
        for line in change.lines:
            print(f"- {change.block.key} (line {change.block.line}): {line}")
    if not noticed:
        print("Nothing noticed before the fault." if partial else "Nothing changed.")
    print()
