"""Every honour mention resolved to its holders, by one mechanism: a scope, candidates, a decision.

For each honour the text names, the shapes that real text uses to say who holds it are tried in
order, each a small registered function that returns the holders it finds (people and collectives:
companies, 车间/班组, teams, hospitals, unions, studios) or nothing:

- a heading with one holder per line under it (全国五一劳动奖章 / 林某 某公司高级技师 / 某某公司);
- recipients after a granting verb (授予林某、陈某等五位同志“H”称号; 命名某某等30名同志为“H”);
- subjects before an award verb (某医院主任林某，某小学校长陈某…被授予H; 林某获得了2019年“H”);
- an enumeration after the honour (N人入选“H”，他们是：A、B; 这N家工作室分别是A、B);
- the person an appositive honour describes (H获得者、某公司钳工林某; 林某是某公司技师，H获得者);
- a caption block (林某 / 某公司焊工 / 2019年度H).

Candidates and nominees (拟表彰, 公示, 推荐对象, 培育对象 …) hold nothing, nor does a presenter (代表A向B
授予H: B holds it) or an organisation that only employs a holder (某公司林某荣获H: 林某 holds it).
The year is the one written with the honour, else the year of the clause (她2015年获…), else the year
of the event the story reports (its headline or lead), else the document's year where the text says
今年/日前/近日 or gives a date without a year (去年: one less); else none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property

from ..model import Article, Mention
from ..nlp.doc_state import DocState
from ..nlp.entities import post_follows
from ..nlp.lines import bullet_end, nonblank_lines
from ..resources import lexicon
from ..spans import Lines, Spans
from ..vocabulary import ORG_TYPES, longest_first
from .text_units import SentenceIndex

YEAR = r"(?:(?:19|20)\d{2}|[一二][〇零九][〇零一二三四五六七八九]{2})"
# 2021年度“H”, 2019年第三届H, and 2020“H” (a bare year right before the quotes)
YEAR_BEFORE = re.compile(rf"(?<!\d)({YEAR})(?:\s*年(?:度)?)?[“\"「]?\s*(?:第[一二三四五六七八九十\d]+届|首届)?[“\"「]?$")
YEAR_ANY = re.compile(rf"({YEAR})\s*年")
RELATIVE = re.compile(r"今年|去年|日前|近日|近期|目前|本届|(?<![\d年])\d{1,2}月\d{1,2}日")
RUN_GAP = re.compile(rf"^(?:[、和及与“”\"「」\s]|{YEAR}\s*年度?|第[一二三四五六七八九十\d]+届|首届|等)*$")
GROUP_OF = r"(?:的|之)(?:单位|集体|个人|人员|同志|职工|工作室)"  # 荣获H的单位(是)…: those who hold it
LIST_CUE = re.compile(r"(?:分别|依次)(?:(?:是|为|如下)\s*[:：,，]?|\s*[:：])"  # 分别介绍: no list
                      r"|(?:他们|她们)(?:是|为|当?中有)\s*[:：,，]?"  # 他们是：…, 他们中有…; 介绍了他们的事迹: no list
                      r"|(?:名单如下|获奖者|" + GROUP_OF + r"|其中)"
                      r"(?:是|为|如下)?\s*[:：,，]?")
AFTER_HONOUR = re.compile(r"[”\"」]?(?:称号|荣誉称号)?[”\"」]?(?:(?:分别|依次)(?:是|为)|为|如下)\s*[:：,，]?")
SEP = "、，,；;和及与\t "
MAX_CLAUSE = 120  # characters read on either side of an honour for its own clause
MAX_HEADING = 200  # a heading line names an honour and little else
AWARD_VERB = re.compile(r"获|授予|表彰|命名|评为|评选|当选|入选|揭晓|名单|上榜|颁发|颁奖|认定|选树|殊荣|推选|选出|评出|公布|发布")
BACK_REFERENCE = re.compile(r"获此殊荣|获此荣誉|获此称号|榜上有名|光荣上榜|上榜|名列其中|位列其中")
CONFERRING_VERBS = ("授予", "决定", "表彰", "命名", "颁发", "印发", "发布", "公布", "联合", "共同", "进行", "开展",
                    "组织", "举办", "召开", "主办", "评选", "选树", "推荐", "认定", "批准", "评审")
WORKPLACE_VERBS = ("进入", "加入", "来到", "调入", "调到", "考入", "入职", "就职于", "任职于", "供职于", "工作于", "在")
ANONYMOUS = re.compile(r"(?:\d+|[一二两三四五六七八九十百千]+)\s*(?:个|名|人|位|家|项|支)")

Shape = Callable[["Resolver", Mention], list[Mention] | None]
DESCRIPTIVE = ("appositive",)  # shapes that describe a holder rather than report an award
SHAPES: list[tuple[str, Shape]] = []


def shape(name: str) -> Callable[[Shape], Shape]:
    """Register a shape family; they are tried in the order they are defined."""
    def register(fn: Shape) -> Shape:
        SHAPES.append((name, fn))
        return fn
    return register


@dataclass
class Award:
    holder: Mention
    honour: Mention
    year: int | None
    shape: str


@cache
def _words(name: str) -> tuple[str, ...]:
    return tuple(sorted(lexicon(name), key=longest_first))


class Resolver:
    """Reads one article's honour mentions and finds who holds each."""

    def __init__(self, st: DocState, doc_year: int | None, sentences: SentenceIndex,
                 this_year: Callable[[Mention], int | None] | None = None):
        self.st = st
        self.this_year = this_year or (lambda _h: doc_year)
        self.dated = st.article.year is not None
        self.article: Article = st.article
        self.text = self.article.text
        self.sentences = sentences
        self.doc_year = doc_year
        self.persons = Spans(m for m in st.mentions if m.type == "Person")
        self.orgs = Spans(m for m in st.mentions if m.type in ORG_TYPES)
        self.honours = Spans(m for m in st.mentions if m.type == "Honour")
        self.honours_named: dict[str, list[Mention]] = {}
        for o in self.honours:
            self.honours_named.setdefault(o.name, []).append(o)
        self.person_starts = {m.start for m in self.persons}
        self.lines = Lines(nonblank_lines(self.text))
        self._run_starts: dict[int, int] = {}
        self.subject_triggers = _words("award_triggers")
        self.recipient_triggers = _words("recipient_triggers")
        self.history = _words("history_markers")
        self.candidate_words = _words("candidate_words")
        self.event_words = _words("event_after_honour")
        self.event_year = self._event_year()

    # -- the mechanism -------------------------------------------------------------------------
    def awards(self) -> list[Award]:
        out: list[Award] = []
        for h in self.honours:
            if self._negated(h) or self._names_an_event(h):
                continue
            for name, fn in SHAPES:
                holders = fn(self, h)
                if holders and len(holders) > 1 and self._levels_shared(h):
                    break  # 6名全国、海南劳动模范组成: who holds which level, the text does not say
                if holders:
                    reported = name not in DESCRIPTIVE and self._reports_award(h, name)
                    out += [Award(p, h, self.year_of(h, p, reported=reported), name) for p in holders]
                    break
        return out

    # -- candidates ------------------------------------------------------------------------------
    def candidates(self, a: int, b: int) -> list[Mention]:
        """Holders named in [a, b): people, and collectives that are not just someone's employer, a
        conferrer or a studio's leader's name."""
        people = [p for p in self.persons.within(a, b) if not self._byline(p)]
        orgs = self.orgs.within(a, b)
        studios = Spans(o for o in orgs if o.type == "Studio")
        people = [p for p in people if not studios.containing(p.start, p.end)]
        collectives = [o for o in orgs if o.type != "Studio"
                       and not self._employer(o, b) and not self._conferrer(o) and not self._workplace(o)
                       and not studios.overlapping(o.start, o.end)]
        out = Spans(people + studios + collectives)
        return [m for m in out if not any(o is not m for o in out.containing(m.start, m.end))]

    def _byline(self, p: Mention) -> bool:
        """(通讯员 覃某 林某), 记者 某某: the reporter is no holder."""
        return bool(re.search(r"(?:记者|通讯员|(?<!工)作者|编辑|摄影|责编)[^()（）\n，,。；;]{0,12}$", self.text[max(0, p.start - 16):p.start]))

    def _employer(self, org: Mention, limit: int) -> bool:
        """某公司高级品酒师、高级技师林某, 某公司的林某, 某集团共10个集体, 某公司研发中心主任: the
        organisation is where holders work, or whose people are counted; it holds nothing itself."""
        nxt = self.persons.first_from(org.end)
        nxt = nxt if nxt is not None and nxt.start < limit else None
        bracket = re.match(r"[（(][^（()）]{1,24}[)）]", self.text[org.end:org.end + 26])
        gap_start = org.end + (bracket.end() if bracket else 0)  # 某公司(某煤矿)的瓦检员林某: the unit in brackets
        if nxt is not None and nxt.start - org.end <= 24 + (bracket.end() if bracket else 0) \
                and not re.search(r"[，,。；;等]", self.text[gap_start:nxt.start]) \
                and not self.orgs.starting_in(gap_start, nxt.start):
            return True
        after = self.text[gap_start:gap_start + 10]
        if after.lstrip(")）").startswith(("的", "所属", "下属", "旗下")) or re.match(rf"(?:共|有|首次|同时)?{ANONYMOUS.pattern}", after):
            return True
        return post_follows(self.text, org.end, sorted(self.person_starts))

    def _workplace(self, org: Mention) -> bool:
        """自1991年进入某所从事…, 在某公司工作: where someone works or worked, named as a place; the
        person holds the honour."""
        return self.text[max(0, org.start - 3):org.start].endswith(WORKPLACE_VERBS)

    def _conferrer(self, org: Mention) -> bool:
        after = self.text[org.end:org.end + 8]
        before = self.text[max(0, org.start - 2):org.start]
        # 被某局授予, 由某会颁发; 从某工会获悉, 向某局推荐, 据某报, 来自某公司: it confers, tells or is a source
        return after.startswith(CONFERRING_VERBS) or before.endswith(("被", "由", "经", "从", "向", "据", "来自")) \
            or bool(re.match(r"(?:和|、)[^，。；]{0,30}?(?:授予|决定|表彰|联合|共同)|(?:将|还|也)?(?:为|向|给)[^，。；]{0,30}?(?:颁发|授予|颁奖)",
                             after + self.text[org.end + 8:org.end + 30]))  # 某委将为“H”颁发证书

    # -- negation -------------------------------------------------------------------------------
    def _negated(self, h: Mention) -> bool:
        """拟表彰, 公示, 推荐对象, 培育对象, 候选, 提名: a candidate, not a holder. The word counts in the
        honour's own clause (…、2022年某某年度人物提名人选、…: that honour only), in a sentence it
        opens (拟授予…), or in the title."""
        unit = self.sentences.at(h.start)
        a, b = max(unit.start, h.start - MAX_CLAUSE), min(unit.end + 1, h.end + MAX_CLAUSE)
        lo = max([a] + [m.end() + a for m in re.finditer(r"[、，,；;]", self.text[a:h.start])])
        hi = next((m.start() + h.end for m in re.finditer(r"[、，,；;。]", self.text[h.end:b])), min(unit.end, b))
        clause = self.text[lo:min(len(self.text), hi + 2)]
        if any(w in clause for w in self.candidate_words):
            return True
        opening = self.text[unit.start:unit.start + 12]
        if any(opening.lstrip("（( ").startswith(w) for w in ("拟", "关于拟", "推荐", "候选")):
            return True
        return any(w in self._title() for w in ("公示", "拟表彰", "拟授予", "推荐对象", "候选人", "培育对象"))

    def _names_an_event(self, h: Mention) -> bool:
        """全国劳动模范和先进工作者表彰大会筹委会…: honours (a run of them) named in an event's name are held by
        nobody there (data/lexicons/event_after_honour.txt)."""
        end = h.end
        while (nxt := self.honours.first_from(end)) is not None and nxt.start - end <= 12 \
                and RUN_GAP.match(self.text[end:nxt.start]):
            end = nxt.end
        after = self.text[end:end + 8].lstrip("”\"」")
        return after.startswith(self.event_words)

    @cached_property
    def _heading_text(self) -> str:
        """The title and the first line (the first 80 characters of a text with no line break)."""
        first = self.text.find("\n", 0, 4000)
        return (self.article.title or "") + self.text[: first if first >= 0 else 80]

    def _title(self) -> str:
        return self._heading_text

    # -- years ----------------------------------------------------------------------------------
    def year_of(self, h: Mention, holder: Mention, reported: bool = True) -> int | None:
        """Written with the honour, else in its clause, else the reported event's, else the document's
        where the text says 今年/近日 or a date without a year."""
        y = _year_before(self.text, h.start)
        if y:
            return y
        clause = self._clause_before(min(h.start, holder.start), h.start)
        years = [int(_arabic(m.group(1))) for m in YEAR_ANY.finditer(clause) if not _starts_a_span(clause, m)]
        if any(w in clause for w in self.history):
            # 先后荣获…: a life's honours, each with its own year or none; a year written with another honour
            # of the list (2019年度某省劳动模范、第四届某市能工巧匠) is that honour's
            clause_start = h.start - len(clause)
            own = {_year_before(self.text, o.start) for o in self.honours.within(clause_start, h.start)}
            free = [y for y in years if y not in own]
            return free[-1] if free else None
        if years:
            return years[-1]
        if not reported:
            return None  # “大国工匠”人才、某公司技师王某: a description, not the award the story reports
        sentence = self.text[self.sentences.at(min(h.start, holder.start)).start:h.start]
        edition = self._edition_year(h)
        if edition:
            return edition  # 2021年度“安徽工匠” written elsewhere in the story: the awards it reports
        unit = self.sentences.at(h.start)
        siblings = [_year_before(self.text, o.start) for o in self.honours.starting_in(unit.start, h.start)]
        if any(siblings):
            return [y for y in siblings if y][-1]  # 集团荣获2011年H1，某某荣获H2: one ceremony, one year
        if "去年" in clause and self.dated:
            return self.doc_year - 1
        if RELATIVE.search(clause) or RELATIVE.search(sentence):
            return self.this_year(h)  # 近日，某某被授予…: the story's own year
        return self.event_year

    def _levels_shared(self, h: Mention) -> bool:
        """One written span that names the same kind at several levels (全国、省劳动模范)."""
        return len({o.name for o in self.honours.starting_in(h.start, h.start + 1) if o.end == h.end}) > 1 \
            and any(c in self.text[h.start:h.end] for c in "、和及")

    def _reports_award(self, h: Mention, shape_name: str) -> bool:
        """A heading, a caption or a sentence with an award verb reports the award; 宣讲团由6名全国劳动模范
        组成 only describes people who hold it."""
        if shape_name != "enumeration":
            return True  # a verb, a heading or a caption: the shape itself reports the award
        for o in [h] + self.honours_named.get(h.name, []):  # 2020“H”发布晚会…这10名“H”分别是: the
            unit = self.sentences.at(o.start)  # story reports this honour's award where it names it
            if AWARD_VERB.search(self.text, unit.start, min(len(self.text), unit.end + 1)):
                return True
        return False

    def _edition_year(self, h: Mention) -> int | None:
        """The one year the story writes with this honour anywhere (2021年度“某某工匠”选树活动)."""
        years = {_year_before(self.text, o.start) for o in self.honours_named.get(h.name, [])}
        years.discard(None)
        return years.pop() if len(years) == 1 else None

    def _clause_before(self, first: int, end: int) -> str:
        """The clause that holds both the holder and the honour, with a time phrase opening it
        (2023年5月，周某凭借…被授予): where a year stated for this award would stand."""
        unit = self.sentences.at(first)
        seps = [m.end() for m in re.finditer(r"[，,；;]", self.text[unit.start:first])]
        start = unit.start + seps[-1] if seps else unit.start
        prev = self.text[unit.start + seps[-2]:start] if len(seps) >= 2 else self.text[unit.start:start]
        if re.fullmatch(rf"\s*(?:{YEAR}\s*年[^，,]{{0,8}}|今年[^，,]{{0,6}}|去年[^，,]{{0,6}})[，,]", prev):
            start -= len(prev)
        return self.text[start:end]

    def _event_year(self) -> int | None:
        """The year of the event the story reports: written in its headline or lead, or the
        document's year where the lead says 今年/近日 or dates the event without a year."""
        head = self._title()
        lead = next((self.text[u.start:u.end] for u in self.sentences.units
                     if u.end - u.start >= 10 and re.search(r"[，,]", self.text[u.start:u.end])), "")
        for part in (head, lead):
            for m in YEAR_ANY.finditer(part):
                if not _starts_a_span(part, m):
                    return int(_arabic(m.group(1)))
        if "去年" in lead and self.dated:
            return self.doc_year - 1
        if self.dated and (RELATIVE.search(lead) or RELATIVE.search(head)):
            return self.doc_year
        return None

    # -- helpers for the shapes ------------------------------------------------------------------
    def run_start(self, h: Mention) -> int:
        """Where the run of honours that h ends begins: “H1”“H2”、H3等 share one verb."""
        return self._run_start_from(h.start)

    def _run_start_from(self, start: int) -> int:
        """Remembered per start, so a run of thousands of honours is walked once, not once each."""
        walked = []
        while start not in self._run_starts:
            walked.append(start)
            before = next(self.honours.backwards_from(start), None)
            if before is None or start - before.end > 12 or not RUN_GAP.match(self.text[before.end:start]):
                self._run_starts[start] = start
                break
            start = before.start
        for pos in walked:
            self._run_starts[pos] = self._run_starts[start]
        return self._run_starts[start]

    def line_of(self, pos: int) -> tuple[int, int] | None:
        return self.lines.at(pos)


