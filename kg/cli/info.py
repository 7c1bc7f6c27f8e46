"""`kg info`: what is installed and in use — versions, the models (checked against their manifests), the
data folder, the config file, the store and what it holds. The first thing to send with a bug report."""

from __future__ import annotations

import platform
import sqlite3
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import click

from ..config import ConfigError, config_path, store_setting
from ..graph.store import StoreError
from ..resources import data_dir
from . import short_help
from .i18n import t
from .render import to_json

PACKAGES = ("spacy", "spacy-pkuseg", "pyoxigraph", "rdflib", "click", "rich")
MODELS = ("pkuseg", "ner")
COUNTS = """
SELECT ?class (COUNT(?x) AS ?n) WHERE { VALUES ?class { lm:Person lm:Honour lm:Award lm:Post lm:Leadership
  lm:Company lm:UnionBody lm:GovernmentBody lm:EducationInstitution lm:Studio lm:OtherOrganization }
  ?x a ?class } GROUP BY ?class
"""
ORGANISATIONS = ("Company", "UnionBody", "GovernmentBody", "EducationInstitution", "Studio", "OtherOrganization")


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "-"


def _size(folder: Path) -> str:
    return f"{sum(p.stat().st_size for p in folder.rglob('*') if p.is_file()) / 1e6:.1f} MB"


def models() -> dict[str, dict[str, object]]:
    """Each shipped model: its folder, size, and whether every file matches its manifest."""
    from ..nlp.models import ModelError, models_dir, verify  # hashing only: no spaCy

    out = {}
    for name in MODELS:
        folder = models_dir() / name
        try:
            verify(folder)
            out[name] = {"path": str(folder), "size": _size(folder), "verified": True}
        except ModelError as exc:
            out[name] = {"path": str(folder), "verified": False, "problem": str(exc)}
    return out


def store_counts(folder: str) -> dict[str, int] | None:
    """Documents, quads, people, organisations, honours and facts of the store, or None if not built."""
    from ..graph.iris import LM
    from ..graph.store import Store
    from ..query.sparql import run

    store = Store(folder)
    if not store.exists:
        return None
    by_class = {str(r["class"]).removeprefix(LM): int(r["n"]) for r in run(store.index(), COUNTS).rows}
    facts = {k: by_class.get(c, 0) for k, c in (("awards", "Award"), ("posts", "Post"), ("leads", "Leadership"))}
    return {"documents": store.manifest["documents"], "quads": store.manifest["quads"],
            "people": by_class.get("Person", 0), "organisations": sum(by_class.get(c, 0) for c in ORGANISATIONS),
            "honours": by_class.get("Honour", 0), "facts": sum(facts.values()), **facts}


@click.command("info", short_help=short_help("info"))
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="The store folder [default: $KG_STORE, the config's store, else ./kg-store].")
@click.option("--json", "as_json", is_flag=True, help="The same as one JSON object.")
def info_command(store_dir: str | None, as_json: bool) -> None:
    """Versions, models (present and verified), data folder, config file, the store in use and its counts."""
    try:
        folder, origin = (store_dir, "--store") if store_dir else store_setting()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    problem = None
    try:
        counts = store_counts(folder)
    except (StoreError, OSError, sqlite3.Error) as exc:  # still show the rest: this is where users look
        counts, problem = None, " ".join(str(exc).split())
    found = {"laomo-kg": _version("laomo-kg"), "python": platform.python_version(),
             "packages": {p: _version(p) for p in PACKAGES}, "data": str(data_dir()), "models": models(),
             "config": {"path": str(config_path()), "present": config_path().is_file()},
             "store": {"path": str(Path(folder).resolve()), "from": origin, "counts": counts, "problem": problem}}
    if as_json:
        click.echo(to_json(found))
    else:
        for line in _lines(found):
            click.echo(line)
    if problem:
        sys.exit(1)


def _lines(found: dict) -> list[str]:
    packages = ", ".join(f"{p} {v}" for p, v in found["packages"].items())
    lines = [t("info.version", version=found["laomo-kg"]) + f" (Python {found['python']}; {packages})",
             t("info.data", path=found["data"]), t("info.models")]
    for name, m in found["models"].items():
        lines.append("  " + (t("info.model_ok", name=name, path=m["path"], size=m["size"]) if m["verified"]
                             else t("info.model_bad", name=name, problem=m["problem"])))
    config = found["config"]
    lines.append(t("info.config" if config["present"] else "info.config_missing", path=config["path"]))
    store = found["store"]
    origin = t("origin.default") if store["from"] == "default" else store["from"]
    if store["problem"]:
        lines.append(t("info.store_problem", path=store["path"], origin=origin, problem=store["problem"]))
    else:
        lines.append(t("info.no_store" if store["counts"] is None else "info.store", path=store["path"], origin=origin))
    if store["counts"] is not None:
        lines.append("  " + t("info.counts", **store["counts"]))
    return lines
