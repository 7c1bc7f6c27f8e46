"""Fact rules over recognised mentions, and the assembly of one extracted document.

Each rule reads one shape the texts use; every fact keeps the sentence and the character offsets in
the original file that state it.
"""

from __future__ import annotations

import re

from ..ingest import latest_year
from ..model import Article, Entity, Evidence, ExtractedDocument, Fact, Mention
from ..nlp.doc_state import ORG_TYPES, DocState
from ..nlp.lines import PROFILE_LABEL, bullet_end, masthead_entries, nonblank_lines
from ..predicates import predicate as registered
from ..resources import lexicon
from ..spans import Spans
from ..vocabulary import longest_first
from .holders import Resolver
from .patterns import (
    clean_role,
    is_cyclic,
    looks_like_role,
    negative_words,
    next_conferral_year,
    orgs,
    year_before,
)
from .text_units import SentenceIndex, clause_bounds

CHAIN_SEPS = "，,、"
CLAUSE_SEP = re.compile(r"[，,；;]")
PAST_POST = ("原", "退休前", "曾任")
STORY_CLAUSE_END = re.compile(r"[。！？；;，,\n]")
STORY_COMPANY_WORDS = ("该集团公司", "集团公司", "该集团", "该公司", "本公司")
PROFILE_OPENING = re.compile(r"\s*" + PROFILE_LABEL)
MEDIA_TAIL = re.compile(r"(?:报|网|台|社|周末|在线|客户端|杂志|周刊|全媒体中心|融媒体中心|新闻中心)$")
BYLINE = re.compile(r"(?:全媒体|首席|特约|实习|见习|本报)?记者\s*(?:[\u4e00-\u9fff]{2,4}\s+)*$")
STUDIO_LEAD = re.compile(r"(?:领衔人|带头人|负责人|领办人)")
LED_BY = re.compile(r"(?:由|以)([\u4e00-\u9fff]{2,4})(?:领衔|牵头|带头|领办|负责)的?[\u4e00-\u9fff]*$")


