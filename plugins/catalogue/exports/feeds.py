"""Atom feeds of newly added papers (by ``added``), as plain functions of papers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Sequence

from ..data.model import Paper

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def atom_feed(papers: Sequence[Paper], *, title: str, feed_url: str, page_url: str, site_url: str,
              paper_url: str, papers_url: str = "", limit: int = FEED_SIZE) -> str:
    """The newest ``limit`` additions, newest first. ``paper_url`` is the absolute URL of the listing whose
    anchors name the entries (their ids, which stay as they were); ``papers_url``, the folder of the papers'
    own pages, which the entries link to (the listing when empty). Every URL is absolute, as Atom expects."""
    ET.register_namespace("", ATOM)
    newest = sorted(papers, key=lambda paper: (paper.added, paper.key), reverse=True)[:limit]
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=feed_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page_url)
    updated = max((paper.added for paper in papers), default="1970-01-01")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(updated)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "The catalogue's contributors"
    ET.SubElement(author, f"{{{ATOM}}}uri").text = site_url
    for paper in newest:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}title").text = paper.title
        ET.SubElement(item, f"{{{ATOM}}}id").text = f"{paper_url}#{paper.anchor}"
        page = f"{papers_url}{paper.anchor}/" if papers_url else f"{paper_url}#{paper.anchor}"
        ET.SubElement(item, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page)
        if paper.link:
            ET.SubElement(item, f"{{{ATOM}}}link", rel="related", href=paper.link)
        ET.SubElement(item, f"{{{ATOM}}}updated").text = _stamp(paper.added)
        ET.SubElement(item, f"{{{ATOM}}}published").text = _stamp(paper.added)
        for name in paper.authors:
            person = ET.SubElement(item, f"{{{ATOM}}}author")
            ET.SubElement(person, f"{{{ATOM}}}name").text = name
        ET.SubElement(item, f"{{{ATOM}}}summary", type="text").text = f"{paper.summary} ({paper.venue}, {paper.year})"
        for values in paper.tags.values():
            for value in values:
                ET.SubElement(item, f"{{{ATOM}}}category", term=value)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
