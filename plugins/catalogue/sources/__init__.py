"""Network clients for ``add`` and ``refresh``: arXiv, Crossref, the ACL Anthology and OpenReview.

Neither data nor rendering: only the command line imports this room (tests/test_layers.py), so building the
site never needs, imports or calls any of these services. One module per service, ``common`` for what they
share, ``bibentry``/``bibfile`` for writing the house format into the library as text.
"""
