"""Quality gates: every page's accessibility (axe), HTML validity (Nu Html Checker), internal links
and anchors, and Lighthouse scores, printed per page and checked against the targets.

Builds the real site (``mkdocs build --strict``) into a temporary folder, serves it on 127.0.0.1
with gzip (as GitHub Pages does), then:

* axe-core (axe-playwright-python, Debian's chromium) on every HTML page, light and dark scheme;
* the Nu Html Checker (npm ``vnu-jar`` on the installed Java) on every HTML page, errors only;
* every internal reference: links, stylesheets, scripts and images of each page, the targets of
  ``for`` and ``aria-*`` id references, the query of a listing link (each filter name and value
  must exist on the target page), the sitemap, the feeds and the search index;
* Lighthouse (npm ``lighthouse``, mobile, ``CHROME_PATH=/usr/bin/chromium``) on one page of each
  type by default (home, a dimension, all papers, timeline, coverage, contributing), each run
  ``--runs`` times, the median run reported; plus a default Material page built in the same run as
  the baseline. (Lighthouse refuses to audit a document answered with 404, so the 404 page gets
  axe, vnu and the link check only.)

Hard gates (exit status 1 when one is missed) are the deterministic ones only: zero axe violations, zero
vnu errors, zero broken references, page weight and element budgets of the listings, and Lighthouse
accessibility, best practices and SEO at 100. Lighthouse performance is a timing that moves with the
machine's load: it is printed, with every run's score and its target, and never fails the run (the
figures that matter for speed come from benchmarks/bench_pages.py, against a bare Material page in the
same run). CI runs Lighthouse once per page type (``--runs 1``); the benchmark runs it three times.
Usage:
    python benchmarks/quality_gates.py [--runs N] [--no-lighthouse] [--no-baseline] [--site DIR]
                                        [--lighthouse-pages PATH ... | all]
"""

from __future__ import annotations

import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_ARGS, SiteServer, copy_project, mkdocs_build  # noqa: E402

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_PAGES = ("", "fairness/", "papers/", "timeline/", "coverage/", "contributing/",  # every page type
                    "papers/?view=table", "papers/hong2024decoding/",  # issue 14: table view, a paper page
                    "questions/safety-quantization/", "findings/")  # issue 22: a question, the table of findings
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
# What fails CI: the categories that do not depend on timing. Performance is reported against its target only.
FLOORS = {"accessibility": 100, "best-practices": 100, "seo": 100}


def judge(label: str, scores: dict[str, int], performance_runs: list[int],
          failing_audits: list[str]) -> tuple[list[str], list[str]]:
    """(failures, notes) for one page's median Lighthouse run: under a floor fails; under a target is a note."""
    failures: list[str] = []
    notes: list[str] = []
    audits = ", ".join(failing_audits) or "none"
    for name in CATEGORIES:
        score = scores[name]
        if name in FLOORS and score < FLOORS[name]:
            runs = f"; runs {'/'.join(map(str, performance_runs))}" if name == "performance" else ""
            failures.append(f"lighthouse {label}: {name} {score} < {FLOORS[name]}{runs} (audits below 1: {audits})")
        elif score < TARGETS[name]:
            notes.append(f"lighthouse {label}: {name} {score} below the target {TARGETS[name]} "
                         f"(runs {'/'.join(map(str, performance_runs))}; a timing, reported and never failed)")
    return failures, notes


# Query parameters a listing reads that are not facets (text and years), and Material's search query.
FREE_PARAMS = {"text", "q", "author", "view"}  # author and view: issue 14
YEAR_PARAMS = {"from", "to"}


# --- Internal links and anchors -----------------------------------------------------------------

@dataclass
class PageRefs:
    """What one HTML page offers (ids, filter choices) and what it points at."""

    ids: set[str] = field(default_factory=set)
    choices: dict[str, set[str]] = field(default_factory=dict)  # filter name -> values on the page
    links: list[str] = field(default_factory=list)  # href/src values, as written
    id_refs: list[str] = field(default_factory=list)  # for= and aria-* references to ids


