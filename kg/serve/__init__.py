"""`kg serve`: the graph over HTTP: a SPARQL 1.1 Protocol endpoint, Linked Data for the IRIs the graph mints,
and pages for people who will not use a terminal. Imports nothing from kg.nlp (no spaCy)."""
