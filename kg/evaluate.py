"""Score predicted extraction against gold annotation, both in the JSONL "gold" format.

This is the project's own scorer. It reimplements the reference scorer
(``shared/annotation/score.py``) so that the project can score in-process and show a table,
while giving *exactly* the reference numbers: tests compare the two on perturbed predictions,
so every matching rule below mirrors the reference one, including its greedy order.

Matching rules, per document (documents are paired by their ``"doc"`` id; a gold document
without a prediction scores as empty):

* Names are compared after NFKC folding and removing white space and quote marks.
* A predicted entity matches a gold entity when the predicted name is the gold canonical name or
  one of its aliases, or the gold canonical name is one of the predicted aliases. Matching is
  greedy and one-to-one, in prediction order, each prediction taking the first free gold entity.
* Entities are matched within one type for the per-type rows; the "Organization" row matches any
  organisation type against any other, so a Company predicted as OtherOrganization still counts.
* A relation endpoint denotes the gold entity its predicted entity was matched to (with the
  org-group-tolerant matching), else the first gold entity bearing that name. Relations match
  one-to-one when predicate, subject and object agree.
* Year accuracy is over matched ``awarded`` facts whose gold year is not None; role accuracy over
  matched ``worksFor`` facts with a gold role, right when every part of the predicted role (split
  at 、，,/;； 和 及) is a part of the gold role.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ingest.normalise import normalise

ORG_TYPES: frozenset[str] = frozenset(
    {"Company", "UnionBody", "GovernmentBody", "EducationInstitution", "Studio", "OtherOrganization"}
)
ENTITY_TYPES: tuple[str, ...] = ("Person", "Honour", *sorted(ORG_TYPES))
ORG_ROW = "Organization"
PREDICATES: tuple[str, ...] = ("awarded", "worksFor", "leads")

_IGNORED_CHARS = re.compile(r"[\s\u3000\"'“”‘’「」『』《》〈〉]")
_ROLE_SEPARATORS = re.compile(r"[、，,/;；]|和|及")

Document = dict[str, Any]
Entity = dict[str, Any]
SameType = Callable[[Any, Any], bool]


# --- names and roles -------------------------------------------------------------------------


def normalize(text: Any) -> str:
    """Fold a name for comparison: annotators and extractors differ in width, spaces and quotes.

    None (and any falsy value) becomes "", as in the reference scorer.
    """
    return _IGNORED_CHARS.sub("", unicodedata.normalize("NFKC", str(text or "")))


def role_parts(role: Any) -> set[str]:
    """The separate posts in a role string: 党组书记、主任 is two posts, each judged on its own."""
    return {part for part in _ROLE_SEPARATORS.split(normalize(role)) if part}


def role_is_right(pred_role: Any, gold_role: Any) -> bool:
    """A predicted role is right when it is non-empty and names only posts the gold role names.

    Naming fewer posts than gold is still right: a partial role is not a wrong one.
    """
    predicted = role_parts(pred_role)
    return bool(predicted) and predicted <= role_parts(gold_role)


def type_group(entity_type: Any) -> Any:
    """All organisation types collapse to one group, so org-type confusions can be forgiven."""
    return ORG_ROW if entity_type in ORG_TYPES else entity_type


def _same_type(a: Any, b: Any) -> bool:
    return a == b


def _same_group(a: Any, b: Any) -> bool:
    return type_group(a) == type_group(b)


def _aliases(entity: Entity) -> set[str]:
    return {normalize(alias) for alias in entity.get("aliases", []) or []}


def _names(entity: Entity) -> set[str]:
    """Every normalised string that denotes a gold entity: its canonical name and its aliases."""
    return {normalize(entity.get("name"))} | _aliases(entity)


# --- counts ----------------------------------------------------------------------------------


@dataclass
class PRF:
    """Counts for one row; precision, recall and F1 are derived so that rows can be summed first.

    With nothing predicted and nothing in gold a row is perfect (1.0), not undefined.
    """

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    @property
    def precision(self) -> float:
        if self.pred:
            return self.tp / self.pred
        return 0.0 if self.gold else 1.0

    @property
    def recall(self) -> float:
        if self.gold:
            return self.tp / self.gold
        return 0.0 if self.pred else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Rounded to 4 places, as the reference scorer reports them."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


@dataclass
class Accuracy:
    """Right answers over the cases that could be judged; None when there were none."""

    right: int = 0
    total: int = 0

    def record(self, is_right: bool) -> None:
        self.total += 1
        self.right += int(is_right)

    @property
    def value(self) -> float | None:
        return round(self.right / self.total, 4) if self.total else None


def _new_rows(names: Iterable[str]) -> dict[str, PRF]:
    return {name: PRF() for name in names}


@dataclass
class EvalResult:
    """Everything one scoring run measures; `as_dict` gives the reference scorer's JSON shape."""

    documents: int = 0
    entities: dict[str, PRF] = field(default_factory=lambda: _new_rows(ENTITY_TYPES))
    organization: PRF = field(default_factory=PRF)
    relations: dict[str, PRF] = field(default_factory=lambda: _new_rows(PREDICATES))
    year: Accuracy = field(default_factory=Accuracy)
    year_written: Accuracy = field(default_factory=Accuracy)  # where the text itself writes the gold year
    role: Accuracy = field(default_factory=Accuracy)
    per_doc: dict[str, dict[str, PRF]] = field(default_factory=dict)
    unpaired_predictions: list[str] = field(default_factory=list)

    @property
    def year_accuracy(self) -> float | None:
        return self.year.value

    @property
    def role_accuracy(self) -> float | None:
        return self.role.value

    def as_dict(self, per_doc: bool = False) -> dict[str, Any]:
        """The structure `score.py --json` prints; with per_doc=True, that of `--json --by-doc`."""
        out: dict[str, Any] = {
            "documents": self.documents,
            "unpaired_predictions": list(self.unpaired_predictions),
            "entities": {t: row.as_dict() for t, row in self.entities.items()}
            | {ORG_ROW: self.organization.as_dict()},
            "relations": {p: row.as_dict() for p, row in self.relations.items()},
            "awarded_year_accuracy": self.year_accuracy,
            "worksFor_role_accuracy": self.role_accuracy,
        }
        if per_doc:
            out["per_doc"] = {
                doc: {row: [c.tp, c.pred, c.gold] for row, c in rows.items()}
                for doc, rows in self.per_doc.items()
            }
        return out


