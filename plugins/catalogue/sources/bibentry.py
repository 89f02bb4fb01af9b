"""A fetched record written as a BibTeX entry in the house format (docs/contributing.md): the key rule, field
order and alignment, acronyms protected with braces, LaTeX specials escaped, ``added`` and ``verified``."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable

from ..data.keys import key_for
from ..data.venues import Venue, VenueTable
from .common import Record

FIELD_ORDER = ("title", "alttitle", "author", "booktitle", "journal", "year", "month", "volume", "number", "series",
               "pages", "publisher", "address", "doi", "eprint", "archiveprefix", "primaryclass", "url")
OWN_FIELDS = ("harm", "compression", "modality", "contribution", "summary")  # left for a person
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SPECIAL = re.compile(r"(?<!\\)([&%#_$])")
_ACRONYM = re.compile(r"^([A-Z][A-Z0-9]+)(s?)$")
_WORD = re.compile(r"^([^\w]*)(.*?)([^\w]*)$")


def citation_key(first_author: str, year: str, title: str, taken: Iterable[str] = ()) -> str:
    """The key rule (data/keys.py); when both one- and two-word keys are taken, a number is appended, for a
    person to replace."""
    taken = set(taken)
    key = key_for(first_author, year, title)
    if key in taken:
        key = key_for(first_author, year, title, 2)
    suffix = 2
    while key in taken:
        key = f"{key_for(first_author, year, title, 2)}{suffix}"
        suffix += 1
    return key


def _needs_braces(word: str) -> bool:
    """A capital after a part's first letter (LLM, GPTQ, MoE); 'Bias-Aware' is plain title case."""
    return any(any(ch.isupper() for ch in part[1:]) for part in word.split("-"))


def protect(title: str) -> str:
    """Braces around acronyms and mixed-case words so BibTeX styles keep their case: {LLM}s, {GPTQ}, {MoE}."""
    words = []
    for word in title.split(" "):
        lead, core, trail = _WORD.match(word).groups()  # type: ignore[union-attr]
        if not core or "{" in word or "\\" in word or not _needs_braces(core):
            words.append(word)
            continue
        match = _ACRONYM.match(core)
        core = f"{{{match.group(1)}}}{match.group(2)}" if match else f"{{{core}}}"
        words.append(lead + core + trail)
    return " ".join(words)


def escape(value: str) -> str:
    """LaTeX's special characters escaped; braces are left as they are (they must balance)."""
    value = re.sub(r"\s+", " ", value).strip()
    if value.count("{") != value.count("}"):
        value = value.replace("{", "").replace("}", "")
    return _SPECIAL.sub(r"\\\1", value)


def month_macro(month: str) -> str | None:
    """'11', 'November' or 'nov' -> 'nov' (written bare, as a BibTeX macro)."""
    month = month.strip().lower()
    if month.isdigit() and 1 <= int(month) <= 12:
        return _MONTHS[int(month) - 1]
    return month[:3] if month[:3] in _MONTHS else None


def venue_for(table: VenueTable, text: str) -> Venue | None:
    """The data/venues.yml rule a venue text matches, if any."""
    for rule in table.rules:
        if rule.pattern.search(text):
            return rule.venue
    return None


def normalise_venue(record: Record, table: VenueTable) -> list[str]:
    """Entry type from the venue's track (journal -> @article, preprint -> @misc); notes for the person."""
    venue_text = record.fields.get("booktitle") or record.fields.get("journal") or ""
    if not venue_text:
        return []
    venue = venue_for(table, venue_text)
    if venue is None:
        return [f"venue '{venue_text}' matches no rule in data/venues.yml: check its official name, add a rule"]
    if venue.track == "journal" and record.entry_type != "article":
        record.fields["journal"] = record.fields.pop("booktitle", venue_text)
        record.entry_type = "article"
    elif venue.track in ("main", "findings", "workshop") and record.entry_type != "inproceedings":
        record.fields["booktitle"] = record.fields.pop("journal", venue_text)
        record.entry_type = "inproceedings"
    return []


def field_lines(fields: dict[str, str]) -> list[str]:
    lines = []
    for name, value in fields.items():
        if name == "month" and month_macro(value):
            lines.append(f"  {name:<13} = {month_macro(value)},")
        else:
            lines.append(f"  {name:<13} = {{{value}}},")
    return lines


def bib_values(record: Record) -> dict[str, str]:
    """The record's fields as written: escaped, the title protected, authors joined, in the house order."""
    values: dict[str, str] = {}
    for name in FIELD_ORDER:
        if name == "author":
            if record.authors:
                values["author"] = " and ".join(escape(author) for author in record.authors)
            continue
        value = record.fields.get(name)
        if not value:
            continue
        if name in ("title", "alttitle"):
            value = protect(escape(value))
        elif name not in ("url", "doi", "eprint"):
            value = escape(value)
        values[name] = value
    for name, value in record.fields.items():
        if name not in values and name not in FIELD_ORDER and value:
            values[name] = escape(value)
    return values


def format_entry(record: Record, key: str, today: _dt.date | None = None) -> str:
    """The whole entry; our own fields are left for a person, so the check reports it incomplete until then."""
    values = bib_values(record)
    values["added"] = (today or _dt.date.today()).isoformat()
    values["verified"] = "primary"
    return "\n".join([f"@{record.entry_type}{{{key},", *field_lines(values), "}"]) + "\n"
