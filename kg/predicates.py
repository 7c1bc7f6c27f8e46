"""The predicates laomo-kg states, in one place: what they link, how they are reified in RDF, and
what the gold format calls them.

Extraction may only emit a predicate listed here, the graph builder reifies it as the registry says,
and the look-ups read the same names: an unknown predicate is an error everywhere, never a default.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import ORG_TYPES, PERSON


@dataclass(frozen=True)
class Predicate:
    name: str  # as in the gold format and the JSONL records
    subject_types: tuple[str, ...]
    object_types: tuple[str, ...]
    node_class: str  # the n-ary node that carries the fact's evidence and extra keys (lm:Award)
    node_segment: str  # IRI path segment of those nodes (award/…)
    shortcut: str  # the direct property subject → object (lm:awarded)
    subject_link: str  # node → subject (lm:recipient)
    object_link: str  # node → object (lm:honour)
    extras: tuple[tuple[str, str], ...] = ()  # (record key, property) such as ("year", "lm:year")
    label_zh: str = ""


PREDICATES: dict[str, Predicate] = {p.name: p for p in (
    Predicate("awarded", (PERSON, *ORG_TYPES), ("Honour",), "lm:Award", "award", "lm:awarded",
              "lm:recipient", "lm:honour", (("year", "lm:year"),), "获得"),
    Predicate("worksFor", (PERSON,), ORG_TYPES, "lm:Post", "post", "lm:worksFor",
              "org:member", "org:organization", (("role", "lm:roleLabel"),), "任职于"),
    Predicate("leads", (PERSON,), ("Studio",), "lm:Leadership", "lead", "lm:leads",
              "lm:leader", "lm:studio", (), "领衔"),
)}


class UnknownPredicate(ValueError):
    """A fact names a predicate the registry does not list."""


def predicate(name: str) -> Predicate:
    try:
        return PREDICATES[name]
    except KeyError:
        raise UnknownPredicate(f"unknown predicate {name!r}; known: {', '.join(PREDICATES)}") from None
