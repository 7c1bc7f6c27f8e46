"""The look-ups users ask for by name: who received an honour, everything about a name, counts.

Answers are plain data (`Answer`: `Fact`s, each with how many statements back it and the `Source`s),
so the CLI and a server render the same thing. The store keeps one node per fact (holder–honour–year,
person–organisation–role, leader–studio) with every document and sentence that states it, so a fact
restated by forty articles is one row with forty sources.

How the queries are written (measured in bench/store.md):
- user values are bound to variables that sit in triple patterns, where Oxigraph looks them up in an
  index; compared in a FILTER they made it scan every label (30 s on 9k quads);
- a sub-select is evaluated on its own and then joined: a bound value reaches into it only if it
  projects the variable, and whatever is joined to it is evaluated unbound (every award of the graph).
  So the narrower honours are found first and each is then bound in turn;
- OPTIONALs come last (a pattern after an OPTIONAL did not finish in ten minutes);
- statements are counted inside the query and only one source per fact is read, unless all are asked
  for: each row that crosses into Python costs more than the index look-ups behind it.
"""

from __future__ import annotations

import difflib
import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..graph.iris import LM
from .sparql import Result, run

NOT_THINGS = {"Award", "Post", "Leadership", "Evidence", "Document"}  # n-ary nodes, not what users name


@dataclass(frozen=True, order=True)
class Source:
    """One statement of a fact: the evidence node, the file (as given at build time), offsets, sentence."""

    iri: str
    file: str
    start: int
    end: int
    sentence: str
    doc: str = ""  # the document node (its page; title and date: `documents`)

    @property
    def ref(self) -> str:
        """`path:start-end`, the one way a source is written (the path as the build was given it, or relative
        to the working folder when it lies inside it)."""
        return f"{shown_path(self.file)}:{self.start}-{self.end}"

    def as_dict(self) -> dict[str, object]:
        return {"source": self.ref, "evidence": self.sentence, "file": self.file, "start": self.start, "end": self.end}


@dataclass
class Fact:
    """One fact (its column values), how many statements back it, and their sources (the first one, or
    all of them when asked for), ordered by document."""

    values: dict[str, object]
    count: int = 0
    sources: list[Source] = field(default_factory=list)
    node: str = ""  # the fact node's IRI, where the look-up read it (awards): `every_source` needs it

    def row(self) -> dict[str, object]:
        """The values, the number of sources, and the first source's sentence and place."""
        first = self.sources[0] if self.sources else None
        return {**self.values, "sources": self.count, "evidence": first.sentence if first else None,
                "source": first.ref if first else None}


@dataclass
class Answer:
    """Facts with their sources. `columns` are the facts' own columns (values also hold `iri`)."""

    columns: list[str]
    facts: list[Fact]
    evidenced: bool = True  # facts that documents state (a hierarchy link has no sources)

    @property
    def row_columns(self) -> list[str]:
        """The facts' columns, then how many sources, then the first source where it was read."""
        if not self.evidenced:
            return list(self.columns)
        return self.columns + ["sources"] + (["evidence", "source"] if any(f.sources for f in self.facts) else [])

    @property
    def rows(self) -> list[dict[str, object]]:
        """One row per fact (a list, as `Result.rows`)."""
        return [f.row() if self.evidenced else dict(f.values) for f in self.facts]

    def source_rows(self) -> list[dict[str, object]]:
        """One row per source of each fact (the fact's columns repeated)."""
        if not self.evidenced:
            return self.rows
        return [{**f.row(), "evidence": s.sentence, "source": s.ref} for f in self.facts for s in f.sources]

    def nested(self) -> list[dict[str, object]]:
        """One record per fact, with every source fetched listed as `statements` (JSON)."""
        columns = self.row_columns
        return [{**{c: row.get(c) for c in columns},
                 **({"statements": [s.as_dict() for s in f.sources]} if self.evidenced else {})}
                for f, row in zip(self.facts, self.rows, strict=True)]