class FactReader:
    """Reads facts from one article's mentions."""

    def __init__(self, st: DocState):
        self.st = st
        self.article: Article = st.article
        self.text = self.article.text
        self.sentences = SentenceIndex(self.text)
        self.persons = Spans(m for m in st.mentions if m.type == "Person")
        self.honours = Spans(m for m in st.mentions if m.type == "Honour")
        self.orgs = Spans(orgs(st))
        self.triggers = tuple(sorted(lexicon("award_triggers"), key=longest_first))
        # 今年 needs the document's year: its date; an undated text's latest written year only places
        # honours conferred in fixed cycles (全国劳动模范: 2020, 2025), never others
        self.year = self.article.year or latest_year(self.article.original)
        self.year_estimated = self.article.year is None
        self.facts: list[Fact] = []
        self.list_headings: set[int] = set()  # honours that head a list of holders (a caption stops there)

    def this_year(self, honour: Mention) -> int | None:
        """What 今年 means for this honour: the document's year; when that is only estimated, the first
        year at or after it in which the honour is conferred (全国劳动模范 every five years)."""
        if self.year is None or not self.year_estimated:
            return self.year
        if not is_cyclic(honour.name):
            return None
        return next_conferral_year(honour.name, self.year)

    # -- evidence ---------------------------------------------------------------------------
    def add(self, subject: Mention, predicate: str, obj: Mention, year: int | None = None,
            role: str | None = None) -> None:
        pred = registered(predicate)  # an unknown predicate is an error, never a default
        if subject.type not in pred.subject_types or obj.type not in pred.object_types:
            return  # a studio holds no post, an honour leads nothing: the registry says what links what
        lo, hi = min(subject.start, obj.start), max(subject.end, obj.end)
        s_unit, e_unit = self.sentences.at(lo), self.sentences.at(max(lo, hi - 1))
        start, end = self.article.original_span(s_unit.start, e_unit.end)
        evidence = Evidence(self.article.doc_id, self.article.source, self.article.original[start:end].strip(),
                            start, end)
        self.facts.append(Fact(subject.name, predicate, obj.name, year, role or None, evidence))

    # -- awarded ----------------------------------------------------------------------------
    def awarded(self) -> None:
        """Every honour mention resolved to its holders (kg/extract/holders.py)."""
        resolver = Resolver(self.st, self.year, self.sentences, self.this_year)
        for award in resolver.awards():
            self.add(award.holder, "awarded", award.honour, award.year)
            if award.shape == "heading list":
                self.list_headings.add(award.honour.start)

    def _negated(self, h: Mention) -> bool:
        cs, ce = clause_bounds(self.text, h.start)
        clause = self.text[cs:min(len(self.text), ce + 6)]
        return any(w in clause for w in negative_words())

    # -- worksFor ---------------------------------------------------------------------------
    def works_for(self) -> None:
        studios = Spans(o for o in self.orgs if o.type == "Studio")
        previous: tuple[Mention, Mention, str] | None = None  # the last person with a post before the name
        for p in self.persons:
            if studios.containing(p.start, p.end):
                continue  # 某公司林某创新工作室: the studio's name, not a post
            before = self._posts_before(p)
            posts = before + self._posts_in_parentheses(p) + self._posts_after(p)
            if not before:
                before = self._posts_of_the_story_company(p)
                posts = before + posts
            if not posts and previous is not None:
                posts = self._same_body(previous, p)
            for org, role in posts:
                if org.type != "Studio" and not role.startswith(PAST_POST):
                    self.add(p, "worksFor", org, role=role)  # 原副总经理: a past post employs no more
            previous = (p, *before[0]) if before else previous
            org = self._employer_before_de(p)
            if org is not None:
                self.add(p, "worksFor", org)

    def _posts_of_the_story_company(self, p: Mention) -> list[tuple[Mention, str]]:
        """集团公司党委书记、董事长林某 (a clause that opens with 集团公司): the story's one group named before is
        the employer; 该公司党委副书记林某: the company named last before."""
        cs = max((m.end() for m in STORY_CLAUSE_END.finditer(self.text, max(0, p.start - 40), p.start)),
                 default=max(0, p.start - 40))
        head = next((w for w in STORY_COMPANY_WORDS if self.text.startswith(w, cs)), None)
        role = self.text[cs + len(head):p.start] if head else ""
        if not head or not looks_like_role(role):
            return []
        wanted = "集团" if "集团" in head else "公司"
        before = [o for o in self.orgs if o.type == "Company" and wanted in o.name and o.end <= cs]
        if head.startswith("该"):  # 该公司: the one just named
            return [(before[-1], clean_role(role))] if before else []
        named = {o.name: o for o in before}
        return [(next(iter(named.values())), clean_role(role))] if len(named) == 1 else []

    def _same_body(self, previous: tuple[Mention, Mention, str], p: Mention) -> list[tuple[Mention, str]]:
        """某集团党委书记、董事长甲参加…，党委副书记、总经理乙主持 / 县总工会副主席甲，副主席兼经审委主任乙:
        posts alone before a name, in the sentence of a name with its body and a post of the same body
        (the two share a post word, 副 aside), are posts of that body."""
        q, org, q_role = previous
        start = max((m.end() for m in CLAUSE_SEP.finditer(self.text, q.end, p.start)), default=-1)
        if start < 0 or self.sentences.at(q.start) is not self.sentences.at(p.start):
            return []
        role = self.text[start:p.start]
        if not looks_like_role(role) or not _post_words(role) & _post_words(q_role):
            return []
        return [(org, clean_role(role))]

    def _employer_before_de(self, p: Mention) -> Mention | None:
        """来自某某公司的林某, 某快递的檀某: the organisation whose person this is."""
        if self.text[p.start - 1:p.start] != "的":
            return None
        end = p.start - 1
        unit = re.search(r"[（(][^（()）]{1,24}[)）]$", self.text[max(0, end - 26):end])
        if unit:  # 某公司(矿山救护大队)的李某
            end -= len(unit.group(0))
        org = next((o for o in self.orgs.ending_in(end, end)
                    if o.type in ("Company", "EducationInstitution", "OtherOrganization", "GovernmentBody")), None)
        before = self.text[max(0, org.start - 3):org.start] if org else ""
        return org if org and (before.endswith("来自") or not re.search(r"[\u4e00-\u9fff]$", before)) else None

    def _posts_after(self, p: Mention) -> list[tuple[Mention, str]]:
        """林某是某公司执行总裁 / 林某为某学院教师 / 张某，主任医师，某医院头颈外科主任，某协会委员 /
        某某，52岁，…，现任某市总工会副调研员: the posts written after a name that opens its sentence."""
        unit = self.sentences.at(p.start)
        label = PROFILE_OPENING.match(self.text, unit.start)  # 【人物档案】潘某，52岁，…
        if p.start - (label.end() if label else unit.start) > 2:
            return []
        out: list[tuple[Mention, str]] = []
        pos = p.end
        lead = re.match(r"(?:是|为|现为|现任|任)", self.text[pos:pos + 2])
        segments = re.split(r"([，,；;])", self.text[pos + (lead.end() if lead else 0):unit.end])
        offset = pos + (lead.end() if lead else 0)
        titles: list[str] = []
        for seg in segments:
            if seg in "，,；;":
                offset += len(seg)
                continue
            body = re.sub(r"^(?:现任|曾任|担任|兼任|任)", "", seg)
            shift = len(seg) - len(body)
            org = next(iter(self.orgs.starting_in(offset + shift, offset + shift + 1)), None)
            if org is not None:
                role = self.text[org.end:offset + len(seg)].strip("。 ")
                if seg.startswith("曾任") or not (looks_like_role(role) or not role):
                    break
                out.append((org, clean_role("，".join(titles + [role]) if titles and not out else role)))
            elif looks_like_role(body.strip("。 ")) and not out:
                titles.append(body.strip("。 "))  # 主任医师，教授，… before the first organisation
            elif out:
                break  # 52岁, 男, 汉族 are read over; anything else after the posts ends them
            offset += len(seg)
        return out

    def _posts_before(self, p: Mention) -> list[tuple[Mention, str]]:
        """ORG ROLE NAME, and the ORG ROLE segments chained before it by commas or 、."""
        out = []
        end = p.start
        while True:
            org = next((o for o in reversed(self.orgs.ending_in(end - 30, end))
                        if not self.persons.within(o.end, end)
                        and "\n" not in self.text[o.end:end]), None)  # a post line never reaches the next line's name
            if not org:
                break
            org, role = self._outside_brackets(org, end)
            if org.text.endswith("部") and role.startswith("长"):
                role = "部" + role  # 省委宣传部|长: the department's head, 部长
            if not (looks_like_role(role) or (role == "" and end == p.start)):
                break
            if self.honours.overlapping(org.end, end):
                break
            out.append((org, clean_role(role)))
            end = org.start
            if end > 0 and self.text[end - 1] in CHAIN_SEPS:
                end = self._over_honours(end - 1)
                continue
            break
        return out

    def _over_honours(self, end: int) -> int:
        """某政协委员、全国劳动模范、2022年某某年度人物提名人选、某总工会副主席林某: the honours between the
        posts of one person are passed over (up to three), so the chain reaches the posts before them."""
        for _ in range(3):
            start = max(self.text.rfind(c, 0, end) for c in CHAIN_SEPS) + 1
            if start <= 0 or not self.honours.within(start, end) or self.orgs.within(start, end):
                break
            end = start - 1
        return end

    def _outside_brackets(self, org: Mention, end: int) -> tuple[Mention, str]:
        """某公司(某煤矿)的瓦检员林某: the organisation before the bracketed unit employs, the post follows the bracket."""
        role = self.text[org.end:end]
        unit = re.match(r"[（(][^（()）]{1,24}[)）]", role)
        if unit:
            return org, role[unit.end():]
        if role[:1] in ")）" and self.text[org.start - 1:org.start] in "(（":
            outer = next(iter(self.orgs.ending_in(org.start - 1, org.start - 1)), None)
            if outer is not None:
                return outer, role[1:]
        return org, role

    def _posts_in_parentheses(self, p: Mention) -> list[tuple[Mention, str]]:
        """李振华（某公司经理）."""
        m = re.match(r"[（(]([^（()）]{2,40})[）)]", self.text[p.end:p.end + 44])
        if not m:
            return []
        inner_start = p.end + 1
        org = next(iter(self.orgs.starting_in(inner_start, inner_start + 1)), None)
        if not org:
            return []
        role = self.text[org.end:p.end + 1 + len(m.group(1))]
        return [(org, clean_role(role))] if looks_like_role(role) or not role else []

    # -- bylines -----------------------------------------------------------------------------
    def bylines(self) -> None:
        """某某日报记者 林某 / (记者 林某) in a 某某日报讯 story / 文|某某周末记者 林某: a reporter works for
        the outlet named with 记者, or for the outlet whose dateline or credit the story carries.
        通讯员 (a correspondent) works for no outlet here."""
        outlets = [o for o in self.orgs if MEDIA_TAIL.search(o.name)]
        home = self._story_outlet(outlets)
        for p in self.persons:
            m = BYLINE.search(self.text[max(0, p.start - 16):p.start])
            if m is None:
                continue
            cue_start = p.start - (len(self.text[max(0, p.start - 16):p.start]) - m.start())
            named = [o for o in outlets if 0 <= cue_start - o.end <= 1 or _joined_by_dot(self.text, o, outlets, cue_start)]
            for org in named or ([home] if home is not None else []):
                self.add(p, "worksFor", org, role="记者")

    def _story_outlet(self, outlets: list[Mention]) -> Mention | None:
        """The outlet that carries the story: its dateline (某某日报讯, 某某网5月5日讯), its source line
        (来源：某某日报, 本文首发于某某), or its closing credit ((某某晚报))."""
        for o in outlets:
            after = self.text[o.end:o.end + 12]
            before = self.text[max(0, o.start - 8):o.start]
            if re.match(r"(?:\d{1,2}月\d{1,2}日)?(?:讯|电)", after) or re.search(r"(?:来源|首发于|稿件来源)\s*[:：|]?\s*$", before) \
                    or (before.endswith(("(", "（")) and after.startswith((")", "）")) and o.end >= len(self.text.rstrip()) - 2):
                return o
        return None

    # -- caption blocks ---------------------------------------------------------------------
    def captions(self) -> None:
        """Name on its own line, then post lines and honour lines (2019年全国五一劳动奖章获得者)."""
        lines = nonblank_lines(self.text)
        for i, (ls, le) in enumerate(lines):
            start = bullet_end(self.text, ls, le)
            person = next((p for p in self.persons.starting_in(start, start + 1) if p.end == le), None)
            if not person:
                continue
            for js, je in lines[i + 1:i + 6]:
                at = bullet_end(self.text, js, je)
                if any(p.end == je for p in self.persons.starting_in(at, at + 1)):
                    break  # the next item's name
                line_orgs = self.orgs.within(js, je)
                line_honours = self.honours.within(js, je)
                if any(h.start in self.list_headings for h in line_honours):
                    break  # 全国巾帼文明岗 heading the next holders: the caption ended before it
                for h in line_honours:
                    if self._caption_honour(h, js):
                        self.add(person, "awarded", h, year_before(self.text, h.start, self.this_year(h)))
                for k, o in enumerate(line_orgs):
                    if any(h.start <= o.start < h.end for h in line_honours):
                        continue
                    stop = min([x.start for x in line_orgs[k + 1:] + line_honours if x.start >= o.end] + [je])
                    role = re.sub(r"(?:19|20)\d{2}\s*年(?:度)?$", "", self.text[o.end:stop].rstrip("、，, “\"")).rstrip("、，, ")
                    if looks_like_role(role) or not role:
                        self.add(person, "worksFor", o, role=clean_role(role))

    def _caption_honour(self, h: Mention, line_start: int) -> bool:
        """In a caption an honour is held when it opens the line, follows a year or precedes 获得者."""
        before = self.text[line_start:h.start]
        return (not before.strip("“\" ") or bool(re.search(r"(?:19|20)\d{2}\s*年(?:度)?[“\"]?$", before))
                or self.text.startswith("获得者", h.end) or self.text.startswith("”获得者", h.end))

    # -- a company's own people ------------------------------------------------------------
    def own_people(self) -> None:
        """航运公司…成功培育出“中央企业劳动模范”郑海波、吴志刚: the company's people, no post stated."""
        for verb in lexicon("cultivate_verbs"):
            for m in re.finditer(re.escape(verb), self.text):
                unit = self.sentences.at(m.start())
                company = next((o for o in self.orgs.within(unit.start, m.start()) if o.type == "Company"), None)
                if not company:
                    continue
                for p in self.persons.starting_in(m.end(), unit.end):
                    self.add(p, "worksFor", company)

    # -- list lines ---------------------------------------------------------------------------
    def list_lines(self) -> None:
        """林某 某公司高级技师 / 某省：陈某 某中学教师: a name that opens a list line works where the line says."""
        for s, e in nonblank_lines(self.text):
            person = next(iter(self.persons.starting_in(s, e)), None)
            if person is None or not re.fullmatch(r"[\s\d.．、)）(（]*(?:[\u4e00-\u9fff]{2,8}[：:])?\s*", self.text[s:person.start]):
                continue
            rest = self.text[person.end:e]
            if not rest[:1].isspace() and rest[:1] not in ",，":
                continue
            line_orgs = self.orgs.within(person.end, e)
            if line_orgs:
                org = line_orgs[0]
                role = self.text[org.end:e].strip().rstrip("；;。，,")
                if looks_like_role(role) or not role:
                    self.add(person, "worksFor", org, role=clean_role(role))

    # -- masthead ---------------------------------------------------------------------------
    def masthead(self) -> None:
        """编 委 会 主 任 钱立新 under 《广东工运》: the staff of the publication the masthead names."""
        entries = masthead_entries(self.text)
        if not entries:
            return
        first_line = min(line for _r, _s, line in entries)
        pubs = [o for o in self.orgs.ending_in(first_line - 300, first_line) if o.type == "OtherOrganization"]
        if not pubs:
            return
        pub = pubs[0]
        for role, (s, e), _line in entries:
            person = next((p for p in self.persons.starting_in(s, s + 1) if p.end == e), None)
            if person:
                self.add(person, "worksFor", pub, role=role)

    # -- 作者单位 ----------------------------------------------------------------------------
    def author_units(self) -> None:
        m = re.search(r"作者单位\s*[|｜:：]\s*([^\n]+)", self.text)
        by = re.search(r"(?:^|\n)\s*文\s*[|｜]\s*([^\n]+)", self.text)
        if not m or not by:
            return
        authors = self.persons.starting_in(by.start(1), by.end(1))
        units = self.orgs.starting_in(m.start(1), m.end(1))
        if not authors or not units:
            return
        if len(units) == len(authors) > 1:
            pairs = zip(authors, units, strict=True)
        else:
            pairs = ((a, units[0]) for a in authors)
        for a, u in pairs:
            self.add(a, "worksFor", u)

    # -- leads ------------------------------------------------------------------------------
    def leads(self) -> None:
        names = sorted({p.name for p in self.persons})
        for studio in (o for o in self.orgs if o.type == "Studio"):
            inside = self.persons.within(studio.start, studio.end)
            if not inside:
                inside = [Mention(studio.start, studio.start + len(n), n, "Person", n)
                          for n in names if studio.name.find(n) >= 0]
            for p in inside[:1]:
                self.add(p, "leads", studio)
            after = self.text[studio.end:studio.end + 8]
            lead = STUDIO_LEAD.match(after)
            if lead:
                at = studio.end + lead.end()
                p = next(iter(self.persons.starting_in(at, at + 2)), None)
                if p:
                    self.add(p, "leads", studio)
            before = LED_BY.search(self.text[max(0, studio.start - 24):studio.start])
            if before:  # 由邵某领衔的某某技能大师工作室
                at = studio.start - (len(self.text[max(0, studio.start - 24):studio.start]) - before.start(1))
                p = next(iter(self.persons.starting_in(at, at + 1)), None)
                if p:
                    self.add(p, "leads", studio)


