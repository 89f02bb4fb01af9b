"""Rendering layer: records to page content through Jinja templates (overridable from
`overrides/catalogue/`), charts and per-paper pages. Imports data and exports; never MkDocs."""
