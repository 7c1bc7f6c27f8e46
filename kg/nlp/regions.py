"""Find admin-region names and decide which region a story is about.

Short forms such as 省总工会 or 市委 only make sense against the story's home region; the city
named most often (full names count double) is taken as home, its province as the province.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import Region, regions
from ..vocabulary import is_region_chain, leading_regions  # noqa: F401  (re-exported)
from .charmatch import CharMatcher
from .doc_state import Home, state


@cache
def region_matcher() -> CharMatcher[str]:
    return CharMatcher((form, form) for form in regions().readings)


class RegionContext:
    """Pipeline component: region mentions and the story's home region.

    A form several regions share (鼓楼, 朝阳区) is read inside the region written just before it (南京鼓楼),
    else inside the story's home once the other mentions have fixed it; until then it votes for no city.
    A form that is also an ordinary word (东方, 白云) is a region only right after its parent (佛山高明) or
    where the story names the region otherwise too (白云 in a story that writes 广州市白云区).
    """

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        text = st.text or doc.text
        hits = region_matcher().longest(text)
        headline = _headline_end(text)
        home = self.home_of(self.read(hits, Home()), headline)
        named = [r for _s, _e, r in self.read(hits, home) if not r.ambiguous]
        st.regions = self.read(hits, home, {f: r for r in named for f in r.short_forms})
        st.home = self.home_of(st.regions, headline)
        return doc

    @staticmethod
    def read(hits: list[tuple[int, int, str, str]], home: Home,
             named: dict[str, Region] | None = None) -> list[tuple[int, int, Region]]:
        """Each hit's region: inside the region just before it, else inside the home city or province;
        a common word only as the short form of a region the story `named` in full."""
        gaz = regions()
        local = named or {}
        out: list[tuple[int, int, Region]] = []
        for s, e, form, _ in hits:
            before = out[-1][2] if out and out[-1][1] == s else None
            if before is not None and not before.ambiguous:
                region = gaz.read(form, before)  # 佛山高明 is 高明区; in 宝安区西乡街道 西乡 is no region
            else:
                region = gaz.resolve(form, home.city, home.province) or local.get(form)
            if region is not None:
                out.append((s, e, region))
        return out

    @staticmethod
    def home_of(found: list[tuple[int, int, object]], headline: int = 0) -> Home:
        """Votes: a full name counts 2, a short form 1, one more in the headline (before offset
        `headline`: it says where the story is); a county-level unit votes half for its city (a story
        naming 德清 twice and 杭州市 twice is about 杭州 when it says 市); every place votes for its
        province; a form several regions share votes not at all. A winner needs 2 votes and no tie, else
        省/市 stay unresolved."""
        gaz = regions()
        cities: Counter[str] = Counter()  # float votes
        provinces: Counter[str] = Counter()
        districts: Counter[Region] = Counter()
        for s, e, region in found:
            assert isinstance(region, Region)
            if region.ambiguous:
                continue
            weight = (2 if e - s >= len(region.name) else 1) + (1 if s < headline else 0)
            province = gaz.province_of(region)
            if province:
                provinces[province.name] += weight
            if region.is_city:
                cities[region.name] += weight
            elif not region.is_province:
                districts[region] += weight
                city = gaz.city_of(region)
                if city:
                    cities[city.name] += weight / 2  # a county names its city less surely than the city
        home = Home()
        city = _winner(cities)
        if city:
            home.city = gaz.by_name[city]
        province = _winner(provinces)
        if province:
            home.province = gaz.by_name[province]
        if home.city and home.province and gaz.province_of(home.city) != home.province:
            home.city = None
        if districts and home.city:
            local = [d for d in districts if d.parent == home.city.name]
            home.district = max((d for d in local if d.level == "district"), key=lambda d: districts[d], default=None)
            home.county = max((d for d in local if d.level == "county"), key=lambda d: districts[d], default=None)
        return home


def _headline_end(text: str) -> int:
    """Where a headline ends: a short first line above the text (no sentence end in it); 0 if none."""
    first = text.find("\n")
    line = text[:first] if first > 0 else ""
    return first if 0 < len(line.strip()) <= 40 and "。" not in line else 0


def _winner(votes: Counter[str]) -> str | None:
    top = votes.most_common(2)
    if not top or top[0][1] < 2 or (len(top) > 1 and top[1][1] == top[0][1]):
        return None
    return top[0][0]


@Language.factory("kg_regions")
def make_region_context(nlp: Language, name: str) -> RegionContext:
    return RegionContext()
