"""What every stage shares without loading NLP: entity types and the shape of region names.

`nlp` recognises with these, `graph` builds identities with them, `query` filters with them; keeping
them here lets a look-up run without importing spaCy.
"""

from __future__ import annotations

from .resources import Region, regions

PERSON = "Person"
HONOUR = "Honour"
ORG_TYPES = ("Company", "UnionBody", "GovernmentBody", "EducationInstitution", "Studio", "OtherOrganization")
ENTITY_TYPES = (PERSON, *ORG_TYPES, HONOUR)


def leading_regions(text: str) -> tuple[list[Region], int]:
    """The regions a name starts with and where they stop: 清远市佛冈县总工会 → ([清远市, 佛冈县], 6).

    Each region is read inside the one before it (长春市朝阳区 is 长春's 朝阳区); a form that is also an
    ordinary word counts only there (佛山高明 yes, 高明 alone no).
    """
    gaz = regions()
    found: list[Region] = []
    i = 0
    while i < len(text):
        before = found[-1] if found else None
        hit = next(((n, r) for n in range(min(8, len(text) - i), 1, -1)
                    if (r := gaz.read(text[i:i + n], before))), None)
        if hit is None:
            break
        found.append(hit[1])
        i += hit[0]
    return found, i


def is_region_chain(text: str) -> bool:
    """Whether text is nothing but region names (佛山市高明区, 梅州兴宁市)."""
    found, end = leading_regions(text)
    return bool(found) and end == len(text)


def longest_first(word: str) -> tuple[int, str]:
    """Sort key: longer words first, equal lengths in a fixed order (never the set's, which
    changes with every process's string hashing)."""
    return (-len(word), word)
