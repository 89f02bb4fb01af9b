"""Per-paper pages: each paper's body, Highwire ``citation_*`` tags, related papers and its search entry.

No MkDocs here. Ten thousand pages through MkDocs' per-page pipeline take over a minute (RECIPES.md),
so the adapter renders one page through the theme with the tokens below in place of a paper's title,
description and body, and this module fills that shell once per paper: string substitution, linear
in the number of papers.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Callable, Iterable, Sequence
from urllib.parse import quote, urlencode

from ..data.model import Paper
from ..exports.bibliography import arxiv_id, is_preprint, scholarly_article

TITLE_TOKEN = "CATALOGUEPAPERTITLE"
DESCRIPTION_TOKEN = "CATALOGUEPAPERDESCRIPTION"
BODY_TOKEN = "<!--catalogue:paper-body-->"
HEAD_TOKEN = "<!--catalogue:paper-head-->"
URL_TOKEN = "<!--catalogue:paper-url-->"
_TOKENS = (TITLE_TOKEN, DESCRIPTION_TOKEN, BODY_TOKEN, HEAD_TOKEN, URL_TOKEN)
SHELL_NAME = "_paper"  # the shell page's file name inside the papers folder; never published
AUTHOR_BOOST = 100.0  # search weight of the family-names field, so "Hong" ranks Hong et al. first


def highwire_tags(paper: Paper) -> str:
    """Highwire Press ``citation_*`` meta tags, the metadata Zotero prefers on a single-paper page."""
    tags: list[tuple[str, str]] = [("citation_title", paper.title)]
    tags += [("citation_author", author) for author in paper.authors if author != "et al."]
    tags.append(("citation_publication_date", str(paper.year)))
    if paper.entry_type == "article":
        tags.append(("citation_journal_title", paper.venue))
    elif paper.entry_type in ("inproceedings", "conference", "proceedings"):
        tags.append(("citation_conference_title", paper.venue))
    elif is_preprint(paper):
        tags.append(("citation_technical_report_institution", "arXiv"))
    elif paper.venue:
        tags.append(("citation_publisher", paper.venue))
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    identifier = arxiv_id(paper)
    if identifier:
        tags.append(("citation_arxiv_id", identifier))
        tags.append(("citation_pdf_url", f"https://arxiv.org/pdf/{identifier}"))
    elif paper.url and paper.url.lower().endswith(".pdf"):
        tags.append(("citation_pdf_url", paper.url))
    if paper.link:
        tags.append(("citation_abstract_html_url", paper.link))
    return "".join(f'<meta name="{name}" content="{escape(value)}">' for name, value in tags if value)


def script_json(data: object) -> str:
    """Compact JSON for the text of a ``<script>`` element: no "<" may reach it ("</script>" would end the
    element), and JSON allows "\\u003c" instead."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def paper_json_ld(paper: Paper, page_url: str) -> str:
    """One schema.org ScholarlyArticle for a paper page (the listings carry only names and links)."""
    return script_json({"@context": "https://schema.org", **scholarly_article(paper, page_url)})


def listing_json_ld(papers: Sequence[Paper], name: str, page_url: str,
                    paper_url: Callable[[Paper], str]) -> str:
    """A summary-page schema.org ItemList: each paper's position and the address of its own page, which
    carries the full ScholarlyArticle (titles and authors are not repeated here: the listing stays light)."""
    items = [{"@type": "ListItem", "position": position, "url": paper_url(paper)}
             for position, paper in enumerate(papers, start=1)]
    data = {"@context": "https://schema.org", "@type": "ItemList", "name": name, "url": page_url,
            "numberOfItems": len(items), "itemListElement": items}
    return script_json(data)


def related_papers(papers: Sequence[Paper], limit: int = 5, per_bucket: int = 24) -> dict[str, list[Paper]]:
    """For each paper, up to ``limit`` others that share a harm dimension and a compression family,
    the most shared pairs first, then the newest. Linear: candidates come from the newest ``per_bucket``
    papers of each (harm, compression) pair, so ten thousand papers take well under a second."""
    buckets: dict[tuple[str, str], list[Paper]] = {}
    for paper in papers:
        for pair in _pairs(paper):
            buckets.setdefault(pair, []).append(paper)
    heads = {pair: sorted(group, key=lambda item: (-item.year, item.title.casefold()))[:per_bucket + 1]
             for pair, group in buckets.items()}
    related: dict[str, list[Paper]] = {}
    for paper in papers:
        score: dict[str, int] = {}
        found: dict[str, Paper] = {}
        for pair in _pairs(paper):
            for other in heads[pair]:
                if other.key != paper.key:
                    score[other.key] = score.get(other.key, 0) + 1
                    found[other.key] = other
        ranked = sorted(found.values(), key=lambda item: (-score[item.key], -item.year, item.title.casefold()))
        related[paper.key] = ranked[:limit]
    return related