def _joined_by_dot(text: str, o: Mention, outlets: list[Mention], cue: int) -> bool:
    """农民日报·中国农网记者: both outlets the reporter writes for."""
    nxt = next((x for x in outlets if x.start == o.end + 1), None)
    return text[o.end:o.end + 1] == "·" and nxt is not None and 0 <= cue - nxt.end <= 1


def extract_facts(st: DocState) -> list[Fact]:
    reader = FactReader(st)
    reader.awarded()
    reader.works_for()
    reader.bylines()
    reader.captions()
    reader.author_units()
    reader.masthead()
    reader.list_lines()
    reader.own_people()
    reader.leads()
    return _unique(reader.facts)


def _unique(facts: list[Fact]) -> list[Fact]:
    """One fact per (subject, predicate, object, year); posts at one organisation join with 、."""
    merged: dict[tuple, Fact] = {}
    for f in facts:
        key = (f.subject, f.predicate, f.object, f.year)
        if key not in merged:
            merged[key] = f
        elif f.role:
            kept = merged[key]
            parts = kept.role.split("、") if kept.role else []
            kept.role = "、".join(parts + [p for p in f.role.split("、") if p not in parts])
    return list(merged.values())


def extract_document(st: DocState) -> ExtractedDocument:
    entities: list[Entity] = [e for e in st.entities if e.type in ORG_TYPES + ("Person", "Honour")]
    return ExtractedDocument(st.article, entities, extract_facts(st))


def _post_words(role: str) -> set[str]:
    """The post words of a role, 副 and 常务 aside (党委副书记 → 党委书记, 副主席 → 主席)."""
    return {w for w in re.split(r"[、兼]", re.sub(r"常务|副", "", role)) if w}
