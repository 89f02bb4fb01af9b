"""The library file as text: its entry blocks (valid or not yet complete), their duplicate marks, edits of one
field inside one block that leave every other byte alone, and an atomic write."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..data.bibvalues import group_end
from ..data.excluded import Excluded, url_mark
from ..data.latex import decode_identifier, decode_latex
from ..data.loader import normalise_title

_HEAD = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*\{[ \t]*([^,\s{}]+)[ \t]*,", re.MULTILINE)
_FIELD = re.compile(r"(?:^|,)[ \t]*([A-Za-z][\w-]*)[ \t]*=[ \t]*", re.MULTILINE)
_SKIPPED_TYPES = {"comment", "string", "preamble"}


@dataclass(frozen=True)
class Block:
    """One entry as written: type, key, where it starts and ends in the text, its raw field values."""

    entry_type: str
    key: str
    start: int
    end: int
    line: int  # 1-based
    fields: dict[str, str]

    def value(self, name: str) -> str:
        """A field decoded for comparing (LaTeX and braces gone); identifiers kept as written."""
        raw = self.fields.get(name, "")
        if name in ("url", "doi", "eprint"):
            return decode_identifier(raw).strip()
        return decode_latex(raw).strip()

    def marks(self) -> list[tuple[str, str]]:
        """(what, mark) pairs as data/excluded.py makes them: arXiv id, DOI, link, title and earlier title."""
        marks = []
        if self.value("eprint"):
            marks.append(("arXiv id", "arxiv:" + re.sub(r"v\d+$", "", self.value("eprint"))))
        if self.value("doi"):
            marks.append(("DOI", "doi:" + self.value("doi").lower()))
        link = url_mark(self.value("url")) if self.value("url") else None
        if link:
            marks.append(("link", link))
        for name in ("title", "alttitle"):
            if self.value(name):
                marks.append(("title", "title:" + normalise_title(self.value(name))))
        return marks


def value_span(text: str, start: int) -> int:
    """End of the field value beginning at ``start`` (a brace group, a quoted string, or a bare word/number)."""
    if start < len(text) and text[start] == "{":
        return group_end(text, start)
    if start < len(text) and text[start] == '"':
        return group_end(text, start, quoted=True)
    match = re.compile(r"[^,}\s]*(?:\s*#\s*[^,}\s]+)*").match(text, start)
    return match.end() if match else start


def _fields(text: str, body_start: int, body_end: int) -> dict[str, str]:
    fields: dict[str, str] = {}
    position = body_start
    while True:
        match = _FIELD.search(text, position, body_end)
        if not match:
            return fields
        end = value_span(text, match.end())
        if end < 0 or end > body_end:
            return fields
        raw = text[match.end():end]
        if raw[:1] in "{\"" and len(raw) >= 2:
            raw = raw[1:-1]
        fields.setdefault(match.group(1).lower(), raw.strip())
        position = end


def read_blocks(text: str) -> list[Block]:
    """Every entry block; a block that never closes ends where the next one starts."""
    heads = [match for match in _HEAD.finditer(text) if match.group(1).lower() not in _SKIPPED_TYPES]
    blocks = []
    for index, head in enumerate(heads):
        brace = text.index("{", head.start())
        end = group_end(text, brace)
        limit = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        if end < 0 or end > limit:
            end = limit
        blocks.append(Block(head.group(1).lower(), head.group(2), head.start(), end,
                            text.count("\n", 0, head.start()) + 1, _fields(text, head.end(), end - 1)))
    return blocks


def find_duplicate(marks: list[tuple[str, str]], blocks: list[Block],
                   excluded: tuple[Excluded, ...]) -> tuple[str, Block | Excluded] | None:
    """(what matched, the library block or excluded record) for the first mark already known."""
    wanted = {mark: what for what, mark in marks}
    for block in blocks:
        for what, mark in block.marks():
            if mark in wanted:
                return wanted[mark], block
    for record in excluded:
        for what, mark in record.marks():
            if mark in wanted:
                return wanted[mark], record
    return None


def set_field(block_text: str, name: str, value: str, after: str | None = None, bare: bool = False) -> str:
    """The block with ``name`` set to ``value``: replaced where it stands, or added on a line of its own (after the
    field ``after``, else before the closing brace), aligned as its neighbours are."""
    written = value if bare else "{" + value + "}"
    pattern = re.compile(rf"^([ \t]*){re.escape(name)}([ \t]*=[ \t]*)", re.MULTILINE | re.IGNORECASE)
    match = pattern.search(block_text)
    if match:
        end = value_span(block_text, match.end())
        return block_text[:match.end()] + written + block_text[end:]
    width = max((len(found.group(1)) for found in re.finditer(r"^[ \t]*([A-Za-z][\w-]*)[ \t]*=", block_text,
                                                              re.MULTILINE)), default=len(name))
    line = f"  {name:<{width}} = {written},\n"
    anchor = pattern_for(after).search(block_text) if after else None
    if anchor:
        end = value_span(block_text, anchor.end())
        newline = block_text.find("\n", end)
        if newline >= 0:
            comma = "" if "," in block_text[end:newline] else ","  # the anchor was the last field
            return block_text[:end] + comma + block_text[end:newline + 1] + line + block_text[newline + 1:]
    closing = block_text.rstrip().rfind("}")
    head = block_text[:closing].rstrip()
    if not head.endswith(","):
        head += ","
    return head + "\n" + line + block_text[closing:]


def pattern_for(name: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*=[ \t]*", re.MULTILINE | re.IGNORECASE)


def set_type(block_text: str, entry_type: str) -> str:
    return re.sub(r"^([ \t]*@[ \t]*)[A-Za-z]+", lambda match: match.group(1) + entry_type, block_text, count=1)


def write_atomically(path: Path, text: str) -> None:
    """Write all or nothing: a temporary file beside the library, then one rename."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
