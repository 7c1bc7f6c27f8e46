"""What `kg` says, in English or Chinese: messages, column headers and level names from two data files
(data/messages.tsv, data/levels.tsv), not gettext; JSON keys and CSV headers stay English for programs.

The language is, in order: `--lang`, `KG_LANG`, the config's `lang` (kg/config.py), the locale (LC_ALL,
LC_MESSAGES, LANG: zh_* is Chinese), English.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

import click

from ..config import lang_setting
from ..resources import data_dir, data_rows

LANGS = ("en", "zh")
_chosen: str | None = None


def choose(lang: str | None) -> None:
    """Set the language for this run (`--lang`); None leaves it to the environment."""
    global _chosen
    _chosen = lang


def current() -> str:
    """"zh" or "en"."""
    wanted = _chosen or lang_setting()
    if wanted:
        return "zh" if wanted.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


@cache
def _catalogue() -> dict[str, tuple[str, str]]:
    """key → (English, Chinese); cells are kept as written (a separator may end in a space)."""
    out = {}
    for line in (data_dir() / "messages.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 2 and not line.startswith("#"):
            out[cells[0]] = (cells[1], cells[2] if len(cells) > 2 else cells[1])
    return out


def t(key: str, **fields: object) -> str:
    """The message `key` in the current language, with its fields filled in; an unknown key is itself."""
    entry = _catalogue().get(key)
    text = entry[LANGS.index(current())] if entry else key
    return text.format(**fields) if fields else text


def has(key: str) -> bool:
    return key in _catalogue()


def header(column: str) -> str:
    """A table's column header (`name` → 姓名)."""
    return t(f"col.{column}") if has(f"col.{column}") else column


def type_name(kind: object) -> str:
    """An entity type's name (Person → person / 人物)."""
    return t(f"type.{kind}") if has(f"type.{kind}") else str(kind)


@dataclass(frozen=True)
class Level:
    term: str  # the ontology's local name: National, Provincial …
    choices: tuple[str, ...]  # what --level accepts for it
    names: tuple[str, str]  # English, Chinese


@cache
def levels() -> tuple[Level, ...]:
    return tuple(Level(r[0], (r[1], *r[2].split(",")), (r[3], r[4])) for r in data_rows("levels.tsv") if len(r) >= 5)


def level_choices() -> list[str]:
    """Every value --level accepts: the Chinese ones first (全国, 省 …), then the English ones."""
    return [c for lv in levels() for c in lv.choices[1:]] + [lv.choices[0] for lv in levels()]


def level_term(choice: str) -> str:
    """The ontology level a --level value names (省 → Provincial)."""
    return next(lv.term for lv in levels() if choice.lower() in (c.lower() for c in lv.choices))


def level_name(term: object) -> str:
    """A level's name in the current language (Provincial → 省级 / provincial); anything else as it is."""
    found = next((lv for lv in levels() if lv.term == term), None)
    return found.names[LANGS.index(current())] if found else ("" if term is None else str(term))


def _group_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    choose(value)  # every run starts from what the group was given (tests run many in one process)
    return value


def _command_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        choose(value)
    return value


def lang_param(group: bool = False) -> click.Option:
    """`--lang zh|en`, which the group and every command take (kg/cli/__init__.py adds it)."""
    return click.Option(["--lang"], type=click.Choice(LANGS), callback=_group_lang if group else _command_lang,
                        expose_value=False, is_eager=True,
                        help="Language of messages and tables [default: KG_LANG, the config, else the locale].")
