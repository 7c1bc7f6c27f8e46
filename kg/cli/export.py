"""`kg export`, `kg validate`, `kg graph`: the graph out of the store, checked, or drawn."""

from __future__ import annotations

import io
import re
from pathlib import Path

import click
import networkx as nx

from ..graph.export import FORMATS, serialise, validate
from ..graph.store import StoreError
from ..output import write_atomic
from . import short_help
from .options import TEXT, open_store, output_errors, store_option


def _dataset(store_dir: str) -> tuple[str, str]:
    store = open_store(store_dir)
    try:
        return store.nquads(), store.base
    except (StoreError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc


NETWORKS = ("graphml", "gexf")


@click.command("export", short_help=short_help("export"))
@click.option("--format", "fmt", type=click.Choice([*FORMATS, *NETWORKS]), default="turtle", show_default=True,
              help="RDF (turtle, json-ld, nt, nq), or the network of people, organisations and honours for Gephi "
                   "(graphml, gexf: -o needed).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: stdout).")
@store_option
def export_command(fmt: str, output: str | None, store_dir: str) -> None:
    """Export the whole graph: Turtle, JSON-LD (with ontology/context.jsonld), N-Triples or N-Quads; or as a
    network for Gephi (GraphML, GEXF) with the year, post and number of sources on each edge."""
    if fmt in NETWORKS:
        from ..query.network import network
        from .lookup import open_index

        if not output:
            raise click.UsageError(f"--format {fmt} writes a file: give -o FILE.{fmt}")
        net = network(open_index(store_dir))
        with output_errors(output):
            write_network(net, Path(output))
        click.echo(f"{output}: {net.number_of_nodes()} nodes, {net.number_of_edges()} links")
        return
    nquads, base = _dataset(store_dir)
    text = serialise(nquads, fmt, base)
    if output:
        with output_errors(output):
            write_atomic(Path(output), text)
    else:
        click.echo(text, nl=False)


@click.command("validate", short_help=short_help("validate"))
@store_option
def validate_command(store_dir: str) -> None:
    """Check the graph against ontology/shapes.ttl (SHACL); list violations, exit 1 if there are any."""
    nquads, base = _dataset(store_dir)
    conforms, lines = validate(nquads, base)
    for line in lines:
        click.echo(line)
    click.echo("conforms" if conforms else f"{len(lines)} violations")
    if not conforms:
        raise SystemExit(1)


def write_network(net: nx.MultiDiGraph, path: Path) -> None:
    """GraphML or GEXF (for Gephi: the year, post and number of sources on each edge), written whole or not at all."""
    writer = nx.write_graphml if path.suffix.lower() == ".graphml" else nx.write_gexf
    buffer = io.BytesIO()
    writer(net, buffer)
    # GEXF's <meta lastmodifieddate> is today's date: left out (it is optional), so that the same store
    # gives the same bytes on any day
    write_atomic(path, re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1))


@click.command("graph", short_help=short_help("graph"))
@click.option("--around", "names", type=TEXT, multiple=True, required=True,
              help="The entity at the centre, by name as `kg show` finds it (repeatable; all with that name).")
@click.option("--id", "iris", type=TEXT, multiple=True, help="Or by its ID, as `kg show` lists several with one name.")
@click.option("--radius", default=1, show_default=True, help="How many links out from the centre.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="FILE.svg, FILE.png, FILE.graphml or FILE.gexf (for Gephi).")
@store_option
def graph_command(names: tuple[str, ...], iris: tuple[str, ...], radius: int, output: str, store_dir: str) -> None:
    """Draw or export an entity's neighbourhood (people, organisations, honours and how they link); the whole
    graph for Gephi: `kg export --format graphml|gexf`."""
    from ..graph.draw import DrawingError, draw
    from ..query.lookups import UnknownName, closest_names, matches
    from ..query.network import neighbourhood
    from .i18n import t, type_name
    from .lookup import open_index, unknown_name

    path = Path(output)
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png", ".graphml", ".gexf"):
        raise click.ClickException(f"{output}: use .svg, .png, .graphml or .gexf")
    index = open_index(store_dir)
    centres = set(iris)
    for name in names:
        found = {str(m["iri"]) for m in matches(index, name)}
        if not found:
            raise unknown_name(UnknownName(name, closest_names(index, name)))
        centres |= found if not iris else found & set(iris)
    net = neighbourhood(index, centres, radius)
    if not net:  # a thing with no link at all
        net.add_nodes_from(centres)
    with output_errors(output):
        if suffix in (".graphml", ".gexf"):
            write_network(net, path)
        else:
            try:
                draw(net, path, legend={k: type_name(k) for k in {d.get("type") for _, d in net.nodes(data=True)}})
            except DrawingError as exc:
                raise click.ClickException(str(exc)) from exc
    click.echo(t("graph_written", output=output, nodes=net.number_of_nodes(), edges=net.number_of_edges()))