class _RefParser(html.parser.HTMLParser):
    LINK_ATTRIBUTES = {"href", "src", "xlink:href", "poster", "action"}
    ID_REF_ATTRIBUTES = {"for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs = PageRefs()
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("id", "name") if tag in ("a", "map") else ("id",):
            if values.get(name):
                self.refs.ids.add(values[name])
        for name, value in attrs:
            if value is None:
                continue
            if name in self.LINK_ATTRIBUTES:
                self.refs.links.append(value)
            elif name in self.ID_REF_ATTRIBUTES:
                self.refs.id_refs.extend(value.split())
        if tag == "link" and values.get("rel") in ("preconnect", "dns-prefetch") and values.get("href"):
            self.refs.links.remove(values["href"])  # an origin, not a resource
        if tag == "input" and values.get("type") == "checkbox" and values.get("name"):
            self.refs.choices.setdefault(values["name"], set()).add(values.get("value") or "on")
        if tag == "select":
            self.select = values.get("name")
        if tag == "option" and self.select:
            self.refs.choices.setdefault(self.select, set()).add(values.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def page_refs(path: Path) -> PageRefs:
    parser = _RefParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.refs


def _target_file(site: Path, url_path: str) -> Path | None:
    """The file a site-relative URL path serves, or None."""
    relative = unquote(url_path).lstrip("/")
    candidate = site / relative
    if url_path.endswith("/") or relative == "":
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


class LinkChecker:
    """Checks that every internal reference of a built site resolves: file, fragment and query."""

    def __init__(self, site: Path, site_url: str):
        self.site = site
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.base_path = urlsplit(self.site_url).path
        self._refs: dict[Path, PageRefs] = {}

    def refs(self, path: Path) -> PageRefs:
        if path not in self._refs:
            self._refs[path] = page_refs(path)
        return self._refs[path]

    def _page_url(self, path: Path) -> str:
        relative = path.relative_to(self.site).as_posix()
        if relative.endswith("index.html"):
            relative = relative[: -len("index.html")]
        return self.site_url + relative

    def check_reference(self, source_url: str, reference: str) -> str | None:
        """None when ``reference`` (as found on the page at ``source_url``) resolves, else why not."""
        if reference.startswith(("mailto:", "tel:")):
            return None
        absolute = urljoin(source_url, reference)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https"):
            return f"{reference}: scheme {parts.scheme!r}"
        home = urlsplit(self.site_url)
        if parts.netloc != home.netloc:
            return None  # another host: not checked offline
        if not (parts.path + "/").startswith(self.base_path):
            return f"{reference}: {parts.path} is outside the site ({self.base_path})"
        path = "/" + (parts.path + "/")[len(self.base_path):]  # relative to the site's root
        if not parts.path.endswith("/"):
            path = path[:-1]
        target = _target_file(self.site, path)
        if target is None:
            return f"{reference}: no file for {path}"
        if target.suffix != ".html":
            return None if not parts.fragment else f"{reference}: fragment on a non-HTML file"
        refs = self.refs(target)
        if parts.fragment and unquote(parts.fragment) not in refs.ids:
            return f"{reference}: no id {unquote(parts.fragment)!r} on {path}"
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            if name in FREE_PARAMS:
                continue
            offered = refs.choices.get(name)
            if offered is None:
                return f"{reference}: {path} has no filter {name!r}"
            wanted = [value] if name in YEAR_PARAMS else [item for item in value.split(",") if item]
            missing = [item for item in wanted if item not in offered]
            if missing:
                return f"{reference}: {path} offers no {name}={','.join(missing)}"
        return None

    def check_page(self, path: Path) -> tuple[int, list[str]]:
        """(references checked, problems) of one HTML page."""
        refs = self.refs(path)
        url = self._page_url(path)
        if path.name == "404.html":
            url = self.site_url  # Pages serves it at any missing address; its links are root-relative
        problems = [problem for link in refs.links if (problem := self.check_reference(url, link))]
        problems += [f"{ref}: no element with this id" for ref in refs.id_refs if ref not in refs.ids]
        return len(refs.links) + len(refs.id_refs), problems

    def check_sitemap_feeds_and_search(self) -> tuple[int, list[str]]:
        """References outside the pages: sitemap locations, feed links, search index locations."""
        references: list[tuple[str, str]] = []
        sitemap = self.site / "sitemap.xml"
        if sitemap.is_file():
            for loc in ET.parse(sitemap).getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
                references.append(("sitemap.xml", loc.text or ""))
        for feed in sorted(self.site.glob("feed*.xml")):
            for link in ET.parse(feed).getroot().iter("{http://www.w3.org/2005/Atom}link"):
                references.append((feed.name, link.get("href", "")))
        index = self.site / "search" / "search_index.json"
        if index.is_file():
            for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
                references.append(("search_index.json", self.site_url + doc["location"]))
        problems = [f"{source}: {problem}" for source, reference in references
                    if (problem := self.check_reference(self.site_url, reference))]
        return len(references), problems


# --- The Nu Html Checker ---------------------------------------------------------------------------

def run_vnu(pages: list[Path]) -> dict[Path, list[str]]:
    """Errors of each page, as 'line:column message'."""
    if not VNU_JAR.is_file():
        raise SystemExit(f"quality gates: {VNU_JAR} is missing; run scripts/setup test (npm ci)")
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always",
                             *map(str, pages)], capture_output=True, text=True, check=True)
    errors: dict[Path, list[str]] = {page: [] for page in pages}
    for message in json.loads(result.stderr or result.stdout)["messages"]:
        page = Path(unquote(urlsplit(message["url"]).path))
        errors.setdefault(page, []).append(f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')} "
                                           f"{message['message']}")
    return errors


