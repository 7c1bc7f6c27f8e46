"""Corpus readers, label mapping and DocBin writing for the statistical NER (PER / ORG / LOC).

Tokens are characters (``spacy.blank("zh")``, segmenter "char"), so every corpus span lines up.

Label mapping (corpus label → model label). A label maps to one of three things:

* ``"PER"`` / ``"ORG"`` / ``"LOC"``: a gold entity;
* ``None``: the span is *not* an entity of our types — its tokens are gold ``O``;
* ``MISSING``: we do not know — its tokens get no gold tag at all (spaCy "missing", BILUO ``-``),
  so the model is neither rewarded nor punished for what it predicts there.

Why missing rather than O: a corpus that does not annotate a type we train (or annotates it with
other boundaries) would otherwise teach the model that those spans are *non*-entities. Concretely:

* PKU98 ``nz`` (other proper nouns: 全国五一劳动奖章, 《人民日报》-like titles, product and event
  names) → MISSING. Some nz are O under MSRA conventions, some overlap ORG/LOC in other corpora.
* CLUENER ``address`` → MISSING. It mixes country/city names (美国, 重庆: LOC in MSRA) with
  street-level postal addresses (…区…街27号, 松坪村) whose boundaries MSRA and PKU98 do not mark the
  same way. MSRA + PKU98 already give ~60k LOC spans, so CLUENER adds little to LOC and its
  boundary noise could only hurt; as MISSING it is neutral.
* CLUENER ``scene`` (故宫, 秦淮河, 南海子郊野公园) → MISSING: LOC in MSRA/PKU98 conventions, not
  annotated as LOC by CLUENER.
* CLUENER ``book`` / ``movie`` / ``game`` → MISSING: titles of works often contain or are names
  that MSRA/PKU98 annotate (《人民日报》 is nt in PKU98, a person's name inside a film title…).
* CLUENER ``position`` → O (None): job titles (主席, 总经理, 记者) are O in MSRA and PKU98 too, so
  CLUENER agrees with the other corpora here and the O signal is correct.
* CLUENER ``name`` → PER; ``company`` / ``government`` / ``organization`` → ORG.
* MSRA and the zjy People's Daily set already use PER / ORG / LOC and annotate all three, so every
  other token is a true O.

All other tokens of a sentence are O. The single nested pair (CLUENER train line 1507: company
inside a book title) is resolved with ``spacy.util.filter_spans`` (the longer span wins).

Full-width characters (U+FF01–FF5E) are *not* folded by default: ，。（）：？ are full-width in all
news corpora and in the project's own articles, so folding would make training text unlike the
text the model sees. ``fold_fullwidth`` is available (offset-preserving) for experiments.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

LABELS = ("PER", "ORG", "LOC")
MISSING = "-"

# corpus → {corpus label: model label | None (= O) | MISSING}; labels not listed are O.
LABEL_MAPS: dict[str, dict[str, str | None]] = {
    "msra": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    "zjy": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    "pku98": {"nr": "PER", "nt": "ORG", "ns": "LOC", "nz": MISSING},
    "cluener": {
        "name": "PER",
        "company": "ORG",
        "government": "ORG",
        "organization": "ORG",
        "address": MISSING,
        "scene": MISSING,
        "book": MISSING,
        "movie": MISSING,
        "game": MISSING,
        "position": None,
    },
    # evaluation view of CLUENER: only `name` is comparable with our PER (see ner_eval)
    "cluener_name": {"name": "PER"},
}

SENTENCE_ENDS = "。！？!?；;"


@dataclass
class Record:
    """One training/evaluation text: gold entities and spans with unknown (missing) annotation."""

    text: str
    ents: list[tuple[int, int, str]] = field(default_factory=list)
    missing: list[tuple[int, int]] = field(default_factory=list)
    id: str = ""


def fold_fullwidth(text: str) -> str:
    """Full-width ASCII (U+FF01–FF5E) → ASCII, one character for one, so offsets do not change."""
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)


def read_jsonl(path: Path) -> Iterator[dict]:
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def map_record(row: dict, mapping: dict[str, str | None], unknown: str | None = None) -> Record:
    """Apply a label map to one corpus line; `unknown` is what unlisted labels become (default O)."""
    rec = Record(row["text"], id=row.get("id", ""))
    for s, e, label in row["spans"]:
        target = mapping.get(label, unknown)
        if target == MISSING:
            rec.missing.append((s, e))
        elif target is not None:
            rec.ents.append((s, e, target))
    return rec


def split_sentences(rec: Record, max_chars: int = 400) -> list[Record]:
    """Split a paragraph after 。！？； where no entity or missing span crosses the cut."""
    spans = [(s, e) for s, e, _ in rec.ents] + rec.missing
    cuts, last = [], 0
    for i, ch in enumerate(rec.text):
        end = i + 1
        # no cut inside a span, none at the very end, no tiny fragments
        if ch in SENTENCE_ENDS and end - last >= 8 and end < len(rec.text) and not any(s < end < e for s, e in spans):
            cuts.append(end)
            last = end
    out, start = [], 0
    for end in [*cuts, len(rec.text)]:
        if end <= start:
            continue
        sub = Record(rec.text[start:end], id=rec.id)
        sub.ents = [(s - start, e - start, lab) for s, e, lab in rec.ents if start <= s and e <= end]
        sub.missing = [(s - start, e - start) for s, e in rec.missing if start <= s and e <= end]
        if sub.text.strip():
            out.append(sub)
        start = end
    return out


def make_doc(nlp: Language, rec: Record) -> Doc:
    """A Doc with gold ents; tokens under `missing` spans get no annotation (ent_iob 0)."""
    doc = nlp.make_doc(rec.text)
    spans = []
    for s, e, label in rec.ents:
        span = doc.char_span(s, e, label=label)
        if span is None:
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    for s, e in rec.missing:
        span = doc.char_span(s, e, label=MISSING, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    kept = filter_spans(spans)
    ents = [sp for sp in kept if sp.label_ != MISSING]
    missing = [sp for sp in kept if sp.label_ == MISSING]
    doc.set_ents(ents, missing=missing, default="outside")
    return doc


# ---------------------------------------------------------------- corpora and splits


def article_of(record_id: str) -> str:
    """PKU98 article key: date-page-article (first 15 characters of the id)."""
    return record_id[:15]


def pku98_split(rows: list[dict], seed: int = 0, dev: float = 0.1, test: float = 0.1) -> dict[str, list[dict]]:
    """Split PKU98 paragraphs by article (never one article on two sides) with a fixed seed."""
    articles = sorted({article_of(r["id"]) for r in rows})
    random.Random(seed).shuffle(articles)
    n_dev, n_test = round(len(articles) * dev), round(len(articles) * test)
    side = {a: "dev" for a in articles[:n_dev]}
    side.update({a: "test" for a in articles[n_dev:n_dev + n_test]})
    out: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    for r in rows:
        out[side.get(article_of(r["id"]), "train")].append(r)
    return out


def load(corpora: Path, corpus: str, split: str, seed: int = 0) -> list[Record]:
    """Records of one corpus split, labels mapped to PER/ORG/LOC (+ missing).

    corpus: msra (train | dev = last 10% of train | test), pku98 (train | dev | test by article),
    cluener (train | dev), cluener_name (dev, only `name` → PER), zjy (dev | test).
    """
    corpora = Path(corpora)
    if corpus == "msra":
        if split == "test":
            rows = list(read_jsonl(corpora / "msra_ner" / "test.jsonl"))
        else:
            rows = list(read_jsonl(corpora / "msra_ner" / "train.jsonl"))
            cut = len(rows) - len(rows) // 10
            rows = rows[:cut] if split == "train" else rows[cut:]
        return [map_record(r, LABEL_MAPS["msra"]) for r in rows]
    if corpus == "pku98":
        rows = pku98_split(list(read_jsonl(corpora / "pku98_peoples_daily" / "all.jsonl")), seed)[split]
        return [s for r in rows for s in split_sentences(map_record(r, LABEL_MAPS["pku98"]))]
    if corpus in ("cluener", "cluener_name"):
        rows = read_jsonl(corpora / "cluener2020" / f"{split}.jsonl")
        return [map_record(r, LABEL_MAPS[corpus]) for r in rows]
    if corpus == "zjy":
        return [map_record(r, LABEL_MAPS["zjy"]) for r in read_jsonl(corpora / "peoples_daily_ner_zjy" / f"{split}.jsonl")]
    raise ValueError(f"unknown corpus {corpus!r}")


TRAIN_SETS = (("msra", "train"), ("pku98", "train"), ("cluener", "train"))
DEV_SETS = (("msra", "dev"), ("pku98", "dev"))


def blank_nlp() -> Language:
    """spaCy zh on characters (the default segmenter of spacy.blank("zh"))."""
    nlp = spacy.blank("zh")
    assert nlp.tokenizer.segmenter == "char"
    return nlp


def write_docbin(nlp: Language, records: Iterable[Record], path: Path) -> int:
    db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    n = 0
    for rec in records:
        db.add(make_doc(nlp, rec))
        n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n


def build_docbins(corpora: Path, out_dir: Path, seed: int = 0, limit: int = 0) -> dict[str, Path]:
    """train.spacy / dev.spacy under out_dir; `limit` caps records per corpus (quick runs)."""
    nlp = blank_nlp()
    paths = {}
    for name, sets in (("train", TRAIN_SETS), ("dev", DEV_SETS)):
        records: list[Record] = []
        for corpus, split in sets:
            recs = load(corpora, corpus, split, seed)
            records.extend(recs[:limit] if limit else recs)
        if name == "train":
            random.Random(seed).shuffle(records)
        path = Path(out_dir) / f"{name}.spacy"
        n = write_docbin(nlp, records, path)
        print(f"{path}: {n} docs, {sum(len(r.text) for r in records)} chars", flush=True)
        paths[name] = path
    return paths
