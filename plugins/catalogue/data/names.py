"""BibTeX name lists to structured names (family, given) for RIS and CSL-JSON."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .bibvalues import split_authors
from .latex import decode_latex


@dataclass(frozen=True)
class Name:
    family: str
    given: str = ""
    literal: bool = False
    suffix: str = ""  # a name written in braces as a whole, e.g. an organisation

    @property
    def ris(self) -> str:
        if self.literal or not self.given:
            return self.family
        return f"{self.family}, {self.given}" + (f", {self.suffix}" if self.suffix else "")


def _top_level_commas(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        depth += char == "{"
        depth -= char == "}"
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def _words(text: str) -> list[str]:
    words, depth, current = [], 0, []
    for char in text:
        depth += char == "{"
        depth -= char == "}"
        if char.isspace() and depth == 0:
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


def parse_name(raw: str) -> Name:
    """One BibTeX name: 'Last, First', 'Last, Jr, First' or 'First von Last'."""
    raw = raw.strip()
    if raw.startswith("{") and raw.endswith("}") and _words(raw) == [raw]:
        return Name(decode_latex(raw), literal=True)
    parts = _top_level_commas(raw)
    if len(parts) >= 3:
        return Name(decode_latex(parts[0]), decode_latex(parts[2]), suffix=decode_latex(parts[1]))
    if len(parts) == 2:
        return Name(decode_latex(parts[0]), decode_latex(parts[1]))
    words = _words(raw)
    if len(words) == 1:
        return Name(decode_latex(words[0]))
    # "First von Last": lowercase words start the family name.
    split = len(words) - 1
    for index, word in enumerate(words[:-1]):
        if word[:1].islower():
            split = index
            break
    return Name(decode_latex(" ".join(words[split:])), decode_latex(" ".join(words[:split])))


def parse_names(value: str) -> tuple[list[Name], bool]:
    """The names of an author field, and whether it ended in 'and others'."""
    names, truncated = _parsed(value)
    return list(names), truncated


@lru_cache(maxsize=4096)
def _parsed(value: str) -> tuple[tuple[Name, ...], bool]:
    # Every export format and the citations read each author list again: parse it once (Names are frozen).
    names = [name for name in split_authors(value) if name]
    truncated = bool(names) and names[-1].strip().lower() == "others"
    if truncated:
        names = names[:-1]
    return tuple(parse_name(name) for name in names), truncated
