"""`kg export`, `kg validate`, `kg graph`: the graph out of the store, checked, or drawn."""

from __future__ import annotations

from pathlib import Path

import click
import networkx as nx

from ..graph.export import FORMATS, neighbourhood, serialise, to_svg, validate
from ..graph.store import StoreError
from ..output import write_atomic
from . import short_help
from .options import open_store, store_option


def _dataset(store_dir: str) -> tuple[str, str]:
    store = open_store(store_dir)
    try:
        return store.nquads(), store.base
    except (StoreError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("export", short_help=short_help("export"))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: stdout).")
@store_option
def export_command(fmt: str, output: str | None, store_dir: str) -> None:
    """Export the whole graph: Turtle, JSON-LD (with ontology/context.jsonld), N-Triples or N-Quads."""
    nquads, base = _dataset(store_dir)
    text = serialise(nquads, fmt, base)
    if output:
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


@click.command("graph", short_help=short_help("graph"))
@click.option("--around", "names", multiple=True, required=True, help="The entity (or entities) at the centre.")
@click.option("--radius", default=1, show_default=True, help="How many links out from the centre.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="FILE.svg, FILE.png, FILE.graphml or FILE.gexf (for Gephi).")
@store_option
def graph_command(names: tuple[str, ...], radius: int, output: str, store_dir: str) -> None:
    """Draw or export an entity's neighbourhood (people, organisations, honours and how they link)."""
    nquads, base = _dataset(store_dir)
    net = neighbourhood(nquads, base, list(names), radius)
    if not net:
        raise click.ClickException(f"nothing called {' or '.join(names)} in the graph")
    path = Path(output)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        write_atomic(path, to_svg(net))
    elif suffix in (".graphml", ".gexf"):
        writer = nx.write_graphml if suffix == ".graphml" else nx.write_gexf
        tmp = path.with_name(f".{path.name}.tmp")
        writer(nx.DiGraph(net), tmp)
        tmp.replace(path)
    elif suffix == ".png":
        _png(net, path)
    else:
        raise click.ClickException(f"{output}: use .svg, .png, .graphml or .gexf")
    click.echo(f"{output}: {net.number_of_nodes()} nodes, {net.number_of_edges()} links")


CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "SimHei",
             "Microsoft YaHei", "PingFang SC", "Heiti SC")


def _png(net: nx.MultiDiGraph, path: Path) -> None:
    """matplotlib with a Chinese font (Debian: fonts-wqy-microhei, which `make install` adds)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    font = next((f for f in CJK_FONTS if f in installed), None)
    if font is None:
        raise click.ClickException("PNG needs a Chinese font (Debian: apt-get install fonts-wqy-microhei); "
                                   ".svg, .graphml and .gexf need nothing")
    fig, ax = plt.subplots(figsize=(9, 9))
    nx.draw_networkx(nx.DiGraph(net), pos=nx.spring_layout(nx.Graph(net), seed=7), ax=ax, node_size=300,
                     labels={n: d["label"] for n, d in net.nodes(data=True)}, font_size=9, font_family=font)
    ax.axis("off")
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, dpi=120)
    plt.close(fig)
    tmp.replace(path)
