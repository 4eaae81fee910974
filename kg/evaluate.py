"""Scoring an extraction against hand-made gold annotations (the format of ``shared/eval``).

Names are compared in a normal form; entities match one-to-one within a document when their
types agree and a name or alias agrees; relations match when the predicate agrees and both
ends map to the gold ends (either direction for symmetric predicates).

>>> norm_name("NHS South East London ICB")
'south east london integrated care board'
>>> norm_name("The King\u2019s Fund")
"king's fund"
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from kg.ontology import symmetric_predicates

_FOLD = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def norm_name(name: str) -> str:
    """The comparison form of a name in the evaluation."""
    text = unicodedata.normalize("NFKC", name).translate(_FOLD).lower()
    text = re.sub(r"\s+", " ", text).strip().strip(" .,;:!?\"'()[]")
    if text.startswith("the "):
        text = text[4:]
    text = re.sub(r"\bicb\b", "integrated care board", text)
    text = re.sub(r"\bics\b", "integrated care system", text)
    if text.startswith("nhs ") and text.endswith("integrated care board"):
        text = text[4:]
    return text


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    tp: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        if not self.gold and not self.pred:
            return 1.0
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    entities: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    relations: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))

    @staticmethod
    def total(rows: dict[str, Counts]) -> Counts:
        out = Counts()
        for c in rows.values():
            out.gold += c.gold
            out.pred += c.pred
            out.tp += c.tp
        return out

    def table(self) -> str:
        lines = []
        for title, rows in (
            ("ENTITIES (by type)", self.entities),
            ("RELATIONS (by predicate)", self.relations),
        ):
            lines.append(title)
            lines.append(f"  {'':<18}{'gold':>5}{'pred':>6}{'tp':>5}{'P':>8}{'R':>8}{'F1':>8}")
            for name in sorted(rows):
                c = rows[name]
                lines.append(
                    f"  {name:<18}{c.gold:>5}{c.pred:>6}{c.tp:>5}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}"
                )
            t = self.total(rows)
            lines.append(
                f"  {'OVERALL':<18}{t.gold:>5}{t.pred:>6}{t.tp:>5}{t.precision:>8.3f}{t.recall:>8.3f}{t.f1:>8.3f}"
            )
            lines.append("")
        lines.append(
            f"entities F1={self.total(self.entities).f1:.3f} relations F1={self.total(self.relations).f1:.3f}"
        )
        return "\n".join(lines)


def _names(ent: dict) -> set[str]:
    return {norm_name(ent["name"])} | {norm_name(a) for a in ent.get("aliases", [])}


def _match_entities(gold: list[dict], pred: list[dict]) -> dict[int, int]:
    """Maximum one-to-one matching of predicted to gold entities; canonical-name hits preferred."""
    G = nx.Graph()
    for i, p in enumerate(pred):
        pn = _names(p)
        for j, g in enumerate(gold):
            if p["type"] != g["type"]:
                continue
            if norm_name(g["name"]) in pn:
                G.add_edge(
                    ("p", i), ("g", j), weight=3 if norm_name(p["name"]) == norm_name(g["name"]) else 2
                )
            elif pn & _names(g):
                G.add_edge(("p", i), ("g", j), weight=1)
    matching = nx.max_weight_matching(G, maxcardinality=True)
    out = {}
    for a, b in matching:
        if a[0] == "g":
            a, b = b, a
        out[a[1]] = b[1]
    return out


@dataclass
class _DocKeys:
    """One document's gold and predicted items, keyed the way the scorer compares them."""

    gents: list[dict]
    pents: list[dict]
    matched: dict[int, int]  # predicted entity -> gold entity
    gold_rel: dict[tuple, dict]  # key -> the gold relation
    pred_rel: dict[tuple, dict]  # key -> the first predicted relation with that key


def _document_keys(gdoc: dict, pdoc: dict, symmetric: set[str]) -> _DocKeys:
    gents, pents = gdoc.get("entities", []), pdoc.get("entities", [])
    matched = _match_entities(gents, pents)
    by_pred_name: dict[str, int] = {}
    for i, p in enumerate(pents):
        if i in matched:
            by_pred_name.setdefault(norm_name(p["name"]), matched[i])
    gold_names = defaultdict(set)
    for j, g in enumerate(gents):
        for n in _names(g):
            gold_names[n].add(j)

    def to_gold(name: str) -> int | None:
        n = norm_name(name)
        if n in by_pred_name:
            return by_pred_name[n]
        cands = gold_names.get(n, set())
        return min(cands) if cands else None

    def key(pred: str, s: int | None, o: int | None) -> tuple:
        pred = pred.lower()
        if pred in symmetric and s is not None and o is not None:
            s, o = min(s, o), max(s, o)
        return (pred, s, o)

    gold_rel = {}
    for r in gdoc.get("relations", []):
        gold_rel[
            key(r["predicate"], to_gold_exact(gents, r["subject"]), to_gold_exact(gents, r["object"]))
        ] = r
    pred_rel: dict[tuple, dict] = {}
    for r in pdoc.get("relations", []):
        pred_rel.setdefault(key(r["predicate"], to_gold(r["subject"]), to_gold(r["object"])), r)
    return _DocKeys(gents, pents, matched, gold_rel, pred_rel)


