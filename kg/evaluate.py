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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


# --- matching --------------------------------------------------------------------------------


def match_entities(gold_ents: list[Entity], pred_ents: list[Entity], same_type: SameType) -> dict[int, int]:
    """Greedy one-to-one matching, {pred index: gold index}.

    Greedy in prediction order, first free gold entity wins: this is the reference rule, and
    reproducing it (not an optimal assignment) is what keeps the numbers identical.
    """
    gold_names = [_names(g) for g in gold_ents]
    gold_canonical = [normalize(g.get("name")) for g in gold_ents]
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for i, p in enumerate(pred_ents):
        name, aliases = normalize(p.get("name")), _aliases(p)
        for j, g in enumerate(gold_ents):
            if j in used or not same_type(p.get("type"), g.get("type")):
                continue
            if name in gold_names[j] or gold_canonical[j] in aliases:
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


def _score_entities(gents: list[Entity], pents: list[Entity], result: EvalResult) -> dict[str, PRF]:
    """Entity rows of one document, added into `result`; returns the document's own counts."""
    counts: dict[str, PRF] = {}
    for t in ENTITY_TYPES:
        ge = [e for e in gents if e.get("type") == t]
        pe = [e for e in pents if e.get("type") == t]
        counts[t] = PRF(len(match_entities(ge, pe, _same_type)), len(pe), len(ge))
        result.entities[t].add(counts[t].tp, counts[t].pred, counts[t].gold)
    ge = [e for e in gents if e.get("type") in ORG_TYPES]
    pe = [e for e in pents if e.get("type") in ORG_TYPES]
    counts[ORG_ROW] = PRF(len(match_entities(ge, pe, _same_group)), len(pe), len(ge))
    result.organization.add(counts[ORG_ROW].tp, counts[ORG_ROW].pred, counts[ORG_ROW].gold)
    return counts


def _judge_attributes(predicate: str, pred_rel: dict, gold_rel: dict, result: EvalResult) -> None:
    """Year and role are judged only on matched facts, and only where gold states them."""
    if predicate == "awarded" and gold_rel.get("year") is not None:
        result.year.record(pred_rel.get("year") == gold_rel["year"])
    if predicate == "worksFor" and gold_rel.get("role"):
        result.role.record(role_is_right(pred_rel.get("role"), gold_rel["role"]))


def _score_predicate(
    predicate: str, gold_doc: Document, pred_doc: Document, pairs: dict[int, int], result: EvalResult
) -> PRF:
    """One predicate of one document: greedy one-to-one matching on resolved (subject, object)."""
    gents = gold_doc.get("entities", []) or []
    pents = pred_doc.get("entities", []) or []
    gold_rels = [r for r in gold_doc.get("relations", []) or [] if r.get("predicate") == predicate]
    pred_rels = [r for r in pred_doc.get("relations", []) or [] if r.get("predicate") == predicate]
    gold_keys = [
        (resolve_endpoint(r.get("subject"), [], {}, gents), resolve_endpoint(r.get("object"), [], {}, gents))
        for r in gold_rels
    ]
    used: set[int] = set()
    for r in pred_rels:
        key = (
            resolve_endpoint(r.get("subject"), pents, pairs, gents),
            resolve_endpoint(r.get("object"), pents, pairs, gents),
        )
        if None in key:
            continue
        k = next((k for k, gk in enumerate(gold_keys) if k not in used and gk == key), None)
        if k is not None:
            used.add(k)
            _judge_attributes(predicate, r, gold_rels[k], result)
    counts = PRF(len(used), len(pred_rels), len(gold_rels))
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
    lines.append(_accuracy_line("worksFor role accuracy", result.role))
    if result.unpaired_predictions:
        lines.append(f"predicted documents not in gold: {len(result.unpaired_predictions)}")
    return "\n".join(lines)
