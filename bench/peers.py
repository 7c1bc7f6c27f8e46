"""The offline tools a user could pick instead of laomo-kg, scored beside it on the gold files.

    make peers        # = build/bench-venv/bin/python bench/peers.py --out bench/peers.md

THULAC and jieba are not dependencies of the project: `make peers` installs them, with the project,
into a venv of its own (build/bench-venv). Each tool tags the same texts in one run; Person and
Organization (all organisation types together) are scored with `kg.evaluate.score`, which gives the
numbers of `../shared/annotation/score.py` (a predicted name matches a gold name or alias after
normalisation, one-to-one per document). laomo-kg runs in-process with its shipped models, exactly
as `kg eval` runs it.
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.evaluate import PRF, Document, load_gold_files, merge_predictions, score  # noqa: E402
from kg.ingest.normalise import normalise  # noqa: E402

GOLD = [REPO / "data" / "gold" / "dev.gold.jsonl", REPO / "data" / "gold" / "seeds.gold.jsonl"]
PERSON, ORG = "Person", "OtherOrganization"  # any organisation type scores in the Organization row

Tagger = Callable[[str], list[tuple[str, str]]]


@dataclass
class Peer:
    """A POS tagger read as an NER: which of its tags name a person, which an organisation."""

    name: str
    package: str
    load: Callable[[], Tagger]
    person_tags: frozenset[str]
    org_tags: frozenset[str]


def load_thulac() -> Tagger:
    import thulac

    with contextlib.redirect_stdout(sys.stderr):  # it prints "Model loaded succeed"
        model = thulac.thulac()  # the POS model ships inside the wheel (thulac/models): nothing is fetched
    return lambda text: [(w, t) for w, t in model.cut(text)]


def load_jieba() -> Tagger:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return lambda text: [(p.word, p.flag) for p in jieba.posseg.cut(text)]


PEERS = [
    # THULAC's tag set: np 人名, ni 机构名 (ns 地名, nz 其它专名 are not entities here)
    Peer("THULAC", "thulac", load_thulac, frozenset({"np"}), frozenset({"ni"})),
    # jieba (ICTCLAS-style): nr 人名, nrt and nrfg its two name sub-tags, nt 机构团体
    Peer("jieba", "jieba", load_jieba, frozenset({"nr", "nrt", "nrfg"}), frozenset({"nt"})),
]


def entities_from_tags(lines: Iterable[list[tuple[str, str]]], peer: Peer, join: bool = True) -> list[dict]:
    """Names from tagged words, line by line: adjacent words of one class are one name (a tool that
    tags a surname and a given name each as a person has said they are one person; `join=False` keeps
    every word apart); each name once per document, as gold lists each entity once."""
    runs: list[tuple[str, str]] = []
    for tokens in lines:
        last = None
        for word, tag in tokens:
            kind = PERSON if tag in peer.person_tags else ORG if tag in peer.org_tags else None
            if join and kind and kind == last:
                runs[-1] = (runs[-1][0] + word, kind)
            elif kind:
                runs.append((word, kind))
            last = kind
    unique = dict.fromkeys((w.strip(), k) for w, k in runs if w.strip())
    return [{"name": w, "type": k} for w, k in unique]


def peer_text(gold_doc: Document) -> list[str]:
    """The text as laomo-kg reads it (lines broken inside a sentence rejoined, widths folded), a line at
    a time: the peers see the same characters, without the PDF breaks that would cut names in two."""
    return [line for line in normalise(str(gold_doc.get("text") or ""))[0].split("\n") if line.strip()]


@dataclass
class Run:
    tool: str
    version: str
    load_seconds: float
    seconds: dict[str, float]  # per document: tagging or extraction only
    predictions: dict[str, Document]
    tags: dict[str, list[list[tuple[str, str]]]] = field(default_factory=dict)  # a peer's words, per line


def run_peer(peer: Peer, gold: dict[str, Document]) -> Run:
    start = time.perf_counter()
    tag = peer.load()
    run = Run(peer.name, version(peer.package), time.perf_counter() - start, {}, {})
    for doc_id, doc in gold.items():
        start = time.perf_counter()
        run.tags[doc_id] = [tag(line) for line in peer_text(doc)]
        run.seconds[doc_id] = time.perf_counter() - start
        run.predictions[doc_id] = {"doc": doc_id, "entities": entities_from_tags(run.tags[doc_id], peer),
                                   "relations": []}
    return run


def run_laomo(gold: dict[str, Document]) -> Run:
    """laomo-kg as `kg eval` runs it: each gold text a file of its own, with the shipped models."""
    from kg.nlp.pipeline import build_nlp
    from kg.output import to_gold
    from kg.pipeline import extract_gold_texts

    start = time.perf_counter()
    build_nlp(use_models=True)
    run = Run("laomo-kg", version("laomo-kg"), time.perf_counter() - start, {}, {})
    for doc_id, doc in gold.items():
        start = time.perf_counter()
        (docs,) = extract_gold_texts({doc_id: doc}, use_models=True).values()
        run.predictions[doc_id] = merge_predictions(doc_id, (to_gold(d) for d in docs))
        run.seconds[doc_id] = time.perf_counter() - start
    return run


def cells(row: PRF) -> str:
    return f"{row.precision:.3f} | {row.recall:.3f} | **{row.f1:.3f}**"


def table(name: str, gold: dict[str, Document], runs: list[Run]) -> list[str]:
    chars = sum(len(str(d.get("text") or "")) for d in gold.values())
    lines = [f"### {name} ({len(gold)} documents, {chars:,} characters)", "",
             "| tool | Person P | R | F1 | Organization P | R | F1 | chars/s |",
             "|---|---|---|---|---|---|---|---|"]
    for run in runs:
        result = score(gold, {d: run.predictions[d] for d in gold})
        lines.append(f"| {run.tool} {run.version} | {cells(result.entities['Person'])} | "
                     f"{cells(result.organization)} | {chars / sum(run.seconds[d] for d in gold):,.0f} |")
    return lines + [""]


METHOD = """\
## How each tool is read

