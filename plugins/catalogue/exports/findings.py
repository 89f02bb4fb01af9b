"""Findings as tidy tables: one row per finding, as CSV (for pandas and R) and JSON (with a JSON Schema)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Sequence

from ..data.findings import Evidence, Finding
from ..data.grouping import sort_newest_first
from ..data.model import Library, Paper

COLUMNS = ("key", "title", "year", "venue", "doi", "arxiv", "harm", "compression", "methods", "setting",
           "models", "benchmark", "direction", "magnitude", "metric", "baseline", "compressed", "delta", "unit", "location", "role",
           "band")
LIST_COLUMNS = ("methods", "setting", "models", "benchmark", "band")
SEPARATOR = "; "

SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Findings of the catalogue: one record per finding",
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": list(COLUMNS),
        "properties": {
            "key": {"type": "string", "minLength": 1, "description": "Citation key in data/papers.bib"},
            "title": {"type": "string", "minLength": 1},
            "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
            "venue": {"type": "string"},
            "doi": {"type": ["string", "null"], "pattern": "^10\\."},
            "arxiv": {"type": ["string", "null"]},
            "harm": {"type": "string", "minLength": 1, "description": "Harm dimension id (data/taxonomy.yml)"},
            "compression": {"type": "string", "minLength": 1, "description": "Compression family id"},
            "methods": {"type": "array", "items": {"type": "string"}, "description": "Named method ids (data/methods.yml)"},
            "setting": {"type": "array", "items": {"type": "string"}, "description": "W4A16, W8A8, KV4, 50%, 2:4, ..."},
            "models": {"type": "array", "items": {"type": "string"}},
            "benchmark": {"type": "array", "items": {"type": "string"}},
            "direction": {"enum": ["worse", "better", "mixed", "no_change"],
                          "description": "What happened to the harm, relative to the uncompressed model"},
            "magnitude": {"type": ["string", "null"], "description": "The size of the effect, in words"},
            "metric": {"type": ["string", "null"], "description": "What the numbers measure; set with any number"},
            "baseline": {"type": ["number", "null"], "description": "The value on the uncompressed model, in unit"},
            "compressed": {"type": ["number", "null"], "description": "The value on the compressed model, in unit"},
            "delta": {"type": ["number", "null"],
                      "description": "compressed minus baseline, in unit (or the change alone, as the source states it)"},
            "unit": {"type": ["string", "null"], "description": "%, % relative, points, x, or the metric's own unit"},
            "location": {"type": "string", "minLength": 1, "description": "Where the paper states it"},
            "role": {"enum": ["effect", "attack", "mitigation"]},
            "band": {"type": "array", "items": {"type": "string"}, "description": "Precision or sparsity bands"},
        },
    },
}


def finding_rows(papers: Iterable[Paper], evidence: Evidence, harm: str | None = None) -> list[dict[str, Any]]:
    """One dict per finding of ``papers`` (optionally of one harm dimension), in paper order."""
    rows: list[dict[str, Any]] = []
    for paper in papers:
        for finding in evidence.of(paper):
            if harm is not None and finding.harm != harm:
                continue
            rows.append(_row(paper, finding))
    return rows


def _row(paper: Paper, finding: Finding) -> dict[str, Any]:
    return {
        "key": paper.key, "title": paper.title, "year": paper.year, "venue": paper.venue,
        "doi": paper.doi, "arxiv": paper.eprint, "harm": finding.harm, "compression": finding.compression,
        "methods": list(finding.methods), "setting": list(finding.setting), "models": list(finding.models),
        "benchmark": list(finding.benchmark), "direction": finding.direction,
        "magnitude": finding.magnitude or None, "metric": finding.metric or None,
        "baseline": plain_number(finding.baseline), "compressed": plain_number(finding.compressed),
        "delta": plain_number(finding.delta), "unit": finding.unit or None, "location": finding.location, "role": finding.role,
        "band": list(finding.bands),
    }


def plain_number(value: float | None) -> int | float | None:
    """A number as the source wrote it: 85.0 is written 85."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def csv_cell(row: dict[str, Any], name: str) -> str:
    """One cell as the CSV writes it: lists joined by '; ', a missing value empty."""
    value = row.get(name)
    if value is None:
        return ""
    return SEPARATOR.join(value) if name in LIST_COLUMNS else str(value)


def findings_csv(rows: Sequence[dict[str, Any]]) -> str:
    """RFC 4180 CSV with a header row; lists joined by '; ', missing values empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(row, name) for name in COLUMNS])
    return out.getvalue()


def findings_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def findings_files(library: Library, evidence: Evidence) -> dict[str, str]:
    """The site's findings downloads: all findings and per harm dimension, CSV and JSON, plus the schema."""
    files: dict[str, str] = {}
    rows = finding_rows(sort_newest_first(library.papers), evidence)  # the order of the table of every finding
    files["downloads/findings.csv"] = findings_csv(rows)
    files["downloads/findings.json"] = findings_json(rows)
    for value in library.taxonomy.page_vocabulary.values:
        subset = [row for row in rows if row["harm"] == value.id]
        files[f"downloads/findings-{value.id}.csv"] = findings_csv(subset)
        files[f"downloads/findings-{value.id}.json"] = findings_json(subset)
    # One CSV per question (harm dimension x compression family with findings), linked from its page.
    for pair in dict.fromkeys((row["harm"], row["compression"]) for row in rows):
        subset = [row for row in rows if (row["harm"], row["compression"]) == pair]
        files[f"downloads/findings-{pair[0]}-{pair[1]}.csv"] = findings_csv(subset)
    files["downloads/findings.schema.json"] = json.dumps(SCHEMA, indent=1) + "\n"
    return files
