"""Query the knowledge graph: SPARQL with bound values, named queries, and the look-ups built on them."""
