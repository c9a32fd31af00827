"""The alignment network of a year: states as nodes, alignment ties as typed edges, blocs by
community detection (networkx Louvain, Blondel et al. 2008, seeded), each state's
ties by type, and brokers — states with ties into more than one bloc, ranked by
betweenness (Freeman 1977)."""

from __future__ import annotations

from typing import Any

from .atlas import atlas
from .errors import UsageError
from .workspace import Workspace

TIE_TYPES = (
    "alliance",
    "strategic_partnership",
    "quasi_alliance",
    "security_community",
    "coalition",
    "tacit_alignment",
    "rivalry",
)
DEFAULT_TYPES = TIE_TYPES[:-1]
WEIGHTS = {
    "alliance": 3.0,
    "strategic_partnership": 2.0,
    "security_community": 2.0,
    "quasi_alliance": 1.5,
    "coalition": 1.0,
    "tacit_alignment": 1.0,
}
"""Tie strength for bloc detection: a written defence commitment binds more than a
declared partnership, which binds more than an inferred or one-year alignment."""
"""Alignment ties; rivalry is a tie of the opposite sign, drawn only when asked for."""

REGIONS = {
    "americas": (1, 199),
    "europe": (200, 399),
    "africa": (400, 626),
    "middle_east": (630, 698),
    "asia": (700, 899),
    "oceania": (900, 999),
}
"""COW code ranges of the regions (the COW codebook's numbering)."""


def parse_types(text: str | None) -> tuple[str, ...]:
    if not text:
        return DEFAULT_TYPES
    types = tuple(t.strip() for t in text.split(",") if t.strip())
    unknown = [t for t in types if t not in TIE_TYPES]
    if unknown:
        raise UsageError(f"unknown type '{unknown[0]}' in --types; choose from "
                         f"{', '.join(TIE_TYPES)}")
    return types


def region_of(ccode: int) -> str:
    return next((r for r, (lo, hi) in REGIONS.items() if lo <= ccode <= hi), "other")