def shown_path(path: str) -> str:
    """A file's path as a user here can open it: relative to the working folder if inside it, else as stored."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return relative if os.path.isabs(path) and not relative.startswith("..") else path


EVIDENCE = ("?ev lm:sentence ?sentence ; lm:start ?start ; lm:end ?end ; prov:wasQuotedFrom ?doc . "
            "?doc lm:source ?file .")


def _facts(index: ox.Store, query: str, bindings: dict[str, object], columns: list[str], all_sources: bool,
           statements: str) -> list[Fact]:
    """Facts from `query` (one row per fact: its columns, `?fact`, and `?n`, `?first` when it has sources)
    plus their sources: every statement of them from `statements` (all_sources), else the first."""
    facts: dict[str, Fact] = {}
    for r in run(index, query, bindings).rows:
        fact = facts.setdefault(str(r["fact"]), Fact({c: r.get(c) for c in columns}, int(r.get("n") or 0)))
        fact.values["iri"] = r.get("iri")
        if r.get("first"):
            fact.sources.append(Source(str(r["first"]), "", 0, 0, ""))
    if not any(f.count for f in facts.values()):
        return list(facts.values())
    if all_sources:
        for f in facts.values():
            f.sources = []
        for r in run(index, statements, bindings).rows:
            if str(r["fact"]) in facts:
                facts[str(r["fact"])].sources.append(_source(r))
        for f in facts.values():
            f.sources.sort()
    else:
        _first_sources(index, facts.values())
    return list(facts.values())


def _first_sources(index: ox.Store, facts: Iterable[Fact]) -> None:
    """Replace each fact's first-source placeholder (its evidence IRI) with the evidence itself."""
    facts = list(facts)
    found = evidence(index, [s.iri for f in facts for s in f.sources])
    for f in facts:
        f.sources = [found[s.iri] for s in f.sources if s.iri in found]


def _source(r: dict[str, object]) -> Source:
    return Source(str(r["ev"]), str(r["file"]), int(r["start"] or 0), int(r["end"] or 0), str(r["sentence"]),
                  str(r.get("doc") or ""))


def iri_values(iris: list[str]) -> str:
    """IRIs written into a VALUES block, each checked and escaped by Oxigraph's IRI parser (a value that is
    not an IRI raises; a user's name is never written into a query, only bound)."""
    return " ".join(str(ox.NamedNode(i)) for i in iris)


def evidence(index: ox.Store, iris: list[str]) -> dict[str, Source]:
    """The sentence, file and offsets of evidence nodes (IRIs read from the store)."""
    out: dict[str, Source] = {}
    for k in range(0, len(iris), 5000):
        values = iri_values(iris[k:k + 5000])
        for r in run(index, f"SELECT ?ev ?sentence ?file ?start ?end ?doc WHERE {{ VALUES ?ev {{ {values} }} {EVIDENCE} }}").rows:
            out[str(r["ev"])] = _source(r)
    return out


def _sorted(facts: list[Fact], keys: list[str]) -> list[Fact]:
    return sorted(facts, key=lambda f: tuple(_sortable(f.values.get(k)) for k in keys))


def _sortable(v: object) -> tuple:
    return (0, -v, "") if isinstance(v, int) else (1, 0, "" if v is None else str(v))


def counted(columns: str, pattern: str, optional: str = "", bound: str = "") -> str:
    """A fact query: one row per fact node `?fact`, with the number of its statements and its first
    evidence. `bound` lists the bound variables (Oxigraph substitutes only projected ones)."""
    return (f"SELECT {bound} ?fact {columns} (COUNT(?ev) AS ?n) (MIN(STR(?ev)) AS ?first) WHERE {{\n"
            f"  {pattern} ?fact prov:wasDerivedFrom ?ev {optional} }} GROUP BY {bound} ?fact {columns}")


def stated(pattern: str, bound: str = "") -> str:
    """Every statement of the facts `?fact` that `pattern` finds, with its evidence."""
    return (f"SELECT {bound} ?fact ?ev ?sentence ?file ?start ?end ?doc WHERE {{\n"
            f"  {pattern} ?fact prov:wasDerivedFrom ?ev . {EVIDENCE} }}")


# -- honours ---------------------------------------------------------------------------------------

