"""The relation rules: named, versioned patterns over the dependency parse, loaded from
``kg/extractors/rules/*.toml`` (one file per predicate) and validated once at start-up.

>>> rules = load_rules()
>>> sorted({r.predicate for r in rules})[:3]
['collaboratesWith', 'commissions', 'covers']
>>> all(r.rule_id.endswith(f".v{r.version}") for r in rules)
True
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kg.extractors.lexicon import ROLE_WORDS
from kg.ontology import relation_names, symmetric_predicates

ORGS = ("ICB", "ICS", "CCG", "NHSTrust", "LocalAuthority", "NationalBody", "Organisation", "Partnership")
KIND_SETS: dict[str, frozenset[str]] = {
    "orgs": frozenset(ORGS),
    # bodies that can be partners of each other; a named partnership is what they are members of
    "bodies": frozenset(ORGS) - {"Partnership"},
    "groups": frozenset({"ICS", "ICB", "Partnership", "Organisation", "NationalBody", "LocalAuthority"}),
    "actors": frozenset(ORGS) | {"Person"},
    "things": frozenset({"Programme", "Strategy", "Funding", "Partnership", "Organisation"}),
    "plans": frozenset({"Strategy", "Programme"}),
    "places": frozenset({"Place", "Borough"}),
    "people": frozenset({"Person"}),
    "any": frozenset(ORGS) | {"Person", "Programme", "Strategy", "Funding", "Place", "Borough"},
    # what money can go to: anything but an area ("one of 15 centres across England, funded by X")
    "fundable": frozenset(ORGS) | {"Person", "Programme", "Strategy", "Funding"},
}
VERB_ROLES = {
    "agent",
    "patient",
    "commissioner_in_context",
    "money_from",
    "with_money_from",
    "clause_subject",
    "purpose_object",
    "group_leader",
    "money_for",
    "area",
    "people_area",
    "users_area",
    "people_owner",
    "object_owner",
    "recipient",
}
NOUN_ROLES = {"holder", "of", "leader", "with_members", "area", "people_area", "owner", "provided"}
APPOSITION_ROLES = {"head", "appos"}
POSSESSIVE_ROLES = {"owner", "owned"}
TRIGGERS = ("verb", "noun", "apposition", "possessive", "name")
# the relation properties of the ontology (kg:relatedTo's sub-properties), read from it, not repeated here
PREDICATES = frozenset(relation_names()) - {"coMentionedWith"}
SYMMETRIC = frozenset(p.rsplit("#", 1)[1] for p in symmetric_predicates())


# named word lists a rule may use as "@name"
# professions: "a consultant paediatrician at X" states a post at X as "chief nurse of X" does
PROFESSIONS = frozenset(
    {
        "nurse",
        "gp",
        "clinician",
        "consultant",
        "doctor",
        "midwife",
        "pharmacist",
        "surgeon",
        "physician",
        "paediatrician",
        "psychiatrist",
        "psychologist",
        "therapist",
        "dentist",
        "paramedic",
        "radiologist",
        "anaesthetist",
        "cardiologist",
        "oncologist",
        "obstetrician",
        "geriatrician",
        "epidemiologist",
        "researcher",
        "lecturer",
        "fellow",
        "scientist",
        "dietitian",
        "registrar",
        "matron",
        "podiatrist",
        "optometrist",
    }
)
# nouns that stand for the body or place they are "of" when a rule reads its arguments:
# "covers the boroughs of A and B", "the housing teams of X", "run by X's London region"
TRANSPARENT_NOUNS = frozenset(
    {
        "borough",
        "area",
        "whole",  # "the whole of X"
        # "responded to the CQC's assessment", "welcomed the trust's decision": whose it is
        "assessment",
        "decision",
        "findings",
        "commissioner",  # "the council's public health commissioners"
        "part",  # "patients from A and parts of B"
        "edge",  # "people in A and the eastern edge of B"
        "corner",
        "fringe",
        # "five practices in the south of X": where in X ("the heart of X" cost a blind set a wrong fact)
        "north",
        "south",
        "east",
        "west",
        "region",
        "team",
        "department",
        "directorate",
        "division",
        "arm",
        "branch",
        "footprint",
        "patch",
        "catchment",  # "the catchment of X extends to A": X's
        "population",
        "resident",
        "people",
        "community",
        "office",
        "staff",
        "workforce",
        "colleague",
        "representative",
        "rep",
        "neighbour",
        "counterpart",
        "council",
        "body",
        "board",
        "merger",
        "amalgamation",
        "expansion",
        "extension",
        "development",
        "delivery",
        "running",
        "operation",
        "implementation",
        "roll-out",
        "rollout",
        "report",
        "finding",
        "review",
        "recommendation",
        "service",
        # what a body does: "funding the Centre's work", "welcomed the work of X"
        "work",
        "activity",
        "clinic",  # "our clinics are commissioned by X": the body whose clinics they are
        "course",
        "session",
        "effort",
        # what it costs: "the partnership's first three years are funded by X"
        "year",
        "cost",
        "budget",
        "post",  # "our coordinator post is funded by X"
        "salary",
        # quantities: "most of our services", "some of the trusts"
        "most",
        "some",
        "many",
        "all",
        "several",
        "each",
        "majority",
        "half",
    }
)
# generic heads a name may modify: "the EPEC parenting programme" is EPEC, "the Doe report" Doe's
NAMED_BY_MODIFIER = frozenset(
    {
        "programme",
        "project",
        "scheme",
        "service",
        "initiative",
        "strategy",
        "plan",
        "network",
        "report",
        "finding",
        "review",
        "inquiry",
        "campaign",
        "pilot",
        "course",
        "class",
        "session",
        "study",
        "trial",
        "evaluation",
    }
)
# sums and grants: "backed by £3m from X", "funding from X" stand for where they come from
# nouns for an unnamed group that stands for who leads it ("a consortium led by X was commissioned")
GROUP_NOUNS = frozenset(
    {"consortium", "partnership", "alliance", "coalition", "collaboration", "collaborative", "team", "group"}
)
MONEY_NOUNS = frozenset(
    {"million", "billion", "funding", "grant", "investment", "money", "sum", "£", "pound"}
)
WORD_SETS: dict[str, frozenset[str]] = {
    "professions": PROFESSIONS,
    "money": MONEY_NOUNS,
    "roles": frozenset(
        ROLE_WORDS
        - PROFESSIONS
        - {
            "member",
            "partner",
            "programme",
            "medical",
            "clinical",
            "finance",
            "operating",
            "managing",
            "deputy",
        }
        | {"ceo", "boss", "chief", "councillor", "representative", "rep", "reps"}
    ),
}


class RuleError(ValueError):
    """A rule file that does not say what a rule must say."""


@dataclass(frozen=True)
class Rule:
    name: str
    version: int
    predicate: str
    trigger: str  # "verb" or "noun"
    lemmas: frozenset[str]
    subject: str
    object: str
    subject_kinds: frozenset[str]
    object_kinds: frozenset[str]
    confidence: float
    positive: tuple[tuple[str, str, str], ...]
    negative: tuple[str, ...]
    head_title: frozenset[str] = frozenset()  # apposition: a title the head's name must carry
    borough_means_council: bool = False  # an office "for Lambeth" is an office of its council
    after: frozenset[str] = frozenset()  # noun trigger: only as the object of one of these prepositions
    not_after: frozenset[str] = frozenset()  # noun trigger: never as the object of one of these
    plan_means_owner: bool = False  # "the strategy commits to working with X": its publisher does
    direct_object: frozenset[str] = frozenset()  # verb trigger: only with a direct object among these words
    without: frozenset[str] = frozenset()  # only when these arguments name no actor
    without_things: frozenset[str] = (
        frozenset()
    )  # only when these name no programme, plan, fund or named body
    merger: bool = False  # verb trigger: only where a merger is stated (after "merge", or "by the merger of")
    modifiers: frozenset[str] = frozenset()  # noun trigger: only with one of these words before it ("joint")
    not_modifiers: frozenset[str] = frozenset()  # noun trigger: never with one of these words before it
    particles: frozenset[str] = frozenset()  # verb trigger: only with one of these particles ("make up")
    not_direct_object: frozenset[str] = frozenset()  # verb trigger: never with one of these as direct object
    appositive: bool = False  # noun trigger: only in apposition to a name ("X, a programme in Y,")

    @property
    def rule_id(self) -> str:
        return f"{self.name}.v{self.version}"


def _kinds(value, where: str) -> frozenset[str]:
    if isinstance(value, str):
        if not value.startswith("@") or value[1:] not in KIND_SETS:
            raise RuleError(f"{where}: unknown kind set {value!r} (known: @{', @'.join(KIND_SETS)})")
        return KIND_SETS[value[1:]]
    kinds = frozenset(value)
    unknown = kinds - KIND_SETS["any"]
    if unknown:
        raise RuleError(f"{where}: unknown kinds {sorted(unknown)}")
    return kinds


def _role_ok(role: str, trigger: str) -> bool:
    if trigger == "verb":
        return role in VERB_ROLES or role.startswith("prep:")
    if trigger == "apposition":
        return role in APPOSITION_ROLES
    if trigger == "possessive":
        return role in POSSESSIVE_ROLES
    if trigger == "name":
        return role == "named" or role.startswith("prep:")
    return role in NOUN_ROLES or role.startswith("prep:")


def _lemmas(values: list[str], where: str) -> frozenset[str]:
    out: set[str] = set()
    for value in values:
        if value.startswith("@"):
            if value[1:] not in WORD_SETS:
                raise RuleError(f"{where}: unknown word set {value!r} (known: @{', @'.join(WORD_SETS)})")
            out |= WORD_SETS[value[1:]]
        else:
            out.add(value.lower())
    return frozenset(out)


def parse_rules(text: str, source: str) -> list[Rule]:
    """The rules of one TOML file; a clear RuleError naming the file and rule on any fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as ex:
        raise RuleError(f"{source}: {ex}") from None
    predicate = data.get("predicate")
    if predicate not in PREDICATES:
        raise RuleError(f"{source}: 'predicate' must be one of {sorted(PREDICATES)}, not {predicate!r}")
    out = []
    for i, raw in enumerate(data.get("rule", [])):
        where = f"{source} rule {raw.get('name', i)!r}"
        missing = {"name", "version", "trigger", "lemmas", "subject", "object"} - raw.keys()
        if missing:
            raise RuleError(f"{where}: missing {sorted(missing)}")
        if raw["trigger"] not in TRIGGERS:
            raise RuleError(f"{where}: trigger must be one of {TRIGGERS}")
        if not raw["lemmas"] and raw["trigger"] not in ("apposition", "possessive", "name"):
            raise RuleError(f"{where}: a {raw['trigger']} trigger needs lemmas")
        for role in (raw["subject"], raw["object"], *raw.get("without", ()), *raw.get("without_things", ())):
            if not _role_ok(role, raw["trigger"]):
                raise RuleError(f"{where}: {role!r} is not an argument of a {raw['trigger']}")
        if not raw["name"].startswith(predicate + "."):
            raise RuleError(f"{where}: a rule's name starts with its predicate ({predicate}.)")
        positive = tuple(tuple(p) for p in raw.get("positive", ()))
        if not positive or any(len(p) != 3 for p in positive):
            raise RuleError(f"{where}: needs positive examples as [sentence, subject, object]")
        out.append(
            Rule(
                name=raw["name"],
                version=int(raw["version"]),
                predicate=predicate,
                trigger=raw["trigger"],
                lemmas=_lemmas(raw["lemmas"], where),
                subject=raw["subject"],
                object=raw["object"],
                subject_kinds=_kinds(raw.get("subject_kinds", "@any"), where),
                object_kinds=_kinds(raw.get("object_kinds", "@any"), where),
                confidence=float(raw.get("confidence", 0.7)),
                positive=positive,  # type: ignore[arg-type]
                negative=tuple(raw.get("negative", ())),
                head_title=frozenset(w.lower() for w in raw.get("head_title", ())),
                borough_means_council=bool(raw.get("borough_means_council", False)),
                after=frozenset(w.lower() for w in raw.get("after", ())),
                not_after=frozenset(w.lower() for w in raw.get("not_after", ())),
                direct_object=_lemmas(raw.get("direct_object", []), where),
                plan_means_owner=bool(raw.get("plan_means_owner", False)),
                without=frozenset(raw.get("without", ())),
                without_things=frozenset(raw.get("without_things", ())),
                not_direct_object=_lemmas(raw.get("not_direct_object", []), where),
                merger=bool(raw.get("merger", False)),
                modifiers=frozenset(w.lower() for w in raw.get("modifiers", ())),
                not_modifiers=frozenset(w.lower() for w in raw.get("not_modifiers", ())),
                particles=frozenset(w.lower() for w in raw.get("particles", ())),
                appositive=bool(raw.get("appositive", False)),
            )
        )
    return out


@cache
def load_rules() -> tuple[Rule, ...]:
    """Every rule of every predicate file, validated; names are unique."""
    rules: list[Rule] = []
    folder = resources.files("kg.extractors") / "rules"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".toml"):
            rules.extend(parse_rules(entry.read_text(encoding="utf-8"), f"rules/{entry.name}"))
    names = [r.name for r in rules]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise RuleError(f"rule names used twice: {dupes}")
    return tuple(rules)


@cache
def rules_by_trigger() -> dict[tuple[str, str], list[Rule]]:
    """(trigger kind, lemma) -> the rules it fires (built once; callers only read it)."""
    index: dict[tuple[str, str], list[Rule]] = {}
    for rule in load_rules():
        if rule.trigger in ("apposition", "possessive", "name"):
            index.setdefault((rule.trigger, ""), []).append(rule)
        for lemma in rule.lemmas:
            index.setdefault((rule.trigger, lemma), []).append(rule)
    return index