# --- loading ---------------------------------------------------------------------------------


def load_jsonl(path: str | Path) -> dict[str, Document]:
    """Read a gold-format JSONL file into {doc id: document}.

    Blank lines are skipped; a later line with the same id replaces an earlier one (as in the
    reference scorer). A bad line raises ValueError naming the file and line, because a scorer that
    silently drops a document would report a wrong recall.
    """
    docs: dict[str, Document] = {}
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{line_no}: invalid JSON: {exc.msg} (column {exc.colno})") from exc
            if not isinstance(doc, dict):
                raise ValueError(f"{path}:{line_no}: expected a JSON object, got {type(doc).__name__}")
            if "doc" not in doc:
                raise ValueError(f"{path}:{line_no}: a document without a 'doc' id")
            docs[doc["doc"]] = doc
    return docs


def load_gold_files(paths: Iterable[str | Path]) -> dict[str, dict[str, Document]]:
    """Several gold files, keyed by the path as given, each {doc id: document}.

    A document id may stand in one file only: `kg eval` extracts every document once and scores
    it in its file, so an id in two files would make one of them score the other's text. A path
    given twice is read once.
    """
    files: dict[str, dict[str, Document]] = {}
    owner: dict[str, str] = {}
    seen: set[Path] = set()
    for path in paths:
        if Path(path).resolve() in seen:
            continue
        seen.add(Path(path).resolve())
        docs = load_jsonl(path)
        for doc_id in docs:
            if doc_id in owner:
                raise ValueError(f"document id {doc_id!r} is in both {owner[doc_id]} and {path}")
            owner[doc_id] = str(path)
        files[str(path)] = docs
    return files


def merge_predictions(doc_id: str, records: Iterable[Document]) -> Document:
    """One predicted document from the records of the articles a gold text was cut into.

    The records may carry more than the gold shape (mentions, evidence): scoring ignores it and
    the error listing uses it.
    """
    merged: Document = {"doc": doc_id, "entities": [], "relations": []}
    for record in records:
        merged["entities"] += record.get("entities", []) or []
        merged["relations"] += record.get("relations", []) or []
    return merged


# --- matching --------------------------------------------------------------------------------