def _pairs(paper: Paper) -> list[tuple[str, str]]:
    return [(harm, method) for harm in paper.tagged("harm") for method in paper.tagged("compression")]


def issue_link(issues: str, template: str, **fields: str) -> str:
    """A prefilled GitHub issue form: ``issues`` is ``https://github.com/OWNER/REPO/issues/new``."""
    return f"{issues}?{urlencode({'template': template, **fields}, quote_via=quote)}"


@dataclass(frozen=True)
class SearchEntry:
    """One paper in the search index: its page, its title as the result's heading, readable text."""

    location: str
    title: str
    text: str
    authors: str  # family names only: "Hong" ranks Hong et al. above Hongyi Liu's paper
    keywords: str  # the taxonomy's aliases and the findings' terms: matched, never shown

    def as_dict(self) -> dict[str, str]:
        return {"location": self.location, "title": self.title, "text": self.text, "authors": self.authors,
                "keywords": self.keywords}


def search_entry(paper: Paper, location: str, venue_label: str, keywords: str) -> SearchEntry:
    """Authors, venue and summary as separate paragraphs (so no words run together) in the shown text; the
    family names and the keywords (taxonomy aliases, findings' terms) in fields of their own, which the
    search matches but Material never displays."""
    authors = ", ".join(author for author in paper.authors if author != "et al.")
    parts = [f"{authors}. {venue_label} {paper.year}.", paper.summary]
    # The last word of each display name: parse_names per paper would cost seconds at 10,000 papers.
    families = " ".join(author.rsplit(" ", 1)[-1] for author in paper.authors if author != "et al.")
    return SearchEntry(location, escape(paper.title, quote=False),
                       "".join(f"<p>{escape(part, quote=False)}</p>" for part in parts if part),
                       escape(families, quote=False), escape(keywords, quote=False))


class Shell:
    """The theme-rendered shell, cut once at its tokens so that each paper's page is one join."""

    def __init__(self, html: str, shell_url: str):
        html = html.replace("</head>", HEAD_TOKEN + "</head>", 1).replace(shell_url, URL_TOKEN)
        self.parts = re.split(f"({'|'.join(re.escape(token) for token in _TOKENS)})", html)

    def fill(self, *, title: str, description: str, body: str, head: str, url: str) -> str:
        values = {TITLE_TOKEN: escape(title), DESCRIPTION_TOKEN: escape(description), BODY_TOKEN: body,
                  HEAD_TOKEN: head, URL_TOKEN: url}
        return "".join(values.get(part, part) for part in self.parts)


def description_of(paper: Paper) -> str:
    """The page's meta description: the summary, or who wrote it where."""
    if paper.summary:
        return paper.summary
    return f"{paper.title}, {paper.venue} {paper.year}."


def add_to_search_index(path: Path, entries: list[dict[str, str]]) -> None:
    """Append the papers to the search plugin's index (written before this runs), papers first: on equal
    scores the search lists them above the documentation pages."""
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    # A field of the papers' family names, weighted between the title (1,000) and the text (1).
    fields = index.setdefault("config", {}).setdefault("fields", {})
    fields["authors"] = {"boost": AUTHOR_BOOST}
    fields["keywords"] = {"boost": 1.0}
    index["docs"] = entries + index.get("docs", [])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def add_to_sitemap(site: Path, shell_url: str, urls: list[str]) -> None:
    """Replace the shell's entry of ``sitemap.xml`` (and its gzipped copy) by the paper pages."""
    path = site / "sitemap.xml"
    if not path.exists():
        return
    text = sitemap_with_papers(path.read_text(encoding="utf-8"), shell_url, urls)
    path.write_text(text, encoding="utf-8")
    compressed = site / "sitemap.xml.gz"
    if compressed.exists():
        compressed.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def sitemap_with_papers(sitemap: str, shell_url: str, urls: Iterable[str]) -> str:
    """The theme's sitemap with the shell's entry replaced by one entry per paper page."""
    start = sitemap.find(f"<loc>{shell_url}</loc>")
    if start < 0:
        return sitemap
    open_at = sitemap.rfind("<url>", 0, start)
    close_at = sitemap.find("</url>", start) + len("</url>")
    entries = "".join(f"<url><loc>{escape(url)}</loc></url>" for url in urls)
    return sitemap[:open_at] + entries + sitemap[close_at:]

