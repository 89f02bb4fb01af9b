"""Read and validate ``data/taxonomy.yml``: the tag vocabularies of the catalogue."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .model import Problem, TagValue, Taxonomy, Vocabulary

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ICON = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+$")


class TaxonomyError(Exception):
    """The taxonomy file cannot be used; ``problems`` says every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Load the vocabularies; raise TaxonomyError listing every problem found."""
    path = Path(path)
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TaxonomyError([Problem(shown, 1, None, f"cannot read taxonomy: {error}")]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise TaxonomyError([Problem(shown, line, None, f"invalid YAML: {error}")]) from None
    return parse_taxonomy(data, text, shown)


def parse_taxonomy(data: Any, text: str, shown: str) -> Taxonomy:
    """Validate already-parsed YAML data; ``text`` is used to locate problems."""
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("vocabularies"), dict):
        raise TaxonomyError([Problem(shown, 1, None, "expected a mapping with a 'vocabularies' mapping")])
    vocabularies: list[Vocabulary] = []
    fields_seen: set[str] = set()
    for vocabulary_id, spec in data["vocabularies"].items():
        line = _line_of(text, f"{vocabulary_id}:")
        if not isinstance(spec, dict):
            problems.append(Problem(shown, line, None, f"vocabulary '{vocabulary_id}' must be a mapping"))
            continue
        field_name = str(spec.get("field", vocabulary_id))
        if field_name in fields_seen:
            problems.append(Problem(shown, line, None, f"field '{field_name}' is used by two vocabularies"))
        fields_seen.add(field_name)
        values: list[TagValue] = []
        ids: set[str] = set()
        raw_values = spec.get("values")
        if not isinstance(raw_values, list) or not raw_values:
            problems.append(Problem(shown, line, None, f"vocabulary '{vocabulary_id}' needs a non-empty 'values' list"))
            raw_values = []
        for raw in raw_values:
            if not isinstance(raw, dict):
                problems.append(Problem(shown, line, None, f"a value of '{vocabulary_id}' is not a mapping"))
                continue
            value_id = str(raw.get("id", ""))
            value_line = _line_of(text, f"id: {value_id}") if value_id else line
            missing = [name for name in ("id", "title", "description", "icon") if not raw.get(name)]
            if missing:
                problems.append(Problem(shown, value_line, None,
                                        f"value '{value_id or '?'}' of '{vocabulary_id}' lacks {', '.join(missing)}"))
                continue
            if not _ID.match(value_id):
                problems.append(Problem(shown, value_line, None,
                                        f"id '{value_id}' must be lowercase letters, digits and hyphens"))
            if value_id in ids:
                problems.append(Problem(shown, value_line, None, f"id '{value_id}' appears twice in '{vocabulary_id}'"))
            ids.add(value_id)
            icon = str(raw["icon"])
            if not _ICON.match(icon):
                problems.append(Problem(shown, value_line, None,
                                        f"icon '{icon}' of '{value_id}' must look like 'material/scale-balance'"))
            aliases = raw.get("aliases") or []
            if not isinstance(aliases, list):
                problems.append(Problem(shown, value_line, None, f"aliases of '{value_id}' must be a list"))
                aliases = []
            values.append(TagValue(
                id=value_id,
                title=str(raw["title"]),
                description=" ".join(str(raw["description"]).split()),
                icon=icon,
                aliases=tuple(str(alias) for alias in aliases),
                noun=" ".join(str(raw.get("noun") or "").split()),
            ))
        vocabularies.append(Vocabulary(
            id=str(vocabulary_id),
            title=str(spec.get("title", vocabulary_id)),
            field=field_name,
            values=tuple(values),
            pages=bool(spec.get("pages", False)),
            required=bool(spec.get("required", True)),
        ))
    if sum(1 for vocabulary in vocabularies if vocabulary.pages) > 1:
        problems.append(Problem(shown, 1, None, "only one vocabulary may set 'pages: true'"))
    if problems:
        raise TaxonomyError(problems)
    return Taxonomy(tuple(vocabularies))