def denotes(pred: Entity, gold: Entity) -> bool:
    """Whether a predicted entity names a gold one: its name is a gold name or alias, or the gold
    canonical name is one of its aliases (types aside)."""
    return normalize(pred.get("name")) in _names(gold) or normalize(gold.get("name")) in _aliases(pred)


def match_entities(gold_ents: list[Entity], pred_ents: list[Entity], same_type: SameType) -> dict[int, int]:
    """Greedy one-to-one matching, {pred index: gold index}.

    Greedy in prediction order, first free gold entity wins: this is the reference rule, and
    reproducing it (not an optimal assignment) is what keeps the numbers identical.
    """
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for i, p in enumerate(pred_ents):
        for j, g in enumerate(gold_ents):
            if j not in used and same_type(p.get("type"), g.get("type")) and denotes(p, g):
                pairs[i] = j
                used.add(j)
                break
    return pairs


def resolve_endpoint(
    name: Any, pred_ents: list[Entity], pairs: dict[int, int], gold_ents: list[Entity]
) -> int | None:
    """The gold entity index a relation endpoint denotes, or None.

    First through the matched predicted entity of that name (so an alias-named prediction still
    resolves), else directly by the gold names, so a relation is not lost for a missing entity.
    """
    wanted = normalize(name)
    for i, p in enumerate(pred_ents):
        if i in pairs and normalize(p.get("name")) == wanted:
            return pairs[i]
    for j, g in enumerate(gold_ents):
        if wanted in _names(g):
            return j
    return None


# --- scoring ---------------------------------------------------------------------------------


def row_entities(row: str, gents: list[Entity], pents: list[Entity]) -> tuple[list[Entity], list[Entity], SameType]:
    """The gold and predicted entities one row compares, and how their types must agree.

    A type row compares that type only; the Organization row every organisation type, forgiving
    confusions between them.
    """
    if row == ORG_ROW:
        ge = [e for e in gents if e.get("type") in ORG_TYPES]
        pe = [e for e in pents if e.get("type") in ORG_TYPES]
        return ge, pe, _same_group
    return [e for e in gents if e.get("type") == row], [e for e in pents if e.get("type") == row], _same_type


def _score_entities(gents: list[Entity], pents: list[Entity], result: EvalResult) -> dict[str, PRF]:
    """Entity rows of one document, added into `result`; returns the document's own counts."""
    counts: dict[str, PRF] = {}
    for row in (*ENTITY_TYPES, ORG_ROW):
        ge, pe, same = row_entities(row, gents, pents)
        counts[row] = PRF(len(match_entities(ge, pe, same)), len(pe), len(ge))
        total = result.organization if row == ORG_ROW else result.entities[row]
        total.add(counts[row].tp, counts[row].pred, counts[row].gold)
    return counts


def match_relations(
    predicate: str, gold_doc: Document, pred_doc: Document, pairs: dict[int, int]
) -> tuple[list[dict], list[dict], dict[int, int]]:
    """The facts of one predicate in gold and prediction, and their matching {pred index: gold index}.

    Greedy one-to-one on resolved (subject, object), in prediction order, as the reference scorer
    does; `pairs` is the org-group-tolerant entity matching of the whole document.
    """
    gents = gold_doc.get("entities", []) or []
    pents = pred_doc.get("entities", []) or []
    gold_rels = [r for r in gold_doc.get("relations", []) or [] if r.get("predicate") == predicate]
    pred_rels = [r for r in pred_doc.get("relations", []) or [] if r.get("predicate") == predicate]
    gold_keys = [
        (resolve_endpoint(r.get("subject"), [], {}, gents), resolve_endpoint(r.get("object"), [], {}, gents))
        for r in gold_rels
    ]
    used: dict[int, int] = {}
    taken: set[int] = set()
    for i, r in enumerate(pred_rels):
        key = (
            resolve_endpoint(r.get("subject"), pents, pairs, gents),
            resolve_endpoint(r.get("object"), pents, pairs, gents),
        )
        if None in key:
            continue
        k = next((k for k, gk in enumerate(gold_keys) if k not in taken and gk == key), None)
        if k is not None:
            used[i] = k
            taken.add(k)
    return gold_rels, pred_rels, used


def year_is_judged(gold_rel: dict) -> bool:
    """The year of a matched awarded fact counts only where gold states one."""
    return gold_rel.get("year") is not None


