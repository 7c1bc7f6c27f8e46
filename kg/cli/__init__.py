"""The `kg` command: one click group, one file per command group, each imported only when it runs.

`kg --help` lists the commands from `COMMANDS` without importing any of them (click's documented lazy
group, with the one-line helps kept here), so neither help nor a look-up imports spaCy or rdflib.
"""

from __future__ import annotations

import importlib

import click

from .i18n import lang_param

# name → (module:attribute, the one-line help `kg --help` shows; the command uses the same text)
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("kg.cli.extract:extract_command", "Extract people, organisations, honours and facts from text."),
    "eval": ("kg.cli.eval:eval_command", "Score extraction against gold files (P, R, F1, errors)."),
    "build": ("kg.cli.store:build_command", "Build or update the knowledge graph from text or records."),
    "remove": ("kg.cli.store:remove_command", "Remove documents and their graphs from the store."),
    "who-received": ("kg.cli.lookup:who_received_command", "Everyone who received an honour, with sources."),
    "show": ("kg.cli.lookup:show_command", "Everything about a person, organisation or honour."),
    "query": ("kg.cli.lookup:query_command", "Run a named query, a .rq file or inline SPARQL."),
    "stats": ("kg.cli.lookup:stats_command", "Counts by class, level and year, and top organisations."),
    "export": ("kg.cli.export:export_command", "Export the graph: Turtle, JSON-LD, N-Triples, N-Quads."),
    "validate": ("kg.cli.export:validate_command", "Check the graph against the SHACL shapes."),
    "graph": ("kg.cli.export:graph_command", "Draw an entity's neighbourhood (SVG, PNG, GraphML, GEXF)."),
    "docs": ("kg.cli.store:docs_command", "List the documents in the store: ID, file, title, date, facts."),
    "info": ("kg.cli.info:info_command", "Versions, models, the store in use and what it holds."),
    "serve": ("kg.cli.serve:serve_command", "Serve the graph: SPARQL, Linked Data and web pages."),
}


def short_help(name: str) -> str:
    return COMMANDS[name][1]


class LazyGroup(click.Group):
    """A group whose commands are imported when invoked, not when listed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = COMMANDS[cmd_name][0].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not any(p.name == "lang" for p in command.params):
            command.params.append(lang_param())
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx) if name in COMMANDS]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, params=[lang_param(group=True)], context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="laomo-kg")
def main() -> None:
    """劳模图谱: people, organisations and honours from Chinese trade-union news.

    Start with `kg build` (the bundled corpus, or your folders of .txt), then `kg who-received 五一劳动奖章`
    and `kg show NAME`. The store is ./kg-store unless --store, KG_STORE or the config file say otherwise
    (`kg info` shows which); messages are in Chinese with --lang zh or a zh_* locale.
    """
