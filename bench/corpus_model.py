"""Extraction records of a realistic archive, generated without running the NLP: what `kg extract --format
jsonl` would give for N articles of a provincial union paper.

The shape follows the real text (bundled corpus and the gold files, per article): a few people each, their
employers and posts, honours with years, union bodies, now and then a studio, every fact with an evidence
sentence and offsets. What a real archive has and a uniform generator misses:

- people recur with Zipf-like (Zipf–Mandelbrot) frequency: the most-mentioned person is in about 2–3 % of
  the articles, most people in one or two;
- the same fact is restated by many articles (a holder's medal in every later profile);
- award lists name many holders of one honour in one article;
- common names collide (two 王伟 at different employers).

Names are invented from the gazetteers' surnames and given-name characters, organisations from the region
gazetteer and invented words; nothing is taken from a gold file.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.resources import given_name_counts, regions

PROVINCE = "广东省"
WORDS = list("华兴恒达宏远鑫泰安盛嘉和永利精工智能电气机械材料科技能源建设交通航运医药食品纺织海星光明东方南方新时代")
INDUSTRY = ["机械", "电子", "建设", "交通", "能源", "化工", "食品", "纺织", "医药", "物流", "电力", "燃气"]
SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司", "有限责任公司"]
ROLES = ["技术总监", "高级技师", "首席技师", "车间主任", "工程师", "总经理", "班组长", "技术员", "焊工", "电工"]
UNION_ROLES = ["主席", "副主席", "党组书记", "经审委主任", "女职工委员会主任"]
SURNAMES = [("李", 1209), ("王", 917), ("张", 720), ("刘", 560), ("陈", 520), ("杨", 370), ("黄", 330), ("赵", 290),
            ("吴", 280), ("周", 270), ("徐", 220), ("孙", 200), ("马", 190), ("朱", 180), ("胡", 170), ("郭", 160),
            ("何", 150), ("林", 140), ("罗", 130), ("高", 130), ("郑", 120), ("梁", 120), ("谢", 110), ("宋", 100),
            ("唐", 100), ("许", 90), ("韩", 90), ("冯", 80), ("邓", 80), ("曹", 70), ("彭", 70), ("曾", 70)]


@dataclass
class Org:
    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass
class Person:
    name: str
    org: int
    role: str
    honours: list[tuple[str, int]] = field(default_factory=list)
    studio: str | None = None


class Sampler:
    """Draws from weights with a cumulative table (random.choices recomputes it every call)."""

    def __init__(self, weights: list[float], rnd: random.Random):
        self.cum = list(itertools.accumulate(weights))
        self.rnd = rnd

    def __call__(self) -> int:
        return bisect.bisect_right(self.cum, self.rnd.random() * self.cum[-1])


def zipf_mandelbrot(n: int, q: float = 25.0, s: float = 1.0) -> list[float]:
    return [1.0 / (r + q) ** s for r in range(1, n + 1)]


class World:
    """People, organisations and honours of one province, sized for an archive of `articles` articles."""

    def __init__(self, articles: int, seed: int = 7):
        self.rnd = rnd = random.Random(seed)
        gaz = regions()
        self.cities = sorted(r.name for r in gaz.by_name.values() if r.parent == PROVINCE and r.level == "city")
        self.districts = {c: sorted(r.name for r in gaz.by_name.values() if r.parent == c) for c in self.cities}
        given = sorted(given_name_counts().items(), key=lambda kv: -kv[1])[:400]
        self._given, self._given_pick = [c for c, _ in given], Sampler([w for _, w in given], rnd)
        self._surname_pick = Sampler([w for _, w in SURNAMES], rnd)
        self.orgs = self._organisations(max(60, articles // 6))
        self.unions = [i for i, o in enumerate(self.orgs) if o.type == "UnionBody"]
        self.workplaces = [i for i, o in enumerate(self.orgs) if o.type != "UnionBody"]
        self.pick_workplace = Sampler(zipf_mandelbrot(len(self.workplaces), q=10), rnd)
        self.people = [self._person() for _ in range(max(100, articles // 2))]
        self.pick_person = Sampler(zipf_mandelbrot(len(self.people)), rnd)
        self.officials = [i for i, p in enumerate(self.people) if self.orgs[p.org].type == "UnionBody"]
        self.pick_official = Sampler(zipf_mandelbrot(len(self.officials), q=10), rnd)
        self.pick_org = Sampler(zipf_mandelbrot(len(self.orgs), q=10), rnd)
        self.holders: dict[tuple[str, int], list[int]] = {}
        for i, p in enumerate(self.people):
            for h in p.honours:
                self.holders.setdefault(h, []).append(i)
        self.honour_years = sorted(self.holders)

    def _name(self) -> str:
        surname = SURNAMES[self._surname_pick()][0]
        n = 1 if self.rnd.random() < 0.25 else 2
        return surname + "".join(self._given[self._given_pick()] for _ in range(n))

    def _organisations(self, n: int) -> list[Org]:
        rnd = self.rnd
        orgs = [Org(f"{c}总工会", "UnionBody", ("市总工会",)) for c in self.cities]
        orgs += [Org(f"{c}{d}总工会", "UnionBody", (f"{d}总工会",)) for c in self.cities for d in self.districts[c]]
        orgs.append(Org(f"{PROVINCE}总工会", "UnionBody", ("省总工会",)))
        n += len(orgs)  # n workplaces besides the union bodies
        while len(orgs) < n:
            city = rnd.choice(self.cities)
            kind = rnd.random()
            if kind < 0.75:
                orgs.append(Org(f"{city}{''.join(rnd.sample(WORDS, 2))}{rnd.choice(INDUSTRY)}{rnd.choice(SUFFIXES)}",
                                "Company"))
            elif kind < 0.85:
                orgs.append(Org(f"{city}{''.join(rnd.sample(WORDS, 2))}职业技术学院", "EducationInstitution"))
            elif kind < 0.95:
                orgs.append(Org(f"{city}{rnd.choice(['人力资源和社会保障局', '工业和信息化局', '住房和城乡建设局'])}",
                                "GovernmentBody"))
            else:
                orgs.append(Org(f"{city}{''.join(rnd.sample(WORDS, 2))}医院", "OtherOrganization"))
        return list({o.name: o for o in orgs}.values())

    def _honour(self, org: Org) -> str:
        rnd = self.rnd
        city = next((c for c in self.cities if org.name.startswith(c)), self.cities[0])
        x = rnd.random()
        if x < 0.04:
            return rnd.choice(["全国五一劳动奖章", "全国劳动模范", "全国技术能手"])
        if x < 0.30:
            return f"{PROVINCE}{rnd.choice(['五一劳动奖章', '劳动模范', '技术能手'])}"
        if x < 0.45:
            return rnd.choice(["南粤工匠", f"{PROVINCE}五一劳动奖章"])
        return f"{city}{rnd.choice(['五一劳动奖章', '劳动模范', '工匠', '技术能手'])}"

    def _person(self) -> Person:
        rnd = self.rnd
        org = rnd.choice(self.unions) if rnd.random() < 0.08 else self.workplaces[self.pick_workplace()]
        union = self.orgs[org].type == "UnionBody"
        p = Person(self._name(), org, rnd.choice(UNION_ROLES if union else ROLES))
        for _ in range(rnd.choices([0, 1, 2, 3], [55, 30, 11, 4])[0]):
            p.honours.append((self._honour(self.orgs[org]), rnd.randint(2005, 2025)))
        if p.honours and rnd.random() < 0.15:
            p.studio = f"{p.name}劳模创新工作室"
        return p


class Article:
    """One generated article's record: entities with mentions, facts with evidence, offsets that add up."""

    def __init__(self, doc: str, source: str, date: str, title: str):
        self.rec = {"doc": doc, "source": source, "date": date, "title": title, "entities": [], "relations": []}
        self._entities: dict[str, dict] = {}
        self.pos = len(title) + 2

    def entity(self, name: str, typ: str, aliases: tuple[str, ...] = ()) -> None:
        e = self._entities.get(name)
        if e is None:
            e = self._entities[name] = {"name": name, "type": typ, "mentions": []}
            if aliases:
                e["aliases"] = sorted(aliases)
        e["mentions"].append({"text": name, "start": self.pos, "end": self.pos + len(name)})

    def fact(self, subject: str, predicate: str, obj: str, sentence: str, **extra: object) -> None:
        ev = {"doc": self.rec["doc"], "source": self.rec["source"], "sentence": sentence, "start": self.pos,
              "end": self.pos + len(sentence)}
        self.rec["relations"].append({"subject": subject, "predicate": predicate, "object": obj, **extra,
                                      "evidence": ev})
        self.pos += len(sentence) + 1

    def done(self) -> dict:
        self.rec["entities"] = list(self._entities.values())
        self.rec["start"], self.rec["end"] = 0, self.pos + 200
        return self.rec


