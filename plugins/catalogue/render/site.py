"""The site's shape: which listing pages exist, where, and the live figures for hand-written pages."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from typing import Any, Iterator

from markupsafe import Markup

from ..data.grouping import newest_additions, papers_per_year, sort_newest_first, tag_counts, with_tag
from ..data.model import Library, Paper, TagValue, Taxonomy, Vocabulary
from ..data.questions import Question, questions
from ..exports.findings import finding_rows
from .findings_table import INDEX_NAME as FINDINGS_INDEX, PAGE_SIZE as FINDINGS_PAGE, findings_index, pages_of as finding_pages
from ..exports.bibliography import Section, cell_section_id, cell_sections, sections
from ..exports.feeds import atom_feed
from .charts import year_bars
from .paper_pages import (
    BODY_TOKEN,
    DESCRIPTION_TOKEN,
    SHELL_NAME,
    TITLE_TOKEN,
    SearchEntry,
    highwire_tags,
    paper_json_ld,
    related_papers,
    search_entry,
)
from .listing_index import INDEX_NAME
from .renderer import RenderedPage, Renderer, SiteLinks, _front_matter, slot

TIMELINE = ("timeline.md", "Venue timeline",
            "Where and when the research on compression side effects was published: papers per venue and year.")
COVERAGE = ("coverage.md", "Coverage",
            "Which harms have been studied under which compression methods and modalities, and which not yet.")
WHATS_NEW = ("whats-new.md", "What's new", "Papers added to the catalogue, month by month.")
EVIDENCE = ("evidence.md", "Evidence map",
            "What the papers found: findings per harm dimension and compression method or precision, "
            "worse, mixed, unchanged or better, each linked to the papers behind it.")
QUESTIONS = ("questions/index.md", "Questions",
             "Does quantization affect safety? Does pruning affect fairness? One page per question, answered from "
             "what the papers found, counting papers.")
FINDINGS = ("findings.md", "Every finding",
            "Every finding of the catalogue's papers in one table: harm, compression, setting, models, benchmark, "
            "direction and the numbers, with filters, sorting and a CSV of the rows shown.")
ALL_PAPERS_TITLE = "All papers"
ALL_PAPERS_DESCRIPTION = (
    "Every paper in the catalogue of research on what model compression breaks."
)


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown source path (``fairness.md`` -> ``fairness/``)."""
    stem, _ = posixpath.splitext(src_uri)
    directory, name = posixpath.split(stem)
    if name in ("index", "README"):
        return directory + "/" if directory else ""
    if use_directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


def root_prefix(url: str) -> str:
    """The relative path from a page URL back to the site root."""
    return "../" * url.count("/")


@dataclass(frozen=True)
class PaperPage:
    """One paper's page, ready to go into the shell."""

    paper: Paper
    url: str  # relative to the site root, e.g. "papers/xu2024beyond/"
    body: str
    head: str
    search: SearchEntry


@dataclass(frozen=True)
class ContinuationPage:
    """Page 2 or later of a listing, ready to go into the shell (as paper pages are)."""

    url: str  # relative to the site root, e.g. "papers/page-2/"
    title: str
    description: str
    body: str


def href_between(from_url: str, to_url: str) -> str:
    """A relative link from the page at ``from_url`` to the page at ``to_url`` (both relative to the root)."""
    folder = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    relative = posixpath.relpath(to_url or ".", folder.rstrip("/") or ".")
    if to_url.endswith("/") or not to_url:
        return "./" if relative == "." else relative + "/"
    return relative


def continuation_url(listing_url: str, number: int, use_directory_urls: bool) -> str:
    """Where page ``number`` of the listing at ``listing_url`` lives (page 1 is the listing itself)."""
    if number == 1:
        return listing_url
    folder = listing_url if listing_url.endswith("/") else posixpath.splitext(listing_url)[0] + "/"
    return f"{folder}page-{number}/" if use_directory_urls else f"{folder}page-{number}.html"


@dataclass(frozen=True)
class ListingSpec:
    src_uri: str
    title: str
    description: str
    value: TagValue | None


@dataclass(frozen=True)
class DimensionFigure:
    value: TagValue
    count: int
    src_uri: str


