"""The look-ups users ask for by name: who received an honour, everything about a name, counts."""

from __future__ import annotations

import difflib
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from .sparql import Result, run

HONOUR_LABELS = """
SELECT DISTINCT ?honour ?label WHERE { ?honour a lm:Honour . { ?honour skos:prefLabel ?label } UNION { ?honour skos:altLabel ?label } }
"""

AWARDS_UNDER = """
SELECT DISTINCT ?target ?recipient ?name ?honourLabel ?level ?year ?sentence ?source ?start ?end WHERE {
  { SELECT DISTINCT ?h ?target WHERE { ?h skos:broader* ?target } }
  ?award lm:honour ?h ; lm:recipient ?recipient ; prov:wasDerivedFrom ?ev .
  ?h skos:prefLabel ?honourLabel .
  ?recipient lm:name ?name .
  ?ev lm:sentence ?sentence ; lm:start ?start ; lm:end ?end ; prov:wasQuotedFrom ?doc .
  ?doc lm:source ?source .
  OPTIONAL { ?award lm:year ?year }
  OPTIONAL { ?h lm:level ?levelIri . BIND(STRAFTER(STR(?levelIri), "#") AS ?level) }
}
"""
# The narrower honours are found first (a subquery) and OPTIONALs come last: Oxigraph otherwise walks
# skos:broader* from every award, or joins after a left join, which costs seconds on a large graph
# (bench/store.md).

POSTS_OF = """
SELECT DISTINCT ?person ?orgName ?role WHERE {
  ?post a lm:Post ; org:member ?person ; org:organization ?org . ?org lm:name ?orgName .
  OPTIONAL { ?post lm:roleLabel ?role }
}
"""


class UnknownHonour(LookupError):
    def __init__(self, name: str, suggestions: list[str]):
        hint = f"; closest known: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"no honour called {name!r} in the graph{hint}")
        self.suggestions = suggestions


def honour_labels(index: ox.Store) -> dict[str, set[str]]:
    """Every label and alias → the honour concepts it names."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in run(index, HONOUR_LABELS).rows:
        out[str(row["label"])].add(str(row["honour"]))
    return out


def find_honour(index: ox.Store, name: str) -> set[str]:
    labels = honour_labels(index)
    if name in labels:
        return labels[name]
    close = difflib.get_close_matches(name, list(labels), n=5, cutoff=0.4)
    close += sorted(lab for lab in labels if name in lab and lab not in close)[:5]
    raise UnknownHonour(name, close[:5])


def who_received(index: ox.Store, honour: str, level: str | None = None, year: int | None = None,
                 region: str | None = None) -> Result:
    """Everyone who received the honour or any narrower one, with year, organisation, post and evidence."""
    posts: dict[str, list[str]] = defaultdict(list)
    for row in run(index, POSTS_OF).rows:
        posts[str(row["person"])].append(f"{row['orgName']}{row['role'] or ''}")
    rows = []
    for target in sorted(find_honour(index, honour)):
        for row in run(index, AWARDS_UNDER, {"target": target}).rows:
            if level and str(row["level"] or "").lower() != level.lower():
                continue
            if year and row["year"] != year:
                continue
            where = "、".join(sorted(set(posts.get(str(row["recipient"]), []))))
            if region and region not in str(row["honourLabel"]) and region not in where:
                continue
            rows.append({"name": row["name"], "honour": row["honourLabel"], "year": row["year"],
                         "level": row["level"], "organisation": where, "evidence": row["sentence"],
                         "source": f"{Path(str(row['source'])).name}:{row['start']}-{row['end']}", "iri": row["recipient"]})
    rows.sort(key=lambda r: (str(r["honour"]), -(r["year"] or 0), str(r["name"]), str(r["source"])))
    unique = {tuple((k, str(v)) for k, v in r.items()): r for r in rows}
    return Result(["name", "honour", "year", "level", "organisation", "evidence", "source"], list(unique.values()))


MATCH_NAME = """
SELECT DISTINCT ?wanted ?thing ?type ?name WHERE {
  { ?thing lm:name ?label } UNION { ?thing rdfs:label ?label } UNION { ?thing skos:altLabel ?label }
  UNION { ?thing skos:prefLabel ?label }
  FILTER(STR(?label) = ?wanted)
  ?thing a ?typeIri . FILTER(STRSTARTS(STR(?typeIri), STR(lm:)))
  BIND(STRAFTER(STR(?typeIri), "#") AS ?type)
  OPTIONAL { ?thing lm:name ?n } OPTIONAL { ?thing skos:prefLabel ?p }
  BIND(COALESCE(?n, STR(?p)) AS ?name)
}
"""

EVIDENCE = "?ev lm:sentence ?sentence ; prov:wasQuotedFrom ?doc . ?doc lm:source ?source ."


def _evidenced(node: str, pattern: str, extra: str = "", optional: str = "") -> str:
    """A fact query whose rows carry the sentence and source of the fact node's evidence."""
    return (f"SELECT DISTINCT ?thing ?what {extra} ?sentence ?source WHERE {{\n"
            f"  {pattern} {node} prov:wasDerivedFrom ?ev . {EVIDENCE} {optional} }}")


