"""Export layer: records to files other programs read (BibTeX, RIS, CSL-JSON, APA, COinS,
findings CSV/JSON, Atom feeds, the awesome-list README). Imports only the data layer."""