- **laomo-kg**: `kg eval` in-process, with the shipped segmenter and NER; its Person entities and all
  its organisation types (Company, UnionBody, GovernmentBody, EducationInstitution, Studio,
  OtherOrganization) with their aliases, exactly as `kg eval` scores them.
- **THULAC** (`thulac.thulac()`, segmentation and POS, its default model): a word tagged `np` (人名) is a
  Person, a word tagged `ni` (机构名) an organisation. `ns` (地名) and `nz` (其它专名) are not counted.
- **jieba** (`jieba.posseg.cut`, default dictionary, HMM on): `nr`, `nrt`, `nrfg` (人名 and its sub-tags)
  are a Person, `nt` (机构团体) an organisation.
- For both peers, adjacent words of one class are joined into one name (a surname and a given name
  tagged as person each are one person; in these texts two names always have a separator between
  them), and each name counts once per document, as the gold lists each entity once. Both see the text
  as laomo-kg reads it (`kg.ingest.normalise`: PDF line breaks inside sentences rejoined, full-width
  letters folded), a line at a time, so a name is never cut by a line break the page layout made.
- Scoring: `kg.evaluate.score` (the matching of `../shared/annotation/score.py`: a name matches a gold
  name or alias after NFKC folding and removing spaces and quote marks, greedily one-to-one per
  document). The Organization row takes every organisation type as one, so the peers, which have no
  finer types, are not penalised for typing. The peers give no aliases: a gold entity they name only
  by its short form still matches, because gold lists short forms as aliases.
- chars/s: tagging or extraction only, model loading excluded, one run on this machine
  ({machine}); load times: {loads}.

Both peers tag words, not spans: an organisation name that is not one dictionary word
(广州某某电缆有限公司 → 广州/ns 电缆/n 有限公司/n) is never an organisation for them, which is most of
the companies and union bodies in these texts; their person names are single words and come out well.

## Offline check and what was left out

- THULAC 0.2.2 from PyPI is a 53 MB wheel that carries its models in `thulac/models/` (487 MB unpacked,
  `model_c_model.bin` is the POS model); it loads and tags with the network cut (`unshare -n`):
  nothing is downloaded at run time. jieba 0.42.1 ships its dictionary and HMM tables; it writes a cache
  under the temp folder, nothing else.
- Baidu LAC (`lac` 2.1.2, the last release) is left out: PyPI has only a source archive, whose setup
  script fails on Python 3.11 with today's setuptools (it imports `pkg_resources`), and it needs
  `paddlepaddle`, whose Python 3.11 wheel (3.3.1) is 185 MB to download and 686 MB unpacked, before its
  own dependencies: over the ~500 MB budget.
"""


def variants(peer: Peer) -> dict[str, Peer | None]:
    """The mapping used above and two others, to show how much the reading of the tags matters."""
    return {"as above": peer, "adjacent words not joined": None,
            "+ nz (其它专名) as organisation": replace(peer, org_tags=peer.org_tags | {"nz"})}


def sensitivity(gold_files: dict[str, dict[str, Document]], runs: list[Run]) -> list[str]:
    """F1 of each peer under other readings of its tags, from the same tagging run."""
    names = [Path(p).name for p in gold_files]
    lines = ["### Other readings of the peers' tags (F1, same tagging run)", "",
             "| tool | reading | " + " | ".join(f"{n} Person | {n} Organization" for n in names) + " |",
             "|---|---|" + "---|---|" * len(names)]
    for peer, run in ((p, r) for p in PEERS for r in runs if r.tool == p.name):
        for label, mapped in variants(peer).items():
            row = []
            for gold in gold_files.values():
                pred = {d: {"entities": entities_from_tags(run.tags[d], mapped or peer, join=mapped is not None)}
                        for d in gold}
                result = score(gold, pred)
                row += [f"{result.entities['Person'].f1:.3f}", f"{result.organization.f1:.3f}"]
            lines.append(f"| {peer.name} | {label} | " + " | ".join(row) + " |")
    return lines + [""]


def report(gold_files: dict[str, dict[str, Document]], runs: list[Run], command: str) -> str:
    lines = ["# laomo-kg and the offline peers on the gold files", "",
             f"`{command}` (this file is written by it). Versions: "
             + ", ".join(f"{r.tool} {r.version}" for r in runs) + f"; Python {platform.python_version()}.", ""]
    for path, gold in gold_files.items():
        lines += table(Path(path).name, gold, runs)
    lines += sensitivity(gold_files, runs)
    machine = f"{platform.machine()}, {platform.system()}"
    loads = ", ".join(f"{r.tool} {r.load_seconds:.1f} s" for r in runs)
    return "\n".join(lines) + "\n" + METHOD.format(machine=machine, loads=loads)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", nargs="+", default=[str(p) for p in GOLD], help="gold files (default: dev, seeds)")
    parser.add_argument("--out", help="write the Markdown report here (default: print it)")
    args = parser.parse_args(argv)
    gold_files = load_gold_files(args.gold)
    every_doc = {doc_id: d for docs in gold_files.values() for doc_id, d in docs.items()}
    runs = [run_laomo(every_doc)] + [run_peer(peer, every_doc) for peer in PEERS]
    text = report(gold_files, runs, "make peers")
    if args.out:
        from kg.output import write_atomic

        write_atomic(Path(args.out), text)
    else:
        print(text)


if __name__ == "__main__":
    main()
