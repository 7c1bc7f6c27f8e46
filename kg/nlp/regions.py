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
from .charmatch import CharMatcher
from .doc_state import Home, state


@cache
def region_matcher() -> CharMatcher[str]:
    return CharMatcher(regions().surface.items())


def is_region_chain(text: str) -> bool:
    """Whether text is nothing but region names (佛山市高明区, 梅州兴宁市)."""
    gaz = regions()
    i = 0
    while i < len(text):
        n = next((n for n in range(min(8, len(text) - i), 1, -1) if gaz.get(text[i:i + n])), 0)
        if not n:
            return False
        i += n
    return bool(text)


class RegionContext:
    """Pipeline component: region mentions and the story's home region."""

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        gaz = regions()
        st.regions = [(s, e, gaz.by_name[name]) for s, e, _, name in region_matcher().longest(doc.text)]
        st.home = self.home_of([r for r in st.regions if doc.text[r[0]:r[1]] not in gaz.common_words])
        return doc

    @staticmethod
    def home_of(found: list[tuple[int, int, object]]) -> Home:
        gaz = regions()
        cities: Counter[str] = Counter()
        provinces: Counter[str] = Counter()
        districts: Counter[str] = Counter()
        for s, e, region in found:
            assert isinstance(region, Region)
            weight = 2 if e - s >= len(region.name) else 1
            if region.is_province:
                provinces[region.name] += weight
            elif region.is_city:
                cities[region.name] += weight
            else:
                districts[region.name] += weight
                city = gaz.city_of(region)
                if city:
                    cities[city.name] += 1
        home = Home()
        if cities:
            home.city = gaz.by_name[cities.most_common(1)[0][0]]
            home.province = gaz.province_of(home.city)
        if provinces and (home.province is None or provinces[home.province.name] == 0):
            top = gaz.by_name[provinces.most_common(1)[0][0]]
            if home.province is None:
                home.province = top
        if districts and home.city:
            local = [d for d in districts if gaz.by_name[d].parent == home.city.name]
            if local:
                home.district = gaz.by_name[max(local, key=lambda d: districts[d])]
        return home


@Language.factory("kg_regions")
def make_region_context(nlp: Language, name: str) -> RegionContext:
    return RegionContext()
