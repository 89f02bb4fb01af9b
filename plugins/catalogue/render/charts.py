"""Inline SVG charts and HTML matrices, built at render time (no JavaScript, no CDN, print-friendly).

Every chart carries a title and description, labelled keyboard-reachable links for its marks, and
the same numbers as a table for screen readers. Colours come from the theme's CSS variables
(see catalogue.css), so light and dark palettes both apply.
"""

from __future__ import annotations

import math
from html import escape
from typing import Callable, Sequence

from markupsafe import Markup

from ..data.stats import Coverage, VenueRow


def _plural(count: int) -> str:
    return f"{count} paper" if count == 1 else f"{count} papers"


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]], hidden: bool = True) -> str:
    # A hidden table sits in a hidden box: a table never shrinks below its content, a div does, so the
    # page stays as narrow as a phone.
    out = ['<div class="cat-visually-hidden">' if hidden else "", f"<table class=\"cat-data\"><caption>{escape(caption)}</caption><thead><tr>"]
    out += [f'<th scope="col">{escape(cell)}</th>' for cell in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append(f'<tr><th scope="row">{escape(row[0])}</th>' + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:]) + "</tr>")
    out.append("</tbody></table>" + ("</div>" if hidden else ""))
    return "".join(out)


def year_bars(chart_id: str, title: str, counts: Sequence[tuple[int, int]],
              href: Callable[[int], str] | None = None) -> Markup:
    """A papers-per-year bar chart; each bar links to the listing filtered to its year."""
    if not counts:
        return Markup("")
    years = list(range(counts[0][0], counts[-1][0] + 1))
    by_year = dict(counts)
    peak = max(by_year.values())
    width, height, left, bottom, top = 44 * len(years) + 20, 150, 10, 24, 18
    bar = 30
    scale = (height - bottom - top) / peak
    total = sum(by_year.values())
    description = f"{_plural(total)} from {years[0]} to {years[-1]}; most in {max(by_year, key=by_year.get)} ({peak})."
    parts = [f'<figure class="cat-chart cat-chart--bars" data-search-exclude><div class="cat-chart__scroll">'
             f'<svg id="{chart_id}" class="cat-svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="group" aria-labelledby="{chart_id}-title {chart_id}-desc">'
             f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>']
    for index, year in enumerate(years):
        count = by_year.get(year, 0)
        x = left + index * 44 + (44 - bar) / 2
        h = count * scale
        y = height - bottom - h
        label = f"{year}: {_plural(count)}"
        mark = (f'<rect class="cat-svg__bar" x="{x:.1f}" y="{y:.1f}" width="{bar}" height="{h:.1f}" rx="2"></rect>'
                f'<text class="cat-svg__value" x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{count}</text>')
        if count and href is not None:
            parts.append(f'<a class="cat-svg__link" href="{escape(href(year))}" aria-label="{escape(label)}">'
                         f"<title>{escape(label)}</title>{mark}</a>")
        else:
            parts.append(f'<g aria-label="{escape(label)}" role="img">{mark}</g>' if count else mark)
        parts.append(f'<text class="cat-svg__axis" x="{x + bar / 2:.1f}" y="{height - 6}" text-anchor="middle">{year}</text>')
    parts.append("</svg></div>")
    parts.append(_table(title, ["Year", "Papers"], [[str(year), str(by_year.get(year, 0))] for year in years]))
    parts.append(f"<figcaption>{escape(description)}</figcaption></figure>")
    return Markup("".join(parts))


def venue_timeline_chart(rows: Sequence[VenueRow], href: Callable[[VenueRow, int], str]) -> Markup:
    """Venue rows by year: a circle per (venue, year) sized by count, linking to that listing."""
    if not rows:
        return Markup("")
    all_years = [year for row in rows for year in row.years]
    years = list(range(min(all_years), max(all_years) + 1))
    peak = max(row.count(year) for row in rows for year in row.years)
    label_width, column, row_height, top = 200, 52, 30, 34
    width = label_width + column * len(years) + 10
    height = top + row_height * len(rows) + 8
    chart_id = "venue-timeline"
    total = sum(len(row.papers) for row in rows)
    description = (f"{_plural(total)} in {len(rows)} venue rows from {years[0]} to {years[-1]}; "
                   "circle size grows with the number of papers.")
    parts = [f'<figure class="cat-chart cat-chart--timeline" data-search-exclude><div class="cat-chart__scroll">'
             f'<svg id="{chart_id}" class="cat-svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="group" aria-labelledby="{chart_id}-title {chart_id}-desc">'
             f'<title id="{chart_id}-title">Papers per venue and year</title>'
             f'<desc id="{chart_id}-desc">{escape(description)}</desc>']
    for index, year in enumerate(years):
        x = label_width + column * index + column / 2
        parts.append(f'<text class="cat-svg__axis" x="{x:.1f}" y="20" text-anchor="middle">{year}</text>')
    for index, row in enumerate(rows):
        y = top + row_height * index + row_height / 2
        parts.append(f'<line class="cat-svg__grid" x1="{label_width - 6}" x2="{width - 6}" y1="{y:.1f}" y2="{y:.1f}"></line>')
        parts.append(f'<text class="cat-svg__label cat-svg__label--{row.track}" x="{label_width - 10}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{escape(row.label)}</text>')
        for year in row.years:
            count = row.count(year)
            x = label_width + column * years.index(year) + column / 2
            radius = 5 + 8 * math.sqrt(count / peak)
            label = f"{row.label}, {year}: {_plural(count)}"
            parts.append(f'<a class="cat-svg__link" href="{escape(href(row, year))}" aria-label="{escape(label)}">'
                         f'<title>{escape(label)}</title>'
                         f'<circle class="cat-svg__dot cat-svg__dot--{row.track}" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}"></circle>'
                         f'<text class="cat-svg__count" x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{count}</text></a>')
    parts.append("</svg></div>")
    parts.append(_table("Papers per venue and year", ["Venue", *map(str, years)],
                        [[row.label, *(str(row.count(year)) for year in years)] for row in rows]))
    parts.append(f"<figcaption>{escape(description)} Workshops and preprints have rows of their own.</figcaption></figure>")
    return Markup("".join(parts))


HEAT_BINS = ((1, "1"), (2, "2–3"), (4, "4–7"), (8, "8–15"), (16, "16 or more"))


def heat_level(count: int) -> int:
    """The palette step of a count: doubling bins (1, 2-3, 4-7, 8-15, 16+), so 1, 4 and 16 papers
    are three steps apart whatever the largest cell holds."""
    return max(level for level, (low, _) in enumerate(HEAT_BINS, start=1) if count >= low)


def heat_legend(suggest: str = "") -> Markup:
    """The palette's key: one swatch per bin, and what an empty cell means."""
    items = "".join(f'<li><span class="cat-heat-swatch cat-heat-{level}" aria-hidden="true"></span> {escape(label)} '
                    f'{"paper" if label == "1" else "papers"}</li>' for level, (_, label) in enumerate(HEAT_BINS, start=1))
    empty = (f'<a href="{escape(suggest)}">none catalogued yet</a>' if suggest else "none catalogued yet")
    items += f'<li><span class="cat-heat-swatch cat-heat-0" aria-hidden="true"></span> {empty}</li>'
    return Markup(f'<ul class="cat-heat-legend" aria-label="Colour key">{items}</ul>')


def coverage_matrix(matrix: Coverage, caption: str, listing: Callable[[str, str], str],
                    download: Callable[[str, str], str], row_link: Callable[[str], str], suggest: str = "") -> Markup:
    """An HTML table heat map: each cell links to the filtered listing and its BibTeX; empty cells
    say "none catalogued yet" and link to the suggest-a-paper form."""
    out = [f'<div class="cat-matrix__scroll" data-search-exclude><table class="cat-matrix"><caption>{escape(caption)}</caption><thead><tr>'
           f'<th scope="col">{escape(matrix.rows.title)}</th>']
    out += [f'<th scope="col">{escape(column.title)}</th>' for column in matrix.columns.values]
    out.append("</tr></thead><tbody>")
    for row in matrix.rows.values:
        out.append(f'<tr><th scope="row"><a href="{escape(row_link(row.id))}">{escape(row.title)}</a></th>')
        for column in matrix.columns.values:
            cell = matrix.cell(row.id, column.id)
            what = f"{row.title} and {column.title}"
            if cell.count == 0:
                none = (f'<a class="cat-matrix__open" href="{escape(suggest)}" aria-label="None catalogued yet on '
                        f'{escape(what)}: suggest a paper">none catalogued yet</a>' if suggest
                        else '<span class="cat-matrix__open">none catalogued yet</span>')
                out.append(f'<td class="cat-matrix__cell cat-matrix__cell--open cat-heat-0" data-count="0">{none}</td>')
                continue
            level = heat_level(cell.count)
            out.append(f'<td class="cat-matrix__cell cat-heat-{level}" data-count="{cell.count}">'
                       f'<a class="cat-matrix__count" href="{escape(listing(row.id, column.id))}" '
                       f'aria-label="{_plural(cell.count)} on {escape(what)}">{cell.count}</a> '
                       f'<a class="cat-matrix__bib" href="{escape(download(row.id, column.id))}" download '
                       f'aria-label="BibTeX (.bib) of the {_plural(cell.count)} on {escape(what)}">.bib</a></td>')
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return Markup("".join(out))


def harm_year_matrix(rows: Sequence[tuple[str, str, dict[int, int]]], years: Sequence[int],
                     href: Callable[[str, int], str], suggest: str = "") -> Markup:
    """Papers per harm dimension (rows: id, title, counts by year) and year, coloured like the coverage
    matrix: what is growing and what is missing. Each count links to that dimension's papers of that year."""
    out = ['<div class="cat-matrix__scroll" data-search-exclude><table class="cat-matrix cat-matrix--years"><caption>Papers per harm '
           'dimension and year</caption><thead><tr><th scope="col">Harm dimension</th>']
    out += [f'<th scope="col">{year}</th>' for year in years]
    out.append("</tr></thead><tbody>")
    for row_id, title, counts in rows:
        out.append(f'<tr><th scope="row">{escape(title)}</th>')
        for year in years:
            count = counts.get(year, 0)
            if not count:
                mark = (f'<a class="cat-matrix__open" href="{escape(suggest)}" aria-label="{escape(title)}, {year}: '
                        f'none catalogued yet; suggest a paper">–</a>' if suggest
                        else '<span class="cat-matrix__open" aria-label="none catalogued yet">–</span>')
                out.append(f'<td class="cat-matrix__cell cat-heat-0" data-count="0">{mark}</td>')
                continue
            out.append(f'<td class="cat-matrix__cell cat-heat-{heat_level(count)}" data-count="{count}">'
                       f'<a class="cat-matrix__count" href="{escape(href(row_id, year))}" '
                       f'aria-label="{escape(title)}, {year}: {_plural(count)}">{count}</a></td>')
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return Markup("".join(out))
