"""The compression-safety catalogue: a tagged BibTeX library turned into a reference site.

Layers: data (model, taxonomy, loader, grouping), rendering (render, templates),
and a thin MkDocs adapter (mkdocs_plugin). Only the adapter imports MkDocs.
"""

from .loader import load_library, load_library_text
from .model import Library, Paper, Problem, Taxonomy
from .taxonomy import TaxonomyError, load_taxonomy

__all__ = [
    "Library", "Paper", "Problem", "Taxonomy", "TaxonomyError",
    "load_library", "load_library_text", "load_taxonomy",
]
