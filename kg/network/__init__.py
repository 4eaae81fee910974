"""Pipeline stage 6a: who collaborates with whom, answered with NetworkX over the graph.

:func:`collaboration_graph` projects the store to an ``nx.Graph`` of actors whose edges keep
their evidence (quote, document, date). The questions are functions of that graph, one per
module, named for what they return:

* :func:`collaborators` (``collaborators.py``): an actor's collaborators, ranked by evidence;
* :func:`shortest_evidenced_path` (``paths.py``): the shortest chain of evidenced ties;
* :func:`centrality` (``centrality.py``): degree, betweenness and eigenvector centrality;
* :func:`communities` (``communities.py``): Louvain / Leiden communities, named by their hubs;
* :func:`ics_matrix` (``matrix.py``): collaboration counts between the ICSs;
* :func:`ego_graph` (``ego.py``): the neighbourhood of an actor to a given depth;
* :func:`resolve_actor` (``resolve.py``): a name, alias, acronym or code -> one actor IRI.

Every function that takes an actor accepts its IRI or any text :func:`resolve_actor` resolves.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("swl", label="South West London ICB", aliases=["SWL ICB"])
>>> G.add_node("hin", label="Health Innovation Network South London", aliases=[])
>>> G.add_edge("swl", "hin", weight=1, evidence=[{"quote": "work with the Health Innovation Network"}])
>>> collaborators(G, "swl icb")[0]["label"]
'Health Innovation Network South London'
"""

from __future__ import annotations

from kg.network.centrality import Centrality, centrality
from kg.network.collaborators import collaborators
from kg.network.communities import communities
from kg.network.ego import ego_graph
from kg.network.matrix import ics_matrix
from kg.network.paths import shortest_evidenced_path
from kg.network.projection import actor_table, collaboration_graph
from kg.network.resolve import ActorError, AmbiguousActor, Candidate, UnknownActor, resolve_actor

__all__ = [
    "ActorError",
    "AmbiguousActor",
    "Candidate",
    "Centrality",
    "UnknownActor",
    "actor_table",
    "centrality",
    "collaboration_graph",
    "collaborators",
    "communities",
    "ego_graph",
    "ics_matrix",
    "resolve_actor",
    "shortest_evidenced_path",
]
