"""LaTeX-to-Unicode decoding of BibTeX field values for display, and identifier unescaping.

Two decoders. A single-pass fast decoder covers what almost every value holds (accents, special
letters, escaped symbols, quotes, dashes, case-protecting braces, text commands); it is iterative and
linear, so 10,000 entries decode in well under a second and deep nesting cannot overflow the stack.
A value with math (``$...$``, ``\\(...\\)``) or a command the fast decoder does not know goes to
pylatexenc, with three changes: sub- and superscripts become Unicode where Unicode has them
(``$10^{-3}$`` -> ``10⁻³``), a few text commands it drops are kept (``\\slash``, ``\\LaTeX``), and a
command it does not know either stays as its source text instead of vanishing.

Identifiers (url, doi, eprint, ...) are never decoded: ``decode_identifier`` only undoes ``\\%``,
``\\_``, ``\\#``, ``\\&`` and braces, as biblatex's ``\\url`` does, so ``--`` and ``~`` survive.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .bibvalues import group_end

# Accent commands -> combining characters (applied to the following letter).
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}
# Commands without argument that stand for a character.
_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð",
    "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
    "textendash": "–", "textemdash": "—", "textquoteright": "’",
    "textquoteleft": "‘", "textquotedblleft": "“", "textquotedblright": "”",
    "textquotesingle": "'", "textquotedbl": '"', "slash": "/", "textasciitilde": "~",
    "textasciicircum": "^", "textunderscore": "_", "textless": "<", "textgreater": ">",
    "textbar": "|", "textbackslash": "\\", "textdegree": "°", "textperiodcentered": "·",
    "textbullet": "•", "textellipsis": "…", "guillemotleft": "«", "guillemotright": "»",
    "ldots": "…", "dots": "…", "textregistered": "®", "texttrademark": "™",
    "copyright": "©", "S": "§", "P": "¶", "pounds": "£", "euro": "€", "textdollar": "$",
    "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2ε",
}
# Escaped single characters.
_ESCAPED = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
            " ": " ", ",": "\u2009", ";": " ", "!": "", "/": "", "-": "", "\\": " "}
# Commands whose argument is kept as text (formatting is dropped for display).
_TEXT_COMMANDS = {
    "textit", "textbf", "emph", "texttt", "textsc", "textrm", "textsf",
    "textup", "textsl", "textmd", "textnormal", "mbox", "hbox", "text",
    "uppercase", "MakeUppercase", "lowercase", "MakeLowercase", "NoCaseChange", "textsuperscript",
    "textsubscript", "em", "it", "bf", "sc", "rm", "tt", "sf", "sl", "normalfont", "relax", "protect",
}
# Commands whose argument is an address: kept unescaped, not decoded.
_LINK_COMMANDS = {"url", "href", "nolinkurl", "path"}

# pylatexenc drops these; keep them.
_EXTRA_MACROS = {"slash": "/", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2ε",
                 "textquotesingle": "'", "textasciitilde": "~"}

_SUPERSCRIPTS = dict(zip("0123456789+-=()niaehklmoprstuvwxyz",
                         "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵉʰᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))
_SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx",
                       "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))

_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)
_SPACES = re.compile(r"[ \t\n\r]+")
_PLAIN = re.compile(r"[\\{}~$`'-]")
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)", re.DOTALL)
_SCRIPT = re.compile(r"([_^])(?:\{([^{}\\]*)\}|([A-Za-z0-9+\-=]))")
_MAX_ACCENT_DEPTH = 20


class _NeedsFullDecoder(Exception):
    """The fast decoder met math or a command it does not know."""


def _read_group(text: str, pos: int) -> tuple[str, int]:
    """Return the contents of the brace group or single token at ``pos`` (iteratively)."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    if pos >= len(text):
        return "", pos
    if text[pos] != "{":
        if text[pos] == "\\":
            match = _COMMAND.match(text, pos)
            if match:
                return match.group(0), match.end()
        return text[pos], pos + 1
    end = group_end(text, pos)
    return (text[pos + 1:end - 1], end) if end >= 0 else (text[pos + 1:], len(text))