HONOUR_NAMED = """
SELECT DISTINCT ?label ?honour WHERE { { ?honour skos:prefLabel ?label } UNION { ?honour skos:altLabel ?label }
  ?honour a lm:Honour }
"""
HONOUR_LABELS = """
SELECT DISTINCT ?honour ?label WHERE { ?honour a lm:Honour . { ?honour skos:prefLabel ?label } UNION { ?honour skos:altLabel ?label } }
"""
NARROWER = """
SELECT ?honour ?label ?level WHERE { VALUES ?target { %s } ?honour skos:broader* ?target ; skos:prefLabel ?label
  OPTIONAL { ?honour lm:level ?level } }
"""
AWARD_FACTS = """
SELECT ?fact ?honour ?iri ?name ?year WHERE { VALUES ?honour { %s }
  ?fact lm:honour ?honour ; lm:recipient ?iri . ?iri lm:name ?name OPTIONAL { ?fact lm:year ?year } }
"""
AWARD_COUNTS = """
SELECT ?fact (COUNT(?ev) AS ?n) (MIN(STR(?ev)) AS ?first) WHERE { VALUES ?honour { %s }
  ?fact lm:honour ?honour ; prov:wasDerivedFrom ?ev } GROUP BY ?fact
"""
AWARD_STATEMENTS = f"""
SELECT ?fact ?ev ?sentence ?file ?start ?end ?doc WHERE {{ VALUES ?honour {{ %s }}
  ?fact lm:honour ?honour ; prov:wasDerivedFrom ?ev . {EVIDENCE} }}
"""
POSTS_OF = """
SELECT DISTINCT ?iri ?orgName ?role WHERE { VALUES ?iri { %s }
  ?post org:member ?iri ; org:organization ?org . ?org lm:name ?orgName OPTIONAL { ?post lm:roleLabel ?role } }
"""
TABLE_AWARDS = ("SELECT iri, subject, subject_name, object, year, statements, first, first_file, first_start, "
                "first_end, first_sentence, first_doc FROM facts "
                "WHERE object IN (SELECT value FROM json_each(?)) AND kind = 'award'")
TABLE_POSTS = ("SELECT DISTINCT subject, object_name, role FROM facts "
               "WHERE subject IN (SELECT value FROM json_each(?)) AND kind = 'post'")
# The facts, their counts and their posts are three queries: counting in the facts query ran the OPTIONAL
# year once per statement instead of once per fact (0.65 s against 0.3 + 0.14 s on the 100k store).


class UnknownName(LookupError):
    """A name the graph does not hold, with the closest names it does."""

    what = "nothing"

    def __init__(self, name: str, suggestions: list[str]):
        hint = f"; closest known: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"{self.what} called {name!r} in the graph{hint}")
        self.name, self.suggestions = name, suggestions


class UnknownHonour(UnknownName):
    what = "no honour"


def zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def find_honour(index: ox.Store, name: str) -> set[str]:
    """The honour concepts a label or alias names; an unknown one raises with the closest labels."""
    found = {str(r["honour"]) for r in run(index, HONOUR_NAMED, {"label": zh(name)}).rows}
    if found:
        return found
    raise UnknownHonour(name, closest(name, {str(r["label"]) for r in run(index, HONOUR_LABELS).rows}))


def closest(name: str, known: Iterable[str], n: int = 5) -> list[str]:
    """The known names most like `name` (difflib's ratio), then those that contain it; only names that
    share a character with it are compared (a large store knows hundreds of thousands)."""
    chars = set(name)
    candidates = sorted(k for k in set(known) if chars & set(k))
    close = difflib.get_close_matches(name, candidates, n=n, cutoff=0.4)
    close += [k for k in candidates if name in k and k not in close]
    return close[:n]


def narrower(index: ox.Store, targets: set[str]) -> dict[str, tuple[str, str | None]]:
    """The honours at or under the targets: IRI → (label, level such as National)."""
    out = {}
    for target in sorted(targets):
        for r in run(index, NARROWER % iri_values([target])).rows:
            out[str(r["honour"])] = (str(r["label"]), str(r["level"]).removeprefix(LM) if r["level"] else None)
    return out


