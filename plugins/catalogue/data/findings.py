"""Read and validate ``data/findings.yml`` (what each paper found) and ``data/methods.yml`` (named methods).

One record per finding: under a compression method at a setting, on some models and a benchmark, a harm
got worse, better, mixed or did not change. Problems are data, located by file, 1-based line and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml

from .model import Library, Paper, Problem, Taxonomy
from .normalise import SETTING_FORMS_HELP, method_aliases, setting_band
from .yamlfile import load_root
from .yamlfile import plain as _plain

DIRECTIONS = ("worse", "mixed", "no_change", "better")
DIRECTION_TITLES = {"worse": "Worse", "mixed": "Mixed", "no_change": "No change", "better": "Better"}
ROLES = ("effect", "attack", "mitigation")
ROLE_TITLES = {"effect": "Effect of compression", "attack": "Attack exploiting compression",
               "mitigation": "Proposed mitigation"}
# The numbers a source states for one finding: what was measured, its value on the uncompressed model and
# on the compressed one, the change (compressed minus baseline, in `unit`), and the unit of all three.
NUMBERS = ("metric", "baseline", "compressed", "delta", "unit")
VALUES = ("baseline", "compressed", "delta")
FIELDS = ("harm", "compression", "methods", "setting", "models", "benchmark", "direction", "magnitude",
          "location", "role", *NUMBERS)
REQUIRED = ("harm", "compression", "direction", "location")
# Where a finding was read: the abstract, a part of the paper, the authors' project page or README, or (when
# nothing better was readable) someone else's summary of the paper, which the tables then show as such.
_PART = r"(Table|Figure|Section|Appendix|Fig\.|Tab\.) ?[A-Z]?[\d.]*[a-z]?"
_LOCATION = re.compile(r"^(abstract|abstract \(secondary copy\)|project page|README|secondary summary|"
                       + _PART + r"(( and |, | ?[-–] ?)(Table|Figure|Section|Appendix)? ?[A-Z]?[\d.]*[a-z]?)*)$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Method:
    id: str
    title: str
    compression: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One thing a paper found; ``bands`` are derived from ``setting``."""

    key: str
    line: int
    harm: str
    compression: str
    methods: tuple[str, ...]
    setting: tuple[str, ...]
    models: tuple[str, ...]
    benchmark: tuple[str, ...]
    direction: str
    magnitude: str
    location: str
    role: str
    bands: tuple[str, ...]
    metric: str = ""
    baseline: float | None = None
    compressed: float | None = None
    delta: float | None = None
    unit: str = ""

    @property
    def has_numbers(self) -> bool:
        return any(getattr(self, name) is not None for name in VALUES)


@dataclass(frozen=True)
class Evidence:
    """Every finding, by citation key, and the method vocabulary they use."""

    findings: Mapping[str, tuple[Finding, ...]]
    methods: tuple[Method, ...]
    problems: tuple[Problem, ...] = ()

    def of(self, paper: Paper | str) -> tuple[Finding, ...]:
        key = paper if isinstance(paper, str) else paper.key
        return self.findings.get(key, ())

    def method(self, method_id: str) -> Method | None:
        for method in self.methods:
            if method.id == method_id:
                return method
        return None

    @property
    def aliases(self) -> dict[str, str]:
        return method_aliases((method.id, (method.title, *method.aliases)) for method in self.methods
                              if method.id != "other")

    def all(self) -> list[Finding]:
        return [finding for records in self.findings.values() for finding in records]


EMPTY_EVIDENCE = Evidence({}, ())


def benchmark_id(name: str) -> str:
    """A stable facet id for a benchmark name: "CrowS-Pairs" and "crows pairs" are one benchmark."""
    return re.sub(r"[^a-z0-9]+", "", name.casefold()) or "unnamed"


# -- methods ---------------------------------------------------------------------------------------------

def load_methods(path: str | Path, taxonomy: Taxonomy, shown: str | None = None) -> tuple[tuple[Method, ...], list[Problem]]:
    path = Path(path)
    shown = shown or str(path)
    problems: list[Problem] = []
    root = load_root(path, shown, problems)
    if root is None:
        return (), problems
    if not isinstance(root, yaml.MappingNode):
        return (), [Problem(shown, 1, None, "expected a mapping with a 'methods' list")]
    items = dict((str(_plain(key)), value) for key, value in root.value)
    listing = items.get("methods")
    if not isinstance(listing, yaml.SequenceNode):
        return (), [Problem(shown, 1, None, "expected a mapping with a 'methods' list")]
    families = set(taxonomy.vocabulary("compression").ids)
    methods: list[Method] = []
    seen: set[str] = set()
    for node in listing.value:
        line = node.start_mark.line + 1
        raw = _plain(node)
        if not isinstance(raw, dict):
            problems.append(Problem(shown, line, None, "a method must be a mapping with id, title, compression"))
            continue
        method_id = str(raw.get("id", ""))
        unknown = sorted(set(raw) - {"id", "title", "compression", "aliases"})
        if unknown:
            problems.append(Problem(shown, line, method_id or None, f"unknown field(s): {', '.join(unknown)}"))
        if not _ID.match(method_id):
            problems.append(Problem(shown, line, method_id or None, "id must be lowercase letters, digits and hyphens"))
        if method_id in seen:
            problems.append(Problem(shown, line, method_id, "method id appears twice"))
        seen.add(method_id)
        if raw.get("compression") not in families:
            problems.append(Problem(shown, line, method_id or None,
                                    f"compression '{raw.get('compression')}' is not one of {', '.join(sorted(families))}"))
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list):
            problems.append(Problem(shown, line, method_id or None, "aliases must be a list"))
            aliases = []
        methods.append(Method(method_id, str(raw.get("title") or method_id), str(raw.get("compression")),
                              tuple(str(alias) for alias in aliases)))
    return tuple(methods), problems


