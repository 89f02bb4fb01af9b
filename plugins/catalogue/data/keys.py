"""The citation-key rule (docs/contributing.md, "Citation keys"): first author's surname, year, first content word
of the title; `add` writes keys with it and the tests check every key of the library against it."""

from __future__ import annotations

import re
import unicodedata

from .latex import decode_latex

SKIPPED_WORDS = frozenset({"a", "an", "the", "on", "of", "in", "for", "to", "and", "how", "does", "do", "when", "can",
                           "what", "is", "are", "towards", "toward", "we", "you"})


def ascii_word(text: str) -> str:
    """Lowercase ASCII letters and digits only (accents dropped, hyphens and braces gone)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if ch.isascii() and ch.isalnum()).lower()


def key_for(first_author: str, year: int | str, title: str, words: int = 1) -> str:
    """The key from the first author as BibTeX writes it ("Last, First"; "others": anonymous), the year and the
    title's first ``words`` content words (a second one when the first key is another paper's)."""
    surname = "anonymous" if first_author.strip() in ("", "others") else decode_latex(first_author.split(",")[0])
    content = [word for word in (ascii_word(part) for part in re.split(r"\s+", decode_latex(title)))
               if word and word not in SKIPPED_WORDS]
    return f"{ascii_word(surname)}{year}{''.join(content[:words])}"
