"""The statistical slot: a trained NER proposes people and organisations; the rules decide.

The model (trained by `make models`, shipped in data/models/ner) reads the same characters as the
rules. Its Person proposals join the rule-found names (and so every other mention of the same name);
its organisation proposals are kept only where the rule vocabulary can type them (a known suffix or
institution), so fine types (UnionBody, Studio …) stay the rules' decision.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps

from ..model import Mention
from ..resources import OrgSuffix, generic_org_words, lexicon, org_suffixes, surnames
from ..vocabulary import ORG_TYPES, leading_regions, longest_first
from .chars import char_doc
from .doc_state import state
from .models import RETRAIN, ModelError, models_dir, verify
from .organisations import EDITION, NATIONAL, balanced, is_name_char, left_stop_matcher
from .persons import plausible_name, whole_name


@cache
def load_ner(folder: str) -> Language:
    from . import char_ngram  # noqa: F401  (registers the model's character n-gram embedding)

    path = Path(folder) if Path(folder).is_absolute() else models_dir() / folder
    verify(path)
    try:
        ner = spacy.load(path)
    except Exception as exc:  # a file that passed the manifest but spaCy still rejects
        raise ModelError(f"{path}: cannot be loaded ({type(exc).__name__}: {exc}); {RETRAIN}") from exc
    numpy_blas = NumpyOps(use_blis=False)  # multiplies the model's small matrices twice as fast as blis
    for _name, component in ner.pipeline:
        if hasattr(component, "model"):
            for node in component.model.walk():
                node.ops = numpy_blas
    return ner


Span = tuple[int, int, str]


def predict_spans(ner: Language, texts: Iterable[str], batch_chars: int = 16_000) -> Iterator[list[Span]]:
    """(start, end, label) character spans per text. A model trained right to left (meta.json
    `kg_direction: rtl`, see kg/training/ner_data.reversed_record) reads each text reversed; its
    spans are mirrored back here, so callers never see the direction. The texts become character
    docs here (kg.nlp.chars: the model's own tokens, in linear time), and go to the model in batches of
    about `batch_chars` characters: many short texts in one call, a long article in several (one batch
    of 100,000 characters made the model's matrices outgrow the caches: time grew faster than text)."""
    rtl = ner.meta.get("kg_direction", "ltr") == "rtl"
    for batch in _char_batches(texts, batch_chars):
        docs = ner.pipe([char_doc(ner.vocab, t[::-1] if rtl else t) for t in batch], batch_size=len(batch))
        for text, doc in zip(batch, docs, strict=True):
            if rtl:
                n = len(text)  # not len(doc.text): spaCy joins a doc's text from its tokens on every call
                yield sorted((n - e.end_char, n - e.start_char, e.label_) for e in doc.ents)
            else:
                yield [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def _char_batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    held = 0
    for text in texts:
        if batch and held + len(text) > size:
            yield batch
            batch, held = [], 0
        batch.append(text)
        held += len(text)
    if batch:
        yield batch


class StatisticalNER:
    """Pipeline component: model-proposed Person and organisation mentions."""

    def __init__(self, model: str, person_labels: list[str], org_labels: list[str], everywhere: bool = False):
        self.everywhere = everywhere  # read the whole text, not only where the rules left a question
        self.ner = load_ner(model)
        self.person_labels = set(person_labels)
        self.org_labels = set(org_labels)
        self.suffixes = sorted(org_suffixes(), key=lambda s: -len(s.suffix))

    def __call__(self, doc: Doc) -> Doc:
        """Runs after the rules: a proposal counts only where no rule found anything."""
        st = state(doc)
        return self._apply(doc, self._proposals(st.text or doc.text, st.questions))

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        """A batch of documents in one call of the model (its cost per call is what batching saves);
        the same proposals as one document at a time."""
        docs = list(docs)
        asked = [self._question_texts(state(d).text or d.text, state(d).questions) for d in docs]
        found = iter(predict_spans(self.ner, [joined for groups in asked for joined, _starts in groups]))
        for doc, groups in zip(docs, asked, strict=True):
            text = state(doc).text or doc.text
            yield self._apply(doc, [span for _joined, starts in groups for span in self._placed(text, next(found), starts)])

    def _apply(self, doc: Doc, proposals: list[Span]) -> Doc:
        st = state(doc)
        text = st.text or doc.text
        taken = {i for m in st.mentions for i in range(m.start, m.end)}
        org_ends = {m.end for m in st.mentions if m.type in ORG_TYPES}
        names = set()
        for s, e, label in proposals:
            if any(i in taken for i in range(s, e)):
                continue
            mention = self._person(text, s, e) if label in self.person_labels else \
                self._organisation(text, s, e, org_ends) if label in self.org_labels else None
            if mention is not None and mention.type == "Person":
                whole = whole_name(text, mention.text)
                if whole != mention.text:  # 徐某|年家里 everywhere: the model cut 徐某年 short
                    mention = Mention(mention.start, mention.start + len(whole), whole, "Person", whole, source="model")
            if mention and any(i in taken for i in range(mention.start, mention.end)):
                continue
            if mention:
                st.mentions.append(mention)
                taken.update(range(mention.start, mention.end))
                if mention.type == "Person":
                    names.add(mention.text)
        for name in sorted(names, key=longest_first):  # the model saw the name once: its other mentions too
            for m in re.finditer(re.escape(name), text):
                if not any(i in taken for i in range(*m.span())):
                    st.mentions.append(Mention(m.start(), m.end(), name, "Person", name, source="model"))
                    taken.update(range(*m.span()))
        return doc

    def _proposals(self, text: str, questions: list[tuple[int, int, int]]) -> list[Span]:
        """The model reads only the text around the rules' open questions: the rest is settled, and
        the model is most of the pipeline's cost. The windows go to the model joined into texts of at
        most MAX_READ characters, apart by more than its reach, so each is read as if alone without the
        cost of a doc each (and a very long article costs the model in proportion to its length)."""
        groups = self._question_texts(text, questions)
        found = predict_spans(self.ner, [joined for joined, _starts in groups])
        return [span for (_joined, starts), spans in zip(groups, found, strict=True)
                for span in self._placed(text, spans, starts)]

    def _question_texts(self, text: str, questions: list[tuple[int, int, int]]
                        ) -> list[tuple[str, list[Placed]]]:
        """The texts the model reads (the windows around the questions, joined) with where each window
        came from; the whole text where the model reads everywhere."""
        if self.everywhere:
            return [(text, [(0, 0, len(text), 0, len(text))])] if text else []
        groups: list[tuple[str, list[Placed]]] = []
        parts: list[str] = []
        starts: list[Placed] = []
        at = 0
        for a, b, core_a, core_b in _pieces(_windows(text, questions)):
            if parts and at + b - a > MAX_READ:
                groups.append((WINDOW_GAP.join(parts), starts))
                parts, starts, at = [], [], 0
            parts.append(text[a:b])
            starts.append((at, a, b, core_a, core_b))
            at += b - a + len(WINDOW_GAP)
        if parts:
            groups.append((WINDOW_GAP.join(parts), starts))
        return groups

    @staticmethod
    def _placed(text: str, spans: list[Span], starts: list[Placed]) -> list[Span]:
        """The model's spans in the joined windows, back at their place in the text: those inside their
        window, not cut by its edge, and starting in its core (a long window is read in overlapping pieces,
        each trusted only away from its cut edges)."""
        out: list[Span] = []
        for s, e, label in spans:
            k = bisect_right(starts, (s, len(text) + 1)) - 1
            at, a, b, core_a, core_b = starts[k]
            s, e = a + s - at, a + e - at
            if e <= b and (s > a or a == 0) and (e < b or b == len(text)) and core_a <= s < core_b:
                out.append((s, e, label))
        return out

    @staticmethod
    def _person(text: str, s: int, e: int) -> Mention | None:
        """A name: 2–4 characters, a known surname first, not a place (花都工 bylines are pseudonyms),
        not an ordinary word that starts like a name (单位, 成立)."""
        name = text[s:e].replace(" ", "")
        if DOTTED_NAME.fullmatch(name):
            return Mention(s, e, text[s:e], "Person", name, source="model")  # 米某·某某: a transliterated name
        if name[:1] not in surnames() and s > 0 and text[s - 1] in surnames() and len(name) == 2 \
                and (s == 1 or not "\u4e00" <= text[s - 2] <= "\u9fff"):
            s, name = s - 1, text[s - 1] + name  # the model read right to left and left the surname out
        if not plausible_name(name):
            return None
        if text.startswith(tuple(lexicon("not_after_name")), e):
            return None  # 鲁班杯, 黄茅海跨海通道: a trophy or a place named like a person
        return Mention(s, e, text[s:e], "Person", name, source="model")

    def _organisation(self, text: str, s: int, e: int, org_ends: set[int]) -> Mention | None:
        """An organisation the rules missed (东北网, 某某国有林管理局, 某某速递), kept behind the rules' own
        checks: a known ending or a news outlet's, a name before it that is not only generic words
        (集团公司, 工会), no department (某某部, 某某车间), and not the remnant of a longer name the rules
        cut back (某公司|某炼钢厂)."""
        name = text[s:e]
        if s in org_ends or not all(is_name_char(c) for c in name) or not balanced(name) or _quoted(text, s, e):
            return None
        sfx = next((x for x in self.suffixes if name.endswith(x.suffix) and len(name) > len(x.suffix)), None)
        if sfx is None or sfx.unit in ("part", "dept") or sfx.type in ("Studio", "UnionBody"):
            return None  # unions and studios: the rules know their shapes better than the model
        if EDITION.search(name) or any(w not in lexicon("org_weak_stops") for _s, _e, w, _v in left_stop_matcher().iter(name)):
            return None  # 第一届工会委员会, 促进集团公司: a term of office or a verb, not a name
        part = name[: len(name) - len(sfx.suffix)]
        core = part
        for word in _generic_and_levels():
            core = core.replace(word, "")
        if len(part) < 2 or len(core) < 2 or text[e:e + 1] in "员长" or not _anchored(name, sfx):
            return None
        return Mention(s, e, name, sfx.type, source="model")


DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}(?:·[\u4e00-\u9fff]{2,6}){1,2}")


Placed = tuple[int, int, int, int, int]  # (offset in the joined text, window start, end, core start, core end)
OVERLAP = 100  # characters two pieces of a long window share: more than a name and the model's reach


def _pieces(windows: list[tuple[int, int]]) -> Iterator[tuple[int, int, int, int]]:
    """Windows of at most MAX_READ characters, with the core each is trusted for: a longer window (a
    page of list lines, every one a question) is cut into pieces that overlap by OVERLAP, each trusted
    from the middle of one overlap to the middle of the next, so every span is read far from a cut."""
    for a, b in windows:
        if b - a <= MAX_READ:
            yield a, b, a, b
            continue
        step = MAX_READ - OVERLAP
        piece_starts = list(range(a, b - OVERLAP, step))
        for k, pa in enumerate(piece_starts):
            pb = min(pa + MAX_READ, b)
            core_a = a if k == 0 else pa + OVERLAP // 2
            core_b = b if k == len(piece_starts) - 1 else pa + step + OVERLAP // 2
            yield pa, pb, core_a, core_b


def _windows(text: str, questions: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The text around each question (from, at, to), merged, in text order."""
    out: list[tuple[int, int]] = []
    for q_from, _at, q_to in sorted(questions):
        a, b = max(q_from, 0), min(q_to, len(text))
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        elif a < b:
            out.append((a, b))
    return out


WINDOW_GAP = "\n" * 8  # longer than the model reads on either side (6 characters)
MAX_READ = 4000  # characters of joined windows in one text for the model


@cache
def _generic_and_levels() -> tuple[str, ...]:
    return tuple(sorted(generic_org_words() | lexicon("level_chars"), key=longest_first))


def _anchored(name: str, sfx: OrgSuffix) -> bool:
    """The rules' anchor for the suffix (org_suffixes.tsv): a 厅 or 局 is a region's or the nation's
    (广东省教育厅, 国家邮政局; not 科普宣传展厅), a 厂 may also be named after a person or a number."""
    if sfx.anchor == "-" or name.startswith(NATIONAL) or name[0] in lexicon("level_chars") or leading_regions(name)[0]:
        return True
    return sfx.anchor == "name" and (name[0] in surnames() or re.search(r"\d{2,}", name) is not None)


def _quoted(text: str, s: int, e: int) -> bool:
    return text[s - 1:s] in "“\"「" or text[e:e + 1] in "”\"」"


@Language.factory("kg_statistical_ner", default_config={"model": "ner", "person_labels": ["PER"],
                                                         "org_labels": ["ORG"], "everywhere": False})
def make_statistical_ner(nlp: Language, name: str, model: str, person_labels: list[str],
                         org_labels: list[str], everywhere: bool) -> StatisticalNER:
    return StatisticalNER(model, person_labels, org_labels, everywhere)
