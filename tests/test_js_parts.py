"""The browser's pure modules (overrides/assets/javascripts/catalogue/) run under Node.js without a page:
the query normaliser reads a query exactly as the Python one does, band for band and method for method."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from catalogue.data.normalise import browser_table, parse_query
from conftest import ROOT

PARTS = ROOT / "overrides" / "assets" / "javascripts" / "catalogue"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")

ALIASES = {"gptq": "gptq", "awq": "awq", "llm.int8()": "llm-int8", "bnb nf4": "bnb-nf4", "nf4": "nf4",
           "sparsegpt": "sparsegpt"}
QUERIES = ["4bit", "int4 safety", "W4A16", "W8A8 and 2-bit", "GPTQ 3 bit", "LLM.int8() vs int8", "bnb nf4",
           "nf4 50% sparsity", "2:4 sparsity", "70 % sparse", "30%", "fp16 baseline", "awq, sparsegpt",
           "toxicity under pruning", "1.58-bit", "#gptq", "x.gptq"]


def run_parse_query(queries: list[str], table: dict[str, object]) -> list[dict[str, list[str]]]:
    script = (f"import {{ parseQuery }} from {json.dumps((PARTS / 'query.js').as_uri())};\n"
              f"const table = {json.dumps(table)};\n"
              f"console.log(JSON.stringify({json.dumps(queries)}.map((query) => parseQuery(query, table))));\n")
    result = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True,
                            timeout=60, check=True)
    return json.loads(result.stdout)


def test_the_query_normaliser_reads_a_query_as_python_does():
    found = run_parse_query(QUERIES, browser_table(ALIASES))
    for query, js in zip(QUERIES, found, strict=True):
        python = parse_query(query, ALIASES)
        assert (js["bands"], js["methods"], js["words"]) == (list(python.bands), list(python.methods),
                                                            list(python.words)), query
    assert found[0]["bands"] == ["4bit"] and found[4]["methods"] == ["gptq"]  # it did read something


def test_the_query_normaliser_folds_accents_away():
    assert run_parse_query(["Gödel Éric"], browser_table({}))[0]["words"] == ["godel", "eric"]