def network(
    ws: Workspace, year: int, *, types: tuple[str, ...] = DEFAULT_TYPES,
    region: str | None = None, dimensions_file: str | None = None,
) -> dict[str, Any]:
    """Nodes, edges, blocs, degree by type and brokers of the alignment network of `year`."""
    import networkx as nx

    if region is not None and region not in REGIONS:
        raise UsageError(f"unknown region '{region}'; choose from {', '.join(REGIONS)}")
    table = atlas(year, year, workspace=ws, dimensions_file=dimensions_file)
    rows = table.select(["ccode1", "ccode2", "iso3_1", "iso3_2", "type"]).to_pylist()
    from .countries import state_index

    index = state_index(ws)
    members = {s.ccode: s for s in index.members(year)}
    if region:
        members = {c: s for c, s in members.items() if region_of(c) == region}
    graph = nx.Graph()
    graph.add_nodes_from(members)
    for r in rows:
        if r["type"] in types and r["ccode1"] in members and r["ccode2"] in members:
            graph.add_edge(r["ccode1"], r["ccode2"], type=r["type"],
                           weight=WEIGHTS.get(r["type"], 1.0))
    aligned = nx.Graph(
        (u, v, d) for u, v, d in graph.edges(data=True) if d["type"] != "rivalry"
    )
    blocs = sorted(
        (sorted(c) for c in nx.community.louvain_communities(aligned, weight="weight", seed=7)
         if len(c) > 1) if aligned.number_of_edges() else [],
        key=lambda c: (-len(c), c[0]),
    )
    bloc_of = {c: i for i, bloc in enumerate(blocs) for c in bloc}
    between = nx.betweenness_centrality(aligned) if aligned.number_of_edges() else {}
    brokers = []
    for c in aligned.nodes:
        linked = {bloc_of[n] for n in aligned.neighbors(c) if n in bloc_of}
        linked.discard(bloc_of.get(c))
        if linked:
            brokers.append({"state": members[c].code, "ccode": c,
                            "blocs_linked": sorted(linked), "betweenness": between[c]})
    brokers.sort(key=lambda b: (-b["betweenness"], b["ccode"]))
    layout = bloc_layout(graph, blocs)
    nodes = []
    for c in sorted(graph.nodes):
        ties: dict[str, int] = {}
        for n in graph.neighbors(c):
            t = graph.edges[c, n]["type"]
            ties[t] = ties.get(t, 0) + 1
        x, y, angle = layout.get(c, (None, None, None))
        nodes.append({
            "ccode": c, "state": members[c].code, "name": members[c].label("en", year),
            "name_zh": members[c].label("zh-TW", year), "region": region_of(c),
            "bloc": bloc_of.get(c), "ties": ties, "degree": graph.degree(c),
            "x": None if x is None else round(x, 2), "y": None if y is None else round(y, 2),
            "angle": None if angle is None else round(angle, 4),
        })
    edges = [
        {"a": members[u].code, "b": members[v].code, "ccode1": min(u, v),
         "ccode2": max(u, v), "type": d["type"]}
        for u, v, d in sorted(graph.edges(data=True), key=lambda e: (min(e[:2]), max(e[:2])))
    ]
    return {
        "year": year,
        "types": list(types),
        "region": region,
        "nodes": nodes,
        "edges": edges,
        "blocs": [[members[c].code for c in bloc] for bloc in blocs],
        "brokers": brokers[:20],
        "method": "blocs: Louvain modularity (Blondel et al. 2008; seed 7) over alignment "
        "ties weighted by type (alliance 3, partnership and security community 2, "
        "quasi-alliance 1.5, coalition and tacit alignment 1); brokers: states tied into "
        "another bloc, by betweenness (Freeman 1977); "
        "layout: each bloc a circle of its members in COW-code (regional) order, blocs "
        "side by side, largest first; states without ties are listed, not drawn",
    }


NODE_GAP = 13.0
"""Arc length between neighbouring states on a bloc's circle (layout units ≈ pixels)."""


def bloc_layout(graph, blocs: list[list[int]]) -> dict[int, tuple[float, float, float]]:
    """(x, y, angle) for every state with a tie: one circle per bloc, in COW-code order
    (regions are contiguous code ranges, so neighbours sit together), circles packed in
    rows; states tied to no bloc member form a last circle. Deterministic, no solver."""
    import math

    tied = sorted(c for c in graph.nodes if graph.degree(c) > 0)
    in_bloc = {c for bloc in blocs for c in bloc}
    groups = [sorted(b) for b in blocs] + ([rest] if (rest := [c for c in tied
                                                               if c not in in_bloc]) else [])
    out: dict[int, tuple[float, float, float]] = {}
    row_width, x, y, row_height = 1100.0, 0.0, 0.0, 0.0
    for group in groups:
        r = max(40.0, len(group) * NODE_GAP / (2 * math.pi))
        box = 2 * r + 120  # room for the labels outside the circle
        if x + box > row_width and x > 0:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + box / 2, y + box / 2
        for i, c in enumerate(group):
            angle = 2 * math.pi * i / len(group) - math.pi / 2
            out[c] = (cx + r * math.cos(angle), cy + r * math.sin(angle), angle)
        x += box
        row_height = max(row_height, box)
    return out


def graphml(net: dict[str, Any]) -> str:
    """The network as GraphML text (nodes keyed by ISO3, edges carry their type)."""
    import io

    import networkx as nx

    g = nx.Graph(year=net["year"])
    for n in net["nodes"]:
        g.add_node(n["state"], ccode=n["ccode"], name=n["name"], region=n["region"],
                   bloc=-1 if n["bloc"] is None else n["bloc"], degree=n["degree"])
    for e in net["edges"]:
        g.add_edge(e["a"], e["b"], type=e["type"])
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    return buf.getvalue().decode()
