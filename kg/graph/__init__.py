"""RDF side of the knowledge graph: namespaces, the SKOS honour scheme, and (later) the graph builder."""
