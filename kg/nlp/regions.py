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
    return CharMatcher(regions().surface.items())


class RegionContext:
    """Pipeline component: region mentions and the story's home region."""

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        gaz = regions()
        text = st.text or doc.text
        st.regions = [(s, e, gaz.by_name[name]) for s, e, _, name in region_matcher().longest(text)]
        st.home = self.home_of([r for r in st.regions if text[r[0]:r[1]] not in gaz.common_words])
        return doc

    @staticmethod
    def home_of(found: list[tuple[int, int, object]]) -> Home:
        """Votes: a full name counts 2, a short form 1; a district votes for its city; every place
        votes for its province. A winner needs 2 votes and no tie, else 省/市 stay unresolved."""
        gaz = regions()
        cities: Counter[str] = Counter()
        provinces: Counter[str] = Counter()
        districts: Counter[str] = Counter()
        for s, e, region in found:
            assert isinstance(region, Region)
            weight = 2 if e - s >= len(region.name) else 1
            province = gaz.province_of(region)
            if province:
                provinces[province.name] += weight
            if region.is_city:
                cities[region.name] += weight
            elif not region.is_province:
                districts[region.name] += weight
                city = gaz.city_of(region)
                if city:
                    cities[city.name] += weight
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
            local = [d for d in districts if gaz.by_name[d].parent == home.city.name]
            if local:
                home.district = gaz.by_name[max(local, key=lambda d: districts[d])]
        return home


def _winner(votes: Counter[str]) -> str | None:
    top = votes.most_common(2)
    if not top or top[0][1] < 2 or (len(top) > 1 and top[1][1] == top[0][1]):
        return None
    return top[0][0]


@Language.factory("kg_regions")
def make_region_context(nlp: Language, name: str) -> RegionContext:
    return RegionContext()
