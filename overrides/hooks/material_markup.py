"""MkDocs hook: small repairs to the markup Material's own templates write, none of which sits in a
block that ``overrides/`` could replace without copying the whole template.

Validity (the Nu Html Checker's only errors on this site):

* ``tabindex=""`` on the ``<label>`` of a navigation section (``partials/nav-item.html``): an empty
  tabindex is not an integer, so browsers already ignore it; removing it changes nothing but validity.
* ``autocomplete="off"`` on the two ``<input type="checkbox" class="md-toggle">`` of ``base.html``
  (drawer and search): the attribute is not allowed on checkboxes. Material uses it so that Back or
  a reload does not restore a toggle as checked; ``catalogue/main.js`` clears restored toggles on
  ``pageshow`` instead (tested in ``tests/test_quality.py``).

Speed:

* Material's ``bundle.*.min.js`` is loaded with ``defer``. It sits at the end of the body, so the
  order of execution is unchanged (deferred scripts run in document order, before
  ``DOMContentLoaded``), but the parser no longer waits for it: Lighthouse's first contentful paint
  on a dimension page went from 1.7 s to 1.2 s (``benchmarks/quality_gates.py``).

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
_BUNDLE = re.compile(r'(<script src="[^"<>]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js")></script>')


def repair(html: str) -> str:
    """The page with Material's two invalid attributes removed and its bundle deferred."""
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    html = _TOGGLE_AUTOCOMPLETE.sub(r"\1", html)
    return _BUNDLE.sub(r"\1 defer></script>", html)


def on_post_page(output: str, page, config) -> str:  # noqa: ARG001 - MkDocs' hook signature
    return repair(output)


def on_post_template(output_content: str, template_name: str, config) -> str:  # noqa: ARG001
    """Theme templates rendered outside the pages (404.html) get the same repair."""
    return repair(output_content) if template_name.endswith(".html") else output_content