def year_written(year: int, text: str) -> bool:
    """2019 as 2019 or 二〇一九 anywhere in the text."""
    digits = str(year)
    return digits in text or "".join("〇一二三四五六七八九"[int(c)] for c in digits) in text


def role_is_judged(gold_rel: dict) -> bool:
    """The role of a matched worksFor fact counts only where gold states one."""
    return bool(gold_rel.get("role"))


def _judge_attributes(predicate: str, pred_rel: dict, gold_rel: dict, result: EvalResult, text: str = "") -> None:
    """Year and role are judged only on matched facts, and only where gold states them. The year is
    also judged apart where the document's text writes it: annotators dated some passages from the
    page's address, which a file of the text alone does not carry."""
    if predicate == "awarded" and year_is_judged(gold_rel):
        result.year.record(pred_rel.get("year") == gold_rel["year"])
        if year_written(gold_rel["year"], text):
            result.year_written.record(pred_rel.get("year") == gold_rel["year"])
    if predicate == "worksFor" and role_is_judged(gold_rel):
        result.role.record(role_is_right(pred_rel.get("role"), gold_rel["role"]))


def _score_predicate(
    predicate: str, gold_doc: Document, pred_doc: Document, pairs: dict[int, int], result: EvalResult
) -> PRF:
    """One predicate of one document, added into `result`; returns the document's own counts."""
    gold_rels, pred_rels, matched = match_relations(predicate, gold_doc, pred_doc, pairs)
    for i, k in matched.items():
        _judge_attributes(predicate, pred_rels[i], gold_rels[k], result, str(gold_doc.get("text", "")))
    counts = PRF(len(matched), len(pred_rels), len(gold_rels))
    result.relations[predicate].add(counts.tp, counts.pred, counts.gold)
    return counts


def score(gold: dict[str, Document], pred: dict[str, Document]) -> EvalResult:
    """Score predicted documents against gold ones, both as returned by `load_jsonl`."""
    result = EvalResult(documents=len(gold))
    for doc_id, gold_doc in gold.items():
        pred_doc = pred.get(doc_id, {"entities": [], "relations": []})
        gents = gold_doc.get("entities", []) or []
        pents = pred_doc.get("entities", []) or []
        counts = _score_entities(gents, pents, result)
        pairs = match_entities(gents, pents, _same_group)
        for predicate in PREDICATES:
            counts[predicate] = _score_predicate(predicate, gold_doc, pred_doc, pairs, result)
        result.per_doc[doc_id] = counts
    result.unpaired_predictions = sorted(set(pred) - set(gold))
    return result


# --- error listing ---------------------------------------------------------------------------

ERROR_TARGETS: tuple[str, ...] = (*ENTITY_TYPES, ORG_ROW, *PREDICATES)
ERROR_KINDS: tuple[str, ...] = ("miss", "false", "year", "role")
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’\"」』]?|\n+")
_ATTRIBUTE = {"awarded": "year", "worksFor": "role"}


@dataclass(frozen=True)
class ErrorItem:
    """One thing extraction got wrong, with the sentence a reader checks it against.

    `kind` is "miss" (in gold, not predicted), "false" (predicted, not in gold), or "year" /
    "role" (a matched fact whose attribute is judged wrong). `target` is what was asked for: an
    entity type, Organization, or a predicate. For facts, `gold` and `predicted` hold the year or
    role on each side; `focus` are the names the sentence is cut around.
    """

    doc: str
    target: str
    kind: str
    name: str
    type: str | None = None
    object: str | None = None
    gold: Any = None
    predicted: Any = None
    note: str = ""
    sentence: str = ""
    focus: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"doc": self.doc, "target": self.target, "kind": self.kind}
        if self.object is None:
            out |= {"name": self.name, "type": self.type}
        else:
            out |= {"subject": self.name, "predicate": self.target, "object": self.object}
            attribute = _ATTRIBUTE.get(self.target)
            if attribute:
                out |= {f"gold_{attribute}": self.gold, f"predicted_{attribute}": self.predicted}
        return out | {"note": self.note, "sentence": self.sentence}


