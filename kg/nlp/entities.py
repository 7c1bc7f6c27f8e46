"""Turn overlapping mentions into the document's entities: canonical names, aliases, one per thing.

- 以下简称“X” makes X an alias of the organisation before it, and X工会 the union of that company.
- Short forms built on a bare level word take the story's home region: 省总工会 → 广东省总工会,
  市委 → 河源市委; a district named without its city gets the city the story fixes.
- Names that differ only by a leading region (佛冈县总工会 / 清远市佛冈县总工会) are one entity,
  named by the fullest form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from ..model import Entity, Mention
from ..resources import honour_taxonomy, lexicon, long_roles, org_suffixes, regions, surnames
from ..spans import Spans
from ..vocabulary import longest_first
from .doc_state import ORG_TYPES, DocState, Home, state
from .regions import is_region_chain, leading_regions

ALIAS_DECL = re.compile(r"^[（(]\s*(?:以下简称|以下称|下称|简称|下文简称)\s*[“\"「]?([^”\"」）)]{1,12})[”\"」]?\s*[）)]")


class EntityResolver:
    """Pipeline component: canonical entities from mentions; sets `doc.ents`."""

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        self._employers_before_posts(st)
        self._trim_orgs_after_honours(st)
        self._declared_aliases(st.text or doc.text, st)
        for m in st.mentions:
            if m.type in ORG_TYPES:
                m.canonical = self._canonical_org(m.name, st)
        st.entities = self._cluster(st.mentions)
        for e in st.entities:
            e.aliases |= st.alias_of.get(e.name, set())
        spans = [doc.char_span(m.start, m.end, label=m.type, alignment_mode="expand") for m in st.mentions]
        doc.ents = filter_spans([s for s in spans if s is not None])
        return doc

    @staticmethod
    def _employers_before_posts(st: DocState) -> None:
        """某局集团有限公司|齐齐哈尔车辆段工长陈佳: before a post or a name the organisation is the
        employer and the unit belongs to the post; a unit that holds an honour keeps its whole name."""
        text = st.text or ""
        person_starts = sorted(m.start for m in st.mentions if m.type == "Person")
        for m in st.mentions:
            if m.type in ORG_TYPES and m.head_end is not None and post_follows(text, m.end, person_starts):
                m.end, m.text, m.head_end = m.head_end, text[m.start:m.head_end], None

    @staticmethod
    def _trim_orgs_after_honours(st: DocState) -> None:
        honours = Spans(m for m in st.mentions if m.type == "Honour")
        orgs = Spans(m for m in st.mentions if m.type in ORG_TYPES)
        keep = []
        for m in st.mentions:
            if m.type in ORG_TYPES:
                for h in honours.overlapping(m.start, m.start + 1):
                    if m.start < h.end < m.end and h.start <= m.start:
                        m.start, m.text = h.end, m.text[h.end - m.start:]
            if m.type == "Honour" and any(o.start <= m.start and (o.end - o.start) > (m.end - m.start)
                                          for o in orgs.containing(m.start, m.end)):  # o.start may be trimmed
                continue
            if m.text:
                keep.append(m)
        st.mentions = keep

    def _declared_aliases(self, text: str, st: DocState) -> None:
        orgs = {m.end: m for m in st.mentions if m.type in ORG_TYPES}
        for end, org in list(orgs.items()):
            decl = ALIAS_DECL.match(text[end:end + 24])
            if not decl:
                continue
            alias = decl.group(1).strip()
            st.aliases[alias] = org.name
            self._add_alias_mentions(text, alias, org, st, skip_to=end)

    @staticmethod
    def _add_alias_mentions(text: str, alias: str, org: Mention, st: DocState, skip_to: int) -> None:
        suffixes = _unit_free_suffixes()
        for m in re.finditer(re.escape(alias), text):
            s, e = m.span()
            if s < skip_to:
                continue
            tail = next((sfx for sfx in suffixes if text.startswith(sfx, e)), "")
            typ = next((x.type for x in org_suffixes() if x.suffix == tail), org.type) if tail else org.type
            # 恒达公司 is the company itself; 华兴电子工会 is the company's union
            full = org.name if typ == org.type else org.name + tail
            st.mentions = [x for x in st.mentions if not (x.start >= s and x.end <= e + len(tail) and x.type in ORG_TYPES)
                           and not (x.start < s < x.end and x.type in ORG_TYPES)]
            st.mentions.append(Mention(s, e + len(tail), text[s:e + len(tail)], typ, full, source="alias"))

    def _canonical_org(self, name: str, st: DocState) -> str:
        home = st.home
        if name in st.aliases:
            return st.aliases[name]
        for level in _level_chars():
            if name.startswith(level) and len(name) > len(level):
                region = home.expand(level, district_with_city=True)
                if region and not regions().get(name[: len(level) + 1]):
                    return region + name[len(level):]
                break
        if home.province and name.endswith("厅") and name[:-1] in lexicon("province_departments"):
            return home.province.name + name  # 工信厅 in a story about 广东 → 广东省工信厅
        return self._with_city(name, home)

    @staticmethod
    def _with_city(name: str, home: Home) -> str:
        """高明区总工会 → 佛山市高明区总工会 when the story is about 佛山; counties stay as written."""
        if not home.city:
            return name
        gaz = regions()
        for n in range(min(6, len(name) - 1), 1, -1):
            region = gaz.resolve(name[:n], home.city)  # 鼓楼区 of the story's city, not of another
            if region and region.level == "district" and region.parent == home.city.name and name[:n] == region.name:
                return home.city.name + name
        return name

    def _cluster(self, mentions: list[Mention]) -> list[Entity]:
        groups: dict[tuple[str, str], Entity] = {}
        for m in mentions:
            key = (m.type, m.name)
            ent = groups.setdefault(key, Entity(m.name, m.type))
            ent.mentions.append(m)
            if m.text != m.name and self._is_alias_surface(m):
                ent.aliases.add(m.text)
        entities = self._merge_region_variants(list(groups.values()))
        entities = self._fold_regional_unions(self._merge_regional_brands(entities))
        names = {e.name for e in entities}
        for e in entities:  # 获某某奖状(章): the shared surface names the other honour, not this one
            e.aliases -= names - {e.name}
        return entities

    @staticmethod
    def _merge_regional_brands(entities: list[Entity]) -> list[Entity]:
        """内蒙古“北疆工匠” where the story also writes 北疆工匠: a region's own brand of honour written
        with its region is the same honour. A bare kind (五一劳动奖章, 劳动模范) is not a brand: 广东省
        五一劳动奖章 is not the national one."""
        honours = {e.name: e for e in entities if e.type == "Honour"}
        kinds = _bare_kinds()
        out = []
        for e in entities:
            found, end = leading_regions(e.name) if e.type == "Honour" else ([], 0)
            brand = honours.get(e.name[end:]) if found else None
            if brand is None or brand is e or brand.name in kinds or leading_regions(brand.name)[0]:
                out.append(e)
                continue
            brand.aliases |= {e.name} | e.aliases
            brand.mentions += e.mentions
        return out

    @staticmethod
    def _fold_regional_unions(entities: list[Entity]) -> list[Entity]:
        """兴宁市工会 is 兴宁市总工会 where the story names it; otherwise it means all unions there, no body."""
        gaz = regions()
        unions = [e for e in entities if e.type == "UnionBody" and "总工会" in e.name]
        out = []
        for e in entities:
            head = e.name[:-2] if e.type == "UnionBody" and e.name.endswith("工会") else ""
            if not head or head.endswith("总") or not is_region_chain(head):
                out.append(e)
                continue
            last = next((gaz.get(head[i:]) for i in range(len(head) - 1) if gaz.get(head[i:])), None)
            forms = {last.name, *last.short_forms} if last else set()
            target = next((u for u in unions if any(u.name.endswith(f + "总工会") for f in forms)), None)
            if target:
                target.aliases |= {e.name} | e.aliases
                target.mentions += e.mentions
        return out

    @staticmethod
    def _is_alias_surface(m: Mention) -> bool:
        """An enumeration's shared surface (全国、省劳动模范) is no alias of any one honour in it."""
        return not any(sep in m.text for sep in "、和及与") or m.type != "Honour"

    @staticmethod
    def _merge_region_variants(entities: list[Entity]) -> list[Entity]:
        """佛冈县总工会, 清远市佛冈县总工会 and 清远佛冈县总工会 are one entity.

        Names agree once the leading regions are reduced to the last one. The canonical name is the
        fullest form the text writes with a city; a form the resolver completed counts only when the
        text writes none.
        """
        groups: dict[tuple, list[Entity]] = defaultdict(list)
        for e in entities:
            key = _region_core(e.name) if e.type in ORG_TYPES else None
            groups[("Org", key) if key else (e.type, e.name, id(e))].append(e)
        out: list[Entity] = []
        for group in groups.values():
            if len(group) == 1:
                out += group
                continue
            written = [e for e in group if any(m.text == e.name for m in e.mentions)]
            with_city = [e for e in written if len(leading_regions(e.name)[0]) >= 2]
            head = max(with_city or group, key=lambda e: len(e.name))
            for e in group:
                if e is not head:
                    head.aliases |= {e.name} | e.aliases
                    head.mentions += e.mentions
            out.append(head)
        return out


