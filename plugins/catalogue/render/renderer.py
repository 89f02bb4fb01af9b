"""Rendering: catalogue records to page content through overridable Jinja templates.

No MkDocs here. A listing page is a small Markdown skeleton (front matter and one
``## year`` heading per group, so the theme builds its table of contents) plus HTML
fragments for named slots; the adapter swaps each ``<!--catalogue:NAME-->`` for its
fragment after Markdown ran, so the cards never pass through the Markdown parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence
from urllib.parse import quote, urlencode, urljoin

import jinja2
import yaml
from markupsafe import Markup

from ..data.evidence_map import COUNTED_ROLES, EvidenceMatrix, harm_by_band, harm_by_compression, role_counts
from ..data.facets import (
    DIRECTION_MEANINGS,
    DIRECTION_SHAPES,
    Facet,
    FacetValue,
    finding_facets,
    findings_attribute,
    listing_facets,
)
from ..data.findings import DIRECTION_TITLES, DIRECTIONS, EMPTY_EVIDENCE, Evidence
from ..data.questions import FEW_PAPERS, Question
from ..data.grouping import by_year, papers_per_year, sort_newest_first, with_tag
from ..data.model import Paper, TagValue, Taxonomy
from ..data.normalise import band_search_words, browser_table
from ..data.stats import coverage, venue_timeline
from ..data.venues import VenueTable
from ..exports.bibliography import bibtex_entry, cell_section_id, coins
from .charts import coverage_matrix, harm_year_matrix, heat_legend, venue_timeline_chart, year_bars
from ..exports.findings import csv_cell, plain_number
from . import findings_table
from .listing_index import INDEX_NAME, index_header, index_record, listing_index
from .paper_pages import issue_link, listing_json_ld, script_json

TEMPLATES = Path(__file__).parent / "templates"


def slot(name: str) -> str:
    """The Markdown placeholder for an HTML fragment."""
    return f"<!--catalogue:{name}-->"


def number(value: float | None, signed: bool = False) -> str:
    """A finding's number as the source wrote it: 85.0 is "85"; ``signed`` gives a change its sign."""
    if value is None:
        return ""
    text = str(plain_number(value))
    return "+" + text if signed and value > 0 else text


def make_environment(search_paths: Sequence[str | Path] = ()) -> jinja2.Environment:
    """A Jinja environment: ``search_paths`` first (theme overrides), then our templates."""
    paths = [str(path) for path in search_paths] + [str(TEMPLATES)]
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["number"] = number
    return environment


@lru_cache(maxsize=65536)
def _query(facet: str, value: str) -> str:
    # Cards repeat the same few thousand tag, venue and author links: encode each once.
    return urlencode({facet: value}, quote_via=quote)


@dataclass(frozen=True)
class SiteLinks:
    """Where things live, as URLs relative to the site root (e.g. ``fairness/``)."""

    tag_pages: Mapping[str, str]
    all_papers: str
    root: str = ""  # prefix from the current page to the site root, e.g. "../"
    papers: str = ""  # folder of the per-paper pages, e.g. "papers/"; "" links cards on All papers instead
    suffix: str = "/"  # "/" with directory URLs, ".html" without
    listing: str | None = None  # where tag, venue and author links filter: None for All papers, "" for this page
    issues: str = ""  # https://github.com/OWNER/REPO/issues/new, from repo_url; "" for no issue links

    def to(self, url: str) -> str:
        return self.root + url

    def paper(self, paper: Paper) -> str:
        if not self.papers:
            return f"{self.root}{self.all_papers}#{paper.anchor}"
        return f"{self.root}{self.papers}{paper.anchor}{self.suffix}"

    def filtered(self, facet: str, value: str) -> str:
        """A listing filtered to one facet value: this page when it is a listing, else All papers."""
        base = self.listing if self.listing is not None else self.root + self.all_papers
        return f"{base}?{_query(facet, value)}"

    def author(self, name: str) -> str:
        return self.filtered("author", name)

    def report(self, paper: Paper) -> str:
        return issue_link(self.issues, "report-error.yml", title=f"Error in {paper.key}", key=paper.key)

    def suggest(self) -> str:
        return issue_link(self.issues, "propose-paper.yml")

    def tag_page(self, value_id: str) -> str | None:
        url = self.tag_pages.get(value_id)
        return self.root + url if url is not None else None


