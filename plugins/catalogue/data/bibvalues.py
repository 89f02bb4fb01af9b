"""Expand raw BibTeX field values: delimiters, ``#`` concatenation, @string and month macros.

bibtexparser 2.x leaves concatenation unresolved and silently merges a field into
the one before it when a comma is missing; reading the raw value ourselves catches
that trap (the merged text is left over after the value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April",
    "may": "May", "jun": "June", "jul": "July", "aug": "August",
    "sep": "September", "oct": "October", "nov": "November", "dec": "December",
}
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?")
_IDENT = re.compile(r"[A-Za-z_][\w:.+/-]*")
_MERGED_FIELD = re.compile(r"\s*,?\s*([A-Za-z][\w:.-]*)\s*=")


@dataclass(frozen=True)
class ValueError_:
    """Why a raw value cannot be expanded, and how far into it the fault lies."""

    message: str
    offset: int


def group_end(raw: str, pos: int, quoted: bool = False) -> int:
    """Index just past the group opening at ``pos``: a brace group (``{...}``, nested), or with ``quoted`` a
    ``"..."`` value, whose closing quote only counts outside braces. -1 if it never closes. A backslash
    escapes the next character in both. Also used by the LaTeX decoder (latex.py) to read a command's group."""
    depth = 0
    index = pos + 1 if quoted else pos
    while index < len(raw):
        char = raw[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not quoted:
                return index + 1
        elif quoted and char == '"' and depth == 0:
            return index + 1
        index += 1
    return -1


def expand_value(raw: str, strings: Mapping[str, str]) -> tuple[str, ValueError_ | None]:
    """Return the value with delimiters removed and macros expanded (LaTeX kept)."""
    parts: list[str] = []
    pos = 0
    length = len(raw)
    while True:
        while pos < length and raw[pos].isspace():
            pos += 1
        if pos >= length:
            if not parts:
                return "", None
            return "".join(parts), ValueError_("value ends with '#' and nothing after it", pos)
        char = raw[pos]
        if char == "{":
            end = group_end(raw, pos)
            if end < 0:
                return "".join(parts), ValueError_("unbalanced braces in value", pos)
            parts.append(raw[pos + 1:end - 1])
        elif char == '"':
            end = group_end(raw, pos, quoted=True)
            if end < 0:
                return "".join(parts), ValueError_("unterminated quoted value", pos)
            parts.append(raw[pos + 1:end - 1])
        elif char.isdigit():
            end = pos
            while end < length and raw[end].isdigit():
                end += 1
            parts.append(raw[pos:end])
        else:
            match = _IDENT.match(raw, pos)
            if not match:
                return "".join(parts), ValueError_(f"unexpected character {char!r} in value", pos)
            end = match.end()
            name = match.group(0)
            lowered = name.lower()
            if lowered in strings:
                parts.append(strings[lowered])
            elif lowered in MONTHS:
                parts.append(MONTHS[lowered])
            else:
                return "".join(parts), ValueError_(f"undefined @string macro '{name}'", pos)
        pos = end
        while pos < length and raw[pos].isspace():
            pos += 1
        if pos >= length:
            return "".join(parts), None
        if raw[pos] == "#":
            pos += 1
            continue
        merged = _MERGED_FIELD.match(raw, pos)
        if merged:
            return "".join(parts), ValueError_(
                f"missing comma: field '{merged.group(1)}' was merged into this value", pos)
        return "".join(parts), ValueError_(f"unexpected text after the value: {raw[pos:pos + 30]!r}", pos)


def split_list(value: str) -> tuple[str, ...]:
    """Split a comma-separated tag field into stripped, non-empty items."""
    return tuple(item.strip() for item in value.split(",") if item.strip())


def split_authors(value: str) -> list[str]:
    """Split a BibTeX name list on ' and ' outside braces."""
    names: list[str] = []
    depth = 0
    start = 0
    index = 0
    lowered = value.lower()
    while index < len(value):
        char = value[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char.isspace() and lowered.startswith("and", index + 1) \
                and index + 4 < len(value) and value[index + 4].isspace():
            names.append(value[start:index].strip())
            index += 4
            start = index
            continue
        index += 1
    names.append(value[start:].strip())
    return names


def month_number(month: str, date: str = "") -> int | None:
    """1-12 from a ``month`` value ("March", "mar", "3") or else a biblatex ``date`` ("2024-03-15")."""
    value = month.strip().strip("{}").strip().lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    for index, (short, long_name) in enumerate(MONTHS.items(), start=1):
        if value in (short, long_name.lower()):
            return index
    match = _DATE.match(date)
    if match and match.group(2) and 1 <= int(match.group(2)) <= 12:
        return int(match.group(2))
    return None


def date_year(date: str) -> str:
    """The year of a biblatex ``date`` ("2024-03-15", "2024/2025"), or "" when it has none."""
    match = _DATE.match(date)
    return match.group(1) if match else ""
