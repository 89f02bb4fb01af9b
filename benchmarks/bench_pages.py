"""Benchmark: main-thread blocking time of each page type, keystroke times and listing weight, against a
bare Material page in the same run; at the real catalogue's size and on synthetic libraries.

For every site (the real catalogue, then synthetic libraries of the sizes given): builds it, serves it with
gzip (as GitHub Pages does) and, in Debian's headless chromium,

* loads each page type ``--runs`` times with the CPU slowed 4x (as Lighthouse's mobile run does), each load
  paired with a load of a bare Material page; blocking time is the sum over the main thread's long tasks
  of their time past 50 ms, from navigation until the network is idle plus 2 s; the figure printed is the
  median of the paired differences (page minus bare Material), beside the page's own median;
* types a query into the All papers filter box once the listing index is in (unthrottled) and times each
  keystroke from keydown until the list was updated and laid out; first key, median and worst;
* prints the largest listing page's HTML (page 1 or a continuation), gzipped.

With ``--lighthouse`` it also runs Lighthouse (mobile, ``--runs`` times, median) on one page of each type of
the real catalogue and on the bare page. Timings move with the machine's load: compare within one run.
Usage:
    python benchmarks/bench_pages.py [--runs N] [--lighthouse] [N ...]     (default sizes: 1000 10000)
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from synthetic import synthetic_library  # noqa: E402

from conftest import CHROMIUM_ARGS, SiteServer, copy_project, make_project, mkdocs_build  # noqa: E402

PAGE_TYPES = (("home", ""), ("dimension", "fairness/"), ("all papers", "papers/"),
              ("table view", "papers/?view=table"), ("continuation", "papers/page-2/"),
              ("paper page", None), ("evidence", "evidence/"), ("timeline", "timeline/"),
              ("question", "questions/safety-quantization/"), ("questions", "questions/"),
              ("findings", "findings/"), ("findings, filtered", "findings/?harm=safety&sort=-delta"))
LONG_TASKS = """() => {
  window.__long = [];
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) { window.__long.push(entry.duration); } })
    .observe({ type: "longtask", buffered: true });
}"""
QUERY = "quantization"
# Keydown to the list drawn and laid out: at the end of the input handler when the filter runs on the page, or
# when the listing worker's answer has been drawn (the form's aria-busy goes) when it runs in a worker.
KEYS = """() => {
  window.__timings = [];
  const box = document.querySelector('#cat-q');
  const form = box.form;
  const done = () => { void document.body.offsetHeight; window.__timings.push(performance.now() - window.__start); };
  box.addEventListener('keydown', () => { window.__start = performance.now(); }, true);
  box.addEventListener('input', () => {
    if (!form.hasAttribute('aria-busy')) { done(); return; }
    const watch = new MutationObserver(() => {
      if (!form.hasAttribute('aria-busy')) { watch.disconnect(); done(); }
    });
    watch.observe(form, { attributes: true, attributeFilter: ['aria-busy'] });
  });
}"""


def bare_material(folder: Path) -> Path:
    """A one-page Material site (no Google Fonts, as ours): the baseline."""
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: Baseline\ntheme:\n  name: material\n  font: false\n")
    (folder / "docs" / "index.md").write_text("# Baseline\n\nA plain Material page.\n\n- one\n- two\n")
    result = mkdocs_build(folder)
    if result.returncode:
        raise SystemExit(result.stderr)
    return folder / "site"


def blocking(browser, url: str) -> float:
    """Blocking time (ms) of one load of ``url`` at 4x CPU slowdown."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.add_init_script(f"({LONG_TASKS})()")
    page.goto(url, wait_until="networkidle", timeout=180_000)
    page.wait_for_timeout(2000)
    tasks = page.evaluate("window.__long")
    context.close()
    return sum(max(0.0, duration - 50) for duration in tasks)


def keystrokes(browser, url: str) -> list[float]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, timeout=180_000)
    page.focus("#cat-q")
    indexed = page.evaluate("() => document.querySelector('form.cat-filters').hasAttribute('data-index')")
    page.wait_for_selector("form.cat-filters[data-indexed]" if indexed else "form.cat-filters[data-ready]",
                           state="attached", timeout=180_000)
    page.wait_for_selector("form.cat-filters:not([aria-busy])", state="attached", timeout=180_000)
    page.evaluate(KEYS)
    for count, key in enumerate(QUERY, start=1):
        page.keyboard.press(key)
        page.wait_for_function("n => window.__timings.length >= n", arg=count, timeout=180_000)
    timings = page.evaluate("window.__timings")
    page.close()
    return timings