def _month_name(month: str) -> str:
    """'2026-11' -> 'November 2026' (fixed English names: the build must not depend on the locale)."""
    names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
    year, number = month.split("-")
    return f"{names[int(number) - 1]} {year}"


_HYPHENATED = re.compile(r"\b\w+(?:-\w+)+\b")


def search_keywords(paper: Paper, taxonomy: Taxonomy, evidence: Evidence = EMPTY_EVIDENCE) -> str:
    """Extra words for the search index: the full venue, the tags' aliases, the earlier title, what the
    findings name (methods and their aliases, the bands' spellings such as "4bit" and "int4", benchmarks),
    and the parts of the title's and summary's hyphenated words (search splits on spaces only, so
    "low-rank" matches exactly and "rank" too)."""
    words = [paper.venue]
    earlier = paper.source.get("alttitle")
    if earlier:
        words.append(earlier.replace("{", "").replace("}", ""))
    findings = evidence.of(paper)
    for finding in findings:
        for method_id in finding.methods:
            method = evidence.method(method_id)
            if method is not None and method.id != "other":
                words.append(method.title)
                words.extend(method.aliases)
        words.extend(finding.benchmark)
    words.extend(band_search_words(band for finding in findings for band in finding.bands))
    for vocabulary in taxonomy.vocabularies:
        for value_id in paper.tagged(vocabulary.id):
            value = vocabulary.get(value_id)
            if value is not None:
                words.append(value.title)
                words.extend(value.aliases)
    # Parts of the paper's own hyphenated words only: split aliases ("low-bit" -> "bit") would let "4-bit"
    # find every quantization paper.
    text = " ".join([paper.title, paper.summary])
    parts = [match.group(0).replace("-", " ") for match in _HYPHENATED.finditer(text)]
    return " ".join(dict.fromkeys(words + parts))


@dataclass
class RenderedPage:
    """A page's Markdown skeleton and the HTML for each of its slots."""

    markdown: str
    slots: dict[str, str] = field(default_factory=dict)
    anchors: set[str] = field(default_factory=set)

    def fill(self, html: str) -> str:
        for name, fragment in self.slots.items():
            html = html.replace(slot(name), fragment, 1)
        return html


def _front_matter(title: str, description: str, search: bool = True, feed: str | None = None,
                  wide: bool = False) -> str:
    data: dict[str, object] = {"title": title, "description": description, "render_macros": False}
    if wide:
        data["hide"] = ["toc"]  # wide tables get the table of contents' room
    if feed:
        data["feed"] = feed  # overrides/main.html links it as <link rel="alternate">
    if not search:
        # Each paper is indexed once, on the All papers page, so search results do not repeat.
        data["search"] = {"exclude": True}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n"


