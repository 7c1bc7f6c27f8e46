"""A network drawn to SVG or PNG, one way for both (matplotlib): nodes coloured by type with a legend,
arrows from subject to object, edge labels (the year of an award, the post held), every label inside the
picture. SVG keeps its text as text (searchable, any Chinese font of the viewer); PNG needs a Chinese font
here (Debian: fonts-wqy-microhei, which `make install` adds)."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from ..output import write_atomic

COLOURS = {"Person": "#e8743b", "Honour": "#d4a017", "Studio": "#8e6bbf", "UnionBody": "#2f7ed8",
           "GovernmentBody": "#5b8c5a", "Company": "#4a9fb5", "EducationInstitution": "#a0522d",
           "OtherOrganization": "#7f7f7f"}
CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "SimHei",
             "Microsoft YaHei", "PingFang SC", "Heiti SC")


class DrawingError(RuntimeError):
    """The picture cannot be made here (no Chinese font for a PNG)."""


def chinese_font() -> str | None:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in CJK_FONTS if f in installed), None)


def edge_text(data: dict) -> str:
    """What an edge says besides its kind: the post, else the year, else nothing."""
    return str(data.get("role") or data.get("year") or "")


def draw(net: nx.MultiDiGraph, path: Path, legend: dict[str, str] | None = None) -> None:
    """Draw `net` into `path` (.svg or .png), written through a temporary file. `legend` names the types
    (Person → 人物); by default their own names."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    font = chinese_font()
    svg = path.suffix.lower() == ".svg"
    if font is None and not svg:
        raise DrawingError("PNG needs a Chinese font (Debian: apt-get install fonts-wqy-microhei); "
                           ".svg, .graphml and .gexf need nothing")
    families = [font] if font else [*CJK_FONTS, "sans-serif"]  # an SVG names them for its viewer
    size = min(20.0, 7 + 0.25 * net.number_of_nodes())
    with matplotlib.rc_context({"font.family": families, "svg.fonttype": "none", "svg.hashsalt": "laomo-kg"}):
        fig, ax = plt.subplots(figsize=(size, size * 0.75))
        pos = nx.spring_layout(nx.Graph(net), seed=7) if len(net) > 1 else {n: (0.0, 0.0) for n in net}
        types = sorted({d.get("type", "Thing") for _, d in net.nodes(data=True)})
        colours = [COLOURS.get(d.get("type"), "#bbbbbb") for _, d in net.nodes(data=True)]
        nx.draw_networkx_nodes(net, pos, ax=ax, node_color=colours, node_size=420, edgecolors="white")
        nx.draw_networkx_edges(net, pos, ax=ax, arrows=True, arrowstyle="-|>", arrowsize=14, node_size=420,
                               edge_color="#8a8a8a", connectionstyle="arc3,rad=0.08")
        lift = 0.04 * (max(y for _, y in pos.values()) - min(y for _, y in pos.values()) or 1.0)
        above = {n: (x, y + lift) for n, (x, y) in pos.items()}  # the label above its node, not across it
        nx.draw_networkx_labels(net, above, ax=ax, labels={n: d.get("label", n) for n, d in net.nodes(data=True)},
                                font_size=10, font_family=families, verticalalignment="bottom")
        labels = {(s, o): edge_text(d) for s, o, d in net.edges(data=True) if edge_text(d)}
        nx.draw_networkx_edge_labels(nx.DiGraph(net), pos, ax=ax, edge_labels=labels, font_size=8,
                                     font_color="#555555", font_family=families, rotate=False)
        handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=COLOURS.get(t, "#bbbbbb"),
                          label=(legend or {}).get(t, t)) for t in types]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        ax.margins(0.12)
        ax.axis("off")
        picture = io.BytesIO()
        try:  # "tight" grows the picture to hold every label and the legend
            fig.savefig(picture, format=path.suffix.lower().lstrip("."), dpi=120, bbox_inches="tight",
                        pad_inches=0.3, metadata={"Date": None} if svg else None)
        finally:
            plt.close(fig)
        write_atomic(path, picture.getvalue())
