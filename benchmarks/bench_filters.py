"""Benchmark: keystroke-to-updated-list time of the listing filters in Chromium, and page weight.

Builds sites from the synthetic 1,000- and 10,000-entry libraries and from the real catalogue,
opens the All papers page in Debian's headless chromium, types a query one key at a time and
times each keystroke from the keydown event to the first animation frame after the list was
updated (so style and layout of the change are included). Prints median and worst times and
the gzip-compressed size of the largest listing page. Usage:
    python benchmarks/bench_filters.py [N ...]
"""

from __future__ import annotations

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

QUERY = "quantization"
# Two clocks per keystroke, both from keydown: "updated" stops after the filter ran and the browser
# recalculated style and layout of the changed list (forced by reading offsetHeight); "painted"
# stops at the first animation frame after that, so it also waits for the display's next frame.
INSTRUMENT = """() => {
  window.__timings = [];
  const box = document.querySelector('#cat-q');
  box.addEventListener('keydown', () => { window.__start = performance.now(); }, true);
  box.addEventListener('input', () => {
    void document.body.offsetHeight;
    const updated = performance.now() - window.__start;
    requestAnimationFrame(() => setTimeout(() => window.__timings.push([updated, performance.now() - window.__start]), 0));
  });
}"""


def largest_listing(site: Path) -> tuple[str, int, int]:
    pages = [path for path in site.glob("*/index.html") if 'class="cat-card"' in path.read_text(encoding="utf-8")]
    biggest = max(pages, key=lambda path: path.stat().st_size)
    raw = biggest.read_bytes()
    return biggest.parent.name + "/", len(raw), len(gzip.compress(raw, compresslevel=6))


def measure(site: Path) -> tuple[list[list[float]], int]:
    server = SiteServer(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(server.url + "papers/", timeout=120_000)
            page.wait_for_selector("form.cat-filters[data-ready]", timeout=120_000)
            cards = int(page.inner_text("#cat-count").split(" of ")[1].split()[0])
            page.evaluate(INSTRUMENT)
            page.focus("#cat-q")
            for count, key in enumerate(QUERY, start=1):
                page.keyboard.press(key)
                page.wait_for_function("n => window.__timings.length >= n", arg=count, timeout=120_000)
            timings = page.evaluate("window.__timings")
            browser.close()
    finally:
        server.close()
    return timings, cards


def report(label: str, site: Path) -> None:
    timings, cards = measure(site)
    updated = [pair[0] for pair in timings]
    print("   per key (updated):", " ".join(f"{value:.1f}" for value in updated))
    painted = [pair[1] for pair in timings]
    page, raw, packed = largest_listing(site)
    print(f"{label:>16} {cards:>7} {statistics.median(updated):>9.1f} ms {max(updated):>8.1f} ms "
          f"{statistics.median(painted):>9.1f} ms {max(painted):>8.1f} ms "
          f"{page:>8} {raw / 1024:>8.0f} KiB {packed / 1024:>8.1f} KiB")


def main(sizes: list[int]) -> None:
    print(f"{'':>16} {'':>7} {'updated (filter+layout)':>24} {'painted (next frame)':>24}")
    print(f"{'library':>16} {'cards':>7} {'median':>12} {'worst':>11} {'median':>12} {'worst':>11} "
          f"{'page':>8} {'HTML':>12} {'gzip':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        real = Path(tmp) / "real"
        copy_project(real)
        result = mkdocs_build(real)
        if result.returncode:
            raise SystemExit(result.stderr)
        report("real catalogue", real / "site")
        for size in sizes:
            root = make_project(Path(tmp) / f"s{size}", synthetic_library(size))
            result = mkdocs_build(root)
            if result.returncode:
                raise SystemExit(result.stderr)
            report(f"synthetic {size}", root / "site")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 10000])
