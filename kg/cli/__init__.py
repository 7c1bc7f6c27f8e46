"""The `kg` command: one click group, one file per command group."""

from __future__ import annotations

import click

from .eval import eval_command
from .export import export_command, graph_command, validate_command
from .extract import extract_command
from .lookup import query_command, show_command, stats_command, who_received_command
from .store import build_command, remove_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="laomo-kg")
def main() -> None:
    """劳模图谱: people, organisations and honours from Chinese trade-union news."""


main.add_command(extract_command)
main.add_command(eval_command)
main.add_command(build_command)
main.add_command(remove_command)
for command in (who_received_command, show_command, query_command, stats_command, export_command,
                validate_command, graph_command):
    main.add_command(command)
