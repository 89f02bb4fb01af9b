"""Command line, without MkDocs: ``python -m catalogue check data/papers.bib``."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Sequence

from .data.excluded import excluded_marks, library_marks, load_excluded
from .data.findings import EMPTY_EVIDENCE, Evidence, load_evidence
from .data.loader import load_library
from .data.model import Library, Problem
from .data.taxonomy import TaxonomyError, load_taxonomy
from .data.upstream import read_awesome_tables, unaccounted
from .data.venues import load_venues
from .exports.awesome import MarkersMissing, awesome_list, update_readme
from .exports.bibliography import WRITERS, export, section_files
from .data.grouping import sort_newest_first
from .exports.findings import finding_rows, findings_csv, findings_files, findings_json
from .sources.workspace import add_service_options


def _load(args: argparse.Namespace) -> Library | None:
    """The library, or None after printing every problem (taxonomy first)."""
    try:
        taxonomy = load_taxonomy(args.taxonomy)
    except TaxonomyError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return None
    library = load_library(args.library, taxonomy)
    for problem in library.problems:
        print(problem, file=sys.stderr)
    if library.problems:
        print(f"{len(library.problems)} problem(s); {len(library.papers)} valid entr"
              f"{'y' if len(library.papers) == 1 else 'ies'}.", file=sys.stderr)
        return None
    return library


def _beside(library: Path, given: Path | None, name: str) -> Path | None:
    """A data file given on the command line, else the one beside the library if it exists."""
    if given is not None:
        return given
    candidate = library.parent / name
    return candidate if candidate.exists() else None


def _evidence(args: argparse.Namespace, library: Library) -> tuple[Evidence, list[Problem]]:
    findings = _beside(args.library, getattr(args, "findings", None), "findings.yml")
    if findings is None:
        return EMPTY_EVIDENCE, []
    methods = _beside(args.library, getattr(args, "methods", None), "methods.yml") or Path("data/methods.yml")
    evidence = load_evidence(findings, methods, library)
    return evidence, list(evidence.problems)


def _check(args: argparse.Namespace) -> int:
    library = _load(args)
    if library is None:
        return 1
    evidence, problems = _evidence(args, library)
    excluded_path = _beside(args.library, args.excluded, "excluded.yml")
    excluded: tuple = ()
    if excluded_path is not None:
        excluded, more = load_excluded(excluded_path, library)
        problems += more
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the findings or the excluded list.", file=sys.stderr)
        return 1
    extra = ""
    if evidence.findings:
        extra += f"; {sum(len(records) for records in evidence.findings.values())} findings"
    if excluded_path is not None:
        extra += f"; {len(excluded)} excluded"
    print(f"{args.library}: {len(library.papers)} entries{extra}, no problems.")
    return 0


def _upstream(args: argparse.Namespace) -> int:
    library = _load(args)
    if library is None:
        return 1
    known = set(library_marks(library))
    excluded_path = _beside(args.library, args.excluded, "excluded.yml")
    if excluded_path is not None:
        records, problems = load_excluded(excluded_path, None)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        known |= excluded_marks(records)
    try:
        text = args.readme.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args.readme}: cannot read: {error}", file=sys.stderr)
        return 1
    rows = read_awesome_tables(text)
    missing = unaccounted(rows, known)
    for row in missing:
        print(f"{args.readme}:{row.line}: {row.date} | {row.venue} | {row.title} | {row.url}")
    print(f"{len(rows)} listed papers read, {len(missing)} neither in the library nor excluded.", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    library = _load(args)
    if library is None:
        return 1
    if args.all:
        if args.dir is None:
            print("export --all needs --dir", file=sys.stderr)
            return 2
        files = section_files(library, args.keep_custom)
        evidence, problems = _evidence(args, library)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        files.update(findings_files(library, evidence))
        for relative, text in files.items():
            target = args.dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        print(f"wrote {len(files)} files under {args.dir}")
        return 0
    papers = list(library.papers)
    for vocabulary_id in ("harm", "compression"):
        wanted = getattr(args, vocabulary_id)
        if wanted is None:
            continue
        vocabulary = library.taxonomy.vocabulary(vocabulary_id)
        if wanted not in vocabulary.ids:
            print(f"unknown {vocabulary_id} '{wanted}' (known: {', '.join(vocabulary.ids)})", file=sys.stderr)
            return 2
        papers = [paper for paper in papers if wanted in paper.tagged(vocabulary_id)]
    if args.format.startswith("findings-"):
        evidence, problems = _evidence(args, library)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        rows = finding_rows(sort_newest_first(papers), evidence, args.harm)  # as on the site
        text = findings_csv(rows) if args.format == "findings-csv" else findings_json(rows)
    else:
        text = export(papers, args.format, args.keep_custom)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {len(papers)} entries to {args.output}", file=sys.stderr)
    return 0


def _site_url(config: Path) -> str:
    """The published site_url from mkdocs.yml (its !ENV default), read as text: the file holds tags a
    safe YAML loader refuses."""
    try:
        match = re.search(r"^site_url:.*?(https?://[^\s'\"\]]+)", config.read_text(encoding="utf-8"), re.MULTILINE)
    except OSError:
        return ""
    return match.group(1) if match else ""


def _readme(args: argparse.Namespace) -> int:
    library = _load(args)
    if library is None:
        return 1
    venues = load_venues(args.venues if args.venues.exists() else None)
    generated = awesome_list(library, _site_url(args.config), short_venue=venues.label)
    try:
        current = args.readme.read_text(encoding="utf-8")
        updated = update_readme(current, generated)
    except (OSError, MarkersMissing) as error:
        print(f"{args.readme}: {error}", file=sys.stderr)
        return 1
    if args.check:
        if updated != current:
            print(f"{args.readme} is stale: run python -m catalogue readme", file=sys.stderr)
            return 1
        print(f"{args.readme} is up to date.")
        return 0
    if updated != current:
        args.readme.write_text(updated, encoding="utf-8")
        print(f"updated {args.readme}")
    else:
        print(f"{args.readme} was already up to date.")
    return 0


def _sources(args: argparse.Namespace) -> int:
    """add and refresh: their network clients are imported only here (the optional extra ``sources``)."""
    try:
        from .sources.add import run_add
        from .sources.refresh import run_refresh
    except ImportError as error:
        print(f"{args.command}: the network clients are not installed ({error.name}): "
              "pip install -e '.[sources]'", file=sys.stderr)
        return 1
    return run_add(args) if args.command == "add" else run_refresh(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalogue", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the library and print every problem")
    check.add_argument("library", nargs="?", default="data/papers.bib", type=Path)
    check.add_argument("--taxonomy", default="data/taxonomy.yml", type=Path)
    check.add_argument("--findings", type=Path, help="findings file (default: findings.yml beside the library)")
    check.add_argument("--methods", type=Path, help="named methods (default: methods.yml beside the library)")
    check.add_argument("--excluded", type=Path, help="excluded list (default: excluded.yml beside the library)")
    check.set_defaults(run=_check)
    exporter = commands.add_parser("export", help="write BibTeX, RIS or CSL-JSON, as the site's downloads")
    exporter.add_argument("library", nargs="?", default="data/papers.bib", type=Path)
    exporter.add_argument("--taxonomy", default="data/taxonomy.yml", type=Path)
    exporter.add_argument("--format", choices=sorted(WRITERS) + ["findings-csv", "findings-json"], default="bib")
    exporter.add_argument("--findings", type=Path, help="findings file (default: findings.yml beside the library)")
    exporter.add_argument("--methods", type=Path, help="named methods (default: methods.yml beside the library)")
    exporter.add_argument("--harm", help="only papers with this harm dimension")
    exporter.add_argument("--compression", help="only papers with this compression method")
    exporter.add_argument("--keep-custom", action="store_true", help="keep harm, summary, ... fields")
    exporter.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    exporter.add_argument("--all", action="store_true", help="write every section in every format, as the site")
    exporter.add_argument("--dir", type=Path, help="with --all: folder to write downloads/ into")
    exporter.set_defaults(run=_export)
    readme = commands.add_parser("readme", help="regenerate the awesome list in README.md from the library")
    readme.add_argument("library", nargs="?", default="data/papers.bib", type=Path)
    readme.add_argument("--taxonomy", default="data/taxonomy.yml", type=Path)
    readme.add_argument("--venues", default="data/venues.yml", type=Path)
    readme.add_argument("--readme", default="README.md", type=Path)
    readme.add_argument("--config", default="mkdocs.yml", type=Path, help="where site_url is read")
    readme.add_argument("--check", action="store_true", help="exit 1 if README.md is stale; change nothing")
    readme.set_defaults(run=_readme)
    upstream = commands.add_parser("upstream", help="list the papers of an awesome-list README that are neither "
                                                    "in the library nor excluded")
    upstream.add_argument("readme", type=Path, help="the awesome list (Date | Institute | Venue | [Title](link))")
    upstream.add_argument("library", nargs="?", default="data/papers.bib", type=Path)
    upstream.add_argument("--taxonomy", default="data/taxonomy.yml", type=Path)
    upstream.add_argument("--excluded", type=Path, help="excluded list (default: excluded.yml beside the library)")
    upstream.set_defaults(run=_upstream)
    adder = commands.add_parser(
        "add", help="fetch papers by arXiv id or URL, DOI, ACL Anthology id or OpenReview id and append entries",
        description="Fetch each paper from its primary service (arXiv API, Crossref, ACL Anthology, OpenReview) "
                    "and append a house-format entry with added = today and verified = primary. Tags, summary and "
                    "findings are left for a person: check reports the entry incomplete until then. A paper "
                    "already in the library or the excluded list is refused (exit 1) and the match printed. "
                    "Everything is fetched before the library is written, in one step or not at all.")
    adder.add_argument("ids", nargs="+", metavar="ID",
                       help="2509.15206, https://arxiv.org/abs/2509.15206, 10.1162/tacl_a_00695, "
                            "2024.findings-emnlp.935, https://openreview.net/forum?id=Tf9eoTIIjh, ...")
    adder.add_argument("--dry-run", action="store_true", help="print the entries; write nothing")
    add_service_options(adder)
    adder.set_defaults(run=_sources)
    refresher = commands.add_parser(
        "refresh", help="report arXiv-only entries that were published and eprints whose title or authors changed",
        description="Check every arXiv-only entry (@misc with eprint) for a published version (arXiv's "
                    "journal_ref and DOI, Crossref by title, the ACL Anthology, OpenReview's venue) and every "
                    "entry with an eprint for a changed title or author list in arXiv's latest version. Prints "
                    "a report; --write edits the entries in place (earlier title kept in alttitle, no field "
                    "dropped), in one step after every lookup succeeded.")
    refresher.add_argument("--write", action="store_true", help="apply the changes to the library")
    add_service_options(refresher)
    refresher.set_defaults(run=_sources)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
