"""One node per real-world thing across documents.

- Organisations merge when their canonical names agree, or agree once leading regions are reduced to
  the last one (佛冈县总工会 / 清远市佛冈县总工会). Short forms (市总工会) are never matched across
  documents: they mean a different body in each story.
- People with the same name merge only when nothing contradicts it: they work for a common
  organisation, or one side names no organisation. Otherwise they stay apart, linked as possible
  duplicates.
- Union, party and state bodies sit in the hierarchy their names imply:
  佛山市高明区总工会 → 佛山市总工会 → 广东省总工会 → 中华全国总工会.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from ..resources import Region, regions
from ..vocabulary import ORG_TYPES, leading_regions


@lru_cache(maxsize=1 << 18)
def slug(name: str) -> str:
    return quote(name.replace(" ", ""), safe="")


@lru_cache(maxsize=1 << 18)  # names recur in every document that mentions them
def region_core(name: str) -> tuple[str, str] | None:
    """(last leading region, the rest): 清远市佛冈县总工会 → (佛冈县, 总工会)."""
    found, end = leading_regions(name)
    return (found[-1].name, name[end:]) if found and end < len(name) else None


@dataclass
class OrgCluster:
    names: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        """The fullest name any document gives it (ties: the most used, then the smallest)."""
        return min(self.names, key=lambda n: (-len(n), -self.names[n], n))

    @property
    def type(self) -> str:
        return min(self.types, key=lambda t: (-self.types[t], t))


class OrgIndex:
    """Organisation clusters across documents, and the IRI of any organisation name."""

    def __init__(self, base: str):
        self.base = base
        self.clusters: list[OrgCluster] = []
        self._by_key: dict[tuple, OrgCluster] = {}
        self._iris: dict[str, str] = {}  # names recur in every document naming them; cleared by add

    def add(self, name: str, typ: str, aliases: set[str] | frozenset[str] = frozenset()) -> OrgCluster:
        self._iris.clear()
        keys = self._keys(name)
        cluster = next((self._by_key[k] for k in keys if k in self._by_key), None)
        if cluster is None:
            cluster = OrgCluster()
            self.clusters.append(cluster)
        cluster.names[name] += 1
        cluster.types[typ] += 1
        cluster.aliases |= set(aliases)
        for k in keys:
            self._by_key.setdefault(k, cluster)
        return cluster

    @staticmethod
    def _keys(name: str) -> list[tuple]:
        core = region_core(name)
        return [("name", name)] + ([("core", *core)] if core else [])

    def find(self, name: str) -> OrgCluster | None:
        return next((self._by_key[k] for k in self._keys(name) if k in self._by_key), None)

    def iri(self, name: str) -> str:
        if name not in self._iris:
            cluster = self.find(name)
            self._iris[name] = f"{self.base}org/{slug(cluster.name if cluster else name)}"
        return self._iris[name]


@dataclass(slots=True)
class PersonRecord:
    """One document's person of a given name, with the organisations that document ties them to
    (a tuple: a hundred thousand documents name half a million people)."""

    doc: str
    name: str
    orgs: tuple[str, ...]


class PersonIndex:
    """Same-name people merged where nothing contradicts it; IRIs name/ name-2 … in document order."""

    def __init__(self, base: str):
        self.base = base
        self._iri: dict[tuple[str, str], str] = {}
        self.possible_duplicates: list[tuple[str, str]] = []

    def resolve(self, records: list[PersonRecord]) -> None:
        by_name: dict[str, list[PersonRecord]] = defaultdict(list)
        for r in sorted(records, key=lambda r: (r.name, r.doc)):
            by_name[r.name].append(r)
        for name, recs in by_name.items():
            clusters: list[tuple[set[str], list[PersonRecord]]] = []
            for r in recs:
                home = next((c for c in clusters if not r.orgs or not c[0] or not c[0].isdisjoint(r.orgs)), None)
                if home is None:
                    clusters.append((set(r.orgs), [r]))
                else:
                    home[0].update(r.orgs)
                    home[1].append(r)
            iris = [f"{self.base}person/{slug(name)}" + (f"-{k + 1}" if k else "") for k in range(len(clusters))]
            for k, (iri, (_orgs, members)) in enumerate(zip(iris, clusters, strict=True)):
                for r in members if k else ():  # the first cluster has the plain IRI: only the others are kept
                    self._iri[(r.doc, r.name)] = iri
            self.possible_duplicates += [(a, b) for i, a in enumerate(iris) for b in iris[i + 1:]]

    def iri(self, doc: str, name: str) -> str:
        return self._iri.get((doc, name)) or f"{self.base}person/{slug(name)}"


# -- hierarchy -------------------------------------------------------------------------------------

NATIONAL = {"总工会": "中华全国总工会", "委": "中共中央", "人大常委会": "全国人大常委会", "人民政府": "国务院"}
DEPARTMENT_OF = (("委组织部", "委"), ("委宣传部", "委"), ("委统战部", "委"), ("委社会工作部", "委"),
                 ("委巡视组", "委"), ("工业工会", "总工会"), ("产业工会", "总工会"))
BODY_TYPES = {"总工会": "UnionBody", "委": "GovernmentBody", "人大常委会": "GovernmentBody",
              "人民政府": "GovernmentBody"}


def parent_of(name: str) -> tuple[str, str] | None:
    """(parent's name, parent's type) that an organisation's name implies, or None."""
    found, end = leading_regions(name)
    rest = name[end:]
    if not found or any(r.name.endswith("特别行政区") for r in found):
        return None  # Hong Kong and Macao unions and organs are not under the mainland bodies
    region, written = found[-1], name[:end]
    if region.ambiguous:
        return None  # 鼓楼区总工会 alone: which city's union it reports to is not said
    for dept, body in DEPARTMENT_OF:  # 河源市委组织部 → 河源市委; 广东省工业工会 → 广东省总工会
        if rest.endswith(dept) and rest != body:
            return written + body, BODY_TYPES[body]
    if rest in BODY_TYPES:  # 佛山市高明区总工会 → 佛山市总工会 → 广东省总工会 → 中华全国总工会
        up = _parent_region(region)
        return (up.name + rest if up else NATIONAL[rest]), BODY_TYPES[rest]
    if rest.endswith(("工会联合会", "工联会")):  # 西乡街道中心工会联合会 → 宝安区总工会
        return written + "总工会", "UnionBody"
    return None


def _parent_region(region: Region) -> Region | None:
    gaz = regions()
    parent = gaz.by_name.get(region.parent or "")
    return parent if parent and parent.level in ("province", "city", "district", "county", "county_city") else None


def is_organisation(typ: str) -> bool:
    return typ in ORG_TYPES
