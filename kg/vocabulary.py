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
    """The regions a name starts with and where they stop: 清远市佛冈县总工会 → ([清远市, 佛冈县], 6)."""
    gaz = regions()
    found, i = [], 0
    while i < len(text):
        n = next((n for n in range(min(8, len(text) - i), 1, -1) if gaz.get(text[i:i + n])), 0)
        if not n:
            break
        found.append(gaz.get(text[i:i + n]))
        i += n
    return found, i


def is_region_chain(text: str) -> bool:
    """Whether text is nothing but region names (佛山市高明区, 梅州兴宁市)."""
    found, end = leading_regions(text)
    return bool(found) and end == len(text)