@dataclass(frozen=True)
class Facts:
    """Live figures for hand-written pages (the ``catalogue`` macros variable)."""

    total: int
    dimensions: tuple[DimensionFigure, ...]
    newest: tuple[Paper, ...]
    per_year: tuple[tuple[int, int], ...]
    all_papers_src: str
    papers: tuple[Paper, ...]
    vocabularies: tuple[Vocabulary, ...]
    sections: tuple[Section, ...]
    all_papers_url: str
    excluded: tuple[Any, ...] = ()
    findings: int = 0

    def year_chart(self) -> Markup:
        """Papers per year as an inline SVG for the home page (at the site root)."""
        return year_bars("home-years", "Papers per year", list(self.per_year),
                         lambda year: f"{self.all_papers_url}?from={year}&to={year}")

    def link(self, paper: Paper) -> str:
        """A link from the home page (at the site root) to a paper's own page."""
        return f"{posixpath.splitext(self.all_papers_src)[0]}/{paper.anchor}/"


class SitePlan:
    """The listing pages for one taxonomy: one per page-vocabulary value, plus All papers."""

    def __init__(self, taxonomy: Taxonomy, all_papers_src: str):
        self.taxonomy = taxonomy
        vocabulary = taxonomy.page_vocabulary
        self.listings = [
            ListingSpec(f"{value.id}.md", value.title, value.description, value) for value in vocabulary.values
        ]
        self.all_papers = ListingSpec(all_papers_src, ALL_PAPERS_TITLE, ALL_PAPERS_DESCRIPTION, None)
        self.timeline = ListingSpec(*TIMELINE, None)
        self.coverage = ListingSpec(*COVERAGE, None)
        self.whats_new = ListingSpec(*WHATS_NEW, None)
        self.evidence = ListingSpec(*EVIDENCE, None)
        self.questions = ListingSpec(*QUESTIONS, None)
        self.findings = ListingSpec(*FINDINGS, None)

    @property
    def specs(self) -> list[ListingSpec]:
        return [*self.listings, self.all_papers]

    def extend_nav(self, nav: list[Any], section: str, position: int) -> list[Any]:
        """Add the generated pages to an explicit nav, unless it already names them."""
        named = _nav_sources(nav)
        nav = list(nav)
        additions: list[Any] = []
        dimension_items = [{spec.title: spec.src_uri} for spec in self.listings if spec.src_uri not in named]
        if dimension_items:
            additions.append({section: dimension_items})
        for spec in (self.all_papers, self.questions, self.findings, self.evidence, self.timeline, self.coverage, self.whats_new):
            if spec.src_uri not in named:
                additions.append({spec.title: spec.src_uri})
        position = max(0, min(position, len(nav)))
        return nav[:position] + additions + nav[position:]

    @property
    def shell_src(self) -> str:
        """The source path of the theme-rendered shell that every paper page is filled into."""
        return posixpath.splitext(self.all_papers.src_uri)[0] + f"/{SHELL_NAME}.md"

    def links_for(self, src_uri: str, use_directory_urls: bool, issues: str = "",
                  listing: bool = False) -> SiteLinks:
        """Where things are, seen from the page at ``src_uri``."""
        tag_pages = {spec.value.id: page_url(spec.src_uri, use_directory_urls) for spec in self.listings if spec.value}
        return SiteLinks(tag_pages, page_url(self.all_papers.src_uri, use_directory_urls),
                         root_prefix(page_url(src_uri, use_directory_urls)),
                         papers=posixpath.splitext(self.all_papers.src_uri)[0] + "/",
                         suffix="/" if use_directory_urls else ".html",
                         listing="" if listing else None, issues=issues)

    def shell(self) -> RenderedPage:
        """The shell page: tokens for a paper's title, description and body; never published itself."""
        front = _front_matter(TITLE_TOKEN, DESCRIPTION_TOKEN, search=False) + slot("paper") + "\n"
        front = front.replace("render_macros: false\n", "render_macros: false\nhide:\n- toc\n")
        return RenderedPage(front, {"paper": f"<h1>{TITLE_TOKEN}</h1>{BODY_TOKEN}"})

    def paper_pages(self, library: Library, renderer: Renderer, use_directory_urls: bool, site_url: str,
                    issues: str = "") -> Iterator[PaperPage]:
        """Every paper's page: where it goes, its body, its head tags and its search entry."""
        links = self.links_for(self.shell_src, use_directory_urls, issues)
        related = related_papers(library.papers)
        base = site_url if site_url.endswith("/") else site_url + "/"
        folder = posixpath.splitext(self.all_papers.src_uri)[0] + "/"
        listing_url = page_url(self.all_papers.src_uri, use_directory_urls)
        position = {paper.key: index for index, paper in enumerate(sort_newest_first(library.papers))}
        for paper in library.papers:
            url = folder + paper.anchor + ("/" if use_directory_urls else ".html")
            shown_on = continuation_url(listing_url, renderer.page_of(position[paper.key]), use_directory_urls)
            absolute = base + url
            head = highwire_tags(paper) + ('<script type="application/ld+json">'
                                           + paper_json_ld(paper, absolute) + "</script>")
            body = renderer.paper(paper, links, related[paper.key], href_between(url, shown_on))
            yield PaperPage(paper, url, body, head,
                            search_entry(paper, url, renderer.venues.classify(paper).short,
                                         renderer.keywords(paper)))

    def render(self, library: Library, renderer: Renderer, use_directory_urls: bool,
               site_url: str = "", issues: str = "") -> dict[str, RenderedPage]:
        vocabulary = self.taxonomy.page_vocabulary
        pages: dict[str, RenderedPage] = {self.shell_src: self.shell()}
        for spec in (self.timeline, self.coverage):
            links = self.links_for(spec.src_uri, use_directory_urls, issues)
            render = renderer.timeline if spec is self.timeline else renderer.coverage
            pages[spec.src_uri] = render(title=spec.title, description=spec.description,
                                         papers=library.papers, links=links)
        links = self.links_for(self.evidence.src_uri, use_directory_urls, issues)
        evidence_url = page_url(self.evidence.src_uri, use_directory_urls)
        pages[self.evidence.src_uri] = renderer.evidence_map(
            title=self.evidence.title, description=self.evidence.description, papers=library.papers, links=links,
            question=lambda harm, compression: href_between(
                evidence_url, page_url(self.question_src(harm, compression), use_directory_urls)))
        pages.update(self.question_pages(library, renderer, use_directory_urls, issues))
        pages[self.findings.src_uri] = self.findings_first_page(library, renderer, use_directory_urls, issues)
        links = self.links_for(self.whats_new.src_uri, use_directory_urls, issues)
        pages[self.whats_new.src_uri] = renderer.whats_new(
            title=self.whats_new.title, description=self.whats_new.description, papers=library.papers,
            links=links, feed=feed_path(None))
        for spec in self.specs:
            links = self.links_for(spec.src_uri, use_directory_urls, issues, listing=True)
            papers = with_tag(library.papers, vocabulary.id, spec.value.id) if spec.value else list(library.papers)
            url = page_url(spec.src_uri, use_directory_urls)
            pages[spec.src_uri] = renderer.listing(
                title=spec.title, description=spec.description, papers=papers, links=links,
                value=spec.value, total=len(library.papers),
                downloads=spec.value.id if spec.value else "all",
                feed=feed_path(spec.value.id if spec.value else None),
                absolute_url=site_url + url,
                page_href=lambda number, url=url: href_between(
                    url, continuation_url(url, number, use_directory_urls)),
            )
        return pages

    def questions_of(self, library: Library, renderer: Renderer) -> list[Question]:
        return questions(library.papers, renderer.evidence, self.taxonomy.page_vocabulary.values,
                         self.taxonomy.vocabulary("compression").values, renderer.peer_reviewed)

    def question_src(self, harm: str, compression: str) -> str:
        """The source path of a question's page (``questions/safety-quantization.md``)."""
        return posixpath.dirname(self.questions.src_uri) + f"/{harm}-{compression}.md"

    def question_pages(self, library: Library, renderer: Renderer, use_directory_urls: bool,
                       issues: str = "") -> dict[str, RenderedPage]:
        """The questions' index and one page per harm x compression family with findings."""
        asked = self.questions_of(library, renderer)
        pages: dict[str, RenderedPage] = {}
        index_url = page_url(self.questions.src_uri, use_directory_urls)
        pages[self.questions.src_uri] = renderer.questions_index(
            title=self.questions.title, description=self.questions.description, questions=asked,
            href=lambda question: href_between(index_url, page_url(
                self.question_src(question.harm.id, question.compression.id), use_directory_urls)))
        cells = {section.id for section in cell_sections(library)}
        by_key = {paper.key: paper for paper in library.papers}
        for question in asked:
            harm, family = question.harm.id, question.compression.id
            src = self.question_src(harm, family)
            links = self.links_for(src, use_directory_urls, issues)
            cell = cell_section_id(harm, "compression", family)
            pages[src] = renderer.question(
                question=question, papers=by_key, links=links,
                listing=f"{links.tag_page(harm)}?compression={family}",
                bib=links.to(f"downloads/{cell}.bib") if cell in cells else "",
                csv=links.to(f"downloads/findings-{question.slug}.csv"),
                findings_table=links.to(page_url(self.findings.src_uri, use_directory_urls)) + f"?harm={harm}&compression={family}")
        return pages

    def finding_rows(self, library: Library, renderer: Renderer, src: str, use_directory_urls: bool,
                     issues: str = "") -> list[dict[str, Any]]:
        """Every finding as a row of the findings CSV, newest paper first, with its paper page seen from ``src``
        and the venue type."""
        links = self.links_for(src, use_directory_urls, issues)
        by_key = {paper.key: paper for paper in library.papers}
        rows = finding_rows(sort_newest_first(library.papers), renderer.evidence)
        for row in rows:
            paper = by_key[row["key"]]
            row["href"] = links.paper(paper)
            row["venue_type"] = "peer-reviewed" if renderer.peer_reviewed(paper) else "preprint"
        return rows

    def finding_page_url(self, number: int, use_directory_urls: bool) -> str:
        """findings/ for page 1, then findings/page-2/, findings/page-3/, ... (as a listing's continuations: every
        page filled into the shell sits two folders deep)."""
        return continuation_url(page_url(self.findings.src_uri, use_directory_urls), number, use_directory_urls)

    def findings_first_page(self, library: Library, renderer: Renderer, use_directory_urls: bool,
                            issues: str = "") -> RenderedPage:
        src = self.findings.src_uri
        rows = self.finding_rows(library, renderer, src, use_directory_urls, issues)
        url = page_url(src, use_directory_urls)
        body = renderer.findings_page(
            rows=rows, number=1, papers=len({row["key"] for row in rows}),
            links=self.links_for(src, use_directory_urls, issues),
            href=lambda n: href_between(url, self.finding_page_url(n, use_directory_urls)),
            index=FINDINGS_INDEX, description=self.findings.description)
        return RenderedPage(_front_matter(self.findings.title, self.findings.description, search=False, wide=True)
                            + slot("body") + "\n", {"body": body})

    def findings_index_file(self, library: Library, renderer: Renderer, use_directory_urls: bool,
                            issues: str = "") -> tuple[str, str]:
        rows = self.finding_rows(library, renderer, self.findings.src_uri, use_directory_urls, issues)
        folder = posixpath.splitext(self.findings.src_uri)[0] + "/"
        return folder + FINDINGS_INDEX, findings_index(rows, [row["href"] for row in rows], renderer.finding_titles())

    def index_file(self, library: Library, renderer: Renderer, use_directory_urls: bool,
                   issues: str = "") -> tuple[str, str]:
        """(path, text) of the listing index the filters load: every paper, seen from a listing page."""
        links = self.links_for(self.all_papers.src_uri, use_directory_urls, issues, listing=True)
        folder = posixpath.splitext(self.all_papers.src_uri)[0] + "/"
        return folder + INDEX_NAME, renderer.index(library.papers, links)

    def continuations(self, library: Library, renderer: Renderer, use_directory_urls: bool,
                      issues: str = "") -> Iterator[ContinuationPage]:
        """Pages 2, 3, ... of every listing: the cards the listing's own page leaves out, reachable without
        scripts from its pager."""
        vocabulary = self.taxonomy.page_vocabulary
        for spec in self.specs:
            papers = sort_newest_first(with_tag(library.papers, vocabulary.id, spec.value.id) if spec.value
                                       else library.papers)
            listing_url = page_url(spec.src_uri, use_directory_urls)
            for number in range(2, renderer.pages_of(len(papers)) + 1):
                url = continuation_url(listing_url, number, use_directory_urls)
                source = (url.rstrip("/") if use_directory_urls else posixpath.splitext(url)[0]) + ".md"
                links = replace(self.links_for(source, use_directory_urls, issues),
                                listing=href_between(url, listing_url))
                body = renderer.continuation(
                    title=spec.title, papers=papers, number=number, links=links,
                    href=lambda n, url=url, listing_url=listing_url: href_between(
                        url, continuation_url(listing_url, n, use_directory_urls)))
                yield ContinuationPage(url, f"{spec.title}, page {number}",
                                       f"{spec.title}: page {number} of the list, newest first.", body)
        yield from self.finding_continuations(library, renderer, use_directory_urls, issues)

    def finding_continuations(self, library: Library, renderer: Renderer, use_directory_urls: bool,
                              issues: str = "") -> Iterator[ContinuationPage]:
        """Pages 2, 3, ... of the table of every finding."""
        rows: list[dict[str, Any]] = []  # every continuation sits at the same depth: one set of rows serves all
        for number in range(2, finding_pages(sum(len(renderer.evidence.of(paper)) for paper in library.papers)) + 1):
            url = self.finding_page_url(number, use_directory_urls)
            source = (url.rstrip("/") if use_directory_urls else posixpath.splitext(url)[0]) + ".md"
            rows = rows or self.finding_rows(library, renderer, source, use_directory_urls, issues)
            body = renderer.findings_page(
                rows=rows, number=number, papers=len({row["key"] for row in rows}),
                links=self.links_for(source, use_directory_urls, issues),
                href=lambda n, url=url: href_between(url, self.finding_page_url(n, use_directory_urls)))
            yield ContinuationPage(url, f"{self.findings.title}, page {number}",
                                   f"{self.findings.title}: rows {(number - 1) * FINDINGS_PAGE + 1} onwards.", body)

    def facts(self, library: Library, newest: int = 5, use_directory_urls: bool = True,
              excluded: tuple[Any, ...] = (), findings: int = 0) -> Facts:
        counts = tag_counts(library, self.taxonomy.page_vocabulary.id)
        return Facts(
            total=len(library.papers),
            dimensions=tuple(DimensionFigure(item.value, item.count, f"{item.value.id}.md") for item in counts),
            newest=tuple(newest_additions(library.papers, newest)),
            per_year=tuple(papers_per_year(library.papers)),
            all_papers_src=self.all_papers.src_uri,
            papers=tuple(sort_newest_first(library.papers)),
            vocabularies=self.taxonomy.vocabularies,
            sections=tuple(sections(library)),
            all_papers_url=page_url(self.all_papers.src_uri, use_directory_urls),
            excluded=tuple(sorted(excluded, key=lambda record: record.title.casefold())),
            findings=findings,
        )


