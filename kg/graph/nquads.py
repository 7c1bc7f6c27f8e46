"""N-Quads lines written directly: the build streams millions of quads, which rdflib would hold in memory.

Terms are formatted as N-Quads requires (IRIs in angle brackets, strings with `\\`, `"`, LF and CR
escaped), so the lines load into Oxigraph as they are and compare byte for byte between builds.
"""

from __future__ import annotations

from .iris import PREFIX_IRIS

XSD = PREFIX_IRIS["xsd"]
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    return f"<{value}>"


def term(curie: str) -> str:
    """lm:Person → <https://w3id.org/laomo/ontology#Person>."""
    prefix, _, local = curie.partition(":")
    return f"<{PREFIX_IRIS[prefix]}{local}>"


def literal(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    text = '"' + value.translate(_ESCAPES) + '"'
    if lang:
        return f"{text}@{lang}"
    return f"{text}^^<{datatype}>" if datatype else text


def integer(value: int) -> str:
    return f'"{int(value)}"^^<{XSD}integer>'


def rdflib_term(node: object) -> str:
    """An rdflib term (the honour scheme is built with rdflib) in the same N-Quads form."""
    from rdflib import Literal, URIRef

    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        return literal(str(node), node.language, str(node.datatype) if node.datatype else None)
    raise TypeError(f"no blank nodes in the graph: {node!r}")


class GraphWriter:
    """The lines of one named graph, without duplicates, sorted when read (byte-stable)."""

    def __init__(self, name: str):
        self.name = name
        self._suffix = f" <{name}> .\n"
        self._lines: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        self._lines.add(f"{s} {p} {o}{self._suffix}")

    def discard_seen(self, seen: set[str]) -> None:
        """Drop triples an earlier shared graph already states (compared without the graph name), then
        add this graph's triples to `seen`."""
        cut = len(self._suffix)
        keep = {line for line in self._lines if line[:-cut] not in seen}
        seen.update(line[:-cut] for line in keep)
        self._lines = keep

    def lines(self) -> list[str]:
        return sorted(self._lines)

    def __len__(self) -> int:
        return len(self._lines)
