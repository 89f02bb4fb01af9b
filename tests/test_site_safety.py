"""Every built page: nothing from the data reaches HTML unescaped, only http(s) links leave the site,
and two builds of the same input are byte-identical."""

from __future__ import annotations

import hashlib
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import make_project, mkdocs_build, copy_project
from test_hostile import GOOD, VALID

ALLOWED_SCRIPT_TYPES = {None, "", "text/javascript", "application/ld+json", "application/json"}


class Scanner(HTMLParser):
    """Collects what could run or lead somewhere: script elements, event handlers, link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[str] = []
        self.links: list[str] = []
        self.frames: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values)
        if tag in ("iframe", "object", "embed", "img") and tag != "img":
            self.frames.append(tag)
        if tag == "img" and values.get("src", "").startswith(("javascript:", "data:text")):
            self.frames.append("img " + values["src"])
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction") and value is not None:
                self.links.append(value)


def scan_site(site: Path) -> Scanner:
    scanner = Scanner()
    for page in sorted(site.rglob("*.html")):
        scanner.feed(page.read_text(encoding="utf-8"))
    return scanner


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    bib = GOOD + "".join(value.decode() for name, value in VALID.items() if name != "bom")
    root = make_project(tmp_path_factory.mktemp("safety") / "p", bib)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_no_markup_or_script_from_the_data_reaches_a_page(hostile_site):
    scanner = scan_site(hostile_site)
    assert scanner.handlers == []
    assert scanner.frames == []
    for script in scanner.scripts:
        src = script.get("src")
        if script.get("type") == "module":  # the site's own entry module, never an inline one
            assert src is not None and src.endswith("assets/javascripts/catalogue/main.js"), script
        else:
            assert script.get("type") in ALLOWED_SCRIPT_TYPES, script
        assert src is None or not urlsplit(src).scheme, script  # only the site's own scripts
    pages = "".join(page.read_text() for page in hostile_site.rglob("*.html"))
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;" in pages or "&lt;script&gt;alert('t')&lt;/script&gt;" in pages
    assert "<script>alert" not in pages and "<img src=x" not in pages and "<iframe src=//evil" not in pages


def test_only_http_links_leave_the_site(hostile_site):
    for link in scan_site(hostile_site).links:
        scheme = urlsplit(link).scheme.lower()
        assert scheme in ("", "http", "https"), link


def digest(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    project = tmp_path / "real"
    copy_project(project)
    first = mkdocs_build(project, "--strict")
    assert first.returncode == 0, first.stderr
    one = digest(project / "site")
    shutil.rmtree(project / "site")
    second = mkdocs_build(project, "--strict")
    assert second.returncode == 0, second.stderr
    two = digest(project / "site")
    assert one.keys() == two.keys()
    # sitemap.xml carries the build date, which can only change across midnight.
    differing = sorted(name for name in one if one[name] != two[name] and not name.startswith("sitemap.xml"))
    assert differing == []
    assert len(one) > 80
