"""Data layer: read, validate, group and count the library, its findings and the excluded list.
No MkDocs, Jinja or markup imports here; every module returns plain, typed records."""
