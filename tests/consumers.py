"""The programs that read our exports, driven from Python: citation-js (Node), biber, bibtex, and a port of
Zotero's COinS reader. Shared by tests/test_consumers.py and benchmarks/consumers.py."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote_plus

ROOT = Path(__file__).resolve().parent.parent
CITEJS_READER = ROOT / "tests" / "js" / "citejs_read.js"


def citejs_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "@citation-js" / "core").is_dir()


def citejs_read(fmt: str, text: str) -> tuple[list[dict], list[str]]:
    """citation-js's CSL items for a BibTeX (``bib``), RIS (``ris``) or CSL-JSON (``json``) text, and its warnings."""
    kind = {"bib": "bibtex", "ris": "ris", "json": "csl"}[fmt]
    with tempfile.NamedTemporaryFile("w", suffix=f".{fmt}", encoding="utf-8", delete=False) as handle:
        handle.write(text)
    try:
        result = subprocess.run(["node", str(CITEJS_READER), kind, handle.name], cwd=ROOT, capture_output=True,
                                text=True, timeout=120)
    finally:
        Path(handle.name).unlink()
    if result.returncode != 0:
        raise RuntimeError(f"citation-js failed on {fmt}: {result.stderr[-2000:]}")
    data = json.loads(result.stdout)
    items = [{key: value for key, value in item.items() if key != "_graph"} for item in data["items"]]
    return items, data["warnings"]


def biber_warnings(text: str) -> list[str]:
    """``biber --tool --validate-datamodel``'s WARN lines for one .bib text."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "lib.bib").write_text(text, encoding="utf-8")
        result = subprocess.run(["biber", "--tool", "--validate-datamodel", "--output-file=out.bib", "lib.bib"],
                                cwd=folder, capture_output=True, text=True, timeout=300)
        lines = (result.stdout + result.stderr).splitlines()
    if result.returncode != 0:
        return [f"biber exited {result.returncode}: " + " / ".join(lines[-5:])]
    return [line for line in lines if line.startswith(("WARN", "ERROR"))]


def bibtex_run(text: str, style: str) -> tuple[int, str, str, int]:
    """Run bibtex on one .bib text with ``style``: (exit code, stdout, .blg log, number of \\bibitem in the .bbl)."""
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        (where / "lib.bib").write_text(text, encoding="utf-8")
        (where / "check.aux").write_text(f"\\citation{{*}}\n\\bibdata{{lib}}\n\\bibstyle{{{style}}}\n")
        result = subprocess.run(["bibtex", "-terse", "check"], cwd=where, capture_output=True, text=True, timeout=120)
        log = (where / "check.blg").read_text(errors="replace") if (where / "check.blg").exists() else ""
        bbl = (where / "check.bbl").read_text(errors="replace") if (where / "check.bbl").exists() else ""
    return result.returncode, result.stdout, log, bbl.count("\\bibitem")


def zotero_coins(context: str) -> dict | None:
    """What Zotero makes of a COinS ContextObject: a port of ``parseContextObject`` in Zotero's
    ``openurl.js`` (item type from ``rft_val_fmt`` and, in the book format only, ``rft.genre``; then fields)."""
    parts = context.split("&")
    item: dict = {"creators": []}
    for part in parts:
        if part.startswith("rft_val_fmt="):
            fmt = unquote_plus(part[len("rft_val_fmt="):])
            if fmt == "info:ofi/fmt:kev:mtx:journal":
                item["itemType"] = "journalArticle"
            elif fmt == "info:ofi/fmt:kev:mtx:book":
                if "rft.genre=bookitem" in parts:
                    item["itemType"] = "bookSection"
                elif "rft.genre=conference" in parts or "rft.genre=proceeding" in parts:
                    item["itemType"] = "conferencePaper"
                elif "rft.genre=report" in parts:
                    item["itemType"] = "report"
                elif "rft.genre=document" in parts:
                    item["itemType"] = "document"
                else:
                    item["itemType"] = "book"
            elif fmt == "info:ofi/fmt:kev:mtx:dissertation":
                item["itemType"] = "thesis"
            elif fmt == "info:ofi/fmt:kev:mtx:dc":
                item["itemType"] = "webpage"
            else:
                continue
            break
    if "itemType" not in item:
        return None
    kind = item["itemType"]
    for part in parts:
        key, _, raw = part.partition("=")
        value = unquote_plus(raw)
        if not value:
            continue
        if key == "rft_id":
            if value[:8].lower() == "info:doi":
                item["DOI"] = value[9:]
            elif re.match(r"^https?://", value):
                item["url"] = value
        elif key == "rft.btitle":
            if kind in ("book", "report"):
                item["title"] = value
            elif kind in ("bookSection", "conferencePaper"):
                item["publicationTitle"] = value
        elif key == "rft.atitle" and kind in ("journalArticle", "bookSection", "conferencePaper"):
            item["title"] = value
        elif key == "rft.jtitle" and kind == "journalArticle":
            item["publicationTitle"] = value
        elif key == "rft.title":
            item["publicationTitle" if kind in ("journalArticle", "bookSection", "conferencePaper") else "title"] = value
        elif key == "rft.date":
            item["date"] = value
        elif key in ("rft.volume", "rft.issue", "rft.place", "rft.edition"):
            item[key[4:]] = value
        elif key == "rft.spage":
            item["pages"] = value + (item["pages"] if item.get("pages", "").startswith("-") else "")
        elif key == "rft.epage":
            item["pages"] = item.get("pages", "") + "-" + value
        elif key == "rft.au":
            family, _, given = value.partition(",")
            item["creators"].append({"lastName": family.strip(), "firstName": given.strip()})
        elif key in ("rft.pub", "rft.publisher"):
            item["publisher"] = value
        elif key == "rft.series":
            item["seriesTitle" if kind == "report" else "series"] = value
        elif kind not in ("thesis", "patent"):
            # Dublin Core keys, read whatever the format says.
            if key == "rft.type" and value in ZOTERO_ITEM_TYPES:
                item["itemType"] = kind = value
            elif key == "rft.source":
                item["publicationTitle"] = value
    return item


ZOTERO_ITEM_TYPES = {"preprint", "manuscript", "document", "report", "webpage", "journalArticle", "conferencePaper",
                     "book", "bookSection", "thesis"}
