"""Generate a synthetic corpus of London health-system documents with known truth.

Usage: python benchmarks/generate_corpus.py -n 1000 -o /tmp/corpus [--seed 7]

Writes N Markdown documents (register names plus generated companies, people, programmes,
strategies and partnerships; sentences using the relation constructions the extractor reads,
co-mention distractors and filler) and ``gold.json`` in the evaluation format. Seeded: the
same arguments always give the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.seeds import load_register  # noqa: E402

FIRST = [
    "Amara",
    "Ben",
    "Chloe",
    "Daniel",
    "Esther",
    "Farid",
    "Grace",
    "Hamid",
    "Isla",
    "Jonah",
    "Kemi",
    "Liam",
    "Maya",
    "Nikhil",
    "Olivia",
    "Pavel",
    "Rosa",
    "Samir",
    "Tara",
    "Usman",
    "Vera",
    "Wesley",
    "Yara",
    "Zoe",
]
LAST = [
    "Okafor",
    "Patel",
    "Nguyen",
    "Kowalski",
    "Hughes",
    "Adeyemi",
    "Fischer",
    "Moreau",
    "Lindqvist",
    "Brennan",
    "Castillo",
    "Haddad",
    "Mensah",
    "Novak",
    "Quinn",
    "Ramos",
    "Sato",
    "Thornton",
    "Varga",
    "Whitlock",
]
FIRM_HEADS = ["Consulting", "Analytics", "Advisory", "Health", "Solutions", "Partners"]
FIRM_WORDS = [
    "Northgate",
    "Brightwater",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Oakfield",
    "Pinnacle",
    "Quayside",
    "Riverbank",
    "Silverline",
    "Tidewell",
    "Upland",
    "Vantage",
    "Westbrook",
    "Yarrow",
    "Zenith",
]
TOPICS = [
    "Healthy Hearts",
    "Better Sleep",
    "Active Ageing",
    "Digital Inclusion",
    "Safe Discharge",
    "Warm Homes",
    "Early Help",
    "Community Diagnostics",
    "Smoke Free",
    "Young Minds",
    "Falls Prevention",
    "Carers Support",
]
PROG_HEADS = ["Programme", "Initiative", "Project", "Academy"]
STRAT_HEADS = ["Strategy", "Plan"]
PART_HEADS = ["Partnership", "Alliance", "Network", "Collaborative"]
ROLES = ["chief executive", "chair", "medical director", "director of strategy", "chief nurse"]
FILLER = [
    "The papers set out progress against the plan agreed last year.",
    "Members discussed waiting times, workforce pressures and the budget for next year.",
    "Further detail will be shared at the next meeting in the spring.",
    "The board noted the report and agreed the recommendations.",
    "Demand for community services has risen steadily since the pandemic.",
    "Staff will monitor the results and report back in six months.",
    "Residents were invited to comment on the proposals through an online survey.",
    "The work focuses on prevention, early intervention and reducing inequalities.",
    "A summary of the evaluation is available in the appendix.",
    "Funding pressures remain a concern for every organisation in the system.",
]


@dataclass
class Doc:
    entities: dict[str, dict] = field(default_factory=dict)
    relations: list[dict] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)

    def mention(self, name: str, kind: str, surface: str | None = None) -> str:
        ent = self.entities.setdefault(name, {"name": name, "type": kind, "aliases": []})
        surface = surface or name
        if surface != name and surface not in ent["aliases"]:
            ent["aliases"].append(surface)
        return surface

    def relate(self, s: str, p: str, o: str, sentence: str) -> None:
        self.relations.append({"subject": s, "predicate": p, "object": o, "evidence": sentence})


def generate(n: int, out: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    register = load_register()
    entries = list(register.entries.values())
    orgs = [
        e for e in entries if e.kind in ("ICB", "NHSTrust", "LocalAuthority", "NationalBody") and not e.end
    ]
    commissioners = [e for e in orgs if e.kind in ("ICB", "LocalAuthority", "NationalBody")]
    trusts = [e for e in orgs if e.kind == "NHSTrust"]
    places = [
        "North Central London",
        "North East London",
        "North West London",
        "South East London",
        "South West London",
    ]
    out.mkdir(parents=True, exist_ok=True)
    gold = []

    def reg(doc: Doc, entry) -> str:
        names = [entry.name] + [a.text for a in entry.aliases if a.kind in ("name", "common")]
        return doc.mention(entry.name, entry.kind, rng.choice(names))

    def firm(doc: Doc) -> str:
        name = f"{rng.choice(FIRM_WORDS)} {rng.choice(FIRM_HEADS)}"
        return doc.mention(name, "Organisation")

    def person(doc: Doc) -> str:
        return doc.mention(f"{rng.choice(FIRST)} {rng.choice(LAST)}", "Person")

    def programme(doc: Doc) -> str:
        return doc.mention(f"{rng.choice(places)} {rng.choice(TOPICS)} {rng.choice(PROG_HEADS)}", "Programme")

    def strategy(doc: Doc) -> str:
        return doc.mention(f"{rng.choice(places)} {rng.choice(TOPICS)} {rng.choice(STRAT_HEADS)}", "Strategy")

    def partnership(doc: Doc) -> str:
        return doc.mention(f"{rng.choice(TOPICS)} {rng.choice(PART_HEADS)}", "Partnership")

    def name_of(doc: Doc, surface: str) -> str:
        for ent in doc.entities.values():
            if ent["name"] == surface or surface in ent["aliases"]:
                return ent["name"]
        return surface

    templates = []

    def template(func):
        templates.append(func)
        return func

    @template
    def role(doc: Doc) -> None:
        p, o = person(doc), reg(doc, rng.choice(orgs))
        s = f"{p}, {rng.choice(ROLES)} of {o}, said the changes would help patients."
        doc.sentences.append(s)
        doc.relate(name_of(doc, p), "hasRole", name_of(doc, o), s)

    @template
    def member_from(doc: Doc) -> None:
        p, f = person(doc), firm(doc)
        s = f"{p} from {f} presented the findings."
        doc.sentences.append(s)
        doc.relate(name_of(doc, p), "memberOf", name_of(doc, f), s)

    @template
    def commission(doc: Doc) -> None:
        o, f = reg(doc, rng.choice(commissioners)), firm(doc)
        s = f"{o} commissioned {f} to review {rng.choice(TOPICS).lower()} services."
        doc.sentences.append(s)
        doc.relate(name_of(doc, o), "commissions", name_of(doc, f), s)

    @template
    def fund_run(doc: Doc) -> None:
        pr, o, t = programme(doc), reg(doc, rng.choice(commissioners)), reg(doc, rng.choice(trusts))
        s = f"The {pr} is funded by {o} and run by {t}."
        doc.sentences.append(s)
        doc.relate(name_of(doc, o), "funds", name_of(doc, pr), s)
        doc.relate(name_of(doc, t), "runs", name_of(doc, pr), s)

    @template
    def publish(doc: Doc) -> None:
        o, st = reg(doc, rng.choice(commissioners)), strategy(doc)
        s = f"{o} has published the {st}."
        doc.sentences.append(s)
        doc.relate(name_of(doc, o), "publishes", name_of(doc, st), s)

    @template
    def collaborate(doc: Doc) -> None:
        a, b = reg(doc, rng.choice(orgs)), firm(doc)
        s = f"{a} is working with {b} on {rng.choice(TOPICS).lower()} data."
        doc.sentences.append(s)
        doc.relate(name_of(doc, a), "collaboratesWith", name_of(doc, b), s)

    @template
    def lead(doc: Doc) -> None:
        pr, t = programme(doc), reg(doc, rng.choice(trusts))
        s = f"The {pr} is led by {t}."
        doc.sentences.append(s)
        doc.relate(name_of(doc, t), "leads", name_of(doc, pr), s)

    @template
    def partners(doc: Doc) -> None:
        pa = partnership(doc)
        members = [reg(doc, e) for e in rng.sample(trusts, 3)]
        s = f"The {pa} is a partnership between {members[0]}, {members[1]} and {members[2]}."
        doc.sentences.append(s)
        names = [name_of(doc, m) for m in members]
        for i in range(3):
            # as shared/eval's gold reads "X is a partnership between A, B and C": members of X (the
            # members are not also partners of one another there)
            doc.relate(names[i], "memberOf", pa, s)

    @template
    def member(doc: Doc) -> None:
        t, pa = reg(doc, rng.choice(trusts)), partnership(doc)
        s = f"{t} is a member of the {pa}."
        doc.sentences.append(s)
        doc.relate(name_of(doc, t), "memberOf", name_of(doc, pa), s)

    @template
    def distractor(doc: Doc) -> None:
        a, b = reg(doc, rng.choice(orgs)), reg(doc, rng.choice(orgs))
        doc.sentences.append(f"Both {a} and {b} appear in the annual report.")

    for i in range(n):
        doc = Doc()
        for _ in range(rng.randint(8, 18)):
            rng.choice(templates)(doc)
            doc.sentences.extend(rng.sample(FILLER, rng.randint(3, 6)))
        # drop duplicate relations (the truth is a set per document)
        seen, rels = set(), []
        for r in doc.relations:
            key = (r["subject"], r["predicate"], r["object"])
            if key not in seen and r["subject"] != r["object"]:
                seen.add(key)
                rels.append(r)
        name = f"doc-{i:06d}.md"
        date = f"20{rng.randint(21, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        paragraphs = [" ".join(doc.sentences[k : k + 4]) for k in range(0, len(doc.sentences), 4)]
        body = (
            f"Title: Board update {i}\nPublisher: Generated\nDate: {date}\n\n# Board update {i}\n\n"
            + "\n\n".join(paragraphs)
            + "\n"
        )
        (out / name).write_text(body, encoding="utf-8")
        gold.append(
            {
                "file": name,
                "entities": sorted(doc.entities.values(), key=lambda e: e["name"]),
                "relations": rels,
            }
        )
    (out / "gold.json").write_text(json.dumps({"documents": gold}, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
