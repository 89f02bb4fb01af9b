"""The package's folders are its layers, and imports only point down: data ← exports ← render ← the
MkDocs adapter. The CLI sits on data and exports alone, so it runs without rendering or MkDocs.

``sources/`` (the network clients of ``add`` and ``refresh``) is a room beside exports: it reads data and
nothing else of the package, and only the CLI imports it, so no build, export or page ever reaches a service."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "catalogue"
RANK = {"data": 0, "exports": 1, "sources": 1, "render": 2, "cli": 3, "mkdocs_plugin": 4}
# Rooms of one rank that must not see each other, and the only layers that may import a room.
SIBLINGS_APART = {("exports", "sources"), ("sources", "exports")}
ONLY_IMPORTED_BY = {"sources": {"sources", "cli"}}
NETWORK_CLIENTS = {"arxiv", "habanero", "httpx", "requests", "openreview", "acl_anthology", "urllib3"}
# What each layer may import from outside the package, beyond the standard library and the
# libraries every layer uses (PyYAML, bibtexparser, pylatexenc, citeproc-py). Network clients are the
# sources room's alone.
_TEMPLATING = {"mkdocs", "jinja2", "markupsafe", "material"}
FORBIDDEN_OUTSIDE = {"data": _TEMPLATING | NETWORK_CLIENTS, "exports": _TEMPLATING | NETWORK_CLIENTS,
                     "render": {"mkdocs", "material"} | NETWORK_CLIENTS,
                     "cli": {"mkdocs", "material", "jinja2"} | NETWORK_CLIENTS,
                     "mkdocs_plugin": NETWORK_CLIENTS, "sources": _TEMPLATING}


def layer_of(module: Path) -> str | None:
    parts = module.relative_to(PACKAGE).with_suffix("").parts
    return parts[0] if parts[0] in RANK else None


def imports(module: Path) -> list[tuple[str, int, bool]]:
    """(dotted target, line, inside the package) of every import in ``module``, relative ones resolved."""
    tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
    own = ["catalogue", *module.relative_to(PACKAGE).with_suffix("").parts]
    found: list[tuple[str, int, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, alias.name.split(".")[0] == "catalogue") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = own[: len(own) - node.level]
                target = ".".join(base + ([node.module] if node.module else []))
                found.append((target, node.lineno, True))
            elif node.module:
                found.append((node.module, node.lineno, node.module.split(".")[0] == "catalogue"))
    return found


def target_layer(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def violations() -> list[str]:
    problems: list[str] = []
    for module in sorted(PACKAGE.rglob("*.py")):
        layer = layer_of(module)
        if layer is None:  # __init__ and __main__ of the package sit on top
            continue
        for target, line, inside in imports(module):
            where = f"{module.relative_to(PACKAGE.parent)}:{line}"
            if inside:
                other = target_layer(target)
                if (other is None or RANK[other] > RANK[layer] or (layer == "cli" and other == "render")
                        or (layer, other) in SIBLINGS_APART or layer not in ONLY_IMPORTED_BY.get(other, {layer})):
                    problems.append(f"{where}: the {layer} layer imports {target}")
            elif target.split(".")[0] in FORBIDDEN_OUTSIDE.get(layer, set()):
                problems.append(f"{where}: the {layer} layer imports {target}")
    return problems


def test_every_module_lives_in_a_layer_folder():
    loose = [path.name for path in PACKAGE.glob("*.py")
             if path.stem not in {"__init__", "__main__", "cli", "mkdocs_plugin"}]
    assert loose == []
    assert {path.name for path in PACKAGE.iterdir() if path.is_dir() and not path.name.startswith("__")} == {
        "data", "exports", "render", "sources"}


def package_copy(tmp_path: Path) -> Path:
    """A copy of the package's modules in ``tmp_path``, for planting an import the walk must catch."""
    copy = tmp_path / "catalogue"
    for path in PACKAGE.rglob("*.py"):
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def test_imports_point_down_the_layers():
    assert violations() == []


def test_the_check_would_catch_an_upward_import(tmp_path, monkeypatch):
    # The same walk over a copy with one data module importing rendering and one importing jinja2.
    copy = package_copy(tmp_path)
    (copy / "data" / "model.py").write_text("from ..render.charts import year_bars\nimport jinja2\n", encoding="utf-8")
    (copy / "cli.py").write_text("from .render import renderer\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", copy)
    found = violations()
    assert any("data/model.py:1: the data layer imports catalogue.render.charts" in item for item in found)
    assert any("data/model.py:2: the data layer imports jinja2" in item for item in found)
    assert any("cli.py:1: the cli layer imports catalogue.render" in item for item in found)
    assert len(found) == 3


def test_the_check_keeps_the_network_clients_in_their_room(tmp_path, monkeypatch):
    # Only the CLI may import sources/; sources/ reads data only; a client library outside sources/ is caught.
    copy = package_copy(tmp_path)
    (copy / "data" / "model.py").write_text("from ..sources import common\n", encoding="utf-8")
    (copy / "exports" / "feeds.py").write_text("from ..sources.arxiv_api import ArxivSource\nimport requests\n",
                                               encoding="utf-8")
    (copy / "render" / "charts.py").write_text("from catalogue.sources import lookup\n", encoding="utf-8")
    (copy / "mkdocs_plugin.py").write_text("from .sources import lookup\n", encoding="utf-8")
    (copy / "sources" / "common.py").write_text("from ..exports import bibliography\nfrom ..render import site\n",
                                                encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", copy)
    found = violations()
    for expected in ("data/model.py:1: the data layer imports catalogue.sources",
                     "exports/feeds.py:1: the exports layer imports catalogue.sources.arxiv_api",
                     "exports/feeds.py:2: the exports layer imports requests",
                     "render/charts.py:1: the render layer imports catalogue.sources",
                     "mkdocs_plugin.py:1: the mkdocs_plugin layer imports catalogue.sources",
                     "sources/common.py:1: the sources layer imports catalogue.exports",
                     "sources/common.py:2: the sources layer imports catalogue.render"):
        assert any(expected in item for item in found), expected
    assert len(found) == 7


def test_every_module_says_what_it_is_for():
    silent = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
              if not (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").strip()]
    assert silent == []
