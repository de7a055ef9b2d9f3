"""The NetworkX model of a store: what users take away for their own analyses, and what the
tests use as an oracle for the search."""

from __future__ import annotations

import math

import networkx as nx

from pathfinder.store.protocol import Store


def to_networkx(store: Store) -> nx.Graph:
    graph = nx.Graph()
    team = store.team()
    ids: dict[int, str] = {}
    for p in store.all_people():
        ids[p.n] = p.id
        graph.add_node(p.id, name=p.name, company=p.company, title=p.title, seniority=p.seniority,
                       role=team.get(p.n, ""))
    for a, b, trust in store.ties():
        graph.add_edge(ids[a], ids[b], trust=trust, cost=-math.log(max(trust, 1e-9)))
    return graph
