"""Benchmark: parse+validate, full site build and peak memory on synthetic libraries.

Prints, for 1,000 and 10,000 entries: the loader's time, a full `mkdocs build` with the
catalogue plugin, and, as the baseline in the same run, a bare Material build of the same
generated pages written out as plain Markdown files. Usage:
    python benchmarks/bench_build.py [N ...]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_library  # noqa: E402

from catalogue import load_library_text, load_taxonomy  # noqa: E402
from catalogue.render import Renderer  # noqa: E402
from catalogue.site import plan_site  # noqa: E402

PLUGIN_CONFIG = """\
site_name: Benchmark
theme: {name: material, font: false}
nav: [{Home: index.md}]
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
    """The same pages as plain Markdown files (cards inline as HTML), built without the plugin."""
    taxonomy = load_taxonomy(ROOT / "data" / "taxonomy.yml")
    library = load_library_text(bib, "papers.bib", taxonomy)
    plan = plan_site(taxonomy)
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Home\n")
    for src_uri, page in plan.render(library, Renderer(taxonomy), True).items():
        markdown = page.markdown
        for name, fragment in page.slots.items():
            markdown = markdown.replace(f"<!--catalogue:{name}-->", fragment)
        (folder / "docs" / src_uri).write_text(markdown, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(BARE_CONFIG)
    return folder


def main(sizes: list[int]) -> None:
    taxonomy = load_taxonomy(ROOT / "data" / "taxonomy.yml")
    print(f"{'entries':>8} {'parse+validate':>15} {'build (plugin)':>15} {'peak MiB':>9} "
          f"{'build (bare)':>13} {'peak MiB':>9} {'ratio':>6}")
    for size in sizes:
        bib = synthetic_library(size)
        start = time.perf_counter()
        library = load_library_text(bib, "papers.bib", taxonomy)
        parse = time.perf_counter() - start
        assert len(library.papers) == size and not library.problems, library.problems[:3]
        with tempfile.TemporaryDirectory() as tmp:
            plugin_time, plugin_peak = measured_build(project_with_plugin(Path(tmp) / "plugin", bib))
            bare_time, bare_peak = measured_build(bare_project(Path(tmp) / "bare", bib))
        print(f"{size:>8} {parse:>14.2f}s {plugin_time:>14.2f}s {plugin_peak:>9.0f} "
              f"{bare_time:>12.2f}s {bare_peak:>9.0f} {plugin_time / bare_time:>6.2f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 10000])