def awards(index: ox.Store, honours: dict[str, tuple[str, str | None]], detail: str = "count",
           table: sqlite3.Connection | None = None) -> list[Fact]:
    """One fact per holder, honour and year of these honours, with how many statements back it, and
    (detail "first" or "all") the first or every source. Read from the facts table when there is one."""
    if not honours:
        return []
    values = iri_values(sorted(honours))
    facts: dict[str, Fact] = {}
    if table is not None:
        for r in table.execute(TABLE_AWARDS, [json.dumps(sorted(honours))]):
            label, level = honours[r["object"]]
            first = Source(r["first"], r["first_file"], r["first_start"], r["first_end"], r["first_sentence"],
                           r["first_doc"])
            facts[r["iri"]] = Fact({"name": r["subject_name"], "honour": label, "year": r["year"], "level": level,
                                    "iri": r["subject"]}, r["statements"], [first], r["iri"])
    else:
        for r in run(index, AWARD_FACTS % values).rows:
            label, level = honours[str(r["honour"])]
            facts[str(r["fact"])] = Fact({"name": r["name"], "honour": label, "year": r["year"], "level": level,
                                          "iri": r["iri"]}, node=str(r["fact"]))
        for r in run(index, AWARD_COUNTS % values).rows:
            facts[str(r["fact"])].count = int(r["n"])
            facts[str(r["fact"])].sources = [Source(str(r["first"]), "", 0, 0, "")]
    if detail == "count":
        for f in facts.values():
            f.sources = []
    elif detail == "all":
        for f in facts.values():
            f.sources = []
        for r in run(index, AWARD_STATEMENTS % values).rows:
            facts[str(r["fact"])].sources.append(_source(r))
        for f in facts.values():
            f.sources.sort()
    elif detail == "first" and table is None:  # the table holds the first sources
        _first_sources(index, facts.values())
    return list(facts.values())


STATEMENTS_OF = f"""
SELECT ?fact ?ev ?sentence ?file ?start ?end ?doc WHERE {{ VALUES ?fact {{ %s }}
  ?fact prov:wasDerivedFrom ?ev . {EVIDENCE} }}
"""


def every_source(index: ox.Store, facts: list[Fact]) -> None:
    """Give these facts (read by `awards`) every source, as `all_sources` would: a page of a long answer
    reads the statements of the facts it shows, not of every fact (60,990 at 100k articles: 7.5 s)."""
    by_node = {f.node: f for f in facts if f.node}
    for f in by_node.values():
        f.sources = []
    nodes = sorted(by_node)
    for k in range(0, len(nodes), 5000):
        for r in run(index, STATEMENTS_OF % iri_values(nodes[k:k + 5000])).rows:
            by_node[str(r["fact"])].sources.append(_source(r))
    for f in by_node.values():
        f.sources.sort()


def posts_of(index: ox.Store, people: set[str],
             table: sqlite3.Connection | None = None) -> dict[str, set[tuple[str, str]]]:
    """Each person's organisations with the post held there, if any (佛山市总工会, 主席)."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    people_list = sorted(people)
    if table is not None:
        for r in table.execute(TABLE_POSTS, [json.dumps(people_list)]):
            out[r["subject"]].add((r["object_name"], r["role"] or ""))
        return out
    for k in range(0, len(people_list), 5000):
        for r in run(index, POSTS_OF % iri_values(people_list[k:k + 5000])).rows:
            out[str(r["iri"])].add((str(r["orgName"]), str(r["role"] or "")))
    return out


def organisation_and_post(posts: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """Two columns from a person's posts: the organisations, and the posts held there in the same order
    (— where one is not known, if some other is)."""
    pairs = sorted(posts)
    organisations = "；".join(o for o, _ in pairs)
    roles = "；".join(r or "—" for _, r in pairs) if any(r for _, r in pairs) else ""
    return organisations, roles


class LevelNotFound(LookupError):
    """No honour at or under the one asked for has the level asked for; `available` lists the levels it has."""

    def __init__(self, honour: str, level: str, available: list[str]):
        super().__init__(f"no {level} honour at or under {honour!r}; its levels: {', '.join(available) or 'none'}")
        self.honour, self.level, self.available = honour, level, available


LEVEL_ORDER = ["National", "Industry", "CentralSOE", "Provincial", "Municipal", "District", "Enterprise"]

WHO_RECEIVED = ["name", "honour", "year", "level", "organisation", "post"]


def who_received(index: ox.Store, honour: str, level: str | None = None, year: int | None = None,
                 region: str | None = None, all_sources: bool = False,
                 table: sqlite3.Connection | None = None) -> Answer:
    """Everyone who received the honour or a narrower one: one fact per holder, honour and year, with
    the holder's organisations and posts, how many statements say so and the first of them (every one:
    all_sources).
    `table`: the store's facts table (Store.facts()), which answers the same much faster on a large store."""
    honours = narrower(index, find_honour(index, honour))
    if level:
        available = sorted({v[1] for v in honours.values() if v[1]}, key=_level_rank)
        honours = {h: v for h, v in honours.items() if (v[1] or "").lower() == level.lower()}
        if not honours:
            raise LevelNotFound(honour, level, available)
    found = [f for f in awards(index, honours, "all" if all_sources else "first", table)
             if not year or f.values["year"] == year]
    posts = posts_of(index, {str(f.values["iri"]) for f in found}, table)
    facts = []
    for fact in found:
        where, post = organisation_and_post(posts.get(str(fact.values["iri"]), ()))
        if region and region not in str(fact.values["honour"]) and region not in where:
            continue
        fact.values["organisation"], fact.values["post"] = where, post
        facts.append(fact)
    return Answer(WHO_RECEIVED, _sorted(facts, ["honour", "year", "name", "iri"]))