# --- axe ---------------------------------------------------------------------------------------------

PAPER_EVERY = 10  # paper pages share one template: axe checks every tenth, in key order
QUESTION_EVERY = 8  # question pages share one template too: every eighth, and the questions' index
FINDINGS_PAGES = 1  # the table of every finding: its first page (continuations: tests/test_browser_answers.py)


def axe_paths(paths: list[str]) -> list[str]:
    """The pages axe checks, in both schemes: every page that is not a paper's own page, a question's page or
    a later page of the table of findings (listings, their continuations, the overview and hand-written
    pages), every PAPER_EVERY-th paper page and QUESTION_EVERY-th question page (sorted, so the choice is
    the same on every run), and the findings table's first FINDINGS_PAGES pages. The Nu checker and the
    link check still read every page."""
    papers = sorted(path for path in paths if is_paper_page(path))
    questions = sorted(path for path in paths if is_question_page(path))
    sample = set(papers[::PAPER_EVERY]) | set(questions[::QUESTION_EVERY])
    later = {path for path in paths if _findings_page_number(path) > FINDINGS_PAGES}
    return [path for path in paths if (not is_paper_page(path) and not is_question_page(path) and path not in later)
            or path in sample]


def is_question_page(path: str) -> bool:
    parts = path.strip("/").split("/")
    return len(parts) == 2 and parts[0] == "questions"


def _findings_page_number(path: str) -> int:
    parts = path.strip("/").split("/")
    number = parts[1][len("page-"):] if len(parts) == 2 and parts[0] == "findings" and parts[1].startswith("page-") else ""
    return int(number) if number.isdigit() else 1


def is_paper_page(path: str) -> bool:
    parts = path.strip("/").split("/")
    return len(parts) == 2 and parts[0] == "papers" and not parts[1].startswith("page-")


def run_axe(server_url: str, paths: list[str]) -> dict[str, dict[str, list[str]]]:
    """Violations of each page path in the light and the dark scheme, as 'rule: n nodes'."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    found: dict[str, dict[str, list[str]]] = {}
    axe = Axe()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for scheme, checked in (("light", paths), ("dark", paths)):
            context = browser.new_context(color_scheme=scheme)
            page = context.new_page()
            for path in checked:
                page.goto(server_url + path)
                # Long listings lay their cards out a few per frame after the filters start
                # (catalogue/lay-out.js); axe checks the page once every card is laid out.
                page.wait_for_function("() => !document.querySelector('form.cat-filters')"
                                       " || document.documentElement.dataset.laidOut === 'true'")
                results = axe.run(page)
                violations = results.response["violations"]
                found.setdefault(path, {})[scheme] = [f"{item['id']}: {len(item['nodes'])} nodes"
                                                      for item in violations]
            context.close()
        browser.close()
    return found


# --- Lighthouse ------------------------------------------------------------------------------------

@dataclass
class LighthouseRun:
    scores: dict[str, int]
    metrics: dict[str, str]
    transfer_kib: float
    failing: list[str]


class LighthouseFailed(Exception):
    """Lighthouse could not audit a page (it refuses, for one, a document answered with 404)."""


def lighthouse(url: str) -> LighthouseRun:
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"quality gates: {LIGHTHOUSE} is missing; run scripts/setup test (npm ci)")
    flags = " ".join(CHROMIUM_ARGS)
    with tempfile.TemporaryDirectory() as temporary:
        report = Path(temporary) / "report.json"
        done = subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
                              env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, capture_output=True, text=True)
        if done.returncode:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise LighthouseFailed(f"lighthouse {url}: exit {done.returncode}: {last}")
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    scores = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}
    metrics = {name: audits[audit].get("displayValue", "?") for name, audit in (
        ("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
        ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift"))}
    weighted = {ref["id"] for category in CATEGORIES for ref in data["categories"][category]["auditRefs"]
                if ref.get("weight")}
    failing = sorted(name for name, audit in audits.items()
                     if name in weighted and audit.get("score") is not None and audit["score"] < 1
                     and audit.get("scoreDisplayMode") in ("binary", "numeric"))
    return LighthouseRun(scores, metrics, audits["total-byte-weight"]["numericValue"] / 1024, failing)


def median_run(url: str, runs: int) -> tuple[LighthouseRun, list[int]]:
    """The run with the median performance score of ``runs`` runs, and all performance scores."""
    done = sorted((lighthouse(url) for _ in range(runs)), key=lambda run: run.scores["performance"])
    return done[len(done) // 2], [run.scores["performance"] for run in done]


def default_material_site(folder: Path) -> Path:
    """A one-page site with Material's defaults (Google Fonts included): the baseline."""
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: Baseline\ntheme:\n  name: material\n", encoding="utf-8")
    (folder / "docs" / "index.md").write_text(
        "# Baseline\n\nA default Material page with a heading, a paragraph and a list.\n\n- one\n- two\n",
        encoding="utf-8")
    result = mkdocs_build(folder)
    if result.returncode:
        raise SystemExit(f"quality gates: the baseline site did not build:\n{result.stderr}")
    return folder / "site"