class Renderer:
    """Renders listing pages and cards for one taxonomy with one Jinja environment."""

    def __init__(self, taxonomy: Taxonomy, environment: jinja2.Environment | None = None,
                 venues: VenueTable | None = None, citations: Mapping[str, str] | None = None,
                 keep_custom: bool = False, evidence: Evidence = EMPTY_EVIDENCE):
        self.taxonomy = taxonomy
        self.evidence = evidence
        self.env = environment or make_environment()
        self.venues = venues or VenueTable([])
        # Not `citations or {}`: truth-testing a mapping asks its length, which would wait for the
        # citations being formatted in the background (mkdocs_plugin.CitationsInBackground).
        self.citations = citations if citations is not None else {}
        self.keep_custom = keep_custom
        # A listing's page carries its newest `first_page` cards; the rest are on paged continuations of
        # `page_size` cards (page-2/, page-3/, ...) and, for the filters, in the listing index. With
        # JavaScript, a filtered listing shows this many matching cards, then offers "Show all".
        self.first_page = 10
        self.page_size = 25
        self.card_limit = 10

    def _context(self, links: SiteLinks) -> dict[str, Any]:
        """What the card and paper templates share."""
        return dict(taxonomy=self.taxonomy, links=links, venues=self.venues, bibtex=self.bibtex,
                    citation=self.citation, coins=coins, findings=self.evidence.of,
                    findings_attribute=findings_attribute, method_title=self._method_title,
                    directions=DIRECTION_TITLES, shapes=DIRECTION_SHAPES, harm_title=self._harm_title)

    def cards(self, papers: Iterable[Paper], links: SiteLinks) -> str:
        """Cards; every card fetches its APA and BibTeX from the paper's page on demand."""
        template = self.env.get_template("catalogue/cards.html")
        return template.render(papers=list(papers), bare=False, **self._context(links))

    def card(self, paper: Paper, links: SiteLinks) -> str:
        """One card for the listing index: as on a page, without the COinS span (Zotero reads those from
        the pages)."""
        template = self.env.get_template("catalogue/card.html")
        return template.render(paper=paper, bare=True, **self._context(links))

    def year_groups(self, papers: Sequence[Paper], links: SiteLinks) -> str:
        """Cards under one heading per year (``papers`` newest first, as the listing orders them)."""
        parts = []
        for year, group in by_year(papers):
            parts.append(f'<h2 class="cat-year">{year}</h2>\n')
            parts.append(self.cards(group, links))
        return "".join(parts)

    def index(self, papers: Sequence[Paper], links: SiteLinks) -> str:
        """The listing index (listing_index.py) of ``papers``, newest first, seen from a listing page."""
        def tag_href(vocabulary: str, value: str) -> str:
            page = links.tag_page(value) if vocabulary == self.taxonomy.page_vocabulary.id else None
            return page if page is not None else links.filtered(vocabulary, value)

        header = index_header(self.taxonomy, tag_href)
        records = []
        for paper in sort_newest_first(papers):
            findings = self.evidence.of(paper)
            directions = list(dict.fromkeys(finding.direction for finding in findings))
            records.append(index_record(paper, self.taxonomy, self.venues, findings_attribute(findings),
                                        directions, self.card(paper, links), links.paper(paper)))
        return listing_index(header, records)

    def pages_of(self, count: int) -> int:
        """How many pages a listing of ``count`` papers has (the first, then the continuations)."""
        rest = max(0, count - self.first_page)
        return 1 + -(-rest // self.page_size)

    def page_papers(self, papers: Sequence[Paper], number: int) -> Sequence[Paper]:
        """The papers on page ``number`` (1-based) of a listing ordered newest first."""
        if number == 1:
            return papers[:self.first_page]
        start = self.first_page + (number - 2) * self.page_size
        return papers[start:start + self.page_size]

    def pager(self, number: int, pages: int, href: Callable[[int], str], count: int) -> str:
        """Links between a listing's pages; they work without scripts, so every paper stays reachable."""
        return self.env.get_template("catalogue/pager.html").render(
            number=number, pages=pages, href=href, count=count)

    def continuation(self, *, title: str, papers: Sequence[Paper], number: int, links: SiteLinks,
                     href: Callable[[int], str]) -> str:
        """The body of page ``number`` (2 or more) of a listing: its cards and the pager."""
        shown = self.page_papers(papers, number)
        pages = self.pages_of(len(papers))
        first = self.first_page + (number - 2) * self.page_size + 1
        return self.env.get_template("catalogue/continuation.html").render(
            title=title, number=number, pages=pages, first=first, last=first + len(shown) - 1, count=len(papers),
            listing=href(1), cards=Markup(self.year_groups(shown, links)),
            pager=Markup(self.pager(number, pages, href, len(papers))))

    def paper(self, paper: Paper, links: SiteLinks, related: Sequence[Paper], listing_href: str = "") -> str:
        """The body of a paper's own page; ``listing_href`` is the page of All papers that shows its card."""
        return self.env.get_template("catalogue/paper.html").render(
            paper=paper, related=related, listing_href=listing_href or links.to(links.all_papers),
            **self._context(links))

    def page_of(self, position: int) -> int:
        """Which page (1-based) of a listing shows the paper at ``position`` (0-based, newest first)."""
        if position < self.first_page:
            return 1
        return 2 + (position - self.first_page) // self.page_size

    def keywords(self, paper: Paper) -> str:
        return search_keywords(paper, self.taxonomy, self.evidence)

    def _method_title(self, method_id: str) -> str:
        method = self.evidence.method(method_id)
        return method.title if method else method_id

    def _harm_title(self, value_id: str) -> str:
        value = self.taxonomy.page_vocabulary.get(value_id)
        return value.title if value else value_id

    def bibtex(self, paper: Paper) -> str:
        return bibtex_entry(paper, self.keep_custom)

    def citation(self, paper: Paper) -> Markup | None:
        """The formatted citation, already escaped by the citation layer, or None."""
        text = self.citations.get(paper.key)
        return Markup(text) if text is not None else None

    def listing(self, *, title: str, description: str, papers: Sequence[Paper], links: SiteLinks,
                value: TagValue | None = None, total: int | None = None,
                downloads: str | None = None, feed: str | None = None, absolute_url: str = "",
                page_href: Callable[[int], str]) -> RenderedPage:
        """A listing page: intro, then its newest papers by year and a pager whose links ``page_href`` gives
        (site.SitePlan knows where pages 2, 3, ... live)."""
        groups = by_year(papers)
        chart = year_bars(f"years-{value.id}", f"{title}: papers per year", papers_per_year(papers),
                          lambda year: f"?from={year}&to={year}") if value is not None else ""
        context = dict(chart=chart, title=title, description=description, value=value, count=len(papers),
                       total=total, links=links, taxonomy=self.taxonomy, years=[year for year, _ in groups],
                       downloads=downloads)
        intro = self.env.get_template("catalogue/intro.html").render(**context)
        outro = self.env.get_template("catalogue/outro.html").render(**context)
        facets = listing_facets(papers, self.taxonomy, self.venues, include_pages_vocabulary=value is None)
        facets += finding_facets(papers, self.evidence, value.id if value is not None else None)
        terms = script_json(browser_table(self.evidence.aliases))
        filters = self.env.get_template("catalogue/filters.html").render(
            facets=facets, years=sorted(year for year, _ in groups), count=len(papers), limit=self.card_limit,
            first=min(len(papers), self.first_page), index=links.to(links.papers + INDEX_NAME),
            harm=value.id if value is not None else "", terms=Markup(terms), section=downloads or "all",
            downloads=links.to("downloads/"),
        ) if papers else ""
        ordered = [paper for _, group in groups for paper in group]
        first = self.page_papers(ordered, 1)
        # The structured list names the papers this page shows; the continuations and the index hold the rest.
        structured = Markup('<script type="application/ld+json">{}</script>').format(Markup(listing_json_ld(
            first, title, absolute_url, lambda paper: urljoin(absolute_url, links.paper(paper)))))
        page = RenderedPage("", {"intro": intro, "filters": filters, "outro": outro + str(structured)})
        # Listings stay out of search: each paper is indexed once, on its own page.
        lines = [_front_matter(title, description, search=False, feed=feed), slot("intro"), "",
                 slot("filters"), "", slot("list"), ""]
        pages = self.pages_of(len(ordered))
        pager = self.pager(1, pages, page_href, len(ordered)) if pages > 1 else ""
        page.slots["list"] = ('<div class="cat-list" id="cat-list">' + self.year_groups(first, links) + "</div>"
                              + pager)
        page.anchors.update(paper.anchor for paper in first)
        if not groups:
            page.slots["empty"] = self.env.get_template("catalogue/empty.html").render(title=title)
            lines += [slot("empty"), ""]
        lines += [slot("outro"), ""]
        page.markdown = "\n".join(lines)
        return page

    def timeline(self, *, title: str, description: str, papers: Sequence[Paper], links: SiteLinks) -> RenderedPage:
        """The venue timeline page: the chart, then each venue's papers by year."""
        rows = venue_timeline(papers, self.venues)
        chart = venue_timeline_chart(
            rows, lambda row, year: links.to(f"{links.all_papers}?venue={row.facet_id}&from={year}&to={year}"))
        harm = self.taxonomy.page_vocabulary
        years = list(range(min((paper.year for paper in papers), default=0), max((paper.year for paper in papers), default=-1) + 1))
        harm_rows = [(value.id, value.title, dict(papers_per_year(with_tag(papers, harm.id, value.id))))
                     for value in harm.values]
        suggest = links.suggest() if links.issues else ""
        harms = harm_year_matrix(harm_rows, years, lambda row, year: f"{links.tag_page(row)}?from={year}&to={year}",
                                 suggest) if papers else ""
        body = self.env.get_template("catalogue/timeline.html").render(
            chart=chart, rows=rows, links=links, venues=self.venues, by_year=by_year, harms=harms,
            legend=heat_legend(suggest))
        return RenderedPage(_front_matter(title, description, search=False) + slot("body") + "\n", {"body": body})

    def coverage(self, *, title: str, description: str, papers: Sequence[Paper], links: SiteLinks) -> RenderedPage:
        """The coverage page: harm dimensions against compression methods, and against modalities."""
        harm = self.taxonomy.page_vocabulary
        matrices = []
        for column_id, caption in (("compression", "Papers per harm dimension and compression method"),
                                   ("modality", "Papers per harm dimension and modality")):
            columns = self.taxonomy.vocabulary(column_id)
            matrix = coverage(papers, harm, columns)
            table = coverage_matrix(
                matrix, caption,
                listing=lambda row, column, field=columns.field: f"{links.tag_page(row)}?{field}={column}",
                download=lambda row, column, vocabulary=columns.id: links.to(
                    f"downloads/{cell_section_id(row, vocabulary, column)}.bib"),
                row_link=lambda row: links.tag_page(row) or "",
                suggest=links.suggest() if links.issues else "",
            )
            empty = sum(1 for cell in matrix.cells.values() if cell.count == 0)
            matrices.append({"title": columns.title, "table": table, "empty": empty, "total": len(matrix.cells)})
        body = self.env.get_template("catalogue/coverage.html").render(
            matrices=matrices, harm=harm, legend=heat_legend(links.suggest() if links.issues else ""))
        return RenderedPage(_front_matter(title, description, search=False) + slot("body") + "\n", {"body": body})

    def evidence_map(self, *, title: str, description: str, papers: Sequence[Paper],
                     links: SiteLinks, question: Callable[[str, str], str]) -> RenderedPage:
        """The evidence map: findings per harm x compression family and per harm x precision band."""
        harms = self.taxonomy.page_vocabulary.values
        families = self.taxonomy.vocabulary("compression").values
        by_family = harm_by_compression(papers, self.evidence, harms, families)
        by_band = harm_by_band(papers, self.evidence, harms)

        def href(field: str, extra: str, matrix: EvidenceMatrix) -> Callable[[str, str, str], str]:
            def target(row: str, column: str, direction: str) -> str:
                roles = ",".join(role for role in ("effect", "attack") if role in matrix.cell(row, column).roles[direction])
                return (f"{links.tag_page(row)}?{extra}{field}={column}&direction={direction}"
                        f"{'&role=' + roles if roles else ''}")
            return target

        matrices = [
            {"id": "by-compression", "title": "By compression family", "data": by_family, "prefix": "",
             "intro": "Findings for each harm dimension under each family of compression method.",
             "href": href("compression", "", by_family), "question": question},
            {"id": "by-precision", "title": "Quantization by precision", "data": by_band, "prefix": "Quantization, ",
             "intro": "Quantization findings by the narrowest bit width the paper tested (weights, activations or "
                      "KV cache); a finding that spans two bands counts in both.",
             "href": href("band", "compression=quantization&", by_band),
             "question": lambda row, column: question(row, "quantization") + "#by-band"},
        ]
        findings = [finding for paper in papers for finding in self.evidence.of(paper)
                    if finding.role in COUNTED_ROLES]
        roles = role_counts(papers, self.evidence)
        body = self.env.get_template("catalogue/evidence.html").render(
            matrices=matrices, links=links, harms=harms, directions=DIRECTIONS, titles=DIRECTION_TITLES,
            shapes=DIRECTION_SHAPES, meanings=DIRECTION_MEANINGS, total=len(findings),
            papers=len({finding.key for finding in findings}), mitigations=roles.get("mitigation", 0))
        return RenderedPage(_front_matter(title, description, search=False) + slot("body") + "\n", {"body": body})

    def peer_reviewed(self, paper: Paper) -> bool:
        return self.venues.classify(paper).peer_reviewed

    def question(self, *, question: Question, papers: Mapping[str, Paper], links: SiteLinks, listing: str,
                 bib: str, csv: str, findings_table: str) -> RenderedPage:
        """A question's page (data/questions.py): the verdict in papers, its splits, every finding."""
        body = self.env.get_template("catalogue/question.html").render(
            question=question, papers=papers, links=links, listing=listing, bib=bib, csv=csv,
            findings_table=findings_table, directions=DIRECTIONS, titles=DIRECTION_TITLES, shapes=DIRECTION_SHAPES,
            venues=self.venues, method_title=self._method_title)
        description = f"{question.title} {question.answer.text()}, from the findings of the catalogue's papers."
        return RenderedPage(_front_matter(question.title, description, wide=True) + slot("body") + "\n", {"body": body})

    def questions_index(self, *, title: str, description: str, questions: Sequence[Question],
                        href: Callable[[Question], str]) -> RenderedPage:
        groups: dict[str, tuple[TagValue, list[Question]]] = {}
        for question in questions:
            groups.setdefault(question.harm.id, (question.harm, []))[1].append(question)
        body = self.env.get_template("catalogue/questions.html").render(
            groups=list(groups.values()), href=href, few=FEW_PAPERS,
            most=max((question.answer.total for question in questions), default=1) or 1, directions=DIRECTIONS, titles=DIRECTION_TITLES,
            shapes=DIRECTION_SHAPES, meanings=DIRECTION_MEANINGS)
        return RenderedPage(_front_matter(title, description) + slot("body") + "\n", {"body": body})

    def finding_titles(self) -> Callable[[str, str], str]:
        def taxonomy_title(facet: str, value: str) -> str | None:
            vocabulary = self.taxonomy.page_vocabulary if facet == "harm" else self.taxonomy.vocabulary(facet)
            found = vocabulary.get(value) if vocabulary is not None else None
            return found.title if found is not None else None
        return findings_table.value_title(taxonomy_title, self._method_title)

    def findings_page(self, *, rows: Sequence[dict[str, Any]], number: int, papers: int, links: SiteLinks,
                      href: Callable[[int], str], index: str = "", description: str = "") -> str:
        """Page ``number`` of the table of every finding (rows carry their paper page's ``href``)."""
        pages = findings_table.pages_of(len(rows))
        start = (number - 1) * findings_table.PAGE_SIZE
        shown = rows[start:start + findings_table.PAGE_SIZE]
        titles = self.finding_titles()
        pager = self.env.get_template("catalogue/pager.html").render(
            number=number, pages=pages, href=href, count=len(rows), unit="finding", label="Pages of the findings",
            prev="Earlier rows", next="Later rows")
        return self.env.get_template("catalogue/findings-page.html").render(
            number=number, pages=pages, rows=shown, count=len(rows), papers=papers, first=start + 1,
            last=start + len(shown), size=findings_table.PAGE_SIZE, columns=findings_table.TABLE_COLUMNS,
            facets=findings_table.facet_options(rows, titles) if number == 1 else [], titles=titles,
            cell=csv_cell, shapes=DIRECTION_SHAPES, pager=Markup(pager), href=href, index=index,
            description=description, root=links.root)

    def whats_new(self, *, title: str, description: str, papers: Sequence[Paper], links: SiteLinks,
                  feed: str | None = None) -> RenderedPage:
        """Additions to the catalogue by month of ``added``, newest first."""
        months: dict[str, list[Paper]] = {}
        for paper in sorted(papers, key=lambda paper: (paper.added, paper.key), reverse=True):
            months.setdefault(paper.added[:7], []).append(paper)
        body = self.env.get_template("catalogue/whats-new.html").render(
            months=list(months.items()), links=links, venues=self.venues, month_name=_month_name)
        return RenderedPage(_front_matter(title, description, search=False, feed=feed) + slot("body") + "\n",
                            {"body": body})