def _level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


# -- everything about a name -----------------------------------------------------------------------

NAMED = """
SELECT DISTINCT ?plain ?tagged ?thing WHERE {
  { ?thing lm:name ?plain } UNION { ?thing skos:prefLabel ?tagged } UNION { ?thing skos:altLabel ?tagged } }
"""
# The name is bound twice, as a plain and as a @zh literal, so that both sit in triple patterns; the type
# and display name are then read for each match (a join to the UNION read every rdf:type of the graph).
DESCRIBED = """
SELECT ?thing ?typeIri ?name ?label WHERE { ?thing a ?typeIri OPTIONAL { ?thing lm:name ?name }
  OPTIONAL { ?thing skos:prefLabel ?label } }
"""

# group → (query with ?thing bound, the statements of its facts or "", the fact's own columns)
FACTS_ABOUT: dict[str, tuple[str, str, list[str]]] = {
    "honours received": (counted("?iri ?what ?year", "?fact lm:recipient ?thing ; lm:honour ?iri . "
                                 "?iri skos:prefLabel ?what .", "OPTIONAL { ?fact lm:year ?year }", "?thing"),
                         stated("?fact lm:recipient ?thing .", "?thing"), ["what", "year"]),
    "posts": (counted("?iri ?what ?role", "?fact org:member ?thing ; org:organization ?iri . ?iri lm:name ?what .",
                      "OPTIONAL { ?fact lm:roleLabel ?role }", "?thing"),
              stated("?fact org:member ?thing .", "?thing"), ["what", "role"]),
    "leads": (counted("?iri ?what", "?fact lm:leader ?thing ; lm:studio ?iri . ?iri lm:name ?what .", bound="?thing"),
              stated("?fact lm:leader ?thing .", "?thing"), ["what"]),
    "people": (counted("?iri ?what ?role", "?fact org:organization ?thing ; org:member ?iri . ?iri lm:name ?what .",
                       "OPTIONAL { ?fact lm:roleLabel ?role }", "?thing"),
               stated("?fact org:organization ?thing .", "?thing"), ["what", "role"]),
    "led by": (counted("?iri ?what", "?fact lm:studio ?thing ; lm:leader ?iri . ?iri lm:name ?what .", bound="?thing"),
               stated("?fact lm:studio ?thing .", "?thing"), ["what"]),
    "part of": ("SELECT DISTINCT ?iri ?what (?iri AS ?fact) WHERE { VALUES ?thing { %s } "
                "?thing org:subOrganizationOf+ ?iri . ?iri lm:name ?what }", "", ["what"]),
    "units": ("SELECT DISTINCT ?thing ?iri ?what (?iri AS ?fact) WHERE { ?iri org:subOrganizationOf ?thing . "
              "?iri lm:name ?what }", "", ["what"]),
    "broader": ("SELECT DISTINCT ?iri ?what (?iri AS ?fact) WHERE { VALUES ?thing { %s } ?thing skos:broader+ ?iri . "
                "?iri skos:prefLabel ?what }", "", ["what"]),
    "recipients": ("", "", ["what", "honour", "year"]),  # an honour's, and those of the honours under it
    "possible duplicates": ("SELECT DISTINCT ?thing ?iri ?what (?iri AS ?fact) WHERE { { ?thing lm:possibleDuplicateOf "
                            "?iri . ?iri lm:name ?what } UNION { ?iri lm:possibleDuplicateOf ?thing . ?iri lm:name ?what } }",
                            "", ["what"]),
}


