"""Corpus readers, label mapping and DocBin writing for the statistical NER (PER / ORG / LOC).

Tokens are characters (``spacy.blank("zh")``, segmenter "char"), so every corpus span lines up.

Label mapping (corpus label → model label). A label maps to one of three things:

* ``"PER"`` / ``"ORG"`` / ``"LOC"``: a gold entity;
* ``None``: the span is *not* an entity of our types — its tokens are gold ``O``;
* ``MISSING``: we do not know — its tokens get no gold tag at all (spaCy "missing", BILUO ``-``),
  so the model is neither rewarded nor punished for what it predicts there.

Training sets (TRAIN_SETS): MSRA train, CLUENER train and PKU98 train through ``per_only``: its
names, plus the character either side of each as O, and nothing else. With PKU98's full view
(below) the model learnt PKU98's ORG/LOC/O conventions, which are not MSRA's: generic 委员会/党委 and
两岸/大陆 are plain nouns there and ORG/LOC in MSRA, and MSRA test ORG stayed at 0.71.
The full view is still what ``pku98:test`` is scored on.

Why missing rather than O: a corpus that does not annotate a type we train (or annotates it with
other boundaries) would otherwise teach the model that those spans are *non*-entities. Concretely:

* PKU98 ``j`` (abbreviations: 中 美 京, 人大 政协 欧盟 十五大 北约; from all.words.jsonl.xz) →
  MISSING: PKU98 does not type them, MSRA tags them LOC / ORG.
* PKU98 words that embed a person name (邓小平理论, 马克思主义) are single common-noun words, so
  the name is untagged; MSRA tags it PER. Untagged occurrences of names PKU98 itself tags nr
  (≥3 characters, ≥3 times in train) are MISSING in PKU98 train.
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
import lzma
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


def reversed_record(rec: Record) -> Record:
    """The record read right to left, spans mirrored. A right-to-left model meets an organisation's
    suffix (…有限公司, …委员会, …法院) first, where a left-to-right greedy model has to commit to a
    type at 苏州 in 苏州某某电子有限公司 before the suffix is in view."""
    n = len(rec.text)
    return Record(rec.text[::-1], ents=sorted((n - e, n - s, lab) for s, e, lab in rec.ents),
                  missing=sorted((n - e, n - s) for s, e in rec.missing), id=rec.id)


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
    pku98_per (the same split, PER evidence only: see per_only),
    cluener (train | dev), cluener_name (dev, only `name` → PER), zjy (dev | test), zjy_unseen
    (zjy without the sentences that occur verbatim in MSRA train).
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
    if corpus == "pku98_per":
        return [per_only(r) for r in load(corpora, "pku98", split, seed)]
    if corpus == "pku98":
        parts = pku98_split(list(read_jsonl(corpora / "pku98_peoples_daily" / "all.jsonl")), seed)
        records = [map_record(r, LABEL_MAPS["pku98"]) for r in parts[split]]
        abbreviations = pku98_abbreviations(corpora)
        for rec in records:
            rec.missing.extend(abbreviations.get(rec.id, ()))
        if split == "train":
            mark_embedded_names(records, known_names(parts["train"]))
        return [s for r in records for s in split_sentences(r)]
    if corpus in ("cluener", "cluener_name"):
        rows = read_jsonl(corpora / "cluener2020" / f"{split}.jsonl")
        return [map_record(r, LABEL_MAPS[corpus]) for r in rows]
    if corpus in ("zjy", "zjy_unseen"):
        rows = read_jsonl(corpora / "peoples_daily_ner_zjy" / f"{split}.jsonl")
        if corpus == "zjy_unseen":  # 64% of zjy dev/test sentences occur verbatim in MSRA train
            seen = {r["text"] for r in read_jsonl(corpora / "msra_ner" / "train.jsonl")}
            rows = (r for r in rows if r["text"] not in seen)
        return [map_record(r, LABEL_MAPS["zjy"]) for r in rows]
    raise ValueError(f"unknown corpus {corpus!r}")


def per_only(rec: Record) -> Record:
    """Keep a record's PER spans and the character on either side of each as O; everything else
    becomes missing. PKU98's person names agree with MSRA, but its ORG/LOC and O conventions do not
    (generic 委员会/党委 are ORG in MSRA and plain nouns in PKU98; 两岸/大陆 are LOC in MSRA and
    not in PKU98). With PKU98's full view, MSRA test ORG stayed near 0.71 even after fine-tuning on
    MSRA (bench/ner.md)."""
    pers = sorted((s, e) for s, e, lab in rec.ents if lab == "PER")
    taken = [(s, e) for s, e, lab in rec.ents if lab != "PER"] + rec.missing
    outside = set()
    for s, e in pers:
        for i in (s - 1, e):
            if 0 <= i < len(rec.text) and not any(a <= i < b for a, b in taken + pers):
                outside.add(i)
    known = sorted([*pers, *((i, i + 1) for i in outside)])
    missing, pos = [], 0
    for s, e in known:
        if pos < s:
            missing.append((pos, s))
        pos = max(pos, e)
    if pos < len(rec.text):
        missing.append((pos, len(rec.text)))
    return Record(rec.text, ents=[(s, e, "PER") for s, e in pers], missing=missing, id=rec.id)


def pku98_abbreviations(corpora: Path) -> dict[str, list[tuple[int, int]]]:
    """PKU98 tags abbreviations `j` whatever they stand for (中 美 京, 人大 政协 欧盟 十五大 北约);
    MSRA tags them LOC or ORG. Their type is unknown here, so they become missing, not O."""
    out: dict[str, list[tuple[int, int]]] = {}
    with lzma.open(Path(corpora) / "pku98_peoples_daily" / "all.words.jsonl.xz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            spans = [(s, e) for s, e, pos in row["spans"] if pos == "j"]
            if spans:
                out[row["id"]] = spans
    return out


def known_names(rows: list[dict], min_len: int = 3, min_count: int = 3) -> set[str]:
    """Person names PKU98 tags (nr) often enough to be unambiguous."""
    counts: dict[str, int] = {}
    for r in rows:
        for s, e, label in r["spans"]:
            if label == "nr" and e - s >= min_len:
                counts[r["text"][s:e]] = counts.get(r["text"][s:e], 0) + 1
    return {n for n, c in counts.items() if c >= min_count}


def mark_embedded_names(records: list[Record], names: set[str]) -> int:
    """PKU98 segments 邓小平理论 or 马克思主义 as one common-noun word, so the name inside
    is untagged (O), while MSRA tags it PER. Mark untagged occurrences of known names missing."""
    n = 0
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(name)
    for rec in records:
        taken = [(s, e) for s, e, _ in rec.ents] + list(rec.missing)
        for i, ch in enumerate(rec.text):
            for name in by_first.get(ch, ()):
                e = i + len(name)
                if rec.text.startswith(name, i) and not any(a < e and i < b for a, b in taken):
                    rec.missing.append((i, e))
                    taken.append((i, e))
                    n += 1
    return n


# Name lists without separators (委员名单: 王丙乾王汉斌王光英…) are a real news genre that the
# corpora barely cover (2 documents in MSRA train), while the MSRA test set has 2 such lists with
# 624 of its 1973 PER. Synthetic lists from training names teach where one name ends.
ETHNIC = ("回族", "满族", "蒙古族", "藏族", "壮族", "维吾尔族", "苗族", "彝族", "朝鲜族", "土家族")


def synth_name_lists(records: list[Record], n_docs: int, seed: int = 0) -> list[Record]:
    """Documents that list training PER names back to back, sometimes with （女）/（X族） or a separator."""
    names = sorted({rec.text[s:e] for rec in records for s, e, lab in rec.ents if lab == "PER" and 2 <= e - s <= 4})
    rng = random.Random(seed)
    out = []
    for _ in range(n_docs):
        text, ents = "", []
        sep = rng.choice(["", "", "", "、", "　"])
        for k in range(rng.randint(5, 30)):
            if k and sep:
                text += sep
            name = rng.choice(names)
            ents.append((len(text), len(text) + len(name), "PER"))
            text += name
            r = rng.random()
            if r < 0.08:
                text += "（女）"
            elif r < 0.13:
                text += f"（{rng.choice(ETHNIC)}）"
        out.append(Record(text + rng.choice(["", "。"]), ents=ents, id="synth"))
    return out


N_SYNTH_LISTS = 1500

TRAIN_SETS = (("msra", "train"), ("pku98_per", "train"), ("cluener", "train"))
DEV_SETS = (("msra", "dev"),)


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


def parse_sets(spec: str) -> tuple[tuple[str, str], ...]:
    """"msra:train,cluener:train" → (("msra", "train"), ("cluener", "train"))."""
    return tuple(tuple(part.split(":", 1)) for part in spec.split(",") if part)  # type: ignore[misc]


def build_docbins(corpora: Path, out_dir: Path, seed: int = 0, limit: int = 0,
                  train_sets: tuple[tuple[str, str], ...] = TRAIN_SETS,
                  dev_sets: tuple[tuple[str, str], ...] = DEV_SETS, direction: str = "ltr") -> dict[str, Path]:
    """train.spacy / dev.spacy under out_dir; `limit` caps records per corpus (quick runs);
    direction "rtl" writes every text reversed (see reversed_record)."""
    nlp = blank_nlp()
    paths = {}
    for name, sets in (("train", train_sets), ("dev", dev_sets)):
        records: list[Record] = []
        for corpus, split in sets:
            recs = load(corpora, corpus, split, seed)
            records.extend(recs[:limit] if limit else recs)
        if name == "train":
            records.extend(synth_name_lists(records, N_SYNTH_LISTS // (10 if limit else 1), seed))
            random.Random(seed).shuffle(records)
        if direction == "rtl":
            records = [reversed_record(r) for r in records]
        path = Path(out_dir) / f"{name}.spacy"
        n = write_docbin(nlp, records, path)
        print(f"{path}: {n} docs, {sum(len(r.text) for r in records)} chars", flush=True)
        paths[name] = path
    return paths
