"""``python -m catalogue add ID...``: fetch each paper from its primary service and append a house-format entry.

The entry holds only what the service states; the tags, the summary and the findings are left for a person,
so ``check`` reports the entry incomplete until they are written. Every identifier is fetched before the
library is touched, and the library is written in one atomic step, or not at all.
"""

from __future__ import annotations

import argparse
import sys

from ..data.excluded import Excluded
from .bibentry import OWN_FIELDS, citation_key, format_entry, normalise_venue
from .bibfile import Block, find_duplicate, read_blocks, write_atomically
from .common import Record, SourceError
from .identifiers import Identifier, NotAnIdentifier, parse_identifier
from .lookup import Services
from .workspace import Workspace, WorkspaceError, open_workspace, settings_from

_KIND_NAMES = {"arxiv": "arXiv id", "doi": "DOI", "anthology": "Anthology id", "openreview": "OpenReview id"}


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _show_match(what: str, found: Block | Excluded, given: str, workspace: Workspace) -> None:
    """The refusal on standard error; the matching entry or record itself on standard output."""
    if isinstance(found, Block):
        _err(f"add: {given} is already in the library (same {what}): {workspace.path}:{found.line}: '{found.key}'")
        print(workspace.text[found.start:found.end].rstrip() + "\n")
    else:
        _err(f"add: {given} was considered and left out (same {what}): {workspace.excluded_path}:{found.line}: "
             f"'{found.title}' ({found.reason})")
        print(f"- title: {found.title}\n  link: {found.link}\n  reason: {found.reason}\n")


def _record_marks(record: Record) -> list[tuple[str, str]]:
    """The fetched paper's marks, as a block of it would give them."""
    fields = dict(record.fields)
    return Block(record.entry_type, "", 0, 0, 0, fields).marks()


def run_add(args: argparse.Namespace) -> int:
    try:
        identifiers = [parse_identifier(text) for text in args.ids]
    except NotAnIdentifier as error:
        _err(f"add: {error}; nothing written")
        return 2
    try:
        workspace = open_workspace(args, must_exist=False)
    except WorkspaceError as error:
        _err(f"add: {error}; nothing written")
        return 1
    services = Services(settings_from(args))
    taken = {block.key for block in workspace.blocks}
    entries: list[str] = []
    refused = 0
    for identifier in identifiers:
        outcome = _fetch_one(identifier, workspace, services, entries, taken)
        if outcome is None:
            return 1
        refused += outcome
    if entries and not args.dry_run:
        separator = "" if not workspace.text or workspace.text.endswith("\n\n") else (
            "\n" if workspace.text.endswith("\n") else "\n\n")
        try:
            write_atomically(workspace.path, workspace.text + separator + "\n".join(entries))
        except OSError as error:
            _err(f"add: {workspace.path}: cannot write: {error}; nothing written")
            return 1
    for entry in entries:
        print(entry)
    if entries:
        verb = "would append" if args.dry_run else "appended"
        _err(f"add: {verb} {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} to {workspace.path}"
             f"{' (dry run: nothing written)' if args.dry_run else ''}; write {', '.join(OWN_FIELDS)} and the "
             "findings, then run python -m catalogue check")
    return 1 if refused else 0


def _fetch_one(identifier: Identifier, workspace: Workspace, services: Services, entries: list[str],
               taken: set[str]) -> int | None:
    """1 when refused as a duplicate, 0 when an entry was added to ``entries``, None on a fault (reported)."""
    new_blocks = read_blocks("\n".join(entries))
    found = find_duplicate([(_KIND_NAMES[identifier.kind], identifier.mark)], workspace.blocks, workspace.excluded)
    if found is not None:  # known without asking any service
        _show_match(found[0], found[1], identifier.given, workspace)
        return 1
    try:
        record = services.fetch(identifier)
    except SourceError as error:
        for entry in entries:
            print(entry)
        kept = ("; the entry fetched before is printed above" if len(entries) == 1 else
                f"; the {len(entries)} entries fetched before are printed above" if entries else "")
        _err(f"add: {error} while fetching {identifier.given}{kept}; nothing written")
        return None
    marks = _record_marks(record)
    found = find_duplicate(marks, workspace.blocks, workspace.excluded)
    if found is not None:
        _show_match(found[0], found[1], identifier.given, workspace)
        return 1
    if find_duplicate(marks, new_blocks, ()) is not None:
        _err(f"add: {identifier.given} names a paper given earlier in this command; added once")
        return 1
    for note in normalise_venue(record, workspace.venues):
        _err(f"add: {identifier.given}: {note}")
    if record.journal_ref or record.published_doi:
        _err(f"add: {identifier.given}: arXiv names a published version ({record.journal_ref or record.published_doi});"
             " python -m catalogue refresh looks it up")
    first = record.authors[0] if record.authors else ""
    key = citation_key(first, record.fields.get("year", ""), record.title, taken)
    taken.add(key)
    entries.append(format_entry(record, key))
    return 0