# --- The run ---------------------------------------------------------------------------------------

MISSING = "no/such/page/"  # visited for 404.html: the server answers any missing address with it


def page_path(site: Path, page: Path) -> str:
    """The address of a built page, relative to the site's root ('' for home)."""
    relative = page.relative_to(site).as_posix()
    if relative == "404.html":
        return MISSING
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def build_real_site(folder: Path) -> Path:
    project = copy_project(folder / "project")
    result = mkdocs_build(project, "--strict")
    if result.returncode:
        raise SystemExit(f"quality gates: mkdocs build --strict failed:\n{result.stderr}")
    return project / "site"


def site_url_of(site: Path) -> str:
    """The site_url the build used, read back from the home page's canonical link."""
    text = (site / "index.html").read_text(encoding="utf-8")
    marker = '<link rel="canonical" href="'
    start = text.index(marker) + len(marker)
    return text[start:text.index('"', start)]


def lighthouse_rows(server_url: str, audited: list[str], runs: int, baseline_folder: Path | None
                    ) -> tuple[list[tuple[str, LighthouseRun, list[int]]], list[str], list[str], float]:
    """Lighthouse on each audited path (and the default-Material baseline): rows, failures, notes, seconds."""
    started = time.perf_counter()
    rows: list[tuple[str, LighthouseRun, list[int]]] = []
    failures: list[str] = []
    notes: list[str] = []
    for path in audited:
        try:
            run, performance = median_run(server_url + path, runs)
        except LighthouseFailed as error:
            failures.append(str(error))
            continue
        rows.append((path or "(home)", run, performance))
        failed, noted = judge(path or "/", run.scores, performance, run.failing)
        failures += failed
        notes += noted
    if baseline_folder is not None:
        baseline_server = SiteServer(default_material_site(baseline_folder))
        try:
            run, performance = median_run(baseline_server.url, runs)
        finally:
            baseline_server.close()
        rows.append(("baseline: default Material", run, performance))
    return rows, failures, notes, time.perf_counter() - started


