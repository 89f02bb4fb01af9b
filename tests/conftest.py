"""Shared helpers: valid BibTeX entries on demand, the real taxonomy, and real site builds."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

from catalogue import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent

VALID_FIELDS = {
    "title": "A Study of Something",
    "author": "Doe, Jane and Roe, Richard",
    "year": "2024",
    "booktitle": "Proceedings of Something",
    "url": "https://example.org/paper",
    "harm": "fairness",
    "compression": "quantization",
    "modality": "llm",
    "contribution": "evaluation",
    "summary": "Quantized models were measured and something changed.",
    "added": "2026-01-15",
    "verified": "primary",
}


def entry(key: str, entry_type: str = "inproceedings", drop: tuple[str, ...] = (), **fields: str) -> str:
    """A valid entry (one field per line), with fields replaced, added or dropped."""
    values = {**VALID_FIELDS, **fields}
    if "title" not in fields:
        values["title"] = f"A Study of {key}"
    lines = [f"  {name} = {{{value}}}," for name, value in values.items() if name not in drop]
    # `verified` shares the last line, so that the line numbers tests expect stayed as they were before it.
    at = next((index for index, line in enumerate(lines) if line.startswith("  verified =")), None)
    if at:
        lines[at - 1] += " " + lines.pop(at).strip()
    body = "".join(line + "\n" for line in lines)
    return f"@{entry_type}{{{key},\n{body}}}\n"


@pytest.fixture(scope="session")
def taxonomy():
    return load_taxonomy(ROOT / "data" / "taxonomy.yml")


MKDOCS_YML = """\
site_name: Test catalogue
site_url: https://example.org/
repo_url: https://github.com/example/catalogue
theme:
  name: material
  custom_dir: overrides
  font: false
extra_css:
  - assets/stylesheets/catalogue.css
extra_javascript:
  - path: assets/javascripts/catalogue/main.js
    type: module
hooks:
  - overrides/hooks/material_markup.py
nav:
  - Home: index.md
plugins:
  - search:
      separator: '[\\s,:;!?()\\[\\]"/]+|\\.(?!\\d)'
  - catalogue
  - macros:
      on_error_fail: true
      on_undefined: strict
"""


def make_project(root: Path, bib: str | bytes, index: str = "# Home\n\n{{ catalogue.total }} papers.\n") -> Path:
    """A minimal project in ``root``: mkdocs.yml, docs/index.md, data/ and overrides/."""
    (root / "docs").mkdir(parents=True)
    (root / "data").mkdir()
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copy(ROOT / "data" / "venues.yml", root / "data" / "venues.yml")
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    (root / "docs" / "index.md").write_text(index)
    shutil.copy(ROOT / "data" / "taxonomy.yml", root / "data" / "taxonomy.yml")
    data = bib.encode("utf-8") if isinstance(bib, str) else bib
    (root / "data" / "papers.bib").write_bytes(data)
    return root


def copy_project(destination: Path) -> Path:
    """A copy of this repository (without build output, caches or the virtual environment)."""
    shutil.copytree(ROOT, destination, ignore=shutil.ignore_patterns(
        ".venv", "site", ".git", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis"))
    return destination


def mkdocs_build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs build`` in ``root``; returns the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *extra, "-d", str(root / "site")],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="session")
def real_project(tmp_path_factory) -> Path:
    """A copy of this repository with its real site built once (``--strict``) for the whole session.
    Tests read it; none may change it. scripts/test builds it once for the tests and the quality gates
    together and names it in CATALOGUE_BUILT_PROJECT."""
    shared = os.environ.get("CATALOGUE_BUILT_PROJECT")
    if shared and (Path(shared) / "site" / "index.html").is_file():
        return Path(shared)
    project = copy_project(tmp_path_factory.mktemp("real") / "project")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project


# --- Browser tests: Debian's chromium, driven by pytest-playwright -------------------------------

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "permissions": ["clipboard-read", "clipboard-write"]}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files quietly and, like GitHub Pages, gzips text to clients that accept it."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".bib", ".ris", ".txt", ".map")

    prefix = "/"  # the path the site is served under (a project site's /<repository>/)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-served-prefix")  # no such file: 404
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        """A missing page gets the site's own 404.html, with status 404, as on GitHub Pages."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the stdlib's redirect to the trailing slash
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in self.COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that leaves a page while a file is on its way closes the connection: not an error here."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class SiteServer:
    """A built site served on 127.0.0.1 by a thread of this process."""

    def __init__(self, site: Path, prefix: str = "/"):
        served = type("Handler", (_QuietHandler,), {"prefix": prefix})
        handler = functools.partial(served, directory=str(site))
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()



def build_and_serve(root: Path, bib: str) -> SiteServer:
    make_project(root, bib)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return SiteServer(root / "site")


def settled(page) -> None:
    """Wait until a listing shows the answer to its current filter state: the listing index is loaded (the
    form says data-indexed) and no answer is pending from its worker (aria-busy is gone)."""
    page.wait_for_selector("form.cat-filters[data-indexed]:not([aria-busy])", state="attached")


def watch_console(page) -> list[str]:
    """Collect console errors and uncaught exceptions of a page."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