def largest_listing(site: Path) -> tuple[str, int]:
    """The heaviest listing page (any page with a card list), gzipped."""
    best = ("", 0)
    for path in site.rglob("index.html"):
        data = path.read_bytes()
        if b'class="cat-list' in data:
            size = len(gzip.compress(data, compresslevel=6))
            best = max(best, (str(path.parent.relative_to(site)) + "/", size), key=lambda item: item[1])
    return best


def first_paper(site: Path) -> str:
    return next(path.parent.relative_to(site).as_posix() + "/" for path in sorted((site / "papers").glob("*/index.html"))
                if not path.parent.name.startswith("page-"))


def report(label: str, site: Path, bare: SiteServer, runs: int, browser) -> None:
    server = SiteServer(site)
    try:
        print(f"\n{label}")
        print(f"  {'page type':<14} {'blocking (median)':>18} {'bare Material':>14} {'paired difference':>18}  runs")
        for name, path in PAGE_TYPES:
            path = first_paper(site) if path is None else path
            if not (site / path.split("?")[0] / "index.html").exists():
                print(f"  {name:<14} (no such page in this version)")
                continue
            ours, base, differences = [], [], []
            for _ in range(runs):
                mine = blocking(browser, server.url + path)
                theirs = blocking(browser, bare.url)
                ours.append(mine)
                base.append(theirs)
                differences.append(mine - theirs)
            print(f"  {name:<14} {statistics.median(ours):>15.0f} ms {statistics.median(base):>11.0f} ms "
                  f"{statistics.median(differences):>+15.0f} ms  {'/'.join(f'{value:.0f}' for value in ours)}")
        keys = keystrokes(browser, server.url + "papers/")
        print(f"  keystrokes ('{QUERY}'): first {keys[0]:.1f} ms, median {statistics.median(keys):.1f} ms, "
              f"worst {max(keys):.1f} ms")
        where, size = largest_listing(site)
        print(f"  largest listing HTML: {where} {size / 1024:.1f} KiB gzipped")
    finally:
        server.close()


def lighthouse_table(site: Path, bare_site: Path, runs: int) -> None:
    from quality_gates import LighthouseFailed, median_run  # noqa: PLC0415

    server = SiteServer(site)
    bare = SiteServer(bare_site)
    try:
        print(f"\nLighthouse, mobile, median of {runs} runs (performance; TBT)")
        targets = [(name, server.url + (first_paper(site) if path is None else path)) for name, path in PAGE_TYPES]
        for name, url in [*targets, ("bare Material", bare.url)]:
            try:
                run, performance = median_run(url, runs)
            except LighthouseFailed as error:
                print(f"  {name:<14} failed: {error}")
                continue
            print(f"  {name:<14} {run.scores['performance']:>4}  ({'/'.join(map(str, performance))}); "
                  f"TBT {run.metrics['TBT']}")
    finally:
        server.close()
        bare.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--synthetic-runs", type=int, help="loads per page type on synthetic sites (default --runs)")
    parser.add_argument("--lighthouse", action="store_true")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        bare_site = bare_material(Path(tmp) / "bare")
        bare = SiteServer(bare_site)
        real = copy_project(Path(tmp) / "real")
        if mkdocs_build(real).returncode:
            raise SystemExit("the real catalogue did not build")
        sites = [("real catalogue", real / "site")]
        for size in [size for size in options.sizes if size > 0]:
            root = make_project(Path(tmp) / f"s{size}", synthetic_library(size))
            result = mkdocs_build(root)
            if result.returncode:
                raise SystemExit(result.stderr)
            sites.append((f"synthetic {size:,}", root / "site"))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for label, site in sites:
                    runs = options.runs if label == "real catalogue" else (options.synthetic_runs or options.runs)
                    report(label, site, bare, runs, browser)
                browser.close()
        finally:
            bare.close()
        if options.lighthouse:
            lighthouse_table(real / "site", bare_site, options.runs)


if __name__ == "__main__":
    main()
