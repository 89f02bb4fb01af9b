"""What ``add`` and ``refresh`` read before they ask any service: the library as text, the excluded list, the venue
rules and the settings from the command line."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from ..data.excluded import Excluded, load_excluded
from ..data.venues import VenueTable, VenueTableError, load_venues
from .bibfile import Block, read_blocks
from .common import Settings


class WorkspaceError(Exception):
    """A local file cannot be read: the command stops before any network call."""


@dataclass
class Workspace:
    path: Path
    text: str
    blocks: list[Block]
    excluded: tuple[Excluded, ...]
    excluded_path: Path | None
    venues: VenueTable


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(arxiv_delay=args.arxiv_delay, timeout=args.timeout, retries=args.retries, mailto=args.mailto or None)


def _beside(library: Path, given: Path | None, name: str) -> Path | None:
    if given is not None:
        return given
    candidate = library.parent / name
    return candidate if candidate.exists() else None


def open_workspace(args: argparse.Namespace, must_exist: bool) -> Workspace:
    path = Path(args.library)
    try:
        text = path.read_text(encoding="utf-8") if (must_exist or path.exists()) else ""
    except (OSError, UnicodeDecodeError) as error:
        raise WorkspaceError(f"{path}: cannot read library: {error}") from None
    excluded: tuple[Excluded, ...] = ()
    excluded_path = _beside(path, getattr(args, "excluded", None), "excluded.yml")
    if excluded_path is not None:
        excluded, problems = load_excluded(excluded_path, None)
        if problems:
            raise WorkspaceError(f"{problems[0]} (and {len(problems) - 1} more)" if len(problems) > 1
                                 else str(problems[0]))
    venues_path = _beside(path, getattr(args, "venues", None), "venues.yml")
    try:
        venues = load_venues(venues_path)
    except VenueTableError as error:
        raise WorkspaceError(str(error.problems[0])) from None
    return Workspace(path, text, read_blocks(text), excluded, excluded_path, venues)


def add_service_options(parser: argparse.ArgumentParser) -> None:
    """Options both commands share: where the data lives and how to treat the services."""
    parser.add_argument("--library", default=Path("data/papers.bib"), type=Path,
                        help="the BibTeX library (default: data/papers.bib)")
    parser.add_argument("--excluded", type=Path, help="excluded list (default: excluded.yml beside the library)")
    parser.add_argument("--venues", type=Path, help="venue rules (default: venues.yml beside the library)")
    parser.add_argument("--arxiv-delay", type=float, default=3.0,
                        help="seconds between arXiv API calls (arXiv asks for at least 3; default 3)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for any answer (default 20)")
    parser.add_argument("--retries", type=int, default=2, help="arXiv API retries after a failed call (default 2)")
    parser.add_argument("--mailto", help="contact address sent to Crossref (its polite pool)")
