"""Figures for the exports as their consumers read them, on the real library: per consumer and format, how many
items it accepted, its errors or warnings, and which fields came out lost or moved; then the counts issue 15
closes on (RIS conference papers without C3, COinS conference papers in the journal format, arXiv preprints
outside Zotero's CSL shape, months lost, '?.' in APA strings). Usage: python benchmarks/consumers.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from consumers import biber_warnings, bibtex_run, citejs_read, zotero_coins  # noqa: E402

from catalogue import load_library, load_taxonomy  # noqa: E402
from catalogue.exports.citation import format_citations  # noqa: E402
from catalogue.exports.bibliography import (arxiv_id, coins, csl_item, is_preprint, paper_month, section_files, to_bibtex,  # noqa: E402
                               to_csl_json, to_ris)
from catalogue.data.latex import decode_latex  # noqa: E402


def container(paper) -> str:  # type: ignore[no-untyped-def]
    raw = paper.source.get("booktitle") or paper.source.get("journal") or paper.source.get("journaltitle") or ""
    return decode_latex(raw)


def lost_fields(item: dict, paper) -> list[str]:  # type: ignore[no-untyped-def]
    lost = []
    if item.get("title") != paper.title:
        lost.append("title")
    month = paper_month(paper)
    want = [paper.year, month] if month else [paper.year]
    if (item.get("issued") or {}).get("date-parts", [[None]])[0] != want:
        lost.append("date (year/month)")
    if container(paper) and item.get("container-title") != container(paper):
        lost.append("container-title")
    if paper.doi and item.get("DOI") != paper.doi:
        lost.append("DOI")
    identifier = arxiv_id(paper)
    if identifier and identifier not in json.dumps(item):
        lost.append("arXiv id")
    return lost


def main() -> int:
    taxonomy = load_taxonomy(ROOT / "data" / "taxonomy.yml")
    library = load_library(ROOT / "data" / "papers.bib", taxonomy)
    papers = library.papers
    print(f"{len(papers)} papers ({sum(is_preprint(paper) for paper in papers)} arXiv preprints, "
          f"{sum(paper.entry_type in ('inproceedings', 'conference') for paper in papers)} conference papers)\n")
    print("citation-js 0.8:")
    for fmt, text in (("bib", to_bibtex(papers)), ("ris", to_ris(papers)), ("json", to_csl_json(papers))):
        items, warnings = citejs_read(fmt, text)
        lost = Counter(field for item, paper in zip(items, papers) for field in lost_fields(item, paper))
        print(f"  {fmt:<5} accepted {len(items)}/{len(papers)}, warnings {len(warnings)}, lost: "
              + (", ".join(f"{field} {count}" for field, count in sorted(lost.items())) or "none"))
    files = section_files(library)
    bibs = {path: text for path, text in files.items() if path.endswith(".bib") and text.strip()}
    warnings = Counter()
    for text in bibs.values():
        for line in biber_warnings(text):
            kind = line.split("): ", 1)[-1] if "): " in line else line
            warnings[kind.split("'")[0] + "'" + kind.split("'")[1] + "'" if "'" in kind else kind] += 1
    print(f"\nbiber --validate-datamodel on {len(bibs)} .bib downloads: "
          + (", ".join(f"{kind} x{count}" for kind, count in warnings.most_common()) or "no warnings"))
    for style in ("plain", "plainnat"):
        results = [bibtex_run(text, style) for text in bibs.values()]
        errors = sum(code != 0 for code, _, _, _ in results)
        warned = Counter(line for _, _, log, _ in results for line in log.splitlines() if line.startswith("Warning--"))
        print(f"bibtex {style}: {errors} files with errors, {sum(warned.values())} warnings"
              + (f" ({'; '.join(sorted(warned))[:300]})" if warned else ""))
    zotero = [zotero_coins(coins(paper)) for paper in papers]
    print("\nZotero's COinS reader: " + ", ".join(f"{kind} {count}" for kind, count in
                                                  Counter(item["itemType"] for item in zotero).items()))
    ris = to_ris(papers).split("\nER  - \n")
    conf_without_c3 = sum(1 for record, paper in zip(ris, papers)
                          if paper.entry_type in ("inproceedings", "conference") and "\nC3  - " not in record)
    coins_journal = sum(1 for paper in papers if paper.entry_type in ("inproceedings", "conference")
                        and "mtx%3Ajournal" in coins(paper))
    outside = sum(1 for paper in papers if is_preprint(paper) and not (
        csl_item(paper).get("publisher") == "arXiv" and csl_item(paper).get("number") == f"arXiv:{arxiv_id(paper)}"
        and csl_item(paper).get("DOI", "").startswith("10.48550/arXiv.")))
    with_month = [paper for paper in papers if paper_month(paper)]
    lost_ris = sum(1 for paper in with_month if f"DA  - {paper.year}/{paper_month(paper):02d}/" not in to_ris([paper]))
    lost_csl = sum(1 for paper in with_month if len(csl_item(paper)["issued"]["date-parts"][0]) < 2)
    lost_coins = sum(1 for paper in with_month if f"rft.date={paper.year}-{paper_month(paper):02d}" not in coins(paper))
    cards = format_citations(papers)
    doubled = sum(1 for text in cards.values() if "?." in text or "!." in text or "?</i>." in text)
    print(f"\nRIS conference papers without C3: {conf_without_c3}")
    print(f"COinS conference papers in the journal format: {coins_journal}")
    print(f"arXiv preprints outside Zotero's CSL shape: {outside}")
    print(f"months lost ({len(with_month)} papers with a month): RIS {lost_ris}, CSL-JSON {lost_csl}, COinS {lost_coins}")
    print(f"APA strings with '?.' or '!.': {doubled}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