class DocText:
    """A gold document's text in sentences, to show where a name or an offset sits.

    Sentences are cut in the text as extraction reads it (`kg.ingest.normalise`: lines broken
    inside a sentence rejoined), so they read like the evidence of predicted facts; a line break
    that remains ends a sentence, as list items and captions are one a line.
    """

    def __init__(self, text: str):
        self.text, self.offsets = normalise(text)
        self.spans: list[tuple[int, int]] = []
        pos = 0
        for m in _SENTENCE_END.finditer(self.text):
            self._add(pos, m.end())
            pos = m.end()
        self._add(pos, len(self.text))
        self.folded = [normalize(self.text[s:e]) for s, e in self.spans]

    def _add(self, start: int, end: int) -> None:
        if self.text[start:end].strip():
            self.spans.append((start, end))

    def holding(self, *name_sets: set[str]) -> str:
        """The first sentence that holds a name of every set, compared as the scorer compares
        names (so 孙 晓 东 in the text holds 孙晓东); else the first two adjacent sentences that do (a
        name broken by a line break, a list item under its heading); "" where none do."""
        wanted = [{n for n in names if n} for names in name_sets]
        for size in (1, 2):
            for i in range(len(self.spans) - size + 1):
                folded = "".join(self.folded[i:i + size])
                if all(any(n in folded for n in names) for names in wanted):
                    return self.text[self.spans[i][0]:self.spans[i + size - 1][1]].strip()
        return ""

    def at(self, offset: int) -> str:
        """The sentence around a character offset of the original text, "" outside it."""
        i = bisect_left(self.offsets, offset)
        return next((self.text[s:e].strip() for s, e in self.spans if s <= i < e), "")


def _raw_names(entity: Entity) -> tuple[str, ...]:
    return tuple(str(n) for n in (entity.get("name"), *(entity.get("aliases") or [])) if n)


def _endpoint(name: Any, gents: list[Entity]) -> Entity:
    """The gold entity a gold fact's endpoint names, or a bare entity of that name."""
    j = resolve_endpoint(name, [], {}, gents)
    return gents[j] if j is not None else {"name": name}


def _other_types(entity: Entity, others: list[Entity], denote: Callable[[Entity, Entity], bool]) -> list[str]:
    """The types the other side gives this name where they differ from its own: a type confusion."""
    return sorted({str(o.get("type")) for o in others if o.get("type") != entity.get("type") and denote(o, entity)})


def _entity_errors(doc_id: str, row: str, gold_doc: Document, pred_doc: Document, text: DocText) -> list[ErrorItem]:
    """Misses and false hits of one entity row in one document, matched as the scorer matches."""
    gents = gold_doc.get("entities", []) or []
    pents = pred_doc.get("entities", []) or []
    ge, pe, same = row_entities(row, gents, pents)
    pairs = match_entities(ge, pe, same)
    items = []
    found = set(pairs.values())
    for g in (g for j, g in enumerate(ge) if j not in found):
        typed = _other_types(g, pents, denotes)
        items.append(ErrorItem(
            doc_id, row, "miss", str(g.get("name")), g.get("type"),
            note=f"predicted as {', '.join(typed)}" if typed else "",
            sentence=text.holding(_names(g)), focus=_raw_names(g)))
    for p in (p for i, p in enumerate(pe) if i not in pairs):
        typed = _other_types(p, gents, lambda g, pred: denotes(pred, g))
        mentions = p.get("mentions") or []
        sentence = text.at(mentions[0].get("start", -1)) if mentions else ""
        items.append(ErrorItem(
            doc_id, row, "false", str(p.get("name")), p.get("type"),
            note=f"gold: {', '.join(typed)}" if typed else "",
            sentence=sentence or text.holding({normalize(p.get("name"))} | _aliases(p)), focus=_raw_names(p)))
    return items


def _fact_item(doc_id: str, predicate: str, kind: str, fact: dict, **values: Any) -> ErrorItem:
    return ErrorItem(doc_id, predicate, kind, str(fact.get("subject")), object=str(fact.get("object")), **values)


def _missed_fact_note(fact: dict, gents: list[Entity], pairs: dict[int, int]) -> str:
    """Why a gold fact may have been missed: an endpoint no predicted entity stands for."""
    absent = [str(fact.get(end)) for end in ("subject", "object")
              if resolve_endpoint(fact.get(end), [], {}, gents) not in pairs.values()]
    return f"not predicted: {', '.join(absent)}" if absent else ""


def _false_fact_note(fact: dict, gents: list[Entity], pents: list[Entity], pairs: dict[int, int]) -> str:
    """Why a predicted fact matched nothing: an endpoint that names no gold entity."""
    unknown = [str(fact.get(end)) for end in ("subject", "object")
               if resolve_endpoint(fact.get(end), pents, pairs, gents) is None]
    return f"no gold entity: {', '.join(unknown)}" if unknown else ""


