"""The user's settings: where the store is and which language to speak, set once instead of on every command.

Each setting is read from, in order: the command line (`--store`, `--lang`), the environment (`KG_STORE`,
`KG_LANG`), the config file, the default. The config file is TOML, `$KG_CONFIG`, else
`$XDG_CONFIG_HOME/laomo-kg/config.toml` (`~/.config/laomo-kg/config.toml`):

    store = "~/laomo/kg-store"   # relative paths are relative to the config file's folder
    lang = "zh"                  # zh or en
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path

KEYS = {"store": str, "lang": str}


class ConfigError(ValueError):
    """The config file cannot be used; the message names the file and the problem."""


def config_path() -> Path:
    if os.environ.get("KG_CONFIG"):
        return Path(os.environ["KG_CONFIG"]).expanduser()
    home = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(home) / "laomo-kg" / "config.toml"


@cache
def _read(path: Path) -> dict[str, str]:
    try:
        with path.open("rb") as f:
            found = tomllib.load(f)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    unknown = sorted(set(found) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown setting {', '.join(unknown)} (known: {', '.join(KEYS)})")
    wrong = [k for k, v in found.items() if not isinstance(v, KEYS[k])]
    if wrong:
        raise ConfigError(f"{path}: {', '.join(wrong)} must be a string")
    return found


def settings() -> dict[str, str]:
    """The config file's settings (none when there is no file)."""
    return _read(config_path())


def store_setting() -> tuple[str, str]:
    """The store folder when no --store is given, and where that came from (KG_STORE, the config, default)."""
    if os.environ.get("KG_STORE"):
        return os.environ["KG_STORE"], "KG_STORE"
    configured = settings().get("store")
    if configured:
        path = Path(configured).expanduser()
        return str(path if path.is_absolute() else config_path().parent / path), str(config_path())
    from .graph.store import DEFAULT_STORE  # ./kg-store, relative to the working folder

    return DEFAULT_STORE, "default"


def lang_setting() -> str | None:
    """`KG_LANG`, else the config's `lang`; None: follow the locale."""
    return os.environ.get("KG_LANG") or settings().get("lang")