def _all(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


def _arabic(year: str) -> str:
    digits = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
    return "".join(digits.get(c, c) for c in year)


SPAN_AFTER_YEAR = re.compile(r"以来|至今|期间|截至|成立|起|出生|生人|参加工作|入职|进厂|毕业|入伍|入党|进入|加入|调入|考入")


def _starts_a_span(text: str, m: re.Match[str]) -> bool:
    """自2013年起, 2012至2014年度, 自1991年进入某所…以来, 1969年出生: the start of a span or of a life's
    stage, not the year of an award or an event."""
    return bool(SPAN_AFTER_YEAR.search(text[m.end():m.end() + 4])
                or re.search(r"[至到—\-~自从]$", text[max(0, m.start() - 1):m.start()])
                or re.match(r"\s*[至到—\-~]", text[m.end():]))


def _year_before(text: str, start: int) -> int | None:
    """2019年全国五一劳动奖章, 2021年度“某某工匠”, 2024年第九批…"""
    m = YEAR_BEFORE.search(text[max(0, start - 12):start])
    return int(_arabic(m.group(1))) if m else None


# -- the shapes ---------------------------------------------------------------------------------

@shape("caption")
def caption(r: Resolver, h: Mention) -> list[Mention] | None:
    """林某 / 某公司焊工 / 2019年度全国五一劳动奖章获得者: a name alone on its line heads a block of
    post and honour lines, with no blank line between."""
    line = r.line_of(h.start)
    if line is None:
        return None
    before = r.text[line[0]:h.start]
    if before.strip("“\" ") and not re.fullmatch(rf"\s*{YEAR}\s*年度?[“\"]?", before):
        return None
    if r.candidates(h.end, line[1]):
        return None  # 全国三八红旗集体某某公司工艺设计室: a heading with its holder, not a caption line
    k = r.lines.index_of(line)
    for j in range(k - 1, max(-1, k - 6), -1):
        s, e = r.lines[j]
        if r.text.count("\n", e, r.lines[j + 1][0]) > 1:
            return None  # a blank line: the block ended before
        start = bullet_end(r.text, s, e)
        person = next((p for p in r.persons.starting_in(start, start + 1) if p.end == e), None)
        if person is not None:
            return [person]
        if re.search(r"[。！？]", r.text[s:e]) or any(r.candidates(o.end, e) for o in r.honours.starting_in(s, e)):
            return None  # a sentence, or another heading with its own holder, ends the block
    return None


@shape("heading list")
def heading_list(r: Resolver, h: Mention) -> list[Mention] | None:
    """全国五一劳动奖章 / 林某 某公司高级技师 / 某某食品股份有限公司 / 某省：陈某 某中学教师: a heading line
    and one holder a line under it, until the next heading or prose."""
    line = r.line_of(h.start)
    if line is None or not _heading(r, h, line):
        return None
    glued = r.candidates(h.end, line[1])
    if glued:
        return glued  # 全国三八红旗集体某某公司工艺设计室: heading and holder on one line
    out: list[Mention] = []
    k = r.lines.index_of(line) + 1
    while k < len(r.lines):
        s, e = r.lines[k]
        in_line = r.honours.starting_in(s, e)
        if in_line and _heading(r, in_line[0], (s, e)):
            break
        above = r.lines[k - 1]
        if out and out[-1].type == "Person" and r.text[above[0]:above[1]].strip() == out[-1].text \
                and _detail_line(r, s, e):
            k += 1  # 林某 ⏎ 某公司: where the name alone above works, not a collective of its own
            continue
        item = _item_holders(r, s, e)
        if not item:
            if "。" in r.text[s:e] or (out and not _detail_line(r, s, e)):
                break
            k += 1  # 林某 ⏎ 某公司研发中心主任: the line under a name tells where the name works
            continue
        out += item
        k += 1
    return out


def _heading(r: Resolver, h: Mention, line: tuple[int, int]) -> bool:
    """A line that names an honour and little else: 2023年全国五一劳动奖章获得者名单(12人)."""
    s, e = line
    if e - s > MAX_HEADING:
        return False
    rest = r.text[s:h.start] + r.text[h.end:e]
    rest = re.sub(r"(?:19|20)\d{2}\s*(?:年度?)?|获得者|获奖者|名单|如下|[（(]\d+\s*[人个名家项][）)]|[“”\"「」:：\s一二三四五六七八九十、.．]|"
                  r"第[一二三四五六七八九十\d]+届|拟|表彰|受表彰|人员|集体|个人|先进|[（(][\u4e00-\u9fff]{1,6}[）)]", "", rest)
    if not rest:
        return True
    glued = r.orgs.starting_in(h.end, e)
    return bool(glued) and not re.search(r"[，,。；;]", r.text[s:e]) and h.start - s <= 12


def _detail_line(r: Resolver, s: int, e: int) -> bool:
    """A post line under a name: an organisation and a post, no name of its own."""
    return bool(r.orgs.starting_in(s, e)) and not r.persons.starting_in(s, e) \
        and not re.search(r"[。！？]", r.text[s:e])


def _item_holders(r: Resolver, s: int, e: int) -> list[Mention]:
    """One list line: NAME ORG POST, ORG POST NAME, 某省：NAME ORG POST, NAME、NAME, or a collective."""
    line = r.text[s:e]
    if len(line) > 90 or "。" in line[:-1]:
        return []
    people = r.persons.starting_in(s, e)
    if people:
        lead = people[0]
        if re.fullmatch(r"[\s\d.．、)）(（]*(?:[\u4e00-\u9fff]{2,8}[：:])?[\s]*", r.text[s:lead.start]):
            return [p for p in people if re.fullmatch(r"[\s、，,]*", r.text[lead.end:p.start]) or p is lead][:1] \
                if not re.search(r"[、]", line) else [p for p in people]
        last = people[-1]
        if not r.text[last.end:e].strip("，,；;。 "):
            return [last]  # ORG POST NAME
        return []
    orgs = r.candidates(s, e)
    if orgs and orgs[0].start - s <= 4 and len(orgs) == 1:
        return orgs  # a collective alone on its line
    return []


@shape("recipients")
def recipients(r: Resolver, h: Mention) -> list[Mention] | None:
    """授予林某、陈某等五位同志“H”荣誉称号; 授予A公司等N个单位H; 命名某某等30名同志为“H”; 为某某等“H”颁奖."""
    start = r.run_start(h)
    unit = r.sentences.at(start)
    lo = unit.start
    while lo > 0 and r.text[lo - 1] in "；;" and r.honours.ending_in(lo - 12, lo):
        lo = r.sentences.at(lo - 2).start  # 授予A等50个集体“H1”；B等166名个人“H2”: one verb, parallel clauses
    before = r.text[lo:start]
    found_at = sorted(((k, w) for w in r.recipient_triggers for k in _all(before, w)), reverse=True)
    granting = (r"[”\"」]?(?:称号)?(?:颁奖|颁发|授牌|颁证)")
    # 为某某等“十大工匠”颁奖: 为 grants only where 颁奖 follows; 命名某某为“H” is 命名's
    best = next(((k, w) for k, w in found_at if w != "为" or re.match(granting, r.text[h.end:h.end + 6])), None)
    if best is None:
        return None
    k, w = best
    k += lo - unit.start
    a = unit.start + k + len(w)
    clauses = [m.end() for m in re.finditer(r"[；;]", r.text[a:start])]
    if clauses:
        a += clauses[-1]  # the parallel clause this honour closes
    earlier = [o.end for o in r.honours.within(a, start)]
    if earlier:
        a = max(earlier)  # 命名A为H1，B等10名同志为H2: B alone for H2
    if "。" in r.text[a:start]:
        return None
    b = start
    named = r.text.rfind("为", a, start)
    if w == "命名" and named > a:
        b = named  # 命名 X 为 H
    toward = r.text.rfind("向", a, b)
    if toward > a:
        a = toward + 1  # 授予…向B: B holds it
    found = r.candidates(a, b)
    if not found:
        t = a - len(w)
        toward = r.text.rfind("向", unit.start, t)
        if toward >= 0 and not re.search(r"[，,。；;]", r.text[toward:t]):
            found = r.candidates(toward + 1, t)  # 代表A向B授予H: B holds it, not the presenter
    return found or None


@shape("counted")
def counted(r: Resolver, h: Mention) -> list[Mention] | None:
    """哈某某、张某等10名“最美快递员”受到表彰; 某某等3个“最美快递员”团队: the named ones, counted,
    then the honour as their noun."""
    start = r.run_start(h)
    m = re.search(r"等\s*(?:\d+|[一二两三四五六七八九十百千]+)\s*(?:名|位|个|家|人|支)[“\"「]?$", r.text[max(0, start - 10):start])
    if m is None:
        return None
    end = start - (len(r.text[max(0, start - 10):start]) - m.start())
    unit = r.sentences.at(start)
    lo = max([unit.start] + [o.end for o in r.honours.ending_in(unit.start, end)])
    found = r.candidates(lo, end)
    return found or None


@shape("subjects")
def subjects(r: Resolver, h: Mention) -> list[Mention] | None:
    """某医院主任林某，某小学校长陈某…被授予H; 林某、陈某等3人获评H; 某建设集团有限公司荣获H;
    他先后荣获“H1”“H2”等: everyone named before the verb, back to the previous award's clause."""
    start = r.run_start(h)
    unit = r.sentences.at(start)
    before = r.text[unit.start:start]
    trimmed = re.sub(rf"(?:{YEAR}\s*年度?|第[一二三四五六七八九十\d]+届|首届|了|过|[“\"「\s])+$", "", before)
    trimmed = _strip_levels(trimmed)
    trigger = next((w for w in r.subject_triggers if trimmed.endswith(w)), None)
    if trigger is None and trimmed.endswith(("授予", "颁发", "命名为")):
        passive = trimmed.rfind("被")
        if passive >= 0 and not re.search(r"[，,。；;]", trimmed[passive:]):
            trigger = trimmed[-2:] if trimmed.endswith(("授予", "颁发")) else "命名为"  # 王某被某集团公司授予H
    if trigger is None:
        return None
    t = unit.start + len(trimmed) - len(trigger)
    if re.match(r"[”\"」]?(?:称号|荣誉称号|荣誉)?[”\"」]?的", r.text[h.end:h.end + 6]):
        return None  # 获得H称号的劳模: the holders come after, in a relative clause
    t = _before_passive_agent(r.text, unit.start, t)
    a = _subject_span_start(r, unit.start, t)
    found = r.candidates(a, t)
    own = a + max((m.end() for m in re.finditer(r"[，,；;]", r.text[a:t])), default=0)
    last = max([own] + [m.end for m in found if m.end <= t])
    count = ANONYMOUS.search(r.text, last, t)
    if count and (count.start() - last > 2 or last == own) and r.text[count.start() - 1:count.start()] != "等":
        return None  # 3个单位获“某某”称号, 两位职工同时获评: a count, no names (林某、陈某3人 counts them)
    if found and all(m.end <= own for m in found) and _own_subject(r.text[own:t]):
        return None  # 某工会推荐上报,最终某某成功评选为H: the verb's own clause has a subject we did not find
    if found:
        return found
    return _topic(r, a, t)


ADVERBS = re.compile(r"最终|最后|成功|先后|曾经|曾|均|都|也|还|又|同时|分别|再次|已|并|此后|随后|今年|去年|近日|日前|光荣|被|荣|喜"
                     r"|连续[一二两三四五六七八九十\d]+[届次年]|[一二两三四五六七八九十\d]+度|多次|连续")


def _own_subject(clause: str) -> bool:
    """Words left in the verb's own clause once adverbs are taken out: someone the rules did not
    recognise stands there."""
    return bool(re.search(r"[\u4e00-\u9fff]{2,}", ADVERBS.sub("", clause)))


def _strip_levels(text: str) -> str:
    return re.sub(r"(?:全国|省|市|区|县|国家|中央企业|央企)$", "", text)


def _before_passive_agent(text: str, lo: int, t: int) -> int:
    """某班组被某市总工会授予…: the agent between 被 and the verb is no holder."""
    k = text.rfind("被", lo, t)
    if k >= 0 and t - k <= 24 and not re.search(r"[，,。；;]", text[k:t]):
        return k
    return t


def _subject_span_start(r: Resolver, lo: int, t: int) -> int:
    """Back to the sentence start, but not over an earlier award in the same sentence
    (甲获评H1,乙获评H2: 乙 alone holds H2); over earlier ；-clauses that each end with a name
    (…的“80后”闫某;…的创始人刘某;…的刘某等50人荣获H: one list)."""
    while lo > 1 and r.text[lo - 1] in "；;" and r.persons.ending_in(lo - 2, lo - 1):
        lo = r.sentences.at(lo - 2).start
    earlier = r.honours.ending_in(lo, t)
    if not earlier:
        return lo
    last = earlier[-1].end
    m = re.search(r"[，,；;]", r.text[last:t])
    return last + m.end() if m else lo if last < lo else t


def _topic(r: Resolver, a: int, t: int) -> list[Mention] | None:
    """他/她/其 before the verb: the person the paragraph is about (the last one named before); also
    where 他/她 opens an earlier clause of a chain whose last clause is the verb's (工作40年来，他主动学习…，
    始终战斗在一线，荣获H) and no one else is named in it."""
    if (not re.fullmatch(rf"\s*(?:[\u4e00-\u9fff]{{0,8}}[,，])?\s*(?:他|她|其)?(?:{YEAR}\s*年(?:\d{{1,2}}月)?|先后|曾|曾经|还|也|又|多次|均|都|已|分别|并|同时|此后|随后)*",
                         r.text[a:t]) or t - a > 24) and not _pronoun_chain(r, a, t):
        return None
    para = r.text.rfind("\n", 0, a) + 1
    before = r.persons.starting_in(para, a) or r.persons.starting_in(0, a)
    return [before[-1]] if before else None


def _pronoun_chain(r: Resolver, a: int, t: int) -> bool:
    """他/她 opens a clause of [a, t), nobody and no organisation is named there, and the verb's own
    clause has no subject of its own."""
    chain = r.text[a:t]
    own = chain[max((m.end() for m in re.finditer(r"[，,]", chain)), default=0):]
    return bool(re.search(r"(?:^|[，,])\s*(?:他|她)(?!们)", chain)) and not _own_subject(own) \
        and not r.persons.within(a, t) and not r.orgs.within(a, t) and not r.honours.within(a, t)


@shape("this honour")
def this_honour(r: Resolver, h: Mention) -> list[Mention] | None:
    """首批“某某工匠”日前揭晓，某研究院高级技师潘某等39人获此殊荣; 揭晓了10位“H”，我省秦某光荣上榜:
    holders named after the honour, with a verb that refers back to it."""
    unit = r.sentences.at(h.start)
    m = BACK_REFERENCE.search(r.text, h.end, unit.end)
    if m is None or any(o is not h for o in r.honours.starting_in(h.end, m.start())):
        return None
    clause = r.text.rfind("，", h.end, m.start())
    clause = max(clause, r.text.rfind(",", h.end, m.start()))
    found = r.candidates(clause + 1 if clause >= 0 else h.end, m.start())
    return found or None


@shape("enumeration")
def enumeration(r: Resolver, h: Mention) -> list[Mention] | None:
    """“H”分别是：A、B / 省级劳模工作室为A / N人入选“H”，他们是：A、B / 荣获H的单位是A和B /
    28人荣获H，其中A等11人… / 公布了H名单，我市5家榜上有名。这5家工作室分别是A、B: the list after it."""
    unit = r.sentences.at(h.start)
    right = AFTER_HONOUR.match(r.text, h.end)
    if right:
        found = _list_from(r, right.end(), unit.end)
        if found and found[0].start - right.end() <= 16:
            return found
    units = [unit]
    while len(units) < 3 and units[-1].end < len(r.text):
        nxt = r.sentences.after(units[-1].end)
        if nxt is None:
            break
        new_paragraph = "\n" in r.text[units[-1].end - 1:nxt.start + 1]
        if nxt.start < units[-1].end or (new_paragraph and not re.match(r"\s*(?:这|该|其中|他们|她们|上述)", r.text[nxt.start:])):
            break  # a new paragraph goes on with the list only where it points back (这5家工作室分别是…)
        units.append(nxt)
    for k, u in enumerate(units):
        a = h.end if k == 0 else u.start
        m = LIST_CUE.search(r.text, a, u.end)
        if m is None or any(o is not h for o in r.honours.starting_in(h.end, m.start())):
            continue
        if re.fullmatch(GROUP_OF, m.group(0)) and not (r.persons.starting_in(m.end(), m.end() + 1)
                                                              or r.orgs.starting_in(m.end(), m.end() + 1)):
            continue  # 荣获H的职工张某 opens a list; H的人员组成情况 does not
        if m.group(0).startswith("其中") and (k > 0 or re.search(r"[。；;]", r.text[h.end:m.start()])):
            continue  # 28人荣获H，其中…: only right after the honour's own clause
        if k > 0 and not re.match(r"\s*(?:我[市省区县]|本[市省区县])?(?:这|该|上述|他们|她们|获奖|入选|名单)",
                                  r.text[u.start:m.end()]):
            continue  # a later sentence's list belongs to this honour only where it points back to it
        found = _list_from(r, m.end(), u.end, over_semicolons=True)
        if found:
            return found
    return None


def _list_from(r: Resolver, a: int, b: int, over_semicolons: bool = False) -> list[Mention]:
    stop = re.search(r"[。！？\n]", r.text[b - 1:])
    if over_semicolons and r.text[b - 1:b] in "；;" and stop:
        end = b - 1 + stop.start()
        nxt = next((o.start for o in r.honours.starting_in(b, end)), end)
        b = r.text.rfind("；", b, nxt) if nxt < end and r.text.rfind("；", b, nxt) > 0 else nxt
        # 分别是：甲…；乙…；丙…。 one list over its ；, up to another honour's clause
    found = r.candidates(a, b)
    if found or r.text[a:b].strip():
        return found
    k = r.lines.first_from(b)
    while k is not None and k < len(r.lines):  # 他们是：⏎林某 某公司技师⏎陈某 …
        item = _item_holders(r, *r.lines[k])
        if not item:
            break
        found += item
        k += 1
    return found


@shape("appositive")
def appositive(r: Resolver, h: Mention) -> list[Mention] | None:
    """H获得者、某公司某车间钳工林某作了发言; 全国劳动模范、某公司首席技师林某; “H”林某、陈某;
    林某是某公司技师，H获得者、H2: the person the honour describes."""
    _s, ce = _clause(r.text, h.end)
    after = [p for p in r.persons.starting_in(h.end, ce) if not r._byline(p)]  # (原标题:H揭晓 记者:某某)
    between = r.text[h.end:after[0].start].replace("获得者", "").replace("获奖者", "") if after else ""
    if after and not any(w in between for w in r.subject_triggers) and len(between) <= 40 \
            and not re.search(r"[，,]|称号|荣誉", between) \
            and not any(o is not h and not RUN_GAP.match(r.text[h.end:o.start]) for o in r.honours.starting_in(h.end, after[0].start)):
        holders = [after[0]]
        pos = after[0].end
        for p in after[1:]:
            gap = r.text[pos:p.start]
            if r.honours.starting_in(pos, p.start):
                break  # 全国劳动模范甲、全国先进工作者乙: the next name has an honour of its own
            if (p.start - pos <= 1 and gap in ("、", "，", ",")) or re.fullmatch(r"(?:和|及|、)[^，,。；;“”]{0,24}", gap):
                holders.append(p)  # 全国劳动模范、某医院主任医师林某和某集团工人陈某
                pos = p.end
            else:
                break
        return holders
    unit = r.sentences.at(h.start)
    lead = re.match(r"\s*(?:[\u4e00-\u9fff]{0,6}[,，])?", r.text[unit.start:h.start])
    before = list(r.persons.starting_in(unit.start, h.start))
    subject = before[0] if len(before) == 1 else None  # 甲，乙，丙，68名H: a list of guests, not one subject
    if subject and r.text.startswith(("是", "为", "，", ","), subject.end) \
            and subject.start == unit.start + lead.end() \
            and not any(w in r.text[subject.end:h.start] for w in r.subject_triggers):
        return [subject]  # 林某是某公司技师，某省五一劳动奖章获得者
    return None


CLAUSE_STOP = re.compile(r"[。；;！？\n]|[，,](?=[^，,。]{0,60}(?:表示|说|介绍|指出))")


def _clause(text: str, pos: int) -> tuple[int, int]:
    end = min(len(text), pos + MAX_CLAUSE)
    m = CLAUSE_STOP.search(text, pos, end)
    return pos, m.start() if m else end