def _attribute_item(doc_id: str, predicate: str, pred: dict, gold: dict) -> ErrorItem | None:
    """A matched fact whose year or role the scorer judges wrong, else None."""
    wrong_year = predicate == "awarded" and year_is_judged(gold) and pred.get("year") != gold["year"]
    wrong_role = predicate == "worksFor" and role_is_judged(gold) and not role_is_right(pred.get("role"), gold["role"])
    if not (wrong_year or wrong_role):
        return None
    attribute = _ATTRIBUTE[predicate]
    return _fact_item(doc_id, predicate, attribute, pred, gold=gold.get(attribute), predicted=pred.get(attribute),
                      sentence=(pred.get("evidence") or {}).get("sentence", ""),
                      focus=(str(pred.get("subject")), str(pred.get("object"))))


def _relation_errors(doc_id: str, predicate: str, gold_doc: Document, pred_doc: Document,
                     text: DocText) -> list[ErrorItem]:
    """Misses, false hits and wrong attributes of one predicate in one document."""
    gents = gold_doc.get("entities", []) or []
    pents = pred_doc.get("entities", []) or []
    pairs = match_entities(gents, pents, _same_group)
    gold_rels, pred_rels, matched = match_relations(predicate, gold_doc, pred_doc, pairs)
    attribute = _ATTRIBUTE.get(predicate, "")
    items = []
    hit = set(matched.values())
    for g in (g for k, g in enumerate(gold_rels) if k not in hit):
        subject, obj = _endpoint(g.get("subject"), gents), _endpoint(g.get("object"), gents)
        sentence = text.holding(_names(subject), _names(obj)) or text.holding(_names(subject)) or text.holding(_names(obj))
        items.append(_fact_item(doc_id, predicate, "miss", g, gold=g.get(attribute), sentence=sentence,
                                note=_missed_fact_note(g, gents, pairs), focus=_raw_names(subject) + _raw_names(obj)))
    for i, r in enumerate(pred_rels):
        if i in matched:
            wrong = _attribute_item(doc_id, predicate, r, gold_rels[matched[i]])
            items += [wrong] if wrong else []
            continue
        sentence = (r.get("evidence") or {}).get("sentence") or text.holding(
            {normalize(r.get("subject"))}, {normalize(r.get("object"))})
        items.append(_fact_item(doc_id, predicate, "false", r, predicted=r.get(attribute), sentence=sentence,
                                note=_false_fact_note(r, gents, pents, pairs),
                                focus=(str(r.get("subject")), str(r.get("object")))))
    return items


def list_errors(gold: dict[str, Document], pred: dict[str, Document], targets: Iterable[str]) -> list[ErrorItem]:
    """Everything extraction got wrong for the given targets, document by document in gold order.

    Matching is the scorer's, so the misses of a row are its gold minus tp and its false hits its
    pred minus tp; year and role items are the judged facts the accuracies count as wrong.
    """
    targets = list(dict.fromkeys(targets))  # asked twice, listed once
    unknown = [t for t in targets if t not in ERROR_TARGETS]
    if unknown:
        raise ValueError(f"unknown error target {unknown[0]!r}; choose from {', '.join(ERROR_TARGETS)}")
    items: list[ErrorItem] = []
    for doc_id, gold_doc in gold.items() if targets else ():
        pred_doc = pred.get(doc_id, {})
        text = DocText(str(gold_doc.get("text") or ""))
        for target in targets:
            if target in PREDICATES:
                items += _relation_errors(doc_id, target, gold_doc, pred_doc, text)
            else:
                items += _entity_errors(doc_id, target, gold_doc, pred_doc, text)
    return items


# --- report ----------------------------------------------------------------------------------

_LABEL_WIDTH = 30


def _row(label: str, c: PRF) -> str:
    return (
        f"{label:<{_LABEL_WIDTH}}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}"
        f"{c.tp:6d}{c.pred:6d}{c.gold:6d}"
    )


def _accuracy_line(label: str, acc: Accuracy) -> str:
    if acc.value is None:
        return f"{label}: n/a (no judged facts)"
    return f"{label}: {acc.value:.3f} ({acc.right}/{acc.total})"


