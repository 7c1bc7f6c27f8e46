"""The statistical slot: a trained NER proposes people and organisations; the rules decide.

The model (trained by `make models`, shipped in data/models/ner) reads the same characters as the
rules. Its Person proposals join the rule-found names (and so every other mention of the same name);
its organisation proposals are kept only where the rule vocabulary can type them (a known suffix or
institution), so fine types (UnionBody, Studio …) stay the rules' decision.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..model import Mention
from ..resources import org_suffixes, regions, surnames
from .doc_state import state
from .models import RETRAIN, ModelError, models_dir, verify


@cache
def load_ner(folder: str) -> Language:
    path = Path(folder) if Path(folder).is_absolute() else models_dir() / folder
    verify(path)
    try:
        return spacy.load(path)
    except Exception as exc:  # a file that passed the manifest but spaCy still rejects
        raise ModelError(f"{path}: cannot be loaded ({type(exc).__name__}: {exc}); {RETRAIN}") from exc


class StatisticalNER:
    """Pipeline component: model-proposed Person and organisation mentions."""

    def __init__(self, model: str, person_labels: list[str], org_labels: list[str]):
        self.ner = load_ner(model)
        self.person_labels = set(person_labels)
        self.org_labels = set(org_labels)
        self.suffixes = sorted(org_suffixes(), key=lambda s: -len(s.suffix))

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        text = st.text or doc.text
        for ent in self.ner(text).ents:
            s, e = ent.start_char, ent.end_char
            if any(m.start < e and s < m.end and m.type != "Studio" for m in st.mentions):
                continue
            mention = self._person(text, s, e) if ent.label_ in self.person_labels else \
                self._organisation(text, s, e) if ent.label_ in self.org_labels else None
            if mention:
                st.mentions.append(mention)
        return doc

    @staticmethod
    def _person(text: str, s: int, e: int) -> Mention | None:
        """A name: 2–4 characters, a known surname first, not a place (花都工 bylines are pseudonyms)."""
        name = text[s:e].replace(" ", "")
        gaz = regions()
        if not 2 <= len(name) <= 4 or not (name[:1] in surnames() or name[:2] in surnames()):
            return None
        if any(gaz.get(name[:n]) for n in (2, 3)):
            return None
        return Mention(s, e, text[s:e], "Person", name, source="model")

    def _organisation(self, text: str, s: int, e: int) -> Mention | None:
        name = text[s:e]
        sfx = next((x for x in self.suffixes if name.endswith(x.suffix) and len(name) > len(x.suffix)), None)
        return Mention(s, e, name, sfx.type, source="model") if sfx else None


@Language.factory("kg_statistical_ner", default_config={"model": "ner", "person_labels": ["PER"],
                                                         "org_labels": ["ORG"]})
def make_statistical_ner(nlp: Language, name: str, model: str, person_labels: list[str],
                         org_labels: list[str]) -> StatisticalNER:
    return StatisticalNER(model, person_labels, org_labels)
