"""The MkDocs-free command line: same problems, non-zero exit, no MkDocs imported."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, entry


def run_check(path, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "catalogue", "check", str(path),
                           "--taxonomy", str(ROOT / "data" / "taxonomy.yml")],
                          capture_output=True, text=True, cwd=cwd, timeout=60)


def test_check_passes_on_the_real_library():
    result = run_check(ROOT / "data" / "papers.bib")
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stdout


def test_check_lists_every_problem_and_fails(tmp_path):
    bib = tmp_path / "bad.bib"
    bib.write_text(entry("good2024one") + entry("noyear2024", drop=("year",)) + entry("badurl2024", url="data:x"))
    result = run_check(bib)
    assert result.returncode == 1
    assert f"{bib}:14: entry 'noyear2024': year is missing" in result.stderr
    assert f"{bib}:26: entry 'badurl2024': url 'data:x' is not an http(s) URL" in result.stderr
    assert "2 problem(s); 1 valid entry." in result.stderr
    assert "Traceback" not in result.stderr


def test_check_on_a_missing_file_is_a_clear_message(tmp_path):
    result = run_check(tmp_path / "nope.bib")
    assert result.returncode == 1
    assert "cannot read library" in result.stderr and "Traceback" not in result.stderr


def test_core_does_not_import_mkdocs():
    code = ("import sys, catalogue, catalogue.render.renderer, catalogue.render.site, catalogue.cli; "
            "print(any(name.split('.')[0] == 'mkdocs' for name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
