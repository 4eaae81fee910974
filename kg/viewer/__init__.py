"""The viewer stage: draw a collaboration graph (:mod:`kg.network`) as an interactive page.

Three modules, one concern each: :mod:`kg.viewer.data` (graph -> the page's JSON),
:mod:`kg.viewer.layout` (positions and sizes) and :mod:`kg.viewer.page` (the HTML page);
:mod:`kg.viewer.values` holds the small value helpers they share.

pyvis builds the page: its ``Network`` holds the vis-network nodes, edges and options and renders
our template ``kg/static/viewer.html``. Everything the page needs is inlined: vis-network (vendored
from the npm package, see ``kg/static/README.md``), the page's own script and style, and the data
as JSON in a ``<script type="application/json">`` block. The page makes no network request; a
Content-Security-Policy with ``default-src 'none'`` and script hashes makes sure of it and stops
any injected script from running.

Text from documents is never written into the HTML as markup: it travels inside the JSON (with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so a ``</script>`` in a quote cannot end the
block), and the page's script puts it on screen with ``textContent``.

Positions are computed here (:func:`layout_positions`: igraph's Fruchterman-Reingold, fixed seed):
one cluster per ICS, placed around the centre as its name says (north west at the top left), the
actors of no ICS between them. Physics is off and edges are straight, so thousands of actors open
in seconds and every actor stays where it was drawn. That is ``layout="auto"`` (and
``"precomputed"``) at every size: vis-network's physics would pull the ICS clusters together, so
it is a choice (``layout="physics"``, small graphs only). The same graph always gives the same
bytes.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("https://w3id.org/london-health-kg/id/a", label="A </script>", kind="NHSTrust")
>>> html = render_html(G, title="Demo")
>>> "A </script>" in html, "A \\\\u003c/script\\\\u003e" in html
(False, True)
"""

from kg.viewer.data import (
    DEFAULT_TITLE,
    FONT,
    ICS_COLOURS,
    KIND_STYLES,
    LABEL_SCALE,
    LARGE_AT,
    LAYER_LABELS,
    LAYOUTS,
    OTHER,
    PHYSICS_SLOW_AT,
    SIZE_BY,
    KindStyle,
    ViewerError,
    build_payload,
    describe_scope,
    document_metadata,
)
from kg.viewer.layout import (
    DEFAULT_SEED,
    centrality_scores,
    ics_angles,
    label_boxes,
    layout_positions,
    node_sizes,
    separate,
)
from kg.viewer.page import (
    STATIC,
    TEMPLATE,
    VIS_VERSION,
    ViewReport,
    build_network,
    content_security_policy,
    render_html,
    script_json,
    view_store,
    write_html,
)
from kg.viewer.values import local_name

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_TITLE",
    "FONT",
    "ICS_COLOURS",
    "KIND_STYLES",
    "LABEL_SCALE",
    "LARGE_AT",
    "LAYER_LABELS",
    "LAYOUTS",
    "OTHER",
    "PHYSICS_SLOW_AT",
    "SIZE_BY",
    "STATIC",
    "TEMPLATE",
    "VIS_VERSION",
    "KindStyle",
    "ViewReport",
    "ViewerError",
    "build_network",
    "build_payload",
    "centrality_scores",
    "content_security_policy",
    "describe_scope",
    "document_metadata",
    "ics_angles",
    "label_boxes",
    "layout_positions",
    "local_name",
    "node_sizes",
    "render_html",
    "script_json",
    "separate",
    "view_store",
    "write_html",
]
