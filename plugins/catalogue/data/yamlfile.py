"""YAML data files read with their line numbers, so every problem can name its 1-based line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .model import Problem


def compose(text: str, shown: str, problems: list[Problem]) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.append(Problem(shown, mark.line + 1 if mark else 1, None, f"invalid YAML: {error}"))
        return None


def scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)  # type: ignore[no-untyped-call]
    finally:
        loader.dispose()  # type: ignore[no-untyped-call]


def plain(node: yaml.Node) -> Any:
    """The Python value of a node (mappings and lists rebuilt, scalars as YAML reads them)."""
    if isinstance(node, yaml.MappingNode):
        return {str(plain(key)): plain(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [plain(item) for item in node.value]
    return scalar(node)


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(shown, 1, None, f"not UTF-8 text: {error}"))
    except OSError as error:
        problems.append(Problem(shown, 1, None, f"cannot read: {error}"))
    return None


def load_root(path: Path, shown: str, problems: list[Problem]) -> yaml.Node | None:
    """The document node of a YAML file, or None after adding why it cannot be read to ``problems``."""
    text = read_text(path, shown, problems)
    return compose(text, shown, problems) if text is not None else None
