"""Benchmark: our LaTeX decoder against bibtexparser's LatexDecodingMiddleware on the same entries.

Parses a synthetic library (accents in every spelling, with a share of values holding math or a command
only pylatexenc knows, so both of our decoder's paths run) once with bibtexparser, then times decoding
every field of every entry (a) with ``catalogue.data.latex.decode_latex`` and (b) with the middleware, best of
three. Prints entries per second for both and the ratio; exits 1 below 30x. Usage:
    python benchmarks/bench_latex.py [ENTRIES]    (default 1,000)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bibtexparser  # noqa: E402
from bibtexparser.middlewares import LatexDecodingMiddleware  # noqa: E402

from synthetic import synthetic_library  # noqa: E402

from catalogue.data.latex import decode_latex  # noqa: E402

MINIMUM_RATIO = 30
MATH_TITLES = [r"Bounds on $\theta_i^2$ under \(\alpha\)-Fairness", r"An $O(n \log n)$ Method for $\ell_1$ Pruning",
               r"The \foo{Rare} Command", r"$10^{-3}$ Error at {4-bit}"]


def library_text(count: int) -> str:
    text = synthetic_library(count)
    # One entry in ten gets a title that needs the full decoder.
    parts = text.split("\n@")
    for index in range(0, len(parts), 10):
        parts[index] = parts[index].replace("title = {", "title = {" + MATH_TITLES[index % len(MATH_TITLES)] + " ", 1)
    return "\n@".join(parts)


def best_of(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 1000
    text = library_text(count)
    library = bibtexparser.parse_string(text)
    entries = library.entries
    values = [str(field.value) for entry in entries for field in entry.fields]

    ours = best_of(3, lambda: [decode_latex(value) for value in values])
    middleware = LatexDecodingMiddleware()
    theirs = best_of(3, lambda: middleware.transform(bibtexparser.parse_string(text, parse_stack=[])))
    parse_only = best_of(3, lambda: bibtexparser.parse_string(text, parse_stack=[]))
    theirs = max(theirs - parse_only, 1e-9)  # the middleware's own share, parsing taken out

    ratio = theirs / ours
    print(f"{len(entries):,} entries, {len(values):,} field values "
          f"({sum('$' in value or chr(92) + '(' in value for value in values)} with math)")
    print(f"catalogue.data.latex.decode_latex:   {ours * 1000:8.1f} ms  {len(entries) / ours:10,.0f} entries/s")
    print(f"LatexDecodingMiddleware:        {theirs * 1000:8.1f} ms  {len(entries) / theirs:10,.0f} entries/s")
    print(f"ratio: {ratio:.1f}x faster (at least {MINIMUM_RATIO}x required)")
    return 0 if ratio >= MINIMUM_RATIO else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