def _pairs(gold: dict, predicted: dict):
    symmetric = {p.rsplit("#", 1)[1].lower() for p in symmetric_predicates()}
    preds = {d["file"].rsplit("/", 1)[-1]: d for d in predicted.get("documents", [])}
    for gdoc in gold["documents"]:
        pdoc = preds.get(gdoc["file"], {"entities": [], "relations": []})
        yield gdoc, _document_keys(gdoc, pdoc, symmetric)


def score(gold: dict, predicted: dict) -> Score:
    """Score ``predicted`` against ``gold`` (both ``{"documents": [...]}``)."""
    result = Score()
    for _gdoc, k in _pairs(gold, predicted):
        for g in k.gents:
            result.entities[g["type"]].gold += 1
        for p in k.pents:
            result.entities[p["type"]].pred += 1
        for i in k.matched:
            result.entities[k.pents[i]["type"]].tp += 1
        for r in k.gold_rel.values():
            result.relations[r["predicate"]].gold += 1
        for key, r in k.pred_rel.items():
            label = k.gold_rel[key]["predicate"] if key in k.gold_rel else r["predicate"]
            result.relations[label].pred += 1
            if key in k.gold_rel and key[1] is not None and key[2] is not None:
                result.relations[label].tp += 1
    return result


@dataclass(frozen=True)
class Miss:
    """A false negative ("missed") or false positive ("spurious") with the reason it happened."""

    file: str
    what: str  # "entity" or "relation"
    kind: str  # "missed" or "spurious"
    item: str
    reason: str
    evidence: str = ""


def misses(gold: dict, predicted: dict) -> list[Miss]:
    """Every false negative and false positive, with its sentence and why it was missed or wrong:
    entity not found, wrong type, no rule (both ends found, no relation), wrong direction,
    another predicate, or (for spurious items) not in the gold."""
    out: list[Miss] = []
    for gdoc, k in _pairs(gold, predicted):
        file = gdoc["file"]
        gold_of = {j: i for i, j in k.matched.items()}
        for j, g in enumerate(k.gents):
            if j in gold_of:
                continue
            names = _names(g)
            typed = sorted({p["type"] for p in k.pents if _names(p) & names})
            reason = f"wrong type (predicted {', '.join(typed)})" if typed else "entity not found"
            out.append(Miss(file, "entity", "missed", f"{g['type']} {g['name']}", reason))
        for i, p in enumerate(k.pents):
            if i in k.matched:
                continue
            names = _names(p)
            typed = sorted({g["type"] for g in k.gents if _names(g) & names})
            reason = f"wrong type (gold says {', '.join(typed)})" if typed else "not in the gold"
            out.append(Miss(file, "entity", "spurious", f"{p['type']} {p['name']}", reason))
        found_ends = {(key[1], key[2]): key[0] for key in k.pred_rel}
        for key, r in k.gold_rel.items():
            if key in k.pred_rel:
                continue
            pred, s, o = key
            if s is not None and o is not None and (pred, o, s) in k.pred_rel:
                reason = "wrong direction"
            elif s is not None and o is not None and ((s, o) in found_ends or (o, s) in found_ends):
                reason = f"another predicate ({found_ends.get((s, o)) or found_ends.get((o, s))})"
            elif s is None or o is None or s not in gold_of or o not in gold_of:
                ends = (
                    [r["subject"], r["object"]]
                    if s is None or o is None
                    else [k.gents[x]["name"] for x in (s, o) if x not in gold_of]
                )
                typed = [n for n in ends if any(norm_name(n) in _names(p) for p in k.pents)]
                lost = [n for n in ends if n not in typed]
                reason = "; ".join(
                    ([f"entity not found: {', '.join(lost)}"] if lost else [])
                    + ([f"entity of the wrong type: {', '.join(typed)}"] if typed else [])
                )
            else:
                reason = "no rule"
            item = f"{r['subject']} {r['predicate']} {r['object']}"
            out.append(Miss(file, "relation", "missed", item, reason, r.get("evidence", "")))
        for key, r in k.pred_rel.items():
            if key in k.gold_rel and key[1] is not None and key[2] is not None:
                continue
            pred, s, o = key
            if s is None or o is None:
                reason = "an end is not a gold entity"
            elif (pred, o, s) in k.gold_rel:
                reason = "wrong direction"
            else:
                reason = "not in the gold"
            item = f"{r['subject']} {r['predicate']} {r['object']}"
            out.append(Miss(file, "relation", "spurious", item, reason, r.get("evidence", "")))
    return out


def to_gold_exact(gents: list[dict], name: str) -> int | None:
    n = norm_name(name)
    for j, g in enumerate(gents):
        if norm_name(g["name"]) == n:
            return j
    for j, g in enumerate(gents):
        if n in _names(g):
            return j
    return None
