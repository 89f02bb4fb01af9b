"""Venue normalisation from ``data/venues.yml``: a paper's venue family, track and short label."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import Paper, Problem

TRACKS = ("main", "findings", "workshop", "journal", "preprint")


class VenueTableError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class Venue:
    family: str
    track: str
    short: str

    @property
    def peer_reviewed(self) -> bool:
        """Published at a conference, workshop or journal, not only as a preprint."""
        return self.track != "preprint"

    @property
    def facet_id(self) -> str:
        """The venue filter's value: the family, with workshops and preprints kept apart."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.family.lower()).strip("-") or "venue"
        return f"{slug}-workshop" if self.track == "workshop" else slug

    @property
    def facet_title(self) -> str:
        return f"{self.family} workshops" if self.track == "workshop" else self.family


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    venue: Venue


class VenueTable:
    """Ordered rules; ``classify`` gives every paper a venue, falling back to its own venue text."""

    def __init__(self, rules: list[_Rule]):
        self.rules = rules
        self._cache: dict[tuple[str, str], Venue] = {}

    def classify(self, paper: Paper) -> Venue:
        cached = self._cache.get((paper.venue, paper.entry_type))
        if cached is not None:
            return cached
        venue = self._classify(paper.venue, paper.entry_type)
        self._cache[(paper.venue, paper.entry_type)] = venue
        return venue

    def _classify(self, text: str, entry_type: str) -> Venue:
        for rule in self.rules:
            if rule.pattern.search(text):
                return rule.venue
        if entry_type == "article":
            track = "journal"
        elif entry_type in ("misc", "unpublished") or not text:
            track = "preprint"
        else:
            track = "workshop" if "workshop" in text.lower() else "main"
        return Venue(text or "Unpublished", track, text or "Unpublished")

    def label(self, paper: Paper) -> str:
        """How a card names the venue: ``Findings of EMNLP 2024``."""
        venue = self.classify(paper)
        return f"{venue.short} {paper.year}"


def load_venues(path: str | Path | None) -> VenueTable:
    """Read the rules; a missing path means no rules (every venue stands for itself)."""
    if path is None:
        return VenueTable([])
    path = Path(path)
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data: Any = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as error:
        raise VenueTableError([Problem(shown, 1, None, f"cannot read venue table: {error}")]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise VenueTableError([Problem(shown, mark.line + 1 if mark else 1, None, f"invalid YAML: {error}")]) from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise VenueTableError([Problem(shown, 1, None, "expected a mapping with a 'rules' list")])
    problems: list[Problem] = []
    rules: list[_Rule] = []
    lines = text.splitlines()
    for index, raw in enumerate(data["rules"], start=1):
        line = next((number for number, content in enumerate(lines, start=1)
                     if isinstance(raw, dict) and str(raw.get("match", "\0")) in content), 1)
        if not isinstance(raw, dict) or not all(raw.get(name) for name in ("match", "family", "track", "short")):
            problems.append(Problem(shown, line, None, f"rule {index} needs match, family, track and short"))
            continue
        if raw["track"] not in TRACKS:
            problems.append(Problem(shown, line, None, f"rule {index}: track '{raw['track']}' is not one of {', '.join(TRACKS)}"))
            continue
        try:
            pattern = re.compile(str(raw["match"]), re.IGNORECASE)
        except re.error as error:
            problems.append(Problem(shown, line, None, f"rule {index}: bad regular expression: {error}"))
            continue
        rules.append(_Rule(pattern, Venue(str(raw["family"]), str(raw["track"]), str(raw["short"]))))
    if problems:
        raise VenueTableError(problems)
    return VenueTable(rules)