def format_table(result: EvalResult) -> str:
    """A fixed-width table for people: one row per entity type, all organisations, each predicate."""
    lines = [
        f"documents: {result.documents}",
        f"{'':<{_LABEL_WIDTH}}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}",
    ]
    lines += [_row(t, result.entities[t]) for t in ENTITY_TYPES]
    lines.append(_row(f"{ORG_ROW} (all orgs)", result.organization))
    lines += [_row(p, result.relations[p]) for p in PREDICATES]
    lines.append(_accuracy_line("awarded year accuracy", result.year))
    if result.year_written.total != result.year.total:
        lines.append(_accuracy_line("  where the text writes the year", result.year_written))
    lines.append(_accuracy_line("worksFor role accuracy", result.role))
    if result.unpaired_predictions:
        lines.append(f"predicted documents not in gold: {len(result.unpaired_predictions)}")
    return "\n".join(lines)


SNIPPET_CHARS = 80


def _folded_positions(text: str) -> tuple[str, list[int]]:
    """The scorer's folding of `text`, with the position in `text` each folded character comes from."""
    folded: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if not _IGNORED_CHARS.match(c):
                folded.append(c)
                where.append(i)
    return "".join(folded), where


def _locate(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Where each name first stands in the text, matched through the scorer's folding."""
    folded, where = _folded_positions(text)
    spans = []
    for name in names:
        key = normalize(name)
        k = folded.find(key) if key else -1
        if k >= 0:
            spans.append((where[k], where[k + len(key) - 1] + 1))
    return spans


def cut_around(sentence: str, names: Iterable[str], width: int = SNIPPET_CHARS) -> str:
    """The sentence on one line, cut to about `width` characters around the names it holds.

    Both ends of a fact are kept in view when they fit, else the first name found; … marks a cut.
    """
    line = " ".join(sentence.split())
    if len(line) <= width:
        return line
    spans = _locate(line, names)
    lo, hi = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else (0, 0)
    if hi - lo > width:
        lo, hi = spans[0]
    start = max(0, min((lo + hi - width) // 2, len(line) - width))
    end = start + width
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")


def _columns(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _label(item: ErrorItem) -> str:
    """What the item is about: a name, or a fact with its year or role."""
    if item.object is None:
        return item.name
    label = f"{item.name} → {item.object}"
    if item.kind in ("year", "role"):
        shown = ["none" if v in (None, "") else str(v) for v in (item.gold, item.predicted)]
        return f"{label}: gold {shown[0]}, predicted {shown[1]}"
    value = item.gold if item.kind == "miss" else item.predicted
    return f"{label} ({value})" if value not in (None, "") else label


def _error_line(item: ErrorItem, type_width: int, label_columns: int) -> str:
    label = _label(item) + (f" [{item.note}]" if item.note else "")
    pad = " " * max(0, label_columns - _columns(label))
    sentence = cut_around(item.sentence, item.focus) if item.sentence else "(not found in the text)"
    return f"  {item.kind:<5} {item.type or item.target:<{type_width}} {label}{pad} | {sentence}"


def _count_line(items: list[ErrorItem], targets: Iterable[str]) -> str:
    """Per target: how many misses, false hits and wrong attributes were listed."""
    words = {"miss": "missed", "false": "false hits", "year": "wrong years", "role": "wrong roles"}
    parts = []
    for target in targets:
        mine = [i for i in items if i.target == target]
        counts = [f"{sum(i.kind == k for i in mine)} {words[k]}" for k in ERROR_KINDS
                  if k in ("miss", "false") or _ATTRIBUTE.get(target) == k]
        parts.append(f"{target} {', '.join(counts)}")
    return f"{len(items)} errors: " + "; ".join(parts)


def format_errors(items: list[ErrorItem], targets: Iterable[str]) -> str:
    """One line per item, grouped by document, then a count line: for reading on a terminal."""
    targets = list(dict.fromkeys(targets))
    type_width = max((len(i.type or i.target) for i in items), default=0)
    label_columns = min(32, max((_columns(_label(i)) for i in items), default=0))
    lines: list[str] = []
    for doc_id in dict.fromkeys(i.doc for i in items):
        lines.append(doc_id)
        lines += [_error_line(i, type_width, label_columns) for i in items if i.doc == doc_id]
    lines.append(_count_line(items, targets))
    return "\n".join(lines)