FACTS_ABOUT = {
    "honours received": _evidenced("?a", "?a lm:recipient ?thing ; lm:honour ?h . ?h skos:prefLabel ?what .",
                                   "?year", "OPTIONAL { ?a lm:year ?year }"),
    "posts": _evidenced("?p", "?p org:member ?thing ; org:organization ?o . ?o lm:name ?what .",
                        "?role", "OPTIONAL { ?p lm:roleLabel ?role }"),
    "leads": _evidenced("?l", "?l lm:leader ?thing ; lm:studio ?s . ?s lm:name ?what ."),
    "people": _evidenced("?p", "?p org:organization ?thing ; org:member ?m . ?m lm:name ?what .",
                         "?role", "OPTIONAL { ?p lm:roleLabel ?role }"),
    "led by": _evidenced("?l", "?l lm:studio ?thing ; lm:leader ?m . ?m lm:name ?what ."),
    "part of": """
SELECT DISTINCT ?thing ?what WHERE { ?thing org:subOrganizationOf+ ?o . ?o lm:name ?what }""",
    "units": """
SELECT DISTINCT ?thing ?what WHERE { ?u org:subOrganizationOf ?thing . ?u lm:name ?what }""",
    "broader": """
SELECT DISTINCT ?thing ?what WHERE { ?thing skos:broader+ ?b . ?b skos:prefLabel ?what }""",
    "recipients": _evidenced("?a", "{ SELECT DISTINCT ?h ?thing WHERE { ?h skos:broader* ?thing } } "
                                   "?a lm:honour ?h ; lm:recipient ?r . ?r lm:name ?what .",
                             "?year", "OPTIONAL { ?a lm:year ?year }"),
    "possible duplicates": """
SELECT DISTINCT ?thing ?what WHERE { { ?thing lm:possibleDuplicateOf ?o } UNION { ?o lm:possibleDuplicateOf ?thing }
  ?o lm:name ?what }""",
}


def matches(index: ox.Store, name: str) -> list[dict[str, object]]:
    rows = run(index, MATCH_NAME, {"wanted": name}).rows
    seen: dict[str, dict[str, object]] = {}
    for r in rows:
        if r["type"] not in ("Award", "Post", "Leadership", "Evidence", "Document"):
            seen.setdefault(str(r["thing"]), {"iri": r["thing"], "type": r["type"], "name": r["name"]})
    return sorted(seen.values(), key=lambda r: (str(r["type"]), str(r["iri"])))


def facts_about(index: ox.Store, iri: str) -> dict[str, list[dict[str, object]]]:
    """Everything known about one node, grouped, each with its evidence where it has one."""
    out = {}
    for group, query in FACTS_ABOUT.items():
        rows = run(index, query, {"thing": iri}).rows
        unique = {tuple((k, str(v)) for k, v in r.items() if k != "thing"): {k: v for k, v in r.items() if k != "thing"}
                  for r in rows}
        if unique:
            out[group] = sorted(unique.values(), key=lambda r: tuple(str(v) for v in r.values()))
    return out


STATS = {
    "classes": """SELECT ?class (COUNT(DISTINCT ?x) AS ?count) WHERE { ?x a ?c . FILTER(STRSTARTS(STR(?c), STR(lm:)))
      BIND(STRAFTER(STR(?c), "#") AS ?class) } GROUP BY ?class ORDER BY DESC(?count) ?class""",
    "honours by level and year": """SELECT ?level ?year (COUNT(DISTINCT ?a) AS ?awards) WHERE { ?a a lm:Award ; lm:honour ?h .
      OPTIONAL { ?h lm:level ?l } BIND(COALESCE(STRAFTER(STR(?l), "#"), "(none)") AS ?level)
      OPTIONAL { ?a lm:year ?y } BIND(COALESCE(STR(?y), "(none)") AS ?year) }
      GROUP BY ?level ?year ORDER BY ?level DESC(?year)""",
    "organisations with the most honoured people": """SELECT ?organisation (COUNT(DISTINCT ?p) AS ?people) WHERE {
      ?a a lm:Award ; lm:recipient ?p . ?post org:member ?p ; org:organization ?o . ?o lm:name ?organisation }
      GROUP BY ?organisation ORDER BY DESC(?people) ?organisation LIMIT 10""",
}


def stats(index: ox.Store) -> dict[str, Result]:
    return {title: run(index, q) for title, q in STATS.items()}