def feed_path(value_id: str | None) -> str:
    """Feeds sit at the site root: Material's script reads every <link rel="alternate"> as a language
    version and fetches "sitemap.xml" beside it, which only exists at the root."""
    return f"feed-{value_id}.xml" if value_id else "feed.xml"


def feed_files(plan: "SitePlan", library: Library, site_url: str, use_directory_urls: bool = True) -> dict[str, str]:
    """Atom feeds: the whole catalogue and each harm dimension (absolute URLs from ``site_url``)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    all_url = base + page_url(plan.all_papers.src_uri, use_directory_urls)
    folder = base + posixpath.splitext(plan.all_papers.src_uri)[0] + "/"  # the papers' own pages
    vocabulary = plan.taxonomy.page_vocabulary
    files = {feed_path(None): atom_feed(library.papers, title="What breaks when we compress language models: new papers",
                                        feed_url=base + feed_path(None), page_url=base + page_url(plan.whats_new.src_uri, use_directory_urls),
                                        site_url=base, paper_url=all_url, papers_url=folder)}
    for spec in plan.listings:
        assert spec.value is not None
        papers = with_tag(library.papers, vocabulary.id, spec.value.id)
        url = base + page_url(spec.src_uri, use_directory_urls)
        files[feed_path(spec.value.id)] = atom_feed(papers, title=f"New papers: {spec.title}",
                                                    feed_url=base + feed_path(spec.value.id), page_url=url,
                                                    site_url=base, paper_url=url, papers_url=folder)
    return files


def _nav_sources(nav: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, list):
        for item in nav:
            found |= _nav_sources(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= _nav_sources(value)
    return found


def plan_site(taxonomy: Taxonomy, all_papers_src: str = "papers.md") -> SitePlan:
    return SitePlan(taxonomy, all_papers_src)
