"""MkDocs hook: repair the HTML errors that the Nu Html Checker finds in Material's own templates.

Material 9 writes two kinds of invalid markup on every page, neither of them in a block that
``overrides/`` could replace without copying the whole template:

* ``tabindex=""`` on the ``<label>`` of a navigation section (``partials/nav-item.html``): an empty
  tabindex is not an integer, so browsers already ignore it; removing it changes nothing but validity.
* ``autocomplete="off"`` on the two ``<input type="checkbox" class="md-toggle">`` of ``base.html``
  (drawer and search): the attribute is not allowed on checkboxes. Material uses it so that a reload
  or history navigation does not restore a toggle as checked; the script ``catalogue.js`` clears
  the toggles on ``pageshow`` instead (see ``tests/test_quality.py``).

Each pattern is anchored on Material's exact markup, so nothing written by the catalogue or by an
author's Markdown is touched; ``tests/test_quality.py`` fails when a Material update changes it.
"""

from __future__ import annotations

import re

_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"<>]*" for="[^"<>]*" id="[^"<>]*") tabindex=""')
_TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)")'
    r' autocomplete="off"'
)


def repair(html: str) -> str:
    """The page with Material's two invalid attributes removed."""
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", html)


def on_post_page(output: str, page, config) -> str:  # noqa: ARG001 - MkDocs' hook signature
    return repair(output)


def on_post_template(output_content: str, template_name: str, config) -> str:  # noqa: ARG001
    """Theme templates rendered outside the pages (404.html) get the same repair."""
    return repair(output_content) if template_name.endswith(".html") else output_content