def print_lighthouse(rows: list[tuple[str, LighthouseRun, list[int]]], runs: int, seconds: float) -> None:
    print(f"\nLighthouse, mobile, median of {runs} run(s) ({seconds:.1f} s); targets {TARGETS['performance']} / 100 "
          "/ 100 / 100, performance reported only, the other three failing below 100:")
    print(f"{'page':<28} {'perf':>5} {'a11y':>5} {'best':>5} {'SEO':>5}  {'perf runs':<12} "
          f"{'FCP':>6} {'LCP':>6} {'TBT':>7} {'CLS':>6} {'weight':>9}")
    for label, run, performance in rows:
        score = run.scores
        print(f"{label:<28} {score['performance']:>5} {score['accessibility']:>5} "
              f"{score['best-practices']:>5} {score['seo']:>5}  {'/'.join(map(str, performance)):<12} "
              f"{run.metrics['FCP']:>6} {run.metrics['LCP']:>6} {run.metrics['TBT']:>7} "
              f"{run.metrics['CLS']:>6} {run.transfer_kib:>6.0f} KiB")
        if run.failing:
            print(f"{'':<28} audits below 1: {', '.join(run.failing)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="check this built site instead of building the repository")
    parser.add_argument("--build-to", type=Path, help="only copy the repository into this folder and build it "
                        "(--strict) there, for the tests and a later --site run to share")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median reported)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--no-baseline", action="store_true", help="skip the default-Material baseline")
    parser.add_argument("--lighthouse-pages", nargs="*", default=list(LIGHTHOUSE_PAGES),
                        help="site paths for Lighthouse ('' is home; 'all' is every page but 404)")
    options = parser.parse_args(argv)
    if options.build_to:
        started = time.perf_counter()
        site = build_real_site(options.build_to)
        print(f"site: {site} ({time.perf_counter() - started:.1f} s to build)")
        return 0
    failures: list[str] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as temporary, ThreadPoolExecutor(max_workers=2) as pool:
        started = time.perf_counter()
        site = options.site.resolve() if options.site else build_real_site(Path(temporary))
        print(f"site: {site} ({time.perf_counter() - started:.1f} s to build)")
        pages = sorted(site.rglob("*.html"))
        paths = [page_path(site, page) for page in pages]
        # Served under the path of its site_url, as on GitHub Pages: 404.html links its assets by
        # absolute paths, and a missing address at any depth must still show a styled page.
        server = SiteServer(site, prefix=urlsplit(site_url_of(site)).path or "/")
        try:
            # Independent checks side by side: the Nu checker (Java) and Lighthouse (Node, its own Chromium)
            # in threads, axe in this one (Playwright's synchronous API stays on the thread that started it).
            started = time.perf_counter()
            vnu_job = pool.submit(run_vnu, pages)
            lighthouse_job = None
            if not options.no_lighthouse:
                audited = options.lighthouse_pages
                if audited == ["all"]:
                    audited = [path for path in paths if path != MISSING]
                baseline = None if options.no_baseline else Path(temporary) / "baseline"
                lighthouse_job = pool.submit(lighthouse_rows, server.url, audited, options.runs, baseline)
            axe = run_axe(server.url, axe_paths(paths))
            axe_time = time.perf_counter() - started
            vnu = vnu_job.result()
            vnu_time = time.perf_counter() - started
            checker = LinkChecker(site, site_url_of(site))
            links = {page: checker.check_page(page) for page in pages}
            outside = checker.check_sitemap_feeds_and_search()

            print(f"\naxe (done after {axe_time:.1f} s), Nu Html Checker (after {vnu_time:.1f} s) and internal "
                  f"references, per page ('-': a paper page axe leaves to its sample of every {PAPER_EVERY}th):")
            print(f"{'page':<24} {'axe light':>9} {'axe dark':>9} {'vnu errors':>10} {'refs':>6} {'broken':>7}")
            for page, path in zip(pages, paths):
                light = len(axe[path]["light"]) if path in axe else "-"
                dark = len(axe[path]["dark"]) if path in axe else "-"
                checked, broken = links[page]
                label = f"404 at {path}" if path == MISSING else path or "(home)"
                print(f"{label:<24} {light:>9} {dark:>9} {len(vnu[page]):>10} {checked:>6} {len(broken):>7}")
                failures += [f"axe {scheme} {path or '/'}: {item}" for scheme in ("light", "dark")
                             for item in axe.get(path, {}).get(scheme, [])]
                failures += [f"vnu {path or '/'}:{item}" for item in vnu[page]]
                failures += [f"link {path or '/'}: {item}" for item in broken]
            print(f"{'sitemap, feeds, search':<24} {'':>9} {'':>9} {'':>10} {outside[0]:>6} {len(outside[1]):>7}")
            failures += [f"link {item}" for item in outside[1]]

            if lighthouse_job is not None:
                rows, failed, noted, seconds = lighthouse_job.result()
                failures += failed
                notes += noted
                print_lighthouse(rows, options.runs, seconds)
        finally:
            server.close()
    if notes:
        print(f"\nquality gates: {len(notes)} note(s), not failures:")
        for note in notes:
            print(f"  {note}")
    if failures:
        print(f"\nquality gates: {len(failures)} problem(s):")
        for failure in failures:
            print(f"  {failure}")
        return 1
    print("\nquality gates: all met")
    return 0


if __name__ == "__main__":
    if shutil.which("java") is None:
        raise SystemExit("quality gates: java is missing; run scripts/setup test")
    sys.exit(main())
