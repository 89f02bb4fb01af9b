"""Command line, without MkDocs: ``python -m catalogue check data/papers.bib``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from .loader import load_library
from .taxonomy import TaxonomyError, load_taxonomy


def _check(args: argparse.Namespace) -> int:
    try:
        taxonomy = load_taxonomy(args.taxonomy)
    except TaxonomyError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    library = load_library(args.library, taxonomy)
    for problem in library.problems:
        print(problem, file=sys.stderr)
    if library.problems:
        print(f"{len(library.problems)} problem(s); {len(library.papers)} valid entr"
              f"{'y' if len(library.papers) == 1 else 'ies'}.", file=sys.stderr)
        return 1
    print(f"{args.library}: {len(library.papers)} entries, no problems.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalogue", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the library and print every problem")
    check.add_argument("library", nargs="?", default="data/papers.bib", type=Path)
    check.add_argument("--taxonomy", default="data/taxonomy.yml", type=Path)
    check.set_defaults(run=_check)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
