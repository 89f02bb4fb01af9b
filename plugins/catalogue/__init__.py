"""The compression-safety catalogue: a tagged BibTeX library turned into a reference site.

The folders are the layers, and imports point down (tests/test_layers.py): ``data/`` reads, validates
and counts; ``exports/`` writes files other programs read; ``render/`` turns records into page content
through templates; ``cli`` runs on data and exports alone; ``mkdocs_plugin`` is the thin adapter and the
only module that imports MkDocs.
"""

from .data.loader import load_library, load_library_text
from .data.model import Library, Paper, Problem, Taxonomy
from .data.taxonomy import TaxonomyError, load_taxonomy

__all__ = [
    "Library", "Paper", "Problem", "Taxonomy", "TaxonomyError",
    "load_library", "load_library_text", "load_taxonomy",
]