# -- findings --------------------------------------------------------------------------------------------

def _strings(value: Any) -> tuple[list[str], bool]:
    """A list of non-empty strings from a scalar or list; the flag says whether the shape was right."""
    if value is None:
        return [], True
    if isinstance(value, (str, int, float)):
        return [str(value)], True
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return [str(item).strip() for item in value if str(item).strip()], True
    return [], False


class _FindingsReader:
    def __init__(self, shown: str, library: Library, methods: Sequence[Method]):
        self.shown = shown
        self.library = library
        self.methods = {method.id: method for method in methods}
        self.problems: list[Problem] = []
        self.harms = set(library.taxonomy.vocabulary("harm").ids)
        self.families = set(library.taxonomy.vocabulary("compression").ids)

    def problem(self, line: int, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.shown, line, key, message))

    def read(self, root: yaml.Node | None) -> dict[str, tuple[Finding, ...]]:
        found: dict[str, tuple[Finding, ...]] = {}
        if root is None:
            return found
        if not isinstance(root, yaml.MappingNode):
            self.problem(1, None, "expected a mapping from citation key to a list of findings")
            return found
        lines: dict[str, int] = {}
        for key_node, value_node in root.value:
            key = str(_plain(key_node))
            line = key_node.start_mark.line + 1
            if key in lines:
                self.problem(line, key, f"key appears twice (first at line {lines[key]})")
                continue
            lines[key] = line
            paper = self.library.get(key)
            if paper is None:
                self.problem(line, key, "no entry with this key in the library")
                continue
            if not isinstance(value_node, yaml.SequenceNode):
                self.problem(line, key, "findings must be a list (write [] for a survey)")
                continue
            records = [self.record(paper, item) for item in value_node.value]
            found[key] = tuple(record for record in records if record is not None)
            if not value_node.value and "survey" not in paper.tagged("contribution"):
                self.problem(line, key, "has no findings, but only surveys may have none")
        for paper in self.library.papers:
            if paper.key not in lines and "survey" not in paper.tagged("contribution"):
                self.problems.append(Problem(paper.path, paper.line, paper.key,
                                             f"has no findings in {self.shown} (every non-survey paper needs them)"))
        return found

    def record(self, paper: Paper, node: yaml.Node) -> Finding | None:
        key = paper.key
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            self.problem(line, key, "a finding must be a mapping (harm, compression, direction, location, ...)")
            return None
        raw = _plain(node)
        count = len(self.problems)
        unknown = sorted(set(raw) - set(FIELDS))
        if unknown:
            self.problem(line, key, f"unknown field(s) {', '.join(unknown)} (known: {', '.join(FIELDS)})")
        missing = [name for name in REQUIRED if raw.get(name) in (None, "")]
        if missing:
            self.problem(line, key, f"finding lacks {', '.join(missing)}")
        harm = str(raw.get("harm") or "")
        if harm and harm not in self.harms:
            self.problem(line, key, f"unknown harm '{harm}' (known: {', '.join(sorted(self.harms))})")
        elif harm and harm not in paper.tagged("harm"):
            self.problem(line, key, f"harm '{harm}' is not among the paper's harm tags ({', '.join(paper.tagged('harm'))})")
        compression = str(raw.get("compression") or "")
        if compression and compression not in self.families:
            self.problem(line, key, f"unknown compression '{compression}' (known: {', '.join(sorted(self.families))})")
        elif compression and compression != "general" and compression not in paper.tagged("compression"):
            self.problem(line, key, f"compression '{compression}' is not among the paper's compression tags "
                                    f"({', '.join(paper.tagged('compression'))})")
        lists: dict[str, list[str]] = {}
        for name in ("methods", "setting", "models", "benchmark"):
            values, ok = _strings(raw.get(name))
            if not ok:
                self.problem(line, key, f"{name} must be a list of strings")
            raw_items = raw.get(name) if isinstance(raw.get(name), list) else []
            for item in raw_items:
                if isinstance(item, (int, float)) and not isinstance(item, bool):
                    self.problem(line, key, f"{name} item {item!r} is a number: a YAML list splits on commas "
                                            f"(\"1,024 questions\" becomes 1 and \"024 questions\"), so quote it")
            for value in values:
                # A flow list splits on every comma, brackets or not: [X (a, b)] is "X (a" and "b)".
                if value.count("(") != value.count(")") or value.count("[") != value.count("]"):
                    self.problem(line, key, f"{name} item '{value}' has unbalanced brackets: a YAML list "
                                            f"splits on commas, so quote an item that holds one")
            lists[name] = values
        for method_id in lists["methods"]:
            method = self.methods.get(method_id)
            if method is None:
                self.problem(line, key, f"unknown method '{method_id}' (see data/methods.yml)")
            elif compression and compression != "general" and method.compression not in (compression, "general"):
                self.problem(line, key, f"method '{method_id}' is a {method.compression} method, "
                                        f"but the finding's compression is '{compression}'")
        bands: list[str] = []
        for setting in lists["setting"]:
            found = setting_band(setting)
            if found is None:
                self.problem(line, key, f"setting '{setting}' is not in a known form ({SETTING_FORMS_HELP})")
            else:
                bands.append(found)
        direction = str(raw.get("direction") or "")
        if direction and direction not in DIRECTIONS:
            self.problem(line, key, f"direction '{direction}' is not one of {', '.join(DIRECTIONS)}")
        role = str(raw.get("role") or "effect")
        if role not in ROLES:
            self.problem(line, key, f"role '{role}' is not one of {', '.join(ROLES)}")
        location = str(raw.get("location") or "")
        if location and not _LOCATION.match(location):
            self.problem(line, key, f"location '{location}' should be 'abstract' or name a part of the paper "
                                    "(Table 3, Figure 2, Section 4.2, Appendix B), or be 'abstract (secondary copy)', "
                                    "'project page', 'README' or 'secondary summary'")
        magnitude = raw.get("magnitude")
        if magnitude is not None and not isinstance(magnitude, (str, int, float)):
            self.problem(line, key, "magnitude must be a short text")
        numbers = self.numbers(line, key, raw)
        if len(self.problems) > count:
            return None
        return Finding(key=key, line=line, harm=harm, compression=compression,
                       methods=tuple(lists["methods"]), setting=tuple(lists["setting"]),
                       models=tuple(lists["models"]), benchmark=tuple(lists["benchmark"]),
                       direction=direction, magnitude=str(magnitude or ""), location=location, role=role,
                       bands=tuple(dict.fromkeys(bands)), **numbers)

    def numbers(self, line: int, key: str, raw: Mapping[str, Any]) -> dict[str, Any]:
        """metric, baseline, compressed, delta, unit: values are numbers; any value needs a metric and a unit;
        when all three values are given, delta must be compressed minus baseline (to the rounding shown)."""
        found: dict[str, Any] = {}
        for name in VALUES:
            value = raw.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.problem(line, key, f"{name} must be a number (write the unit in 'unit'), not {value!r}")
                continue
            found[name] = float(value)
        for name in ("metric", "unit"):
            value = raw.get(name)
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip():
                self.problem(line, key, f"{name} must be a short text")
                continue
            found[name] = value.strip()
        if any(name in found for name in VALUES):
            lacking = [name for name in ("metric", "unit") if name not in found and raw.get(name) is None]
            if lacking:
                self.problem(line, key, f"a finding with numbers needs {' and '.join(lacking)}")
        elif any(raw.get(name) is not None for name in ("metric", "unit")):
            self.problem(line, key, "metric and unit go with a number: give baseline, compressed or delta")
        if all(name in found for name in VALUES):
            shown = max(_decimals(raw[name]) for name in VALUES)
            if abs(found["compressed"] - found["baseline"] - found["delta"]) > 10 ** -shown + 1e-9:
                self.problem(line, key, f"delta {raw['delta']} is not compressed minus baseline "
                                        f"({raw['compressed']} - {raw['baseline']})")
        return found


def _decimals(value: Any) -> int:
    text = repr(value)
    return len(text.split(".", 1)[1]) if "." in text and "e" not in text else 0


def load_evidence(findings_path: str | Path, methods_path: str | Path, library: Library,
                  shown_findings: str | None = None, shown_methods: str | None = None) -> Evidence:
    """Load both files; every problem found is in ``Evidence.problems``."""
    methods, problems = load_methods(methods_path, library.taxonomy, shown_methods)
    findings_path = Path(findings_path)
    shown = shown_findings or str(findings_path)
    reader = _FindingsReader(shown, library, methods)
    root = load_root(findings_path, shown, reader.problems)
    if root is None and not reader.problems:  # an empty file: no paper has findings yet
        root = yaml.MappingNode("tag:yaml.org,2002:map", [])
    findings = reader.read(root) if root is not None else {}
    return Evidence(findings, methods, tuple(problems + reader.problems))

