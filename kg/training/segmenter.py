"""Train the project's own pkuseg word segmenter on PKU98 (People's Daily, January 1998), offline.

    python -m kg.training.segmenter [--corpora ../shared/corpora] [--out data/models/pkuseg]
                                    [--iterations 10] [--seed 0] [--max-mb 25]

Steps (each one timed and printed):

1. Read `pku98_peoples_daily/all.words.jsonl.xz` (one paragraph a line, every word a span), split
   by article (first 15 characters of `id`) into train and held-out (5 % of the articles, fixed
   seed), and write pkuseg's training format (one paragraph a line, words separated by spaces).
   PKU98 is all full-width (１２月, ＩＭＦ, ，); by default each training paragraph is either folded
   to ASCII (U+FF01-FF5E -> U+0021-007E) or kept, by a seeded coin, so the model reads both forms
   (`--width`). The held-out text is folded.
2. Train with `spacy_pkuseg.train` in one process (pkuseg's own default is 10 decoding processes).
3. Prune the trained model so that it fits the size budget without changing its decisions more than
   needed (see `prune_model`), and write it with a MANIFEST.json to `--out`.

The same seed gives the same split, the same training order (pkuseg shuffles with `random`) and so
the same model. `user_dictionary()` builds a pkuseg user dictionary from the project's gazetteers.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..resources import segmenter_user_words

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_CORPORA = REPO_ROOT.parent / "shared" / "corpora"
DEFAULT_OUT = REPO_ROOT / "data" / "models" / "pkuseg"
PKU98 = Path("pku98_peoples_daily") / "all.words.jsonl.xz"
SIGHAN_PKU_TEST = Path("sighan2005_pku_test") / "test.jsonl"
HELDOUT_FRACTION = 0.05
DEFAULT_SEED = 0
DEFAULT_ITERATIONS = 10
DEFAULT_MAX_MB = 25.0
DEFAULT_MAX_F1_LOSS = 0.001  # held-out F1 (absolute) the pruning may cost
# Candidate pruning thresholds on max |weight| of a feature, tried in order until the model fits.
PRUNE_THRESHOLDS = (0.0, 1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2, 5e-2, 0.1, 0.15, 0.2, 0.3, 0.5)

_WIDTH_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def fold_width(text: str) -> str:
    """Full-width ASCII (U+FF01-FF5E) to ASCII; one character for one, so offsets do not move."""
    return text.translate(_WIDTH_FOLD)


# --------------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Paragraph:
    id: str
    text: str  # width-folded
    words: tuple[str, ...]  # width-folded
    original: str = ""  # the text as the corpus has it (full-width kept); "" when the same as text

    @property
    def article(self) -> str:
        return self.id[:15]

    @property
    def raw_text(self) -> str:
        return self.original or self.text

    @property
    def raw_words(self) -> tuple[str, ...]:
        """The words cut from the original text (same offsets as `words`)."""
        if not self.original:
            return self.words
        out, pos = [], 0
        for w in self.words:
            out.append(self.original[pos:pos + len(w)])
            pos += len(w)
        return tuple(out)


def read_pku98(corpora: Path) -> list[Paragraph]:
    paragraphs = []
    with lzma.open(corpora / PKU98, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            text = fold_width(row["text"])
            words = tuple(text[s:e] for s, e, _pos in row["spans"])
            if "".join(words) != text:
                raise ValueError(f"{row['id']}: word spans do not cover the text")
            paragraphs.append(Paragraph(row["id"], text, words, row["text"] if row["text"] != text else ""))
    return paragraphs


def split_pku98(paragraphs: list[Paragraph], seed: int = DEFAULT_SEED,
                fraction: float = HELDOUT_FRACTION) -> tuple[list[Paragraph], list[Paragraph]]:
    """(train, held-out), split by article so that no article lands on both sides."""
    articles = sorted({p.article for p in paragraphs})
    random.Random(seed).shuffle(articles)
    heldout = set(articles[: max(1, round(len(articles) * fraction))])
    train = [p for p in paragraphs if p.article not in heldout]
    test = [p for p in paragraphs if p.article in heldout]
    return train, test


def read_sighan_test(corpora: Path) -> list[Paragraph]:
    """SIGHAN 2005 PKU test gold, width-folded like the training data."""
    out = []
    with (corpora / SIGHAN_PKU_TEST).open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            row = json.loads(line)
            text = fold_width(row["text"])
            out.append(Paragraph(f"sighan-{i:05d}", text, tuple(text[s:e] for s, e, _ in row["spans"]),
                                 row["text"] if row["text"] != text else ""))
    return out


WIDTH_MODES = ("mixed", "fold", "original")


def write_pkuseg_file(paragraphs: Iterable[Paragraph], path: Path, width: str = "fold", seed: int = 0) -> int:
    """pkuseg's training format: one paragraph a line, words separated by one space.

    width: "fold" writes the folded words, "original" the corpus's full-width ones, "mixed" picks one
    of the two for each paragraph (seeded coin), so that the model knows both ，and , (and Ａ and A):
    news text keeps Chinese punctuation full-width and digits and letters mostly ASCII, and pkuseg
    sees the text as it comes (spaCy passes it unchanged)."""
    if width not in WIDTH_MODES:
        raise ValueError(f"width must be one of {WIDTH_MODES}")
    coin = random.Random(seed)
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for p in paragraphs:
            use_original = width == "original" or (width == "mixed" and coin.random() < 0.5)
            words = p.raw_words if use_original else p.words
            if any(not w or any(c.isspace() for c in w) for w in words):
                raise ValueError(f"{p.id}: a word is empty or holds whitespace")
            f.write(" ".join(words) + "\n")
            n += 1
    return n


# ----------------------------------------------------------------------------------------- training


def train_pkuseg(train_file: Path, test_file: Path, model_dir: Path, iterations: int, seed: int) -> None:
    """spacy_pkuseg.train in this process only (nThread=1), seeded."""
    import spacy_pkuseg
    from spacy_pkuseg.config import config

    config.nThread = 1  # train() sets it too; decode in this process, never in a pool
    config.init_model = None
    random.seed(seed)
    np.random.seed(seed)
    model_dir.mkdir(parents=True, exist_ok=True)
    spacy_pkuseg.train(str(train_file), str(test_file), str(model_dir), train_iter=iterations)


# ------------------------------------------------------------------------------------------ pruning
#
# Layout of a pkuseg model directory (spacy_pkuseg/model.py, feature_extractor.pyx):
#   features.msgpack: {"unigram": [word...], "bigram": ["w1*w2"...], "feature_to_idx": {feature: id},
#                      "tag_to_idx": {tag: id}}
#   weights.npz: sizes = [n_tag, n_feature]; w = float64 vector of n_tag * (n_feature + n_tag):
#                w[f * n_tag + t] is the weight of feature f for tag t, the last n_tag * n_tag entries
#                are the tag-transition weights.
# At run time a character's features are looked up by name in feature_to_idx (feature 0, "$$", always
# fires); a word feature (w-1.X, w1.X, ww.l.X*Y, ww.r.X*Y) is only tried when X (and Y) are in
# `unigram`; `bigram` is only used while building features for training.
# A feature whose weights are all below the threshold hardly moves any score, so it is dropped and
# the remaining ids are renumbered in their old order. A unigram is kept when a kept feature names
# it: dropping one no kept feature names changes nothing, because the "**noWord" placeholder that
# replaces it only builds ww.* names that never occur in the feature table. `bigram` is emptied.
# Threshold 0 therefore gives the same segmentation as the unpruned model (up to float32 rounding).

_WORD_FEATURES = ("w-1.", "w1.", "ww.l.", "ww.r.")


def _words_of_feature(feature: str) -> list[str]:
    for prefix in _WORD_FEATURES:
        if feature.startswith(prefix):
            return feature[len(prefix):].split("*")
    return []


def model_size(model_dir: Path) -> int:
    return sum(p.stat().st_size for p in Path(model_dir).iterdir()
               if p.name in ("features.msgpack", "weights.npz"))


@dataclass
class PruneStats:
    threshold: float
    features_before: int
    features_after: int
    unigrams_before: int
    unigrams_after: int
    bytes_after: int


def prune_model(src: Path, dst: Path, threshold: float) -> PruneStats:
    """Write to `dst` the model of `src` without features whose weights all have |w| <= threshold.

    Weights are rounded to float32 precision and written with np.savez_compressed; np.load reads
    them back as the float64 vector pkuseg expects, so any pkuseg loader reads the result."""
    import srsly

    data = srsly.read_msgpack(Path(src) / "features.msgpack")
    npz = np.load(Path(src) / "weights.npz")
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    w = np.asarray(npz["w"], dtype=np.float64)
    node = w[: n_feature * n_tag].reshape(n_feature, n_tag)
    edge = w[n_feature * n_tag:]
    keep = np.abs(node).max(axis=1) > threshold
    keep[0] = True  # "$$", the bias feature every character carries
    idx_to_feature = [""] * n_feature
    for feature, i in data["feature_to_idx"].items():
        idx_to_feature[i] = feature
    kept_ids = np.flatnonzero(keep)
    feature_to_idx = {idx_to_feature[old]: new for new, old in enumerate(kept_ids.tolist())}
    used_words = set()
    for feature in feature_to_idx:
        used_words.update(_words_of_feature(feature))
    unigram = sorted(u for u in data["unigram"] if u in used_words)
    new_w = np.concatenate([node[kept_ids].reshape(-1), edge])

    dst = Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    srsly.write_msgpack(dst / "features.msgpack", {
        "unigram": unigram,
        "bigram": [],
        "feature_to_idx": feature_to_idx,
        "tag_to_idx": data["tag_to_idx"],
    })
    # float32 precision, stored as the float64 pkuseg's decoder needs: the 29 zero bits compress away
    new_w = new_w.astype(np.float32).astype(np.float64)
    np.savez_compressed(dst / "weights.npz", sizes=np.array([n_tag, len(kept_ids)]), w=new_w)
    return PruneStats(threshold, n_feature, len(kept_ids), len(data["unigram"]), len(unigram), model_size(dst))


def heldout_f1(model_dir: Path, paragraphs: list[Paragraph]) -> float:
    """Word F1 of the model alone (no user dictionary) on `paragraphs`."""
    import spacy_pkuseg

    from .seg_eval import score

    seg = spacy_pkuseg.pkuseg(model_name=str(model_dir), user_dict=None)
    return score(seg.cut, paragraphs)["f1"]


def select_pruning(src: Path, dst: Path, heldout: list[Paragraph], max_bytes: int, max_f1_loss: float,
                   thresholds: Iterable[float] = PRUNE_THRESHOLDS) -> tuple[PruneStats, float, float]:
    """Prune `src` into `dst` with the largest threshold that keeps the model within max_bytes and its
    held-out F1 within max_f1_loss of the unpruned model's; if no threshold keeps the F1, the smallest
    one that fits the budget. Returns (stats, held-out F1 of the result, of the unpruned model)."""
    f1_raw = heldout_f1(src, heldout)
    print(f"  unpruned: {model_size(src) / 1e6:.1f} MB, held-out F1 {f1_raw:.4f}", flush=True)
    candidates = []
    for threshold in thresholds:
        stats = prune_model(src, dst, threshold)
        f1 = heldout_f1(dst, heldout)
        fits = stats.bytes_after <= max_bytes
        print(f"  prune |w| <= {threshold:g}: {stats.features_after}/{stats.features_before} features, "
              f"{stats.unigrams_after}/{stats.unigrams_before} unigrams, {stats.bytes_after / 1e6:.1f} MB, "
              f"held-out F1 {f1:.4f}{'' if fits else ' (over budget)'}", flush=True)
        candidates.append((threshold, fits, f1))
        if f1 < f1_raw - max_f1_loss and fits:
            break  # larger thresholds only lose more
    good = [c for c in candidates if c[1] and c[2] >= f1_raw - max_f1_loss]
    fitting = [c for c in candidates if c[1]]
    if good:
        chosen = good[-1]
    elif fitting:
        chosen = fitting[0]
        print(f"  warning: every model within {max_bytes / 1e6:.1f} MB loses more than {max_f1_loss} F1",
              flush=True)
    else:
        raise RuntimeError(f"no pruning threshold brings the model under {max_bytes / 1e6:.1f} MB")
    stats = prune_model(src, dst, chosen[0])
    return stats, chosen[2], f1_raw


# -------------------------------------------------------------------------------- user dictionary


def user_dictionary() -> list[str]:
    """Words pkuseg should keep whole (honour kinds, organisation suffixes, regions, institutions): the
    same list the pipeline gives the segmenter at run time."""
    return list(segmenter_user_words())


def write_user_dictionary(path: str | os.PathLike) -> Path:
    """user_dictionary() as a pkuseg user-dict file (one word a line), for pkuseg(user_dict=path) or
    spaCy's tokenizer.initialize(pkuseg_user_dict=path)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(w + "\n" for w in user_dictionary()), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.training.segmenter", description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--max-mb", type=float, default=DEFAULT_MAX_MB,
                        help="size budget of features.msgpack + weights.npz (MB, 10^6 bytes)")
    parser.add_argument("--max-f1-loss", type=float, default=DEFAULT_MAX_F1_LOSS,
                        help="held-out F1 the pruning may cost, absolute (the largest such threshold wins)")
    parser.add_argument("--width", choices=WIDTH_MODES, default="mixed",
                        help="training text: full-width folded, original, or a seeded mix per paragraph (default)")
    parser.add_argument("--work", type=Path, default=None,
                        help="keep the converted data and the unpruned model here (default: a temporary dir)")
    parser.add_argument("--skip-training", action="store_true",
                        help="prune the unpruned model already in --work/raw instead of training")
    args = parser.parse_args(argv)

    t_start = time.perf_counter()
    tmp = None
    if args.work is None:
        tmp = tempfile.TemporaryDirectory(prefix="pkuseg-train-")
        work = Path(tmp.name)
    else:
        work = args.work
        work.mkdir(parents=True, exist_ok=True)
    raw = work / "raw"
    try:
        t = time.perf_counter()
        paragraphs = read_pku98(args.corpora)
        train, heldout = split_pku98(paragraphs, args.seed)
        if not args.skip_training:
            n_train = write_pkuseg_file(train, work / "train.txt", args.width, args.seed)
            n_test = write_pkuseg_file(heldout, work / "heldout.txt")
            print(f"data: {n_train} train ({args.width} width) / {n_test} held-out paragraphs "
                  f"({len({p.article for p in heldout})} held-out articles), {time.perf_counter() - t:.1f} s",
                  flush=True)
            t = time.perf_counter()
            if raw.exists():
                shutil.rmtree(raw)
            train_pkuseg(work / "train.txt", work / "heldout.txt", raw, args.iterations, args.seed)
            print(f"training: {args.iterations} iterations, {time.perf_counter() - t:.1f} s, "
                  f"unpruned model {model_size(raw) / 1e6:.1f} MB", flush=True)
        t = time.perf_counter()
        out = args.out
        staging = out.with_name(out.name + ".tmp")
        if staging.exists():
            shutil.rmtree(staging)
        stats, f1, f1_raw = select_pruning(raw, staging, heldout, int(args.max_mb * 1e6), args.max_f1_loss)
        from ..nlp.models import write_manifest

        write_manifest(staging)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
        print(f"pruning: threshold {stats.threshold:g}, {stats.features_after} features, "
              f"{stats.bytes_after / 1e6:.1f} MB, held-out F1 {f1:.4f} (unpruned {f1_raw:.4f}) -> {out}, "
              f"{time.perf_counter() - t:.1f} s")
    finally:
        if tmp is not None:
            tmp.cleanup()
    print(f"total: {time.perf_counter() - t_start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
