"""Construction batteries: how many of the relations short passages state the extractor finds.

Usage: python benchmarks/bench_battery.py [--root PATH_TO_OTHER_CHECKOUT]

``benchmarks/batteries/*.txt`` hold passages in the style of London health-system pages, each with
the relations a careful annotator would list after ``||`` and relations that would be wrong after
``!!`` (one passage per line, ``\\n`` for a line break and ``\\t`` for a tab inside a passage,
``#`` lines naming groups). Helper sessions
wrote them without reading the extractor (battery1 before a round's work on it, battery2 later in
the same session, battery3 and battery4 in a later session, the fourth with longer passages and
relations stated across sentences), so they measure how the extractor handles wordings it was not
written for; once used to find what fails they are development material, not a blind measure.
Names of expected relations are matched loosely (case, punctuation and a leading "the" ignored; one name may contain
the other), names of wrong ones exactly after the same normalisation (a trap often names a wrong
boundary), and symmetric predicates either way round. Figures go to ``benchmarks/results/battery.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATTERIES = ROOT / "benchmarks" / "batteries"
SYMMETRIC = {"collaboratesWith", "partnerOf"}


def _norm(x: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", x.lower().replace("\u2019", "'").replace("the ", "")).strip()


def _match(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return a == b or (len(a) > 3 and (a in b or b in a))


def parse(path: Path) -> list[tuple[str, str, list[tuple[str, ...]], list[tuple[str, ...]]]]:
    """(group, text, expected relations, wrong relations) of every case in a battery file."""
    cases, group = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("#"):
            group = line.strip("# =").strip() or group
            continue
        body, _, wrong = line.partition("!!")
        text, *expected = body.split("||")

        def triples(parts: list[str]) -> list[tuple[str, ...]]:
            out = []
            for part in parts:
                bits = tuple(x.strip() for x in part.split("|"))
                if len(bits) == 3 and all(bits):
                    out.append(bits)
            return out

        cases.append(
            (
                group,
                text.strip().replace("\\n", "\n").replace("\\t", "\t"),
                triples(expected),
                triples(wrong.split("||")),
            )
        )
    return cases


def _has(got: list, s: str, p: str, o: str, exact: bool = False) -> bool:
    """Is (s, p, o) among ``got``? Names match loosely, or (``exact``, for traps, which often name a
    wrong boundary such as "Greenwich NHS Trust" for "Lewisham and Greenwich NHS Trust") only when
    equal after normalisation."""
    match = (lambda a, b: _norm(a) == _norm(b)) if exact else _match
    for a, q, b in got:
        if q != p:
            continue
        an, bn = [a.name, *a.aliases], [b.name, *b.aliases]
        if any(match(s, x) for x in an) and any(match(o, y) for y in bn):
            return True
        if p in SYMMETRIC and any(match(o, x) for x in an) and any(match(s, y) for y in bn):
            return True
    return False


def score(root: Path, paths: list[Path]) -> tuple[dict, float]:
    """Found/expected and wrong/traps per battery and group, with the code at ``root``."""
    sys.path.insert(0, str(root))
    from kg.extract import extract_document, gazetteer_for
    from kg.records import Text
    from kg.seeds import load_register

    gazetteer = gazetteer_for(load_register())
    results: dict[str, dict[str, list[int]]] = {}
    start = time.process_time()
    for path in paths:
        per = results.setdefault(path.stem, {})
        for group, text, expected, wrong in parse(path):
            res = extract_document(
                Text(doc_id="b", source="b.txt", content=text, media_type="text/plain"), gazetteer
            )
            ents = {e.iri: e for e in res.entities}
            got = [(ents[r.subject], r.predicate, ents[r.object]) for r in res.relations if r.asserted]

            row = per.setdefault(group, [0, 0, 0, 0])
            row[0] += len(expected)
            row[1] += sum(_has(got, *t) for t in expected)
            row[2] += len(wrong)
            row[3] += sum(_has(got, *t, exact=True) for t in wrong)
    return results, time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--root", type=Path, help="score the code of another checkout (totals printed, nothing written)"
    )
    args = ap.parse_args()
    paths = sorted(BATTERIES.glob("*.txt"))
    if args.root:
        results, _ = score(args.root.resolve(), paths)
        for name, per in results.items():
            total = [sum(r[i] for r in per.values()) for i in range(4)]
            print(f"{args.root}: {name}: found {total[1]} / {total[0]}, wrong {total[3]} / {total[2]}")
        return
    results, cpu = score(ROOT, paths)
    lines = ["## Construction batteries (`bench_battery.py`)", ""]
    lines.append(
        "Relations stated in short passages that helper sessions wrote without reading the extractor "
        "(found of expected; wrong = a listed wrong relation produced, names matched exactly). Each "
        "battery was used to find what fails once it arrived (battery3, battery4 and battery5 were "
        "written on 2026-12-07 by helpers blind to the changes of that day made before they arrived), "
        "so these are development figures, not blind ones."
    )
    lines.append("")
    lines.append("| battery | group | found / expected | wrong / traps |")
    lines.append("| --- | --- | ---: | ---: |")
    for name, per in results.items():
        total = [sum(r[i] for r in per.values()) for i in range(4)]
        for group, r in per.items():
            lines.append(f"| {name} | {group} | {r[1]} / {r[0]} | {r[3]} / {r[2]} |")
        lines.append(f"| {name} | **all** | **{total[1]} / {total[0]}** | **{total[3]} / {total[2]}** |")
    lines.append("")
    lines.append(f"{sum(len(parse(p)) for p in paths)} passages extracted in {cpu:.1f} CPU-s.")
    text = "\n".join(lines) + "\n"
    (ROOT / "benchmarks" / "results" / "battery.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