ALL_NAMES = """
SELECT DISTINCT ?name WHERE { { ?thing lm:name ?name } UNION { ?thing a lm:Honour ; skos:prefLabel ?label
  BIND(STR(?label) AS ?name) } }
"""


def closest_names(index: ox.Store, name: str) -> list[str]:
    """The names of people, organisations and honours in the graph most like `name`."""
    return closest(name, (str(r["name"]) for r in run(index, ALL_NAMES).rows))


def matches(index: ox.Store, name: str) -> list[dict[str, object]]:
    """The people, organisations and honours called `name` (by name, label or alias)."""
    things = sorted({str(r["thing"]) for r in run(index, NAMED, {"plain": ox.Literal(name), "tagged": zh(name)}).rows})
    found = [{**d, "name": d["name"] or name} for t in things if (d := described(index, t))]
    return sorted(found, key=lambda r: (str(r["type"]), str(r["iri"])))


def described(index: ox.Store, iri: str, skip: set[str] | frozenset[str] = NOT_THINGS) -> dict[str, object] | None:
    """A node's IRI, type (its first class of the ontology but those in `skip`) and display name (None when
    it has none), or None when it has no such class."""
    rows = run(index, DESCRIBED, {"thing": iri}).rows
    types = sorted(str(r["typeIri"]).removeprefix(LM) for r in rows if str(r["typeIri"]).startswith(LM))
    types = [t for t in types if t not in skip]
    if not types:
        return None
    names = sorted({str(r["name"] or r["label"]) for r in rows if r["name"] or r["label"]})
    return {"iri": iri, "type": types[0], "name": names[0] if names else None}


def facts_about(index: ox.Store, iri: str, all_sources: bool = False,
                table: sqlite3.Connection | None = None) -> dict[str, Answer]:
    """Everything known about one node, by group: each fact once, with how many statements back it
    and the first (or every) source. `table`: the facts table, which gives an honour's recipients faster."""
    out = {}
    for title, (query, statements, columns) in FACTS_ABOUT.items():
        if title == "recipients":
            facts = awards(index, narrower(index, {iri}), "all" if all_sources else "first", table)
            for fact in facts:
                fact.values["what"] = fact.values.pop("name")
        elif "%s" in query:  # a property path: a bound value is not pushed into it, a written IRI is
            facts = _facts(index, query % iri_values([iri]), {}, columns, all_sources, statements)
        else:
            facts = _facts(index, query, {"thing": iri}, columns, all_sources, statements)
        if facts:
            out[title] = Answer(columns, _sorted(facts, columns + ["iri"]), evidenced=bool(statements) or title == "recipients")
    return out


# -- what a page about one node shows besides its facts ---------------------------------------------

ALIASES = "SELECT ?thing ?alias WHERE { ?thing skos:altLabel ?alias }"
LEVELS = "SELECT DISTINCT ?level WHERE { ?honour a lm:Honour ; lm:level ?level }"
DOCUMENTS = """
SELECT ?doc ?file ?title ?date WHERE { VALUES ?doc { %s } ?doc lm:source ?file
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:date ?date } }
"""
# A document's statements: the facts it states, with the sentences of it that state them. The three kinds of
# fact node are a UNION of patterns with the document bound, so each branch starts from the document's facts.
DOCUMENT_FACTS = f"""
SELECT ?doc ?fact ?predicate ?subject ?object ?year ?role ?ev ?sentence ?file ?start ?end WHERE {{
  ?fact lm:statedIn ?doc ; prov:wasDerivedFrom ?ev . {EVIDENCE}
  {{ ?fact lm:recipient ?s ; lm:honour ?o . ?o skos:prefLabel ?object BIND("awarded" AS ?predicate) }}
  UNION {{ ?fact org:member ?s ; org:organization ?o . ?o lm:name ?object BIND("worksFor" AS ?predicate) }}
  UNION {{ ?fact lm:leader ?s ; lm:studio ?o . ?o lm:name ?object BIND("leads" AS ?predicate) }}
  ?s lm:name ?subject
  OPTIONAL {{ ?fact lm:year ?year }} OPTIONAL {{ ?fact lm:roleLabel ?role }} }}
"""
DOCUMENT_ENDS = """
SELECT ?fact ?s ?o WHERE { VALUES ?fact { %s }
  { ?fact lm:recipient ?s ; lm:honour ?o } UNION { ?fact org:member ?s ; org:organization ?o }
  UNION { ?fact lm:leader ?s ; lm:studio ?o } }
"""
DOCUMENT_COLUMNS = ["subject", "predicate", "object", "year", "role"]