def _fast(text: str, depth: int = 0) -> str:
    """Decode ``text``; raise _NeedsFullDecoder for math or an unknown command."""
    out: list[str] = []
    pos = 0
    length = len(text)
    while pos < length:
        char = text[pos]
        if char == "\\":
            match = _COMMAND.match(text, pos)
            if not match:
                pos += 1
                continue
            name = match.group(1)
            pos = match.end()
            if name.isalpha():
                while pos < length and text[pos] in " \t\n":  # TeX skips spaces after a control word
                    pos += 1
            if name in _ACCENTS:
                if depth >= _MAX_ACCENT_DEPTH:
                    raise _NeedsFullDecoder
                argument, pos = _read_group(text, pos)
                base = _fast(argument, depth + 1)
                if base[:1] in ("ı", "ȷ"):  # \"{\i} means a dotless base letter
                    base = {"ı": "i", "ȷ": "j"}[base[0]] + base[1:]
                if base:
                    out.append(unicodedata.normalize("NFC", base[0] + _ACCENTS[name]) + base[1:])
                else:
                    out.append(_ACCENTS[name].strip())
            elif name in _SYMBOLS:
                out.append(_SYMBOLS[name])
                if text.startswith("{}", pos):
                    pos += 2
            elif name in _ESCAPED:
                out.append(_ESCAPED[name])
            elif name in _TEXT_COMMANDS:
                pass  # the argument's braces are skipped below; its text stays
            elif name in _LINK_COMMANDS:
                argument, pos = _read_group(text, pos)
                if name == "href":  # \href{url}{text}: keep the text
                    argument, pos = _read_group(text, pos)
                    out.append(_fast(argument, depth + 1))
                else:
                    out.append(decode_identifier(argument))
            else:
                raise _NeedsFullDecoder
        elif char in "{}":
            pos += 1
        elif char == "~":
            out.append("\u00a0")
            pos += 1
        elif char == "-":
            if text.startswith("---", pos):
                out.append("—")
                pos += 3
            elif text.startswith("--", pos):
                out.append("–")
                pos += 2
            else:
                out.append("-")
                pos += 1
        elif char == "`":
            double = text.startswith("``", pos)
            out.append("“" if double else "‘")
            pos += 2 if double else 1
        elif char == "'" and text.startswith("''", pos):
            out.append("”")
            pos += 2
        elif char == "$":
            raise _NeedsFullDecoder
        else:
            out.append(char)
            pos += 1
    return "".join(out)


def _scripts(math: str) -> str:
    """Sub- and superscripts of one math formula's source as Unicode, where every character has one."""
    def replace(match: re.Match[str]) -> str:
        marker, group, single = match.groups()
        content = group if group is not None else single
        table = _SUPERSCRIPTS if marker == "^" else _SUBSCRIPTS
        if content and all(char in table for char in content):
            return "{}" + "".join(table[char] for char in content)  # "{}" ends a command name before it
        return match.group(0)
    return _SCRIPT.sub(replace, math)


@lru_cache(maxsize=1)
def _full_decoder():  # type: ignore[no-untyped-def]
    from pylatexenc.latex2text import LatexNodes2Text
    from pylatexenc.latexwalker import LatexGroupNode, LatexMacroNode

    class Decoder(LatexNodes2Text):  # type: ignore[misc]
        def _unknown(self, node) -> bool:  # type: ignore[no-untyped-def]
            return (isinstance(node, LatexMacroNode) and node.macroname not in _EXTRA_MACROS
                    and self.latex_context.get_macro_spec(node.macroname) is None)

        def nodelist_to_text(self, nodelist):  # type: ignore[no-untyped-def]
            # An unknown command, and the brace group right after it, stay as their source text.
            parts: list[str] = []
            chunk: list = []
            index = 0
            while index < len(nodelist):
                node = nodelist[index]
                if self._unknown(node):
                    if chunk:
                        parts.append(super().nodelist_to_text(chunk))
                        chunk = []
                    text = node.latex_verbatim()
                    if index + 1 < len(nodelist) and isinstance(nodelist[index + 1], LatexGroupNode):
                        index += 1
                        text = text.rstrip() + nodelist[index].latex_verbatim()
                    parts.append(text)
                else:
                    chunk.append(node)
                index += 1
            if chunk:
                parts.append(super().nodelist_to_text(chunk))
            return "".join(parts)

        def macro_node_to_text(self, node):  # type: ignore[no-untyped-def]
            if node.macroname in _EXTRA_MACROS:
                return _EXTRA_MACROS[node.macroname]
            return super().macro_node_to_text(node)

    return Decoder(math_mode="text", strict_latex_spaces=False)


def _full(text: str) -> str:
    def math(match: re.Match[str]) -> str:
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        return "$" + _scripts(inner) + "$"
    try:
        return _full_decoder().latex_to_text(_MATH.sub(math, text), tolerant_parsing=True)
    except RecursionError:
        # Too deeply nested for pylatexenc: keep the source, braces and math shifts removed.
        return text.replace("{", "").replace("}", "").replace("$", "")


def decode_latex(text: str) -> str:
    """Decode a BibTeX value's LaTeX into plain Unicode text for display."""
    if not _PLAIN.search(text):
        return _SPACES.sub(" ", text).strip()
    try:
        decoded = _fast(text)
    except _NeedsFullDecoder:
        decoded = _full(text)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", decoded)).strip()


_IDENTIFIER_ESCAPES = re.compile(r"\\([%_#&])|[{}]")


def decode_identifier(text: str) -> str:
    """A URL, DOI or other identifier as written, with only ``\\%``, ``\\_``, ``\\#``, ``\\&`` and braces undone."""
    return _IDENTIFIER_ESCAPES.sub(lambda match: match.group(1) or "", text).strip()
