"""Benchmark: parse+validate, full site build and peak memory on synthetic libraries.

Prints, for 1,000 and 10,000 entries: the loader's time, a full `mkdocs build` with the
catalogue plugin and its peak memory, and two baselines built in the same run by bare Material with a
short nav: the same generated pages written out as Markdown files, and one plain page per entry (the
baseline of issue 21's target, at most 1.5x). Usage:
    python benchmarks/bench_build.py [N ...]
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_library  # noqa: E402

from catalogue import load_library_text, load_taxonomy  # noqa: E402
from catalogue.render.renderer import Renderer  # noqa: E402
from catalogue.render.site import plan_site  # noqa: E402

PLUGIN_CONFIG = """\
site_name: Benchmark
theme: {name: material, font: false}
nav: [{Home: index.md}]
repo_url: https://github.com/example/catalogue
plugins: [search, catalogue]
"""
BARE_CONFIG = """\
site_name: Benchmark
theme: {name: material, font: false}
nav: [{Home: index.md}]
plugins: [search]
"""
# A fresh interpreter runs each build, so ru_maxrss of its children is that build's peak.
MEASURE = """\
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
elapsed = time.perf_counter() - start
print(code, elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


DIMENSIONS = ("fairness", "robustness", "calibration", "safety", "faithfulness", "privacy", "knowledge")


def measured_build(project: Path) -> tuple[float, float]:
    """Seconds and peak MiB of `mkdocs build` in ``project``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "mkdocs", "build", "-q"],
                            cwd=project, env=env, capture_output=True, text=True, check=True)
    code, elapsed, peak_kib = result.stdout.split()
    if code != "0":
        raise SystemExit(f"build failed in {project}: {result.stderr}")
    return float(elapsed), int(peak_kib) / 1024


def project_with_plugin(folder: Path, bib: str) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "data").mkdir()
    (folder / "docs" / "index.md").write_text("# Home\n")
    (folder / "data" / "papers.bib").write_text(bib, encoding="utf-8")
    shutil.copy(ROOT / "data" / "taxonomy.yml", folder / "data" / "taxonomy.yml")
    (folder / "mkdocs.yml").write_text(PLUGIN_CONFIG)
    return folder


def bare_project(folder: Path, bib: str) -> Path:
    """The same pages as plain Markdown files (cards inline as HTML), one Markdown file per paper page
    too, built by MkDocs and Material without the plugin: what the pages cost through MkDocs' own
    per-page pipeline."""
    taxonomy = load_taxonomy(ROOT / "data" / "taxonomy.yml")
    library = load_library_text(bib, "papers.bib", taxonomy)
    plan = plan_site(taxonomy)
    renderer = Renderer(taxonomy)
    (folder / "docs" / "papers").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Home\n")
    for src_uri, page in plan.render(library, renderer, True).items():
        if src_uri == plan.shell_src:
            continue
        markdown = page.markdown
        for name, fragment in page.slots.items():
            markdown = markdown.replace(f"<!--catalogue:{name}-->", fragment)
        (folder / "docs" / src_uri).write_text(markdown, encoding="utf-8")
    for page in plan.continuations(library, renderer, True):
        target = folder / "docs" / f"{page.url.rstrip('/')}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {escape(page.title)}\n\n{page.body}\n", encoding="utf-8")
    for paper_page in plan.paper_pages(library, renderer, True, "https://example.org/"):
        title = paper_page.paper.title.replace('"', "'")
        (folder / "docs" / f"{paper_page.url.rstrip('/')}.md").write_text(
            f'---\ntitle: "{title}"\n---\n\n<h1>{escape(paper_page.paper.title)}</h1>\n{paper_page.body}\n',
            encoding="utf-8")
    (folder / "mkdocs.yml").write_text(BARE_CONFIG)
    return folder


def plain_project(folder: Path, bib: str) -> Path:
    """One plain Markdown page per entry (its title, authors and summary) and a home page, built by MkDocs and
    Material with a short nav and no plugin: the baseline issue 21 sets the build against (at most 1.5x)."""
    taxonomy = load_taxonomy(ROOT / "data" / "taxonomy.yml")
    library = load_library_text(bib, "papers.bib", taxonomy)
    (folder / "docs" / "papers").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Home\n")
    for paper in library.papers:
        title = paper.title.replace('"', "'")
        (folder / "docs" / "papers" / f"{paper.anchor}.md").write_text(
            f'---\ntitle: "{title}"\n---\n\n# {escape(paper.title)}\n\n{escape(", ".join(paper.authors))}\n\n'
            f"{escape(paper.summary)}\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(BARE_CONFIG)
    return folder


def listing_sizes(site: Path) -> tuple[str, int, int]:
    """The largest listing page (All papers or a dimension) and its size, raw and gzipped."""
    largest = ("", 0, 0)
    pages = [site / "papers" / "index.html", *(site / name / "index.html" for name in DIMENSIONS)]
    pages += [page for name in ("papers", *DIMENSIONS) for page in (site / name).glob("page-*/index.html")]
    for page in pages:
        if page.exists():
            data = page.read_bytes()
            size = (page.parent.name + "/", len(data), len(gzip.compress(data, compresslevel=6)))
            largest = max(largest, size, key=lambda item: item[2])
    return largest


def main(sizes: list[int]) -> None:
    taxonomy = load_taxonomy(ROOT / "data" / "taxonomy.yml")
    print(f"{'entries':>8} {'parse+validate':>15} {'build (plugin)':>15} {'peak MiB':>9} {'paper pages':>12} "
          f"{'largest listing, gzip':>28} {'same pages (bare)':>18} {'ratio':>6} {'plain page/entry':>17} {'ratio':>6}")
    for size in sizes:
        bib = synthetic_library(size)
        start = time.perf_counter()
        library = load_library_text(bib, "papers.bib", taxonomy)
        parse = time.perf_counter() - start
        assert len(library.papers) == size and not library.problems, library.problems[:3]
        with tempfile.TemporaryDirectory() as tmp:
            project = project_with_plugin(Path(tmp) / "plugin", bib)
            plugin_time, plugin_peak = measured_build(project)
            pages = sum(1 for _ in (project / "site" / "papers").glob("*/index.html"))
            name, raw, packed = listing_sizes(project / "site")
            shutil.rmtree(project / "site")
            bare_time, _ = measured_build(bare_project(Path(tmp) / "bare", bib))
            plain_time, _ = measured_build(plain_project(Path(tmp) / "plain", bib))
        listing = f"{name} {packed / 1024:,.0f} KiB ({raw / 1024:,.0f} raw)"
        print(f"{size:>8} {parse:>14.2f}s {plugin_time:>14.2f}s {plugin_peak:>9.0f} {pages:>12,} {listing:>28} "
              f"{bare_time:>17.2f}s {plugin_time / bare_time:>6.2f} {plain_time:>16.2f}s {plugin_time / plain_time:>6.2f}",
              flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 10000])