def records(n: int, seed: int = 7) -> Iterator[dict]:
    """N articles' records, deterministic for a seed; one article per file, as news sites publish them."""
    world = World(n, seed)
    rnd = random.Random(seed + 1)
    for i in range(n):
        year = 2015 + i * 11 // max(n, 1)
        art = Article(f"{i:06d}#01", f"archive/{year}/{i:06d}.txt", f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                      f"第{i}篇")
        kind = rnd.random()
        if kind < 0.25 and world.honour_years:
            _award_list(world, art, rnd)
        elif kind < 0.75:
            _profiles(world, art, rnd)
        else:
            _union_meeting(world, art, rnd)
        for _ in range(rnd.randint(0, 3)):  # organisations named without a fact (hosts, organisers)
            org = world.orgs[world.pick_org()]
            art.entity(org.name, org.type, org.aliases)
        yield art.done()


def _post(world: World, art: Article, p: Person) -> None:
    org = world.orgs[p.org]
    art.entity(org.name, org.type, org.aliases)
    art.entity(p.name, "Person")
    art.fact(p.name, "worksFor", org.name, f"{org.name}{p.role}{p.name}介绍了近年来的工作。", role=p.role)


def _award(art: Article, p: Person, honour: str, year: int) -> None:
    art.entity(honour, "Honour")
    art.fact(p.name, "awarded", honour, f"{year}年，{p.name}荣获“{honour}”称号。", year=year)