@dataclass(frozen=True)
class Document:
    """A document node as a page cites it: the file it was read from, its title and date when known."""

    iri: str
    file: str
    title: str | None
    date: str | None


def aliases(index: ox.Store, iri: str) -> list[str]:
    """The other names a node is known by (skos:altLabel), sorted."""
    return sorted({str(r["alias"]) for r in run(index, ALIASES, {"thing": iri}).rows})


def levels(index: ox.Store) -> list[str]:
    """The honour levels the graph holds (National, Provincial …): what `who_received` can filter on."""
    return sorted(str(r["level"]).removeprefix(LM) for r in run(index, LEVELS).rows)


def documents(index: ox.Store, iris: Iterable[str]) -> dict[str, Document]:
    """The documents with these IRIs (read from the store), by IRI."""
    out: dict[str, Document] = {}
    iris = sorted(set(iris))
    for k in range(0, len(iris), 5000):
        for r in run(index, DOCUMENTS % iri_values(iris[k:k + 5000])).rows:
            out[str(r["doc"])] = Document(str(r["doc"]), str(r["file"]), _text(r["title"]), _text(r["date"]))
    return out


def _text(v: object) -> str | None:
    return None if v is None else str(v)


def document_facts(index: ox.Store, doc: str) -> Answer:
    """Every fact a document states, once, with the sentences of this document that state it (a fact
    restated elsewhere has more sources: `facts_about` either end). Values also hold both ends' IRIs."""
    facts: dict[str, Fact] = {}
    for r in run(index, DOCUMENT_FACTS, {"doc": doc}).rows:
        fact = facts.setdefault(str(r["fact"]), Fact({c: r.get(c) for c in DOCUMENT_COLUMNS}))
        fact.sources.append(_source(r))
    for r in run(index, DOCUMENT_ENDS % iri_values(sorted(facts))).rows if facts else ():
        facts[str(r["fact"])].values.update(iri=str(r["s"]), object_iri=str(r["o"]))
    for fact in facts.values():
        fact.sources = sorted(set(fact.sources))
        fact.count = len(fact.sources)
    return Answer(DOCUMENT_COLUMNS, sorted(facts.values(), key=lambda f: (f.sources[0].start, f.sources[0].end,
                                                                          *map(_sortable, f.values.values()))))


STATS = {
    "classes": """SELECT ?class (COUNT(DISTINCT ?x) AS ?count) WHERE { ?x a ?c . FILTER(STRSTARTS(STR(?c), STR(lm:)))
      BIND(STRAFTER(STR(?c), "#") AS ?class) } GROUP BY ?class ORDER BY DESC(?count) ?class""",
    "honours by level and year": """SELECT ?level ?year (COUNT(?a) AS ?awards) WHERE { ?a a lm:Award ; lm:honour ?h .
      OPTIONAL { ?h lm:level ?l } BIND(COALESCE(STRAFTER(STR(?l), "#"), "(none)") AS ?level)
      OPTIONAL { ?a lm:year ?y } BIND(COALESCE(STR(?y), "(none)") AS ?year) }
      GROUP BY ?level ?year ORDER BY ?level DESC(?year)""",
    "organisations with the most honoured people": """SELECT ?organisation (COUNT(DISTINCT ?p) AS ?people) WHERE {
      ?a lm:recipient ?p . ?p lm:worksFor ?o . ?o lm:name ?organisation }
      GROUP BY ?organisation ORDER BY DESC(?people) ?organisation LIMIT 10""",
}


def stats(index: ox.Store) -> dict[str, Result]:
    return {title: run(index, q) for title, q in STATS.items()}