POST_TAIL = re.compile(r"(?:长|员|师|工|手|司机|主任|书记|经理|主管|总监|干事|专家|顾问|代表|委员|负责人|组长|班长)$")
MAX_POST = 14


def post_follows(text: str, pos: int, person_starts: list[int]) -> bool:
    """A post begins at pos (工长陈佳, 线路维修一工队副队长王某, 点检组长;): the organisation before it
    is someone's employer, not a holder of anything."""
    window = text[pos:pos + MAX_POST + 1]
    if window.startswith(long_roles()):
        return True
    stretch = re.split(r"[，,。；;、：:\s“”（）()等和及与]", window, maxsplit=1)[0]
    nxt = next((p for p in person_starts if pos < p <= pos + len(stretch)), None)
    if nxt is not None:
        return bool(POST_TAIL.search(text[pos:nxt]))
    closed = len(stretch) < len(window) and window[len(stretch)] in "，,；;、。\n"
    if not closed:
        return False
    if POST_TAIL.search(stretch):
        return True
    # 行政总厨许某某、: a post and then a name the rules did not take (a surname and one or two characters)
    return any(stretch[-n] in surnames() and _ends_with_post(stretch[:-n]) for n in (3, 2) if len(stretch) > n + 1)


def _ends_with_post(text: str) -> bool:
    return bool(POST_TAIL.search(text)) or text.endswith(long_roles())


@cache
def _unit_free_suffixes() -> tuple[str, ...]:
    return tuple(sorted((s.suffix for s in org_suffixes() if s.unit == "-"), key=longest_first))


@cache
def _level_chars() -> tuple[str, ...]:
    return tuple(sorted(lexicon("level_chars"), key=longest_first))


@cache
def _bare_kinds() -> frozenset[str]:
    kinds = honour_taxonomy()["kinds"]
    return frozenset({k["kind"] for k in kinds} | {a for k in kinds for a in k["aliases"]})



def _region_core(name: str) -> tuple[str, str] | None:
    """(last leading region, the rest): the identity of a regional body whatever prefix it is written with."""
    found, end = leading_regions(name)
    return (found[-1].name, name[end:]) if found and end < len(name) else None


@Language.factory("kg_entities")
def make_entity_resolver(nlp: Language, name: str) -> EntityResolver:
    return EntityResolver()