def _award_list(world: World, art: Article, rnd: random.Random) -> None:
    honour, year = rnd.choice(world.honour_years)
    holders = world.holders[(honour, year)]
    for i in rnd.sample(holders, min(len(holders), rnd.randint(3, 12))):
        p = world.people[i]
        _post(world, art, p)
        _award(art, p, honour, year)


def _profiles(world: World, art: Article, rnd: random.Random) -> None:
    for _ in range(rnd.randint(1, 5)):
        p = world.people[world.pick_person()]
        _post(world, art, p)
        for honour, year in p.honours:
            if rnd.random() < 0.6:
                _award(art, p, honour, year)
        if p.studio and rnd.random() < 0.5:
            art.entity(p.studio, "Studio")
            art.fact(p.name, "leads", p.studio, f"{p.name}领衔的{p.studio}攻克了多项难题。")


def _union_meeting(world: World, art: Article, rnd: random.Random) -> None:
    """Officials of union bodies at a meeting (the chairmen are the most-mentioned people of an archive)."""
    for _ in range(rnd.randint(2, 5)):
        p = world.people[world.officials[world.pick_official()]]
        union = world.orgs[p.org]
        art.entity(union.name, "UnionBody", union.aliases)
        art.entity(p.name, "Person")
        art.fact(p.name, "worksFor", union.name, f"{union.name}{p.role}{p.name}出席会议并讲话。", role=p.role)
