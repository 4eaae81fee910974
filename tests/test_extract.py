"""Extraction: mentions, resolution and relations, on sentences of our own and on the real seeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluate import Score, score
from kg.extract import eval_record, extract_document, extract_paths, gazetteer_for
from kg.ids import key_iri
from kg.records import Text
from kg.seeds import load_register
from tests.conftest import require_shared


def run(content: str, register):
    return extract_document(Text("f" * 40, "test.txt", content, "text/plain"), gazetteer_for(register))


def names(result) -> dict[str, str]:
    return {e.name: e.kind for e in result.entities}


def triples(result, asserted: bool = True) -> set[tuple[str, str, str]]:
    label = {e.iri: e.name for e in result.entities}
    return {
        (label[r.subject], r.predicate, label[r.object]) for r in result.relations if r.asserted == asserted
    }


# ---------------------------------------------------------------- targets on the real documents


@pytest.fixture(scope="module")
def seed_score(shared_seeds: Path, gold_path: Path) -> Score:
    records, failures = extract_paths([shared_seeds])
    assert not failures
    return score(json.loads(gold_path.read_text(encoding="utf-8")), {"documents": records})


def test_entity_f1_target(seed_score: Score) -> None:
    assert Score.total(seed_score.entities).f1 >= 0.90


def test_relation_f1_target(seed_score: Score) -> None:
    assert Score.total(seed_score.relations).f1 >= 0.70


def test_our_scorer_agrees_with_the_shared_scorer(
    tmp_path: Path, shared_seeds: Path, gold_path: Path, seed_score: Score
) -> None:
    records, _ = extract_paths([shared_seeds])
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps({"documents": records}), encoding="utf-8")
    out = (
        subprocess.run(
            [sys.executable, str(gold_path.parent / "score.py"), str(gold_path), str(pred)],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    ours = f"entities F1={Score.total(seed_score.entities).f1:.3f} relations F1={Score.total(seed_score.relations).f1:.3f}"
    assert out == ours


def test_evidence_is_verbatim_with_offsets(shared_seeds: Path, register) -> None:
    from kg.readers import read_document

    for path in sorted(shared_seeds.glob("*.txt")):
        text = read_document(path)
        result = extract_document(text, gazetteer_for(register))
        for r in result.relations:
            assert text.content[r.start : r.end] == r.quote
            assert r.rule and 0 < r.confidence <= 1


def test_collaboration_with_the_hin_has_its_quote(seed_db) -> None:
    rows = list(
        seed_db.query(
            """PREFIX kg: <https://w3id.org/london-health-kg/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?quote WHERE { ?a rdf:subject ?s ; rdf:predicate kg:collaboratesWith ; rdf:object ?o ;
          oa:hasTarget/oa:hasSelector/oa:exact ?quote . }""",
            use_default_graph_as_union=True,
            substitutions={},
        )
    )
    quotes = [r["quote"].value for r in rows]
    assert any("Health Innovation Network" in q for q in quotes)


# ---------------------------------------------------------------- behaviours, on text written for the tests


def test_register_names_resolve_to_one_node(register) -> None:
    result = run(
        "NHS South West London said it would act. SWL ICB agreed, and South West London Integrated Care Board signed.",
        register,
    )
    icbs = [e for e in result.entities if e.kind == "ICB"]
    assert len(icbs) == 1 and icbs[0].iri == key_iri("ods:QWE")


def test_ics_and_icb_stay_apart(register) -> None:
    result = run("The South West London ICS met. South West London ICB chaired it.", register)
    assert {e.kind for e in result.entities} >= {"ICS", "ICB"}


def test_possessives_and_missing_apostrophes(register) -> None:
    result = run(
        "A Kings Fund paper cited the King\u2019s Fund\u2019s figures and one of the King's Funds reports.",
        register,
    )
    funds = [e for e in result.entities if e.name == "The King's Fund"]
    assert len(funds) == 1


def test_similar_names_never_merge(register) -> None:
    result = run(
        "King's College Hospital NHS Foundation Trust works with King's College London on research.", register
    )
    kinds = {e.name: e.kind for e in result.entities}
    assert kinds.get("King's College Hospital NHS Foundation Trust") == "NHSTrust"
    keys = {e.name: e.key for e in result.entities}
    # the university is a body of its own, never the hospital trust
    assert "King's College London" in keys
    assert keys["King's College London"] != keys["King's College Hospital NHS Foundation Trust"]


def test_common_word_names_need_a_capital(register) -> None:
    result = run("Teams will monitor waiting lists and report to Monitor.", register)
    assert [e.name for e in result.entities if e.kind == "NationalBody"] == ["Monitor"]
    assert sum(e.name == "Monitor" for e in result.entities) == 1


def test_acronym_defined_in_text_becomes_an_alias(register) -> None:
    result = run(
        "The Healthy Homes Partnership (HHP) was set up in 2021. HHP is led by Barts Health NHS Trust.",
        register,
    )
    hhp = [e for e in result.entities if e.name == "Healthy Homes Partnership"]
    assert hhp and hhp[0].kind == "Partnership" and "HHP" in hhp[0].aliases
    assert ("Barts Health NHS Trust", "leads", "Healthy Homes Partnership") in triples(result)


def test_definite_description_resolves_when_unambiguous(register) -> None:
    result = run(
        "North East London ICB met on Monday. Jane Doe, chief executive of the ICB, opened it.", register
    )
    assert ("Jane Doe", "hasRole", "NHS North East London Integrated Care Board") in triples(result)


def test_definite_description_left_alone_when_ambiguous(register) -> None:
    result = run(
        "North East London ICB and South East London ICB met. Jane Doe, chair of the ICB, spoke.", register
    )
    assert not any(p == "hasRole" for _, p, _ in triples(result))


def test_people_roles_and_affiliations(register) -> None:
    result = run(
        "Dr Priya Shah, medical director of Barts Health NHS Trust, said the plan was ready. "
        "Tom Green from Acme Analytics joined the team.",
        register,
    )
    assert names(result)["Priya Shah"] == "Person"
    assert ("Priya Shah", "hasRole", "Barts Health NHS Trust") in triples(result)
    assert ("Tom Green", "memberOf", "Acme Analytics") in triples(result)


def test_commissioning_funding_and_running(register) -> None:
    result = run(
        "NHS England commissioned Acme Analytics to review demand. "
        "The Better Sleep Programme is funded by the Greater London Authority and run by Whittington Health NHS Trust.",
        register,
    )
    found = triples(result)
    assert ("NHS England", "commissions", "Acme Analytics") in found
    assert ("Greater London Authority", "funds", "Better Sleep Programme") in found
    assert ("Whittington Health NHS Trust", "runs", "Better Sleep Programme") in found


def test_partnership_between_a_list(register) -> None:
    result = run(
        "The scheme is a partnership between Barts Health NHS Trust, Homerton Healthcare NHS Foundation Trust and "
        "the London Borough of Hackney.",
        register,
    )
    pairs = {frozenset((s, o)) for s, p, o in triples(result) if p == "partnerOf"}
    assert len(pairs) == 3


def test_co_mentions_are_kept_apart(register) -> None:
    result = run(
        "Barts Health NHS Trust and the London Borough of Hackney were both named in the report.", register
    )
    assert not triples(result)
    assert len(triples(result, asserted=False)) == 1
    assert all(r.predicate == "coMentionedWith" for r in result.relations)


def test_reviewed_decision_is_applied(tmp_path: Path) -> None:
    from kg.paths import seeds_dir
    from kg.seeds import load_register

    for name in ("organisations.csv", "aliases.csv", "changes.csv", "people.csv"):
        (tmp_path / name).write_bytes((seeds_dir() / name).read_bytes())
    (tmp_path / "decisions.csv").write_text(
        "kind,name,decision,target,note\nOrganisation,Barts Research Institute,same,ods:R1H,reviewed\n",
        encoding="utf-8",
    )
    reg = load_register(tmp_path)
    result = run("The Barts Research Institute published new figures.", reg)
    assert [e.iri for e in result.entities if "Barts" in e.name] == [key_iri("ods:R1H")]


def test_joint_work_of_a_list_of_organisations(register) -> None:
    result = run(
        "Barts Health NHS Trust and Homerton Healthcare NHS Foundation Trust have opened a joint diagnostic centre, "
        "working alongside East London NHS Foundation Trust.",
        register,
    )
    pairs = {frozenset((s, o)) for s, p, o in triples(result) if p == "collaboratesWith"}
    assert frozenset(("Barts Health NHS Trust", "Homerton Healthcare NHS Foundation Trust")) in pairs
    assert (
        frozenset(("Homerton Healthcare NHS Foundation Trust", "East London NHS Foundation Trust")) in pairs
    )
    assert frozenset(("Barts Health NHS Trust", "East London NHS Foundation Trust")) in pairs


def test_appointment_and_later_surname(register) -> None:
    result = run(
        "NHS North Central London has appointed Jo Bloggs as its new chief executive. Ms Bloggs starts in May.",
        register,
    )
    assert ("Jo Bloggs", "hasRole", "NHS North Central London Integrated Care Board") in triples(result)
    people = [e for e in result.entities if e.kind == "Person"]
    assert len(people) == 1 and "Ms Bloggs" in people[0].aliases


# ---------------------------------------------------------------- constructions met in unseen documents


def test_people_found_from_their_context_without_an_honorific(register) -> None:
    result = run(
        "Members present\n"
        "Olu Bankole – Vice Chair\n"
        "Grace Whitfield – Chief People Officer\n\n"
        "NHS North Central London Integrated Care Board met on 3 June. "
        "Harriet Lowe, who leads the stroke network, presented the paper.\n"
        "By Tomasz Nowak, health correspondent\n",
        register,
    )
    people = {n for n, k in names(result).items() if k == "Person"}
    assert {"Olu Bankole", "Grace Whitfield", "Harriet Lowe", "Tomasz Nowak"} <= people
    found = triples(result)
    # one person and role per line in a member list: the board of the one ICB the document names
    assert ("Olu Bankole", "hasRole", "NHS North Central London Integrated Care Board") in found
    assert ("Grace Whitfield", "hasRole", "NHS North Central London Integrated Care Board") in found


def test_roles_in_other_word_orders(register) -> None:
    result = run(
        "Nadia Hussein, Director of Nursing, Whittington Health NHS Trust, opened the session. "
        "Barts Health NHS Trust's director of estates and facilities, Prof Alan Reeve, said more was needed. "
        "Ken Osei joined as finance director of Croydon Health Services NHS Trust in May.",
        register,
    )
    found = triples(result)
    assert ("Nadia Hussein", "hasRole", "Whittington Health NHS Trust") in found
    assert ("Alan Reeve", "hasRole", "Barts Health NHS Trust") in found
    assert ("Ken Osei", "hasRole", "Croydon Health Services NHS Trust") in found


def test_members_of_a_named_partnership_in_apposition(register) -> None:
    result = run(
        "The Riverside Care Alliance – a partnership of Barts Health NHS Trust, Homerton Healthcare NHS Foundation "
        "Trust and the London Borough of Hackney – runs the Falls Prevention Programme. "
        "Whittington Health NHS Trust is a member of the Riverside Care Alliance, alongside "
        "Royal Free London NHS Foundation Trust.",
        register,
    )
    found = triples(result)
    for member in (
        "Barts Health NHS Trust",
        "London Borough of Hackney",
        "Royal Free London NHS Foundation Trust",
    ):
        assert (member, "memberOf", "Riverside Care Alliance") in found
    assert not any(p == "partnerOf" for _, p, _ in found)  # members of it, not partners of each other
    assert ("Riverside Care Alliance", "runs", "Falls Prevention Programme") in found


def test_names_without_a_head_noun_typed_by_their_description(register) -> None:
    result = run(
        "Camden Council has agreed to fund Home Safe, a charity that fits grab rails for older people. "
        "The council also backs a new programme, Walk Tall (WT), for children. "
        "Walk Tall will be delivered by Whittington Health NHS Trust. The charity's founder, Amy Cole, welcomed it.",
        register,
    )
    kinds = names(result)
    assert kinds["Home Safe"] == "Organisation"
    assert kinds["Walk Tall"] == "Programme"
    assert ("Whittington Health NHS Trust", "runs", "Walk Tall") in triples(result)


def test_a_body_named_after_another_is_not_merged_with_it(register) -> None:
    result = run(
        "The Barts Health Charity and the Royal College of Nursing wrote to Barts Health NHS Trust.", register
    )
    kinds = names(result)
    assert kinds.get("Barts Health Charity") == "Organisation"
    assert kinds.get("Royal College of Nursing") == "Organisation"
    assert "Barts Health NHS Trust" in kinds


def test_coverage_from_service_and_population_wording(register) -> None:
    result = run(
        "The Falls Prevention Programme, a service provided in Camden and Islington, began in April. "
        "Whittington Health NHS Trust serves about 500,000 people in Haringey and Islington.",
        register,
    )
    found = triples(result)
    assert ("Falls Prevention Programme", "covers", "Camden") in found
    assert ("Falls Prevention Programme", "covers", "Islington") in found
    assert ("Whittington Health NHS Trust", "covers", "Haringey") in found


def test_a_word_of_a_name_triggers_nothing(register) -> None:
    result = run("Staff at Barts Health NHS Trust met the Care Quality Commission after its visit.", register)
    assert not any(p == "commissions" for _, p, _ in triples(result))


def test_funding_in_the_passive_with_the_amount(register) -> None:
    result = run(
        "The Falls Prevention Programme is backed by £2 million from the Healthy Homes Fund. "
        "The fund is financed jointly by the Greater London Authority and NHS England.",
        register,
    )
    found = triples(result)
    assert ("Healthy Homes Fund", "funds", "Falls Prevention Programme") in found
    assert ("Greater London Authority", "funds", "Healthy Homes Fund") in found
    assert ("NHS England", "funds", "Healthy Homes Fund") in found


# ---------------------------------------------------------------- our own evaluation sets


@pytest.mark.parametrize(
    ("folder", "gold", "entities", "relations"),
    [
        # the development set (used for tuning): a regression floor a little under today's 0.934 / 0.617
        ("heldout", "heldout-gold.json", 0.90, 0.55),
        # written blind after that work and not tuned on: a floor under today's figures
        ("heldout2", "heldout2-gold.json", 0.78, 0.30),
    ],
)
def test_scores_on_our_own_evaluation_sets(folder: str, gold: str, entities: float, relations: float) -> None:
    base = Path(__file__).parent / "data" / folder
    records, failures = extract_paths(sorted(base.glob("*.txt")))
    assert not failures
    result = score(json.loads((base / gold).read_text(encoding="utf-8")), {"documents": records})
    assert Score.total(result.entities).f1 >= entities
    assert Score.total(result.relations).f1 >= relations


def test_scores_on_the_shared_development_set() -> None:
    """The 25 real pages of ../shared/eval/dev (used to find constructions, never sentences): floors
    a little under today's figures (entities 0.852, relations 0.626 with precision 0.904), and the
    issue's targets for precision."""
    docs = require_shared("eval", "dev", "docs")
    records, failures = extract_paths(sorted(docs.glob("*.txt")))
    assert not failures
    result = score(
        json.loads((docs.parent / "gold.json").read_text(encoding="utf-8")), {"documents": records}
    )
    assert Score.total(result.entities).f1 >= 0.84
    relations = Score.total(result.relations)
    assert relations.f1 >= 0.61
    assert relations.precision >= 0.65


def test_roles_in_brackets_and_relative_clauses_and_signed_agreements(register) -> None:
    result = run(
        "The review was led by Sarah Quinn (director of strategy, Barts Health NHS Trust). "
        "Dr Leon Fry, who was appointed chief executive of Croydon Health Services NHS Trust in 2022, agreed. "
        "Camden Council and Whittington Health NHS Trust have signed a memorandum of understanding on housing.",
        register,
    )
    found = triples(result)
    assert ("Sarah Quinn", "hasRole", "Barts Health NHS Trust") in found
    assert ("Leon Fry", "hasRole", "Croydon Health Services NHS Trust") in found
    assert ("London Borough of Camden", "collaboratesWith", "Whittington Health NHS Trust") in found


def test_joint_running_joining_and_joint_initiatives(register) -> None:
    result = run(
        "Barts Health NHS Trust and Homerton Healthcare NHS Foundation Trust will jointly run the Falls Prevention "
        "Programme. Whittington Health NHS Trust has joined the London Health Board. "
        "The Safe Steps Project is a joint initiative between Camden Council and the Royal Free London NHS "
        "Foundation Trust.",
        register,
    )
    found = triples(result)
    assert ("Barts Health NHS Trust", "runs", "Falls Prevention Programme") in found
    assert ("Homerton Healthcare NHS Foundation Trust", "runs", "Falls Prevention Programme") in found
    assert ("Whittington Health NHS Trust", "memberOf", "London Health Board") in found
    pair = {frozenset((s, o)) for s, p, o in found if p in ("collaboratesWith", "partnerOf")}
    assert frozenset(("London Borough of Camden", "Royal Free London NHS Foundation Trust")) in pair


def test_plan_names_keep_their_years_and_drop_their_owner(register) -> None:
    result = run(
        "Haringey's Healthy Ageing Strategy was agreed in May. "
        "The board approved the Community Care Plan 2025/26 and the Estates Strategy 2024-2029.",
        register,
    )
    kinds = names(result)
    assert kinds.get("Healthy Ageing Strategy") == "Strategy"
    assert kinds.get("Community Care Plan 2025/26") == "Strategy"
    assert kinds.get("Estates Strategy 2024-2029") == "Strategy"


def test_mergers_state_no_relation(register) -> None:
    # the shared annotation conventions (../shared/eval/dev/README.md): mergers have no predicate
    result = run(
        "Barts Health NHS Trust and Homerton Healthcare NHS Foundation Trust (HHFT) will merge to form a single "
        "organisation, East London Hospitals NHS Foundation Trust. "
        "NHS North West London ICB was created by the merger of Brent CCG and Harrow CCG. "
        "Whittington Health NHS Trust merged with the Royal Free London NHS Foundation Trust to create "
        "North Islington Care NHS Trust. "
        "Lewisham and Greenwich NHS Trust and Oxleas NHS Foundation Trust will merge their payroll teams.",
        register,
    )
    found = triples(result)
    assert not [t for t in found if t[1] in ("partOf", "memberOf")]
    # the bodies are still named, with their kinds
    assert names(result)["Harrow CCG"] == "CCG"
    assert names(result)["East London Hospitals NHS Foundation Trust"] == "NHSTrust"


def test_local_branches_pronouns_and_described_bodies(register) -> None:
    result = run(
        "Age UK Croydon and Citizens Advice Croydon will work with Mind in Croydon. "
        "Healthwatch Lewisham will review the scheme. "
        "Carers Bridge, a charity, was founded in 2019 by former district nurse Jack Devlin and now supports "
        "carers across Lewisham. Mr Devlin, who is the charity's chief executive, spoke. "
        "Barts Health NHS Trust will also collaborate with the housing teams of Southwark Council and Lambeth Council. "
        "The Croydon Falls Service was set up in 2023. Last month it teamed up with the Croydon Carers Centre.",
        register,
    )
    kinds = names(result)
    for branch in ("Age UK Croydon", "Citizens Advice Croydon", "Mind in Croydon", "Healthwatch Lewisham"):
        assert kinds.get(branch) == "Organisation"
    assert kinds.get("Jack Devlin") == "Person"
    found = triples(result)
    assert ("Age UK Croydon", "collaboratesWith", "Mind in Croydon") in found
    assert ("Jack Devlin", "hasRole", "Carers Bridge") in found
    assert ("Carers Bridge", "covers", "Lewisham") in found
    assert ("Barts Health NHS Trust", "collaboratesWith", "London Borough of Lambeth") in found
    assert ("Croydon Carers Centre", "runs", "Croydon Falls Service") in found


def test_signature_line_roles_chairing_the_nearest_committee_and_joint_commissioners(register) -> None:
    result = run(
        "Members present\n"
        "Cllr Priya Lindqvist – Partner member (councils); Cabinet Member for Health, Hackney Council\n"
        "Jonah Ferris – Director of Public Health, Camden Council\n"
        "Rita Okafor – Non-executive member\n\n"
        "Cllr Owen Marsh, Co-chair, South East London Integrated Care Partnership, and Executive Member "
        "for Health and Adult Care, Bexley Council\n\n"
        "5.1 Finance and Performance Committee\n"
        "Rita Okafor, the committee's chair, gave the report.\n"
        "5.2 People and Culture Committee\n"
        "Gail Sutherland, who chairs the People and Culture Committee, spoke next.\n\n"
        "The Eastside Wellbeing Network was commissioned jointly by Hackney Council and Camden Council to review it. "
        "Camden Council worked with the Centre for Ageing Better and the Institute for Fiscal Studies.",
        register,
    )
    found = triples(result)
    for council in ("London Borough of Hackney", "London Borough of Camden"):
        assert (council, "commissions", "Eastside Wellbeing Network") in found
    # head-first names
    assert names(result).get("Institute for Fiscal Studies") == "Organisation"
    assert ("London Borough of Camden", "collaboratesWith", "Centre for Ageing Better") in found
    assert ("Priya Lindqvist", "hasRole", "London Borough of Hackney") in found
    assert ("Jonah Ferris", "hasRole", "London Borough of Camden") in found
    assert ("Owen Marsh", "hasRole", "London Borough of Bexley") in found
    assert ("Rita Okafor", "hasRole", "Finance and Performance Committee") in found
    assert ("Rita Okafor", "hasRole", "People and Culture Committee") not in found
    assert ("Gail Sutherland", "hasRole", "People and Culture Committee") in found


def test_first_person_possessive_and_object_are_the_author(register) -> None:
    """ "our X" and "us" in the document's own voice stand for the body the heading names."""
    result = run(
        "NHS North West London\n\n"
        "We are the integrated care board for eight boroughs. "
        "Our Riverside Care Strategy was agreed last spring. "
        "NHS England has asked us to work with the Riverside Alliance.",
        register,
    )
    found = triples(result)
    assert ("NHS North West London Integrated Care Board", "publishes", "Riverside Care Strategy") in found
    # the quoted voice of someone else is not the author's
    quoted = run(
        "NHS North West London\n\nWe met in May. Jane Doe said: \u201cOur Riverside Care Strategy is new.\u201d",
        register,
    )
    assert (
        "NHS North West London Integrated Care Board",
        "publishes",
        "Riverside Care Strategy",
    ) not in triples(quoted)


def test_agentless_passive_is_the_commissioner_in_context(register) -> None:
    result = run(
        "A tender for a crisis service was opened by NHS South West London Integrated Care Board. "
        "Acme Health Ltd and Bobco Care Ltd have already been awarded contracts. "
        "Jane Doe was awarded a prize.",
        register,
    )
    found = triples(result)
    assert ("NHS South West London Integrated Care Board", "commissions", "Bobco Care Ltd") in found
    assert not [t for t in found if t[1] == "commissions" and t[2] == "Jane Doe"]


def test_these_at_a_sentence_start_is_the_previous_subject(register) -> None:
    result = run(
        "The Riverside Alliance brings together local organisations. "
        "These include Lambeth Council and King's College Hospital NHS Foundation Trust.",
        register,
    )
    assert ("London Borough of Lambeth", "memberOf", "Riverside Alliance") in triples(result)


def test_area_short_form_in_brackets_inside_a_system_name(register) -> None:
    result = run("The North East London (NEL) ICS met in 2022 to agree its priorities.", register)
    assert names(result).get("North East London Integrated Care System") == "ICS"


def test_a_name_after_a_known_name_and_and(register) -> None:
    """ "A and B" where A is already known: B is read as a name of its own."""
    result = run(
        "Contracts went to Age UK Croydon and Riverside Mental Health Foundation this year.", register
    )
    assert names(result).get("Riverside Mental Health Foundation") == "Organisation"


def test_a_compass_word_before_a_part_of_a_building_is_no_place(register) -> None:
    result = run(
        "Venue: Committee Rooms, West Wing, Guildhall. The East Kent hospitals were discussed.", register
    )
    kinds = names(result)
    assert "West Wing" not in kinds and kinds.get("East Kent") == "Place"


def test_the_council_in_a_document_about_one_borough_is_its_council(register) -> None:
    result = run(
        "Families in Barking and Dagenham will get more help. The Council funds the Riverside Programme.",
        register,
    )
    assert ("London Borough of Barking and Dagenham", "funds", "Riverside Programme") in triples(result)


def test_a_health_and_wellbeing_board_is_its_boroughs(register) -> None:
    """A board named with its borough, or named bare in a paper about one borough, is that
    borough's health and wellbeing board; "the Board" then means it, and a sub-group is part of it."""
    bare = run(
        "London Borough of Camden\n\nHealth & Wellbeing Board - 3 March 2027\n\n"
        "The Riverside Food Alliance, a sub-group of the Board, met in Camden twice.",
        register,
    )
    assert names(bare).get("Camden Health and Wellbeing Board") == "Partnership"
    assert ("Riverside Food Alliance", "partOf", "Camden Health and Wellbeing Board") in triples(bare)
    named = run("The Sutton Health and Wellbeing Board published the Riverside Strategy.", register)
    assert ("Sutton Health and Wellbeing Board", "publishes", "Riverside Strategy") in triples(named)
    # two boroughs named as often as each other: no one borough's board
    unclear = run("Camden and Islington sent officers to the Health and Wellbeing Board.", register)
    assert not any(n.endswith("Health and Wellbeing Board") for n in names(unclear))


def test_name_and_role_lines_hold_the_role_in_the_body_the_heading_names(register) -> None:
    result = run(
        "Riverside NHS Foundation Trust\nBoard meeting, 4 May 2027\n\nPresent:\nJane Doe, Chair\n"
        "Dr John Smith, Chief Executive\nMary Major, Director of Public Health, Camden Council\n\n"
        "Report of: Dr Ann Lee, Medical Director\n",
        register,
    )
    got = triples(result)
    for person in ("Jane Doe", "John Smith", "Ann Lee"):
        assert (person, "hasRole", "Riverside NHS Foundation Trust") in got
    # a line that names where its role is held says so, and only that
    assert ("Mary Major", "hasRole", "London Borough of Camden") in got
    assert ("Mary Major", "hasRole", "Riverside NHS Foundation Trust") not in got


def test_a_programme_is_named_by_its_capitals_and_found_again(register) -> None:
    """ "the Riverside Walking Together programme": the name is the capitalised words; written
    again without "programme" it is the same programme (not a person), with what it does there."""
    result = run(
        "An evaluation of the Walking Together programme in west London.\n\n"
        "Walking Together operates in Ealing and Brent. Acme Health Ltd runs Walking Together.",
        register,
    )
    kinds = names(result)
    assert kinds.get("Walking Together") == "Programme"
    assert "Walking Together programme" not in kinds
    got = triples(result)
    assert ("Walking Together", "covers", "Ealing") in got
    assert ("Acme Health Ltd", "runs", "Walking Together") in got


def test_a_name_something_is_done_to_and_the_object_of_a_relative_clause(register) -> None:
    result = run(
        "Riverside NHS Trust\nAnnual report\n\nHome First, the discharge initiative we run, helped "
        "many people. Bright Steps is delivered jointly by Acme Health Ltd and Bobco Care Ltd. "
        "Our Proud to Serve programme trains local people.",
        register,
    )
    kinds = names(result)
    assert kinds.get("Bright Steps") == kinds.get("Proud to Serve") == kinds.get("Home First") == "Programme"
    got = triples(result)
    assert ("Riverside NHS Trust", "runs", "Home First") in got
    assert ("Acme Health Ltd", "runs", "Bright Steps") in got and (
        "Bobco Care Ltd",
        "runs",
        "Bright Steps",
    ) in got


def test_the_board_in_a_bodys_own_papers_is_that_bodys_board(register) -> None:
    result = run(
        "Riverside NHS Foundation Trust\nAnnual report\n\nThe work is overseen by the board's "
        "Patient Safety Committee. NHS South West London Integrated Care Board was told.",
        register,
    )
    got = triples(result)
    assert ("Patient Safety Committee", "partOf", "Riverside NHS Foundation Trust") in got
    assert not any(s == "Patient Safety Committee" and "Integrated Care Board" in o for s, _, o in got)


def test_a_relative_clause_after_a_description_in_apposition_speaks_of_the_name(register) -> None:
    result = run(
        "Riverside Together, the borough's place-based partnership, which runs the Walking Well "
        "programme, met in May.",
        register,
    )
    assert ("Riverside Together", "runs", "Walking Well") in triples(result)


def test_a_short_form_and_a_place_name_a_regional_branch(register) -> None:
    result = run(
        "The Society of Riverside Nurses (SRN) supports nurses across England. SRN London is the "
        "regional network of the society. SRN London is chaired by Jane Doe.",
        register,
    )
    kinds = names(result)
    assert kinds.get("SRN London") == "Partnership"
    got = triples(result)
    assert ("SRN London", "partOf", "Society of Riverside Nurses") in got
    assert ("Jane Doe", "hasRole", "SRN London") in got


def test_two_people_each_with_a_role_in_apposition_are_both_arguments(register) -> None:
    result = run(
        "The Riverside Alliance is jointly chaired by Jane Doe, Director of Public Health for "
        "Lambeth and John Smith, Director of Public Health for Newham.",
        register,
    )
    got = triples(result)
    assert {
        ("Jane Doe", "hasRole", "Riverside Alliance"),
        ("John Smith", "hasRole", "Riverside Alliance"),
    } <= got
    assert ("John Smith", "hasRole", "London Borough of Newham") in got
    assert ("John Smith", "hasRole", "London Borough of Lambeth") not in got


def test_hard_wrapped_real_documents_read_as_the_unwrapped_ones() -> None:
    """Text from a PDF or an e-mail is often wrapped at a fixed width: the development pages
    wrapped at 70 columns give the same entities and relations as the pages themselves."""
    import textwrap

    docs = require_shared("eval", "dev", "docs")
    gold = json.loads((docs.parent / "gold.json").read_text(encoding="utf-8"))
    paths = sorted(docs.glob("*.txt"))
    records, _ = extract_paths(paths)
    gazetteer = gazetteer_for(load_register())
    wrapped = []
    for path in paths:
        lines = path.read_text(encoding="utf-8").split("\n")
        text = "\n".join(
            "\n".join(textwrap.wrap(x, 70, break_long_words=False, break_on_hyphens=False))
            if len(x) > 70
            else x
            for x in lines
        )
        result = extract_document(Text("f" * 40, path.name, text, "text/plain"), gazetteer)
        wrapped.append(eval_record(result))
    plain = score(gold, {"documents": records})
    folded = score(gold, {"documents": wrapped})
    assert Score.total(folded.entities).f1 >= Score.total(plain.entities).f1 - 0.01
    assert Score.total(folded.relations).f1 >= Score.total(plain.relations).f1 - 0.02


def test_an_acronym_in_a_name_with_its_head_after_the_brackets(register) -> None:
    result = run(
        "The session brought together the ICB and the Croydon Voluntary and Community Sector (VCS) "
        "Alliance. NHS South East London Integrated Care Board hosted it.",
        register,
    )
    kinds = names(result)
    assert kinds.get("Croydon Voluntary and Community Sector Alliance") == "Partnership"
    assert "Voluntary and Community Sector" not in kinds


def test_appointments_member_lists_contracts_and_gifts_of_money(register) -> None:
    result = run(
        "Dr John Smith has been appointed chair of the Riverside Mental Health Alliance. Members of "
        "the Riverside Mental Health Alliance include West London NHS Trust and Bobco Care Ltd. Acme "
        "Health Ltd has been awarded a £2m contract by NHS North West London Integrated Care Board "
        "to run the Riverside Walking Programme. NHS England has given £500,000 to the Riverside "
        "Mental Health Alliance.",
        register,
    )
    got = triples(result)
    alliance, icb = "Riverside Mental Health Alliance", "NHS North West London Integrated Care Board"
    assert ("John Smith", "hasRole", alliance) in got
    assert {("West London NHS Trust", "memberOf", alliance), ("Bobco Care Ltd", "memberOf", alliance)} <= got
    assert (icb, "commissions", "Acme Health Ltd") in got
    assert ("Acme Health Ltd", "runs", "Riverside Walking Programme") in got
    assert ("NHS England", "funds", alliance) in got and ("NHS England", "commissions", alliance) not in got


def test_a_name_that_runs_on_after_for_and_a_fronted_participle(register) -> None:
    result = run(
        "The Riverside Research Collaboration is funded by the National Institute for Health and Care "
        "Research. Led by Imperial College London, the collaboration works with patients across north "
        "west London.",
        register,
    )
    got = triples(result)
    collab = "Riverside Research Collaboration"
    assert ("National Institute for Health and Care Research", "funds", collab) in got
    assert ("Imperial College London", "leads", collab) in got
    assert (collab, "covers", "North West London") in got


def test_a_kind_of_agreement_and_a_partner_in_a_group(register) -> None:
    result = run(
        "Acme Health Ltd signed a partnership agreement with Cinco Care Ltd. Bobco Care Ltd is one of "
        "the partners in the Riverside Alliance.",
        register,
    )
    got = triples(result)
    assert ("Acme Health Ltd", "partnerOf", "Cinco Care Ltd") in got
    assert not any(p == "memberOf" and "Cinco" in s for s, p, _ in got)
    assert ("Bobco Care Ltd", "memberOf", "Riverside Alliance") in got


def test_where_as_and_a_pronoun_that_agrees_with_a_title(register) -> None:
    result = run(
        "Kingston Hospital NHS Foundation Trust has appointed Dr Jane Doe as its new chief executive. "
        "She joins from Croydon Health Services NHS Trust, where she was chief operating officer.\n\n"
        "The trust chair, Sir John Smith, said the board was delighted. Earlier, she worked for NHS "
        "England as director of performance.",
        register,
    )
    got = triples(result)
    assert ("Jane Doe", "hasRole", "Croydon Health Services NHS Trust") in got
    assert ("Jane Doe", "hasRole", "NHS England") in got
    assert ("John Smith", "hasRole", "NHS England") not in got


@pytest.mark.parametrize("folder", ["dev", "heldout", "heldout2", "heldout3", "heldout4"])
def test_evaluation_output_passes_the_shared_validator(tmp_path: Path, folder: str) -> None:
    """`kg extract --json` quotes at most 25 words, verbatim from the file (its own whitespace),
    names each entity once, as shared/eval/score.py --validate checks, on the 25 development pages
    and the two held-out sets' text files."""
    dev = require_shared("eval", "dev", "docs")
    docs = dev if folder == "dev" else Path(__file__).parent / "data" / folder
    records, _ = extract_paths(sorted(docs.glob("*.txt")))
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps({"documents": records}), encoding="utf-8")
    run_ = subprocess.run(
        [sys.executable, str(dev.parents[1] / "score.py"), "--validate", str(pred), "--docs", str(docs)],
        capture_output=True,
        text=True,
    )
    assert "0 problem(s)" in run_.stdout + run_.stderr, (run_.stdout + run_.stderr)[-2000:]


def test_attendance_with_bodies_in_brackets_and_a_board_under_its_council(register) -> None:
    result = run(
        "London Borough of Camden\nHealth and Wellbeing Board\n\nPresent: Councillor Anna Wright "
        "(Chair), Dr Cara Lim (NHS North Central London Integrated Care Board), Dan Fox (Healthwatch "
        "Camden)\n\nApologies: Eve Stone (Central and North West London NHS Foundation Trust)\n",
        register,
    )
    got = triples(result)
    assert ("Dan Fox", "memberOf", "Healthwatch Camden") in got
    assert ("Eve Stone", "memberOf", "Central and North West London NHS Foundation Trust") in got
    board = [e for e in result.entities if e.name == "Camden Health and Wellbeing Board"]
    assert board and all("\n" not in a for a in board[0].aliases)


def test_a_boards_own_page_its_officers_and_the_system_it_forms(register) -> None:
    result = run(
        "About us\n\nNHS South East London Integrated Care Board\n\nWe plan health services for south "
        "east London. Together with the six local authorities we form the South East London "
        "Integrated Care System.\n\nOur chief executive is Jane Doe and our chair is John Smith.\n",
        register,
    )
    got = triples(result)
    icb = "NHS South East London Integrated Care Board"
    assert (icb, "partOf", "South East London Integrated Care System") in got
    assert {("Jane Doe", "hasRole", icb), ("John Smith", "hasRole", icb)} <= got


def test_coverage_through_people_living_somewhere_and_plans_for_places(register) -> None:
    result = run(
        "The Riverside Network supports people living in Lambeth and Southwark. The Riverside "
        "Strategy sets out plans for Newham and Hackney.",
        register,
    )
    got = triples(result)
    assert {("Riverside Network", "covers", "Lambeth"), ("Riverside Network", "covers", "Southwark")} <= got
    assert ("Riverside Strategy", "covers", "Hackney") in got


def test_membership_in_other_words(register) -> None:
    result = run(
        "The Hillside Partnership consists of three organisations: Acme Health Ltd, Bobco Care Ltd and "
        "Cinco Care Ltd. Acme Health Ltd and Bobco Care Ltd have come together as the Riverside "
        "Alliance. The Downs Network, whose members include Acme Health Ltd and Cinco Care Ltd, met in "
        "May. Cinco Care Ltd has signed up to the Riverside Alliance.",
        register,
    )
    got = triples(result)
    assert ("Cinco Care Ltd", "memberOf", "Hillside Partnership") in got
    assert ("Bobco Care Ltd", "memberOf", "Riverside Alliance") in got
    assert ("Cinco Care Ltd", "memberOf", "Downs Network") in got
    assert ("Cinco Care Ltd", "memberOf", "Riverside Alliance") in got


def test_people_taking_posts_and_its_for_the_body_named_before(register) -> None:
    result = run(
        "Ann Lee becomes the new chair of the Riverside Alliance in June. Bobco Care Ltd has announced "
        "that Sam Green will be its next chair.",
        register,
    )
    got = triples(result)
    assert ("Ann Lee", "hasRole", "Riverside Alliance") in got
    assert ("Sam Green", "hasRole", "Bobco Care Ltd") in got


def test_an_age_range_inside_a_name_and_a_partnership_described_in_other_words(register) -> None:
    result = run(
        "Plans for families in Barking and Dagenham were agreed. The Bright Start 0-25 Partnership "
        "will lead the work. This borough-wide partnership was set up last year. It includes the "
        "Council and local schools.",
        register,
    )
    assert names(result).get("Bright Start 0-25 Partnership") == "Partnership"
    got = triples(result)
    assert ("London Borough of Barking and Dagenham", "memberOf", "Bright Start 0-25 Partnership") in got


def test_community_action_names_and_a_department_at_a_university(register) -> None:
    result = run(
        "The programme is delivered by Hillside Community Action and Riverside Voluntary Action. "
        "Fieldwork was done with the School of Nursing Studies at Acme University London.",
        register,
    )
    kinds = names(result)
    assert kinds.get("Hillside Community Action") == kinds.get("Riverside Voluntary Action") == "Organisation"
    assert "Acme University London" in kinds
    assert not any(n.startswith("School of Nursing") for n in kinds)


def test_a_name_that_gives_money_is_a_body(register) -> None:
    result = run(
        "Hillside Friends Together awarded a £25,000 grant to the Riverside Walking Programme.", register
    )
    assert names(result).get("Hillside Friends Together") == "Organisation"
    assert ("Hillside Friends Together", "funds", "Riverside Walking Programme") in triples(result)


def test_a_programme_named_with_its_place_and_run_by_a_council_team_and_a_trust(register) -> None:
    result = run(
        "Greenwich Council report\n\n3.3 Healthy Homes Greenwich, run jointly by the council's housing "
        "team and Oxleas NHS Foundation Trust, has visited 60 homes.",
        register,
    )
    assert names(result).get("Healthy Homes Greenwich") == "Programme"
    got = triples(result)
    assert ("Oxleas NHS Foundation Trust", "runs", "Healthy Homes Greenwich") in got
    assert ("Royal Borough of Greenwich", "runs", "Healthy Homes Greenwich") in got


def test_one_of_several_that_make_up_a_system(register) -> None:
    result = run(
        "The Riverside Partnership is one of eight partnerships that make up the North West London "
        "Integrated Care System.",
        register,
    )
    assert ("Riverside Partnership", "partOf", "North West London Integrated Care System") in triples(result)


def test_the_two_trusts_are_a_pair_named_together_with_the_last_named(register) -> None:
    result = run(
        "Barts Health NHS Trust and Homerton Healthcare NHS Foundation Trust will share a chief "
        "executive. The move follows a similar one by King's College Hospital NHS Foundation Trust and "
        "Guy's and St Thomas' NHS Foundation Trust. Jane Doe, chief executive of Barts Health, will take "
        "the joint role. The two trusts already work together on elective care.",
        register,
    )
    got = triples(result)
    assert ("Barts Health NHS Trust", "collaboratesWith", "Homerton Healthcare NHS Foundation Trust") in got
    assert not any("Guy's" in s + o and "Barts" in s + o for s, p, o in got if p == "collaboratesWith")


def test_money_from_a_body_that_supports_a_programme_is_funding_not_a_mention(register) -> None:
    result = run(
        "Funding of £200,000 from the London Borough of Ealing will support the Riverside Walking "
        "Programme. NHS England is investing £3 million in the Riverside Walking Programme.",
        register,
    )
    got = triples(result)
    assert ("London Borough of Ealing", "funds", "Riverside Walking Programme") in got
    assert ("London Borough of Ealing", "mentions", "Riverside Walking Programme") not in got
    assert ("NHS England", "funds", "Riverside Walking Programme") in got


def test_a_bulleted_board_list_with_dashes(register) -> None:
    result = run(
        "Our board\n\nThe board of NHS North Central London Integrated Care Board is made up of:\n\n"
        "• Jane Doe – Chair\n• Dr Ann Lee – Partner Member, Primary Care\n"
        "• Cllr Tom Brown – Partner Member, Local Authorities (Leader, London Borough of Barnet)\n",
        register,
    )
    got = triples(result)
    icb = "NHS North Central London Integrated Care Board"
    assert {("Jane Doe", "hasRole", icb), ("Ann Lee", "hasRole", icb), ("Tom Brown", "hasRole", icb)} <= got
    assert names(result).get("Local Authorities") is None


def test_something_launched_with_a_partner(register) -> None:
    result = run(
        "In 2024 Acme Health Ltd launched the Riverside Community Fund with Bobco Care Ltd.", register
    )
    assert ("Acme Health Ltd", "collaboratesWith", "Bobco Care Ltd") in triples(result)


def test_a_compass_word_before_a_peoples_name_is_no_place(register) -> None:
    kinds = names(
        run("Residents of South Asian heritage in East Kent and North Acton were surveyed.", register)
    )
    assert "South Asian" not in kinds and kinds.get("East Kent") == kinds.get("North Acton") == "Place"


def test_a_byline_names_its_paper_and_a_report_author_her_council(register) -> None:
    result = run(
        "Clinic to close\n\nBy Jane Doe, Health Reporter, Enfield Gazette\n\nThe clinic will close.\n\n"
        "Report author: Mary Major, Public Health Strategist, Royal Borough of Greenwich\n",
        register,
    )
    kinds = names(result)
    assert kinds.get("Enfield Gazette") == "Organisation"
    got = triples(result)
    assert ("Jane Doe", "hasRole", "Enfield Gazette") in got
    assert ("Mary Major", "hasRole", "Royal Borough of Greenwich") in got


def test_capitalised_descriptions_in_terms_of_reference(register) -> None:
    result = run(
        "Terms of reference: Riverside Quality Committee\n\nThe Riverside Quality Committee meets monthly. "
        "The Committee is chaired by a non-executive member, Dr Jane Doe. The Riverside Food Alliance "
        "met in May. The Alliance published its Riverside Food Plan 2026 in June.",
        register,
    )
    got = triples(result)
    assert ("Jane Doe", "hasRole", "Riverside Quality Committee") in got
    assert ("Riverside Food Alliance", "publishes", "Riverside Food Plan 2026") in got


def test_a_places_plan_in_lower_case_is_named_with_its_place(register) -> None:
    result = run(
        "The board agreed Merton's new health and care plan. Merton is in south west London.", register
    )
    kinds = names(result)
    assert kinds.get("Merton health and care plan") == "Strategy" and kinds.get("Merton") == "Borough"


def test_a_number_that_opens_a_plans_name(register) -> None:
    result = run("The fund follows the 10 Year Riverside Plan, published by NHS England in July.", register)
    assert ("NHS England", "publishes", "10 Year Riverside Plan") in triples(result)


def test_a_plan_named_after_a_dash(register) -> None:
    kinds = names(
        run("The plan, called the Families (0-25) Partnership - Bright Start Strategy, was agreed.", register)
    )
    assert kinds.get("Bright Start Strategy") == "Strategy"
    assert not any(" - " in n for n in kinds)


def test_borough_of_a_compass_word_and_a_partnership_which_brings_together(register) -> None:
    result = run(
        "1. The Riverside Alliance is a well-established partnership which brings together Acme Health "
        "Ltd and the Borough of Bromley.\n2. Services in Southeast London are being reorganised this "
        "year.",
        register,
    )
    kinds = names(result)
    assert (
        kinds.get("London Borough of Bromley") == "LocalAuthority"
        and kinds.get("South East London") == "Place"
    )
    got = triples(result)
    assert {
        ("Acme Health Ltd", "memberOf", "Riverside Alliance"),
        ("London Borough of Bromley", "memberOf", "Riverside Alliance"),
    } <= got


def test_responsible_for_producing_and_delivering_a_plan(register) -> None:
    result = run(
        "The Riverside Board is responsible for producing and delivering the Riverside Care Plan, "
        "reporting to the Hillside Partnership.",
        register,
    )
    got = triples(result)
    assert ("Riverside Board", "publishes", "Riverside Care Plan") in got
    assert ("Riverside Board", "partOf", "Hillside Partnership") in got


def test_we_is_the_body_that_opens_the_first_paragraphs_when_no_heading_names_one(register) -> None:
    result = run(
        "News\n\nWorking together for better care\n\nA picture of people standing together.\n\n"
        "Barts Health NHS Trust has tried new ways of working. NHS England has asked us to plan "
        "joint services, and we have agreed.",
        register,
    )
    assert ("NHS England", "mentions", "Barts Health NHS Trust") in triples(result)


def test_a_person_then_lower_case_words_is_no_plan_and_a_place_led_short_name_is_its_own_body(
    register,
) -> None:
    result = run(
        "Camden Council chief executive Jo Bloggs welcomed the plan. "
        "The North Central London Cancer Alliance met on Monday. "
        "Professor Sam Smith, chair of the London Cancer Alliance, spoke. "
        "The Riverside Leadership Academy opened in May and the Leadership Academy trains nurses.",
        register,
    )
    kinds = names(result)
    assert not [n for n in kinds if "welcomed" in n]
    assert kinds["Jo Bloggs"] == "Person"
    found = triples(result)
    assert ("Sam Smith", "hasRole", "London Cancer Alliance") in found
    assert not any(s == "Sam Smith" and o.startswith("North Central") for s, _, o in found)
    # a short form without a place of its own is still the longer name
    assert "Leadership Academy" not in kinds


def test_groups_their_leads_and_the_report_that_was_commissioned(register) -> None:
    result = run(
        "Riverside Health Institute\n\nAn evaluation of the Hillside Falls Collaborative\n\n"
        "This evaluation was commissioned by NHS North Central London ICB. "
        "To map the gaps in care, a consortium led by Acme Consulting Ltd (with Bobco Analytics Ltd leading "
        "on the data) were commissioned by NHS North Central London ICB as part of a wider team.",
        register,
    )
    found = triples(result)
    icb = "NHS North Central London Integrated Care Board"
    assert (icb, "commissions", "Acme Consulting Ltd") in found
    assert (icb, "commissions", "Bobco Analytics Ltd") in found
    pair = {frozenset((s, o)) for s, p, o in found if p == "collaboratesWith"}
    assert frozenset(("Acme Consulting Ltd", "Bobco Analytics Ltd")) in pair
    # the report's author, not the collaborative its title is about
    commissioned = {o for s, p, o in found if s == icb and p == "commissions"}
    assert not any("Collaborative" in o for o in commissioned)
    assert "Riverside Health Institute" in commissioned


def test_who_runs_a_service_is_a_body_and_a_surname_that_is_a_head_noun_is_a_surname(register) -> None:
    result = run(
        "A new crisis café in Ealing will be run by Brightway in partnership with West London NHS Trust. "
        "Screening checks are delivered by GPs. The hub is run by Local Authorities. "
        "Present: Cllr Ann Lee (Chair), Sharon Grant (Healthwatch Haringey). "
        "Jo Bloggs is group chief executive of Whittington Health NHS Trust.",
        register,
    )
    kinds = names(result)
    assert kinds["Brightway"] == "Organisation"
    assert "GPs" not in kinds and "Local Authorities" not in kinds
    assert kinds["Sharon Grant"] == "Person"
    found = triples(result)
    assert ("Jo Bloggs", "hasRole", "Whittington Health NHS Trust") in found
    assert any(p in ("partnerOf", "collaboratesWith") and "Brightway" in (s, o) for s, p, o in found)


def test_named_services_and_programmes_after_an_owner_and_who_they_serve(register) -> None:
    result = run(
        "The partnership's Riverside Steps programme began in May. "
        "NHS South West London ICB funds the Croydon Talking Minds service. "
        "The Adult Social Care service is run by the council. "
        "Croydon Health Services NHS Trust provides acute care to the 390,000 people of Croydon.",
        register,
    )
    kinds = names(result)
    assert kinds["Riverside Steps"] == "Programme"
    assert kinds["Croydon Talking Minds"] == "Programme"
    assert "Adult Social Care" not in kinds
    found = triples(result)
    assert ("NHS South West London Integrated Care Board", "funds", "Croydon Talking Minds") in found
    assert ("Croydon Health Services NHS Trust", "covers", "Croydon") in found


def test_the_bodies_of_a_groups_listed_people_work_together(register) -> None:
    result = run(
        "The steering group for the review included: Jo Bloggs from Acme Consulting Ltd, Sam Smith, "
        "Ann Lee from Bobco Analytics Ltd and Dr Tom Hill. "
        "Riverside Care Ltd was commissioned by the Greater London Authority to review the service.",
        register,
    )
    found = triples(result)
    pair = {frozenset((s, o)) for s, p, o in found if p == "collaboratesWith"}
    assert frozenset(("Acme Consulting Ltd", "Bobco Analytics Ltd")) in pair
    assert "Bobco Analytics Ltd" in names(result)  # the company's suffix ends its name
    assert ("Greater London Authority", "commissions", "Riverside Care Ltd") in found


def test_a_verb_after_a_known_name_is_not_a_head_noun(register) -> None:
    result = run(
        "Newham Council and NHS North East London jointly fund the Riverside Carers Hub. "
        "NHS England fund the scheme.",
        register,
    )
    kinds = names(result)
    assert not [n for n in kinds if n.endswith(("fund", "Fund"))]
    found = triples(result)
    assert ("NHS North East London Integrated Care Board", "funds", "Riverside Carers Hub") in found


def test_a_movement_named_by_what_it_is_and_who_leads_it(register) -> None:
    result = run(
        "Bright Lives LDN is a citywide movement supported by the Mayor of London and led by "
        "Public Health England and the Greater London Authority.",
        register,
    )
    assert names(result)["Bright Lives LDN"] == "Partnership"
    found = triples(result)
    assert ("Public Health England", "leads", "Bright Lives LDN") in found
    assert ("Greater London Authority", "leads", "Bright Lives LDN") in found


def test_past_posts_in_a_list_and_a_councils_posts_in_its_own_papers(register) -> None:
    result = run(
        "London Borough of Havering\n\nCabinet report\n\n"
        "The report was presented by Councillor Jo Bloggs, Cabinet Member for Adults and Health. "
        "Dr Sam Smith joins from Barts Health NHS Trust. He has held senior roles including chief "
        "executive at Whittington Health NHS Trust between 2005 and 2011.",
        register,
    )
    found = triples(result)
    assert ("Jo Bloggs", "hasRole", "London Borough of Havering") in found
    assert ("Sam Smith", "hasRole", "Whittington Health NHS Trust") in found


def test_a_region_ends_a_name_and_our_speaks_for_the_heading_body(register) -> None:
    result = run(
        "About us\n\nThe Riverside Research Collaboration South London is one of 15 collaborations. "
        "It is funded by the National Institute for Health and Care Research.\n\n"
        "Our director is Professor Ann Lee.\n",
        register,
    )
    kinds = names(result)
    assert kinds["Riverside Research Collaboration South London"] == "Partnership"
    found = triples(result)
    assert ("Ann Lee", "hasRole", "Riverside Research Collaboration South London") in found
    assert (
        "National Institute for Health and Care Research",
        "funds",
        "Riverside Research Collaboration South London",
    ) in found


def test_titled_plans_and_a_partnership_its_brackets_describe(register) -> None:
    result = run(
        "London Councils and NHS England launched Our Vision for Riverside, which sets out ten aims. "
        "Camden Council published A Healthier Future for Camden in May. "
        "The work brings together Riverside Health Partners (a partnership between Riverside University "
        "and Whittington Health NHS Trust) and local councils.",
        register,
    )
    kinds = names(result)
    assert kinds["Our Vision for Riverside"] == "Strategy"
    assert kinds["A Healthier Future for Camden"] == "Strategy"
    assert kinds["Riverside Health Partners"] == "Partnership"
    found = triples(result)
    assert ("NHS England", "publishes", "Our Vision for Riverside") in found
    assert ("Whittington Health NHS Trust", "memberOf", "Riverside Health Partners") in found


def test_what_a_contract_is_for_is_a_service_its_holder_runs(register) -> None:
    result = run(
        "NHS South West London ICB agreed to award an interim contract for Riverside Community Services "
        "to the Hillside Care Provider Alliance. The contract for Community Services was let.",
        register,
    )
    kinds = names(result)
    assert kinds["Riverside Community Services"] == "Programme"
    assert "Community Services" not in kinds
    found = triples(result)
    assert ("Hillside Care Provider Alliance", "runs", "Riverside Community Services") in found


def test_a_gp_practice_is_a_body_a_portfolio_is_not(register) -> None:
    result = run(
        "In attendance:\nJo Bloggs, Director of Strategy, Royal Free London NHS Foundation Trust\n\n"
        "Dr Sam Smith declared an interest as a GP partner at the Riverside Group Practice. "
        "Services include General Practice and pharmacy.",
        register,
    )
    kinds = names(result)
    assert kinds["Riverside Group Practice"] == "Organisation"
    assert "Strategy" not in kinds and "General Practice" not in kinds
    assert ("Jo Bloggs", "hasRole", "Royal Free London NHS Foundation Trust") in triples(result)


def test_a_borough_ending_a_name_and_the_name_after_it_in_a_list(register) -> None:
    result = run(
        "The hub opens thanks to a partnership between Lambeth Council, Carers Hub Lambeth and "
        "Guy's and St Thomas' Charity.",
        register,
    )
    kinds = names(result)
    assert "Carers Hub Lambeth" in kinds
    assert kinds["Guy's and St Thomas' Charity"] == "Organisation"
    found = triples(result)
    assert ("London Borough of Lambeth", "partnerOf", "Guy's and St Thomas' Charity") in found


def test_an_appointment_confirmed_by_a_body_is_a_post_there(register) -> None:
    result = run(
        "NHS England has appointed a new regional director, and confirmed Dr Jo Bloggs's appointment as "
        "chief operating officer.",
        register,
    )
    assert ("Jo Bloggs", "hasRole", "NHS England") in triples(result)


def test_an_areas_short_form_and_a_bodys_short_form_name_that_areas_body(register) -> None:
    result = run(
        "The SWL JHOSC met in Sutton. Councillor Jo Bloggs was elected as Chair of the Committee. "
        "The NCL ICP agreed its strategy.",
        register,
    )
    kinds = names(result)
    assert kinds["South West London Joint Health Overview and Scrutiny Committee"] == "Organisation"
    assert "North Central London Integrated Care Partnership" in kinds
    assert not [n for n in kinds if n.endswith("strategy")]
    found = triples(result)
    assert ("Jo Bloggs", "hasRole", "South West London Joint Health Overview and Scrutiny Committee") in found


def test_areas_listed_after_the_systems_are_the_systems(register) -> None:
    result = run(
        "London has five integrated care systems: North Central London, North East London, North West "
        "London, South East London and South West London. Waiting lists in North East London are long.",
        register,
    )
    kinds = names(result)
    assert kinds["North Central London Integrated Care System"] == "ICS"
    assert kinds["South West London Integrated Care System"] == "ICS"
    assert kinds["North East London"] == "Place"  # named again as a place, it is the place


def test_neighbours_at_a_body_stand_for_it(register) -> None:
    result = run(
        "Barts Health NHS Trust is working ever more closely with neighbours at Whittington Health NHS Trust.",
        register,
    )
    pair = {frozenset((s, o)) for s, p, o in triples(result) if p == "collaboratesWith"}
    assert frozenset(("Barts Health NHS Trust", "Whittington Health NHS Trust")) in pair


def test_a_generic_system_name_and_its_full_name_are_one_entity(register) -> None:
    result = run(
        "North Central London's Integrated Care Partnership (ICP) met. "
        "The North Central London Integrated Care Partnership agreed its strategy.",
        register,
    )
    named = [e.name for e in result.entities if e.name.endswith("Integrated Care Partnership")]
    assert named == ["North Central London Integrated Care Partnership"]


def test_each_person_of_a_list_takes_the_post_in_apposition_to_them(register) -> None:
    result = run(
        "Members include Cllr Jo Bloggs, Chair of London Councils, and Sam Smith, Regional Director for "
        "NHS England London.",
        register,
    )
    found = triples(result)
    assert ("Jo Bloggs", "hasRole", "London Councils") in found
    assert not any(s == "Jo Bloggs" and "NHS England" in o for s, p, o in found)
    assert not any(s == "Sam Smith" and o == "London Councils" for s, p, o in found)


def test_what_the_text_calls_a_known_name_resolves_its_description(register) -> None:
    result = run(
        "Riverside Health is the GP federation for the Royal Borough of Greenwich. "
        "The federation's chair is Dr Ann Lee.",
        register,
    )
    found = triples(result)
    assert ("Ann Lee", "hasRole", "Riverside Health") in found
    assert not any(p == "memberOf" and o == "Riverside Health" for s, p, o in found)


def test_representatives_from_bodies_stand_for_the_bodies(register) -> None:
    result = run(
        "The Riverside Health and Wellbeing Board, which includes representatives from Croydon Council "
        "and Healthwatch Croydon, approved the plan.",
        register,
    )
    found = triples(result)
    assert ("London Borough of Croydon", "memberOf", "Riverside Health and Wellbeing Board") in found
    assert ("Healthwatch Croydon", "memberOf", "Riverside Health and Wellbeing Board") in found


def test_the_trusts_are_the_trusts_named_together_just_before(register) -> None:
    result = run(
        "Kingston Hospital NHS Foundation Trust and Whittington Health NHS Trust will share a chief "
        "executive. The trusts are both members of the Riverside Acute Provider Collaborative.",
        register,
    )
    found = triples(result)
    for trust in ("Kingston Hospital NHS Foundation Trust", "Whittington Health NHS Trust"):
        assert (trust, "memberOf", "Riverside Acute Provider Collaborative") in found


def test_they_opening_a_sentence_speaks_of_the_bodies_the_last_one_opened_with(register) -> None:
    result = run(
        "Acme Health Ltd and Bobco Care Ltd opened a clinic. They serve patients across Kingston and "
        "Richmond. Cedar Homes Ltd met in May. They said nothing.",
        register,
    )
    found = triples(result)
    assert ("Acme Health Ltd", "covers", "Kingston upon Thames") in found
    assert ("Bobco Care Ltd", "covers", "Richmond upon Thames") in found


def test_the_board_for_a_period_is_still_the_board(register) -> None:
    result = run(
        "Riverside Health and Wellbeing Board\nMinutes\n\n"
        "RESOLVED: That Councillor Jo Bloggs be appointed Chair of the Board for the municipal year.",
        register,
    )
    assert ("Jo Bloggs", "hasRole", "Riverside Health and Wellbeing Board") in triples(result)


def test_partner_lines_under_our_partners_are_members_of_the_system(register) -> None:
    result = run(
        "NHS North Central London Integrated Care Board\n\nWe are part of the North Central London "
        "Integrated Care System, and we chair the Riverside Care Partnership.\n\nOur partners\n\n"
        "NHS trusts: Royal Free London NHS Foundation Trust; Whittington Health NHS Trust.\n\n"
        "Local authorities: Camden Council; Islington Council.\n",
        register,
    )
    found = triples(result)
    ics = "North Central London Integrated Care System"
    for body in (
        "Royal Free London NHS Foundation Trust",
        "Whittington Health NHS Trust",
        "London Borough of Islington",
    ):
        assert (body, "memberOf", ics) in found
    assert not any(p == "memberOf" and o == "Riverside Care Partnership" for s, p, o in found)


def test_a_council_for_voluntary_service_is_a_body_not_its_borough(register) -> None:
    result = run(
        "The Board will comprise:\n• a representative of Homerton Healthcare NHS Foundation Trust\n"
        "• the chief executive of Hackney CVS\n",
        register,
    )
    assert names(result).get("Hackney CVS") == "Organisation"
    assert not [t for t in triples(result) if t[1] == "covers"]


def test_every_held_out_document_is_read_in_bounded_time() -> None:
    """A parse in which "whose" hangs under no relative clause once sent the extractor into an
    endless walk up to the root (spaCy gives a new token object for each ``.head``): each held-out
    document is read in a fresh process with a time limit."""
    data = Path(__file__).parent / "data"
    files = sorted(
        p for d in ("heldout", "heldout2", "heldout3", "heldout4") for p in (data / d).glob("*.txt")
    )
    assert len(files) >= 24
    code = "import sys\nfrom kg.extract import extract_paths\nextract_paths(sys.argv[1:])\n"
    run_ = subprocess.run(
        [sys.executable, "-c", code, *map(str, files)], capture_output=True, text=True, timeout=300
    )
    assert run_.returncode == 0, run_.stderr[-2000:]


def test_people_in_minutes_lists_and_programmes_described_after_a_dash(register) -> None:
    result = run(
        "APOLOGIES: Councillor Jo Bloggs; Ann Lee, Riverside Local.\nALSO PRESENT: Tom Hill (Clerk).\n\n"
        "Sam Smith declared that his partner works for a charity. The Chair thanked Ruth Bell, who is "
        "leaving. The union's organiser, Dee Grant, said staff were not consulted. Dr Eve Stone of the "
        "Centre for Civic Health, said the work mattered.\nProjects:\n"
        "• Home Safe Now – a study of falls sensors, run by Whittington Health NHS Trust.\n"
        "The study is backed by Asthma + Lung UK.\n",
        register,
    )
    kinds = names(result)
    for person in ("Jo Bloggs", "Ann Lee", "Tom Hill", "Sam Smith", "Ruth Bell", "Dee Grant"):
        assert kinds.get(person) == "Person", person
    assert "Civic Health" not in kinds
    assert kinds["Home Safe Now"] == "Programme"
    assert kinds["Asthma + Lung UK"] == "Organisation"
    assert ("Whittington Health NHS Trust", "runs", "Home Safe Now") in triples(result)


def test_the_mayor_of_london_is_a_post_of_the_greater_london_authority(register) -> None:
    result = run(
        "The Mayor of London, Jo Bloggs, announced a fund. Sam Smith, NHS Regional Director for London, agreed.",
        register,
    )
    found = triples(result)
    assert ("Jo Bloggs", "hasRole", "Greater London Authority") in found
    assert not any(s == "Sam Smith" and o == "Greater London Authority" for s, p, o in found)


def test_posts_named_without_a_body_on_a_bodys_own_page(register) -> None:
    result = run(
        "About us\n\nWe are the Riverside Care Partnership.\n\nPlease write to us. Jo Bloggs, Chief "
        "Executive, and Ann Lee, Chair, are happy to hear from residents. Dr Tom Hill, a GP, said hello. "
        "Sam Smith, Director of Nursing, Whittington Health NHS Trust, visited.\n",
        register,
    )
    found = triples(result)
    assert ("Jo Bloggs", "hasRole", "Riverside Care Partnership") in found
    assert ("Ann Lee", "hasRole", "Riverside Care Partnership") in found
    assert not any(s in ("Tom Hill", "Sam Smith") and o == "Riverside Care Partnership" for s, p, o in found)


def test_which_after_people_speaks_of_the_named_service(register) -> None:
    result = run(
        "Camden Council funds the Riverside Door Service, a single point of contact for adults who need "
        "help at home, which is run by Whittington Health NHS Trust.",
        register,
    )
    assert ("Whittington Health NHS Trust", "runs", "Riverside Door Service") in triples(result)


def test_the_partnership_is_the_partnership_not_a_system_named_partnership(register) -> None:
    result = run(
        "We sit on the Riverside Health and Care Partnership, the borough’s place-based partnership "
        "within the North East London Health and Care Partnership. Other members of the partnership "
        "include:\n\n• Camden Council\n• Whittington Health NHS Trust\n",
        register,
    )
    found = triples(result)
    assert ("London Borough of Camden", "memberOf", "Riverside Health and Care Partnership") in found
    assert not any(
        s == "London Borough of Camden" and p == "memberOf" and "North East" in o for s, p, o in found
    )


def test_its_opening_a_sentence_after_one_that_opened_without_a_body(register) -> None:
    result = run(
        "The move has been encouraged by NHS North West London, the integrated care board for the area. "
        "Its chief executive, Jo Bloggs, told reporters it was welcome.",
        register,
    )
    assert ("Jo Bloggs", "hasRole", "NHS North West London Integrated Care Board") in triples(result)


def test_a_board_covers_the_places_of_the_people_it_serves(register) -> None:
    result = run(
        "NHS North Central London Integrated Care Board\n\nWe plan and pay for most health services for "
        "around 1.7 million people in Barnet, Camden and Enfield. We met in Haringey.\n",
        register,
    )
    found = triples(result)
    icb = "NHS North Central London Integrated Care Board"
    assert {(icb, "covers", b) for b in ("Barnet", "Camden", "Enfield")} <= found
    assert (icb, "covers", "Haringey") not in found


def test_a_charity_that_a_council_commissioned_to_run_a_service(register) -> None:
    result = run(
        "The hub is run by Riverside Voice, a registered charity that Camden Council has commissioned "
        "to run the service since 2022.",
        register,
    )
    assert ("London Borough of Camden", "commissions", "Riverside Voice") in triples(result)


def test_possessive_names_people_who_chair_or_join_and_places_of_residents(register) -> None:
    result = run(
        "About Kestrel Wellbeing Ltd\n"
        "The Hollybank Care Partnership's members are Kestrel Wellbeing Ltd and Ormond Home Care Ltd. "
        "Priya Lal chairs the Hollybank Care Partnership. "
        "Tom Abara joined Kestrel Wellbeing Ltd as finance director in 2021. "
        "Kestrel Wellbeing Ltd works with people who live and work in Hounslow. "
        "It also supports the population of Ealing.",
        register,
    )
    found = triples(result)
    kinds = names(result)
    assert kinds.get("Hollybank Care Partnership") == "Partnership"
    assert "About Kestrel Wellbeing Ltd" not in kinds  # a heading's preposition opens no name
    assert ("Ormond Home Care Ltd", "memberOf", "Hollybank Care Partnership") in found
    assert ("Priya Lal", "hasRole", "Hollybank Care Partnership") in found
    assert ("Tom Abara", "hasRole", "Kestrel Wellbeing Ltd") in found
    assert ("Tom Abara", "memberOf", "Kestrel Wellbeing Ltd") not in found  # the post says more
    assert ("Kestrel Wellbeing Ltd", "covers", "Hounslow") in found
    assert ("Kestrel Wellbeing Ltd", "covers", "Ealing") in found


def test_funding_running_and_names_read_from_what_bodies_do(register) -> None:
    result = run(
        "About Larkspur Community Ltd\n"
        "With funding from the Ellery Foundation, Larkspur Community Ltd has opened a hub in Ealing. "
        "Larkspur Community Ltd was awarded £40,000 by the Ambrose Trust. "
        "Larkspur Community Ltd runs Kind Minds, Steps Ahead and the ‘Walk and Talk’ project in Ealing. "
        "The Riverside Talking Service is a free service from Larkspur Community Ltd. "
        "The ICB's Healthy Steps Together programme started in May. "
        "The Riverside Talking Service is available to adults in Ealing and Brent. "
        "Ealing Council is contributing £200,000 towards the Riverside Talking Service.",
        register,
    )
    found = triples(result)
    kinds = names(result)
    assert ("Ellery Foundation", "funds", "Larkspur Community Ltd") in found
    assert ("Ellery Foundation", "collaboratesWith", "Larkspur Community Ltd") not in found
    assert ("Ambrose Trust", "funds", "Larkspur Community Ltd") in found
    assert ("Ambrose Trust", "commissions", "Larkspur Community Ltd") not in found  # a grant, not a contract
    for programme in ("Kind Minds", "Steps Ahead", "Walk and Talk"):
        assert kinds.get(programme) == "Programme"
    assert ("Larkspur Community Ltd", "runs", "Kind Minds") in found
    assert ("Larkspur Community Ltd", "runs", "Steps Ahead") in found
    assert ("Larkspur Community Ltd", "runs", "Riverside Talking Service") in found
    assert "Healthy Steps Together" in kinds  # the owner's possessive is not part of the name
    assert ("Riverside Talking Service", "covers", "Brent") in found
    assert ("London Borough of Ealing", "funds", "Riverside Talking Service") in found


def test_posts_owners_and_local_partnerships_named_with_together(register) -> None:
    result = run(
        "Hartfield Care Federation\n\n"
        "We work closely with Lambeth Together and Guy's and St Thomas' NHS Foundation Trust. "
        "Unison's branch organiser, Mo Patel, welcomed the plan. "
        "Ealing Council, whose leader, Councillor Ada Brook, backed the scheme, will host it. "
        "Ruth Mensah took up the post of chief executive at Hartfield Care Federation in May. "
        "Sam Idowu is Hartfield Care Federation's medical director. "
        "The Kestrel Wellbeing Service is funded by Ealing Council and Brent Council. "
        "Bright Path Ltd has been chosen by Ealing Council to run the Kestrel Wellbeing Service. "
        "The work of the Hartfield Care Federation is organised in two programmes: Steady Steps and Home Safe.",
        register,
    )
    found = triples(result)
    kinds = names(result)
    assert kinds.get("Lambeth Together") == "Partnership"
    assert ("Hartfield Care Federation", "collaboratesWith", "Lambeth Together") in found or (
        "Lambeth Together",
        "collaboratesWith",
        "Hartfield Care Federation",
    ) in found
    assert kinds.get("UNISON") == "Organisation"  # the register's name for "Unison's"
    assert ("Mo Patel", "hasRole", "UNISON") in found
    assert ("Ada Brook", "hasRole", "London Borough of Ealing") in found
    assert ("Ruth Mensah", "hasRole", "Hartfield Care Federation") in found
    assert ("Sam Idowu", "hasRole", "Hartfield Care Federation") in found
    # funding the same service together is not working together
    assert (
        not {
            ("London Borough of Ealing", "collaboratesWith", "London Borough of Brent"),
            ("London Borough of Brent", "collaboratesWith", "London Borough of Ealing"),
        }
        & found
    )
    assert ("London Borough of Ealing", "commissions", "Bright Path Ltd") in found
    assert ("Home Safe", "partOf", "Hartfield Care Federation") in found


def test_places_pairs_lists_and_references_back_across_paragraphs(register) -> None:
    result = run(
        "Thornbury Memory Project: news\n\n"
        "Press release - Ealing Council - 2 March\n\n"
        "Ealing Council has launched a £2 million Thornbury Memory Fund for older people.\n\n"
        "The fund, which is administered by Thornbury Care CIC, will pay for home visits. "
        "The Thornbury Memory Fund is separate from the Ealing Winter Fund.\n\n"
        "The memory service is available to residents of Lewisham and Greenwich. "
        "Staff at Lewisham and Greenwich were told of the plan.\n\n"
        "Our work is organised in two programmes:\n"
        "• Home Ready – a study of falls sensors in care homes, which is run by Thornbury Care CIC "
        "in partnership with Kestrel Analytics Ltd.\n"
        "• Safe Steps – a pilot of home visits. It is delivered with Ealing Council.\n\n"
        "Schools will be chosen using data from the Ealing Air Network, run by Thornbury Care CIC, and "
        "from other sources.\n\n"
        "Thornbury Scrutiny Committee\n"
        "Committee members from Brent Council and Harrow Council attended.",
        register,
    )
    found = triples(result)
    kinds = names(result)
    # "the fund" two paragraphs on is the fund the paragraph before named, not the later one
    assert ("Thornbury Care CIC", "runs", "Thornbury Memory Fund") in found
    assert ("Thornbury Care CIC", "runs", "Ealing Winter Fund") not in found
    # a pair of boroughs after "residents of" are the boroughs; elsewhere the pair is the trust
    assert kinds.get("Lewisham") == "Borough" and kinds.get("Greenwich") == "Borough"
    assert kinds.get("Lewisham and Greenwich NHS Trust") == "NHSTrust"
    # "which is run by": not the care homes; "It" opens a list item and means its first name
    assert ("Thornbury Care CIC", "runs", "Home Ready") in found
    assert ("Kestrel Analytics Ltd", "runs", "Home Ready") in found
    assert ("London Borough of Ealing", "runs", "Safe Steps") in found
    # "X, run by Y," when the parser hangs the participle on the main verb
    assert ("Thornbury Care CIC", "runs", "Ealing Air Network") in found
    # a bare "Committee" before "members" in a committee's papers is that committee
    assert ("London Borough of Harrow", "memberOf", "Thornbury Scrutiny Committee") in found


def test_an_our_services_page_names_its_titled_entries_and_who_runs_and_funds_them(register) -> None:
    result = run(
        "Marlow Lane Carers Trust\n\n"
        "About us\n\n"
        "Marlow Lane Carers Trust is a charity based in Tottenham. We support carers across Haringey.\n\n"
        "Our services\n\n"
        "Walk Tall\n"
        "A weekly balance class for people over 65, run with physiotherapists from Whittington Health NHS Trust.\n\n"
        "Carers Compass\n"
        "One-to-one support for unpaid carers, funded by Haringey Council.\n\n"
        "Contact us\n\n"
        "Visit us at Tottenham Green.",
        register,
    )
    found = triples(result)
    kinds = names(result)
    assert kinds.get("Walk Tall") == "Programme" and kinds.get("Carers Compass") == "Programme"
    # the page's author runs what its "Our services" section lists
    assert ("Marlow Lane Carers Trust", "runs", "Walk Tall") in found
    assert ("Marlow Lane Carers Trust", "runs", "Carers Compass") in found
    # the line under a title describes it: "run with physiotherapists from X", "funded by X"
    assert ("Whittington Health NHS Trust", "runs", "Walk Tall") in found
    assert ("London Borough of Haringey", "funds", "Carers Compass") in found
    # section headings are not names
    assert "Our services" not in kinds and "Contact us" not in kinds


def test_membership_tables_with_tabs_or_pipes_give_each_person_the_post_at_the_body_in_their_row(
    register,
) -> None:
    for sep, rule in (("\t", ""), (" | ", "| ")):
        text = (
            "Brookfield Health Partnership Board\n\n"
            f"{rule}Name{sep}Role{sep}Organisation\n"
            f"{rule}Nadia Brook{sep}Chair{sep}Brookfield Care CIC\n"
            f"{rule}Owen Patel{sep}Director of Public Health{sep}London Borough of Ealing\n"
        )
        result = run(text, register)
        found = triples(result)
        assert names(result).get("Owen Patel") == "Person", sep
        assert ("Nadia Brook", "hasRole", "Brookfield Care CIC") in found, sep
        assert ("Owen Patel", "hasRole", "London Borough of Ealing") in found, sep
        # the row's own body, not the board the page is about
        assert ("Owen Patel", "hasRole", "Brookfield Health Partnership Board") not in found, sep


def test_members_named_in_the_next_sentence_or_as_partners_on_a_partnership_page(register) -> None:
    result = run(
        "Harbour Care Alliance\n\n"
        "About the alliance\n\n"
        "The alliance brings together three organisations. These are Ealing Council, "
        "Whittington Health NHS Trust and Ferncroft Care CIC.\n\n"
        "Partners include Age UK Ealing and Lantern Homes Ltd.",
        register,
    )
    found = triples(result)
    for member in ("London Borough of Ealing", "Whittington Health NHS Trust", "Ferncroft Care CIC"):
        assert (member, "memberOf", "Harbour Care Alliance") in found, member
    # partners of a partnership's own page are its members, not partners of each other
    assert ("Lantern Homes Ltd", "memberOf", "Harbour Care Alliance") in found
    assert not any(p == "partnerOf" for _, p, _ in found)


def test_people_found_from_what_they_say_do_or_are_and_bodies_never_taken_for_people(register) -> None:
    result = run(
        "According to Rhona Casey, demand has doubled. Speaking at the launch, Idris Vane praised the staff. "
        "Patient Lottie Marsh said the service changed her life. Bram Okoro, 54, has lived in Ealing all his "
        "life. The report was written by Ines Farrow and Kit Dunmore. Kestrel Health welcomed the plan.",
        register,
    )
    kinds = names(result)
    for person in ("Rhona Casey", "Idris Vane", "Lottie Marsh", "Bram Okoro", "Ines Farrow", "Kit Dunmore"):
        assert kinds.get(person) == "Person", person
    assert "Patient Lottie Marsh" not in kinds
    assert kinds.get("Kestrel Health") != "Person"


def test_a_project_page_funding_stated_by_label_lines_and_where_the_money_comes_from(register) -> None:
    result = run(
        "Tidewell Memory Project\n\n"
        "The Tidewell Memory Project supports people living with dementia.\n\n"
        "Funding for the project comes from the Lewisham Dementia Fund.\n\n"
        "Backed by £2m from NHS England, the project will grow next year.\n\n"
        "Funded by: the Ellery Foundation and Lewisham Council\n\n"
        "Delivered in partnership with: Age UK Lewisham\n\n"
        "Commissioned by: NHS South East London",
        register,
    )
    found = triples(result)
    for funder in (
        "Lewisham Dementia Fund",
        "NHS England",
        "Ellery Foundation",
        "London Borough of Lewisham",
    ):
        assert (funder, "funds", "Tidewell Memory Project") in found, funder
    assert ("Age UK Lewisham", "runs", "Tidewell Memory Project") in found
    assert ("South East London Integrated Care Board", "commissions", "Tidewell Memory Project") in found or (
        "NHS South East London Integrated Care Board",
        "commissions",
        "Tidewell Memory Project",
    ) in found


def test_services_named_beside_a_known_programme_and_services_of_a_body(register) -> None:
    result = run(
        "Kestrel Health CIC is the provider of Quiet Steps and the Greenway Memory Service. "
        "The Larkspur Club is a service of Brookfield Care CIC. "
        "Quiet Steps is delivered across Lewisham by Kestrel Health CIC.",
        register,
    )
    found = triples(result)
    assert names(result).get("Quiet Steps") == "Programme"
    assert ("Kestrel Health CIC", "runs", "Quiet Steps") in found
    assert ("Kestrel Health CIC", "runs", "Greenway Memory Service") in found
    assert ("Brookfield Care CIC", "runs", "Larkspur Club") in found


def test_lists_under_a_heading_or_a_label_take_the_relation_the_heading_states(register) -> None:
    result = run(
        "The Larkspur Partnership\n\n"
        "Membership\n"
        "Brookfield Care CIC\n"
        "Kestrel Health CIC\n\n"
        "Our funders\n"
        "- the Ellery Foundation\n"
        "- Lewisham Council\n\n"
        "The Quiet Steps service is delivered by:\n"
        "- Kestrel Health CIC\n"
        "- Brookfield Care CIC\n",
        register,
    )
    found = triples(result)
    assert ("Brookfield Care CIC", "memberOf", "Larkspur Partnership") in found
    assert ("Kestrel Health CIC", "memberOf", "Larkspur Partnership") in found
    assert ("Ellery Foundation", "funds", "Larkspur Partnership") in found
    assert ("London Borough of Lewisham", "funds", "Larkspur Partnership") in found
    assert ("Brookfield Care CIC", "runs", "Quiet Steps") in found
    # items of one list are not related to each other by being listed together
    assert not any(s == "Brookfield Care CIC" and o == "Kestrel Health CIC" for s, _, o in found)


def test_a_label_line_of_members_and_a_list_after_made_up_of(register) -> None:
    result = run(
        "The Larkspur Partnership\nMembers: Lewisham Council, Kestrel Health CIC, Brookfield Care CIC\n\n"
        "The Heron Alliance is made up of:\n1. Kestrel Health CIC\n2. Brookfield Care CIC\n",
        register,
    )
    found = triples(result)
    assert ("London Borough of Lewisham", "memberOf", "Larkspur Partnership") in found
    assert ("Brookfield Care CIC", "memberOf", "Larkspur Partnership") in found
    assert ("Kestrel Health CIC", "memberOf", "Heron Alliance") in found
    assert ("Brookfield Care CIC", "memberOf", "Heron Alliance") in found


def test_it_as_an_object_and_the_pilot_refer_back_to_the_service_the_text_is_about(register) -> None:
    result = run(
        "Quiet Steps Service\n\nThe service opened in 2022. Lewisham Council funds it.\n\n"
        "Heron Falls Service\n\nThe pilot is funded by NHS England for two years.",
        register,
    )
    found = triples(result)
    assert ("London Borough of Lewisham", "funds", "Quiet Steps Service") in found
    assert ("NHS England", "funds", "Heron Falls Service") in found


def test_posts_named_before_the_holder_and_places_of_the_people_a_service_is_for(register) -> None:
    result = run(
        "Mayor of London Sadiq Khan said the scheme would help families. "
        "Leader of Lewisham Council Jane Doe agreed. "
        "Families in Lewisham and Greenwich can use the Heron Breathe Well Service. "
        "The Quiet Steps Service has clinics in Bexley and Bromley.",
        register,
    )
    found = triples(result)
    assert ("Sadiq Khan", "hasRole", "Greater London Authority") in found
    assert ("Jane Doe", "hasRole", "London Borough of Lewisham") in found
    assert ("Heron Breathe Well Service", "covers", "Greenwich") in found
    assert ("Quiet Steps Service", "covers", "Bromley") in found


def test_a_named_study_led_by_researchers_at_a_university_and_money_that_made_it_possible(register) -> None:
    result = run(
        "The Heron Falls study is led by researchers at King's College London. "
        "The Quiet Steps Service was made possible by a £50,000 grant from the Ellery Foundation. "
        "A Case Study of the service is online.",
        register,
    )
    found = triples(result)
    assert ("King's College London", "leads", "Heron Falls") in found
    assert ("Ellery Foundation", "funds", "Quiet Steps Service") in found
    assert "Case Study" not in names(result)


def test_posts_on_label_lines_and_on_the_line_below_a_name_are_held_at_the_pages_body(register) -> None:
    result = run(
        "Kestrel Health CIC\n\nOur team\nChair: Jane Doe\nTreasurer: Sam Okoro\n\n"
        "Priya Shah\nChief Executive\n\n"
        "Maria Lopez is our Head of Programmes.",
        register,
    )
    found = triples(result)
    for person in ("Jane Doe", "Sam Okoro", "Priya Shah", "Maria Lopez"):
        assert (person, "hasRole", "Kestrel Health CIC") in found, person


def test_body_named_before_a_post_and_a_longer_name_than_the_registers(register) -> None:
    result = run(
        "Meadowgate Health Foundation \u2013 annual review\n\n"
        "Quayside Lanterns chief executive Priya Nair thanked our trustees. "
        "Former Labour chair Tom Reed also spoke.",
        register,
    )
    kinds = names(result)
    # a line that opens with another capitalised word is not the registered "The Health Foundation"
    assert "Meadowgate Health Foundation" in kinds
    assert "The Health Foundation" not in kinds
    # a name just before a post and a person is the body the post is in
    assert kinds.get("Quayside Lanterns") == "Organisation"
    assert ("Priya Nair", "hasRole", "Quayside Lanterns") in triples(result)
    # a word that qualifies the post is not a body
    assert not any(name.startswith("Former") for name in kinds)


def test_voluntary_group_named_with_its_borough(register) -> None:
    result = run(
        "The Riverside Befriending Network brings together Open Kettle Lewisham, Sunny Side Up Woolwich "
        "and Lewisham and Greenwich NHS Trust. Chatter Box Bexley & Greenwich (CBBG) joined in May; "
        "CBBG runs a lunch club in Greenwich.",
        register,
    )
    kinds = names(result)
    found = triples(result)
    # capitalised words with no head noun just before a borough or place are a body's name
    assert kinds.get("Open Kettle Lewisham") == "Organisation"
    assert kinds.get("Sunny Side Up Woolwich") == "Organisation"
    assert kinds.get("Chatter Box Bexley & Greenwich") == "Organisation"
    assert ("Open Kettle Lewisham", "memberOf", "Riverside Befriending Network") in found
    # the acronym after the name is the body's, not the place's
    entity = next(e for e in result.entities if e.name == "Chatter Box Bexley & Greenwich")
    assert "CBBG" in entity.aliases
    # a registered body's name is left whole, and the places stay places elsewhere
    assert kinds.get("Lewisham and Greenwich NHS Trust") == "NHSTrust"
    assert kinds.get("Greenwich") == "Borough"


def test_bodies_named_after_a_saint(register) -> None:
    result = run(
        "Homeward Steps is delivered by St Edwold's. Volunteers from St Cuthman's help on Fridays.",
        register,
    )
    kinds = names(result)
    # "St X's" with no head noun after it is a body named after the saint, never a person
    assert kinds.get("St Edwold's") == "Organisation"
    assert kinds.get("St Cuthman's") == "Organisation"
    assert ("St Edwold's", "runs", "Homeward Steps") in triples(result)
    assert not any(kind == "Person" for kind in kinds.values())


def test_head_less_names_that_money_and_verbs_mark(register) -> None:
    result = run(
        "The Pellworth Foundation has awarded \u00a3120,000 to Kind Hands to extend its befriending in Barnet. "
        "Thanks to a grant from the Pellworth Foundation, Lantern in Lewisham can now open on Sundays. "
        "Ealing Council and the Pellworth Foundation have each pledged \u00a330,000 towards Ealing Youth Voice. "
        "Northgate Giving Circle funds the CALM-Ealing research project. "
        "Primary Care Networks run the Ealing Frailty Clinic. "
        "Riverlight Connect was founded in 2016.",
        register,
    )
    kinds = names(result)
    found = triples(result)
    for name in ("Kind Hands", "Lantern in Lewisham", "Northgate Giving Circle", "Riverlight Connect"):
        assert kinds.get(name) == "Organisation", name
    assert kinds.get("Ealing Youth Voice") == "Programme"
    assert kinds.get("CALM-Ealing") == "Programme"
    assert ("Pellworth Foundation", "funds", "Kind Hands") in found
    assert ("Pellworth Foundation", "funds", "Lantern in Lewisham") in found
    assert ("London Borough of Ealing", "funds", "Ealing Youth Voice") in found
    assert ("Northgate Giving Circle", "funds", "CALM-Ealing") in found
    # a plural common noun names a kind of body, not one
    assert "Primary Care Networks" not in kinds


def test_a_person_who_runs_a_service_stays_unnamed_rather_than_a_body(register) -> None:
    result = run("Tom Baxter runs the Riverside Walking Group.", register)
    assert names(result).get("Tom Baxter") != "Organisation"


def test_members_under_long_headings_semicolons_and_including(register) -> None:
    result = run(
        "Membership of the Riverside Ageing Well Board\n"
        "- London Borough of Sutton\n"
        "- Wandle Friends Together\n\n"
        "Northside Carers Forum\nMembers:\nLondon Borough of Merton; Kind Hearts Merton; Healthwatch Merton\n\n"
        "The Eastbank Carers Network has 30 members, including Cuppa Corner Barnet and Hendon Youth Voice. "
        "Marsh Lane Pantry is one of twelve voluntary sector members of the Eastbank Carers Network. "
        "Healthwatch Sutton is a member of the Riverside Ageing Well Board and of the Northside Carers Forum. "
        "St Helier Hospice has a seat on the Northside Carers Forum.",
        register,
    )
    found = triples(result)
    board, forum, network = "Riverside Ageing Well Board", "Northside Carers Forum", "Eastbank Carers Network"
    assert ("London Borough of Sutton", "memberOf", board) in found
    assert ("Wandle Friends Together", "memberOf", board) in found  # a list item that is a name
    for member in ("London Borough of Merton", "Kind Hearts Merton", "Healthwatch Merton"):
        assert (member, "memberOf", forum) in found, member
    assert ("Cuppa Corner Barnet", "memberOf", network) in found
    assert ("Hendon Youth Voice", "memberOf", network) in found
    assert ("Marsh Lane Pantry", "memberOf", network) in found
    assert ("Healthwatch Sutton", "memberOf", forum) in found
    assert ("St Helier Hospice", "memberOf", forum) in found


def test_areas_from_our_boroughs_forming_a_system_and_recruiting(register) -> None:
    result = run(
        "NHS South West London\n"
        "Our six boroughs \u2013 Croydon, Kingston, Merton, Richmond, Sutton and Wandsworth \u2013 are home "
        "to 1.5 million people.\n\n"
        "Barnet, Camden and Enfield together form the Northway Care Partnership. "
        "The PEAK-London study recruits families from Newham and Hackney. "
        "Northway Community Healthcare NHS Trust serves people in Barnet and the western edge of Enfield. "
        "Under proposals, the Northway Walk-in Centre could in future take patients from Harrow.",
        register,
    )
    found = triples(result)
    assert ("NHS South West London Integrated Care Board", "covers", "Merton") in found
    assert ("Northway Care Partnership", "covers", "Camden") in found
    assert ("PEAK-London", "covers", "Hackney") in found
    assert ("Northway Community Healthcare NHS Trust", "covers", "Enfield") in found
    # a place after a coded name's hyphen is part of the name, not a place of its own
    assert "London" not in names(result)
    # a possibility states nothing
    assert not any(o == "Harrow" for _, p, o in found if p == "covers")


def test_people_in_fronted_posts_attendance_lines_and_before_bodies(register) -> None:
    result = run(
        "Chief Executive of Whittington Health NHS Trust, Mara Quill, welcomed the decision. "
        "After six years as chair of Oakleaf Carers Network, Reverend Tobias Wren has stepped down. "
        "As programme director at NHS North West London, Ines Varga leads the Northway Digital Network. "
        "The forum is co-chaired by Lena S\u00f8rlie of Merton Voluntary Network.\n\n"
        "Present: Chair \u2013 Dame Alma Roth; Vice-chair \u2013 Bethan Lloyd-Pryce",
        register,
    )
    found = triples(result)
    assert ("Mara Quill", "hasRole", "Whittington Health NHS Trust") in found
    assert ("Tobias Wren", "hasRole", "Oakleaf Carers Network") in found
    assert ("Ines Varga", "hasRole", "NHS North West London Integrated Care Board") in found
    kinds = names(result)
    # a person's name followed by "of" and a body's name are two names
    assert kinds.get("Lena S\u00f8rlie") == "Person"
    assert kinds.get("Merton Voluntary Network") == "Partnership"
    # "Post \u2013 Name" items of an attendance line name people
    assert kinds.get("Bethan Lloyd-Pryce") == "Person"


def test_names_wrapped_after_an_ampersand_and_opening_with_a_common_word(register) -> None:
    result = run(
        "The Good Neighbours Phone Line is run jointly by Chatter Box Bexley &\n"
        "Greenwich and Open Kettle Lewisham. Open Kettle Lewisham will deliver the Click Into Care "
        "programme from April. Lead Nurse for Safeguarding Adults at Croydon Health Services NHS Trust, "
        "Abena Mensah, opened the day.",
        register,
    )
    found = triples(result)
    # a line that ends in "&" goes on: the name is whole
    assert ("Chatter Box Bexley & Greenwich", "runs", "Good Neighbours Phone Line") in found
    # after "the", a word that often opens a sentence can open a name
    assert ("Open Kettle Lewisham", "runs", "Click Into Care") in found
    assert ("Abena Mensah", "hasRole", "Croydon Health Services NHS Trust") in found


def test_a_short_label_line_ending_in_by_is_not_joined_to_the_next(register) -> None:
    from kg.extractors.text import unwrap_lines

    text = "Funded by\nThe Lantern Street Trust\n\nWe work with Age Forward Bromley &\nGreenwich on this."
    out = unwrap_lines(text)
    assert out.split("\n")[0] == "Funded by"  # a label stays its own line
    assert "Bromley & Greenwich" in out  # a line that ends in "&" goes on


def test_fronted_launch_dates_relative_clauses_and_short_forms(register) -> None:
    result = run(
        "Launched in 2021, Homeward Steps helps patients leave hospital safely. It is delivered by "
        "St Edwold's. The Ealing Lung Health Bus, which is operated by London North West University "
        "Healthcare NHS Trust, visits six sites. The South Riverside Eating Disorders Early Response "
        "Service (SREDERS) is run by South London and Maudsley NHS Foundation Trust.",
        register,
    )
    found = triples(result)
    # "It" is the subject of the sentence before, after its fronted launch date
    assert ("St Edwold's", "runs", "Homeward Steps") in found
    assert ("London North West University Healthcare NHS Trust", "runs", "Ealing Lung Health Bus") in found
    # a short form in brackets that the text never defined is left out of the parse
    assert (
        "South London and Maudsley NHS Foundation Trust",
        "runs",
        "South Riverside Eating Disorders Early Response Service",
    ) in found


def test_commissioner_and_provider_label_lines_and_titled_plans_with_places(register) -> None:
    result = run(
        "Riverside Community Eye Service\n"
        "Commissioner: NHS South West London Integrated Care Board\n"
        "Provider: Kingston Hospital NHS Foundation Trust\n"
        "Contract start: 1 April 2024\n\n"
        "Read the council's new strategy, Better Lives in Sutton 2024-28, on this page.",
        register,
    )
    found = triples(result)
    assert (
        "NHS South West London Integrated Care Board",
        "commissions",
        "Kingston Hospital NHS Foundation Trust",
    ) in found
    # a place inside a titled plan's name, before its years, is part of the name
    assert names(result).get("Better Lives in Sutton 2024-28") == "Strategy"


def test_membership_table_rows_stay_rows_and_hold_posts_on_the_board(register) -> None:
    result = run(
        "Riverside Health and Wellbeing Board \u2013 Membership 2024/25\n"
        "Name\tRole on the board\tOrganisation\n"
        "Cllr Joan Meyrick\tChair\tLondon Borough of Newham\n"
        "Dr Aisha Karim\tVice-chair\tNewham Primary Care Collaborative\n"
        "The board meets four times a year.",
        register,
    )
    found = triples(result)
    # tab-separated rows are never joined as a wrapped paragraph
    assert ("Joan Meyrick", "hasRole", "London Borough of Newham") in found
    # the body the heading names holds the posts of its membership table
    assert ("Joan Meyrick", "hasRole", "Riverside Health and Wellbeing Board") in found
    assert ("Aisha Karim", "hasRole", "Riverside Health and Wellbeing Board") in found


def test_the_post_of_the_body_the_sentence_before_was_about(register) -> None:
    result = run(
        "The Redwood Sickle Cell Network was set up in 2019. The network is hosted by Guy's and St Thomas' "
        "NHS Foundation Trust. The clinical lead is Dr Ade Okonkwo.",
        register,
    )
    assert ("Ade Okonkwo", "hasRole", "Redwood Sickle Cell Network") in triples(result)


def test_a_surname_said_to_be_a_partner_stays_a_person(register) -> None:
    result = run(
        "Dr Kwame Osei set up the Lea Valley Men's Health Clinic in 2019. "
        "Osei is a GP partner at the Ponders Mill Medical Centre.",
        register,
    )
    kinds = names(result)
    assert "Osei" not in kinds  # the surname is Dr Kwame Osei, not a body
    assert ("Kwame Osei", "hasRole", "Ponders Mill Medical Centre") in triples(result)


def test_minutes_headings_with_parts_and_posts_in_brackets(register) -> None:
    result = run(
        "London Borough of Lewisham - Health and Wellbeing Board - Minutes of the meeting held on 14 March 2024\n"
        "Present: Councillor Rhoda Kavan (Chair, Cabinet Member for Health, Lewisham Council), "
        "Dr Ola Fadeyi (Vice-chair)\n"
        "3. Item\nThe board noted the report.\n\n",
        register,
    )
    found = triples(result)
    board = "Lewisham Health and Wellbeing Board"  # the council's board, named by the heading's parts
    assert names(result).get(board) == "Partnership"
    assert ("Rhoda Kavan", "hasRole", board) in found
    assert ("Ola Fadeyi", "hasRole", board) in found
    # a heading's parts are not one name
    assert not any(" - " in name for name in names(result))


def test_board_minutes_of_an_icb_give_posts_in_brackets_to_the_icb(register) -> None:
    result = run(
        "North East London Integrated Care Board - Board meeting held in public, 24 January 2024 - Minutes\n"
        "Present: Helen Ashford (Chair), Raj Menon (Chief Executive)\n"
        "Item 6: Community diagnostics\nThe board noted progress.",
        register,
    )
    found = triples(result)
    icb = "NHS North East London Integrated Care Board"
    assert ("Helen Ashford", "hasRole", icb) in found
    assert ("Raj Menon", "hasRole", icb) in found


def test_the_unit_refers_back_to_the_unit_named_before(register) -> None:
    result = run(
        "Lewisham and Greenwich NHS Trust has taken over the Hollowmere Frailty Unit. "
        "The unit was run for six years by Cardew Care Ltd.",
        register,
    )
    assert ("Cardew Care Ltd", "runs", "Hollowmere Frailty Unit") in triples(result)


def test_a_place_that_classes_listed_boroughs_is_not_the_area(register) -> None:
    result = run(
        "The Orchard Lane Eating Disorders Service covers all five north central London boroughs: "
        "Barnet, Camden, Enfield, Haringey and Islington.",
        register,
    )
    covered = {
        o for s, p, o in triples(result) if p == "covers" and s == "Orchard Lane Eating Disorders Service"
    }
    assert {"Barnet", "Camden", "Enfield", "Haringey", "Islington"} <= covered
    assert "North Central London" not in covered


def test_people_seen_from_across_a_borough(register) -> None:
    result = run(
        "The Millbrook Youth Counselling Service now sees around 900 young people a year from across Redbridge.",
        register,
    )
    assert ("Millbrook Youth Counselling Service", "covers", "Redbridge") in triples(result)


def test_what_is_run_under_a_contract_with_a_commissioner(register) -> None:
    result = run(
        "Larch Street Recovery CIC provides the Millbrook Recovery Service under a contract with "
        "the London Borough of Redbridge.",
        register,
    )
    found = triples(result)
    assert ("London Borough of Redbridge", "commissions", "Millbrook Recovery Service") in found
    assert ("Larch Street Recovery CIC", "runs", "Millbrook Recovery Service") in found


def test_a_present_tense_commissions_between_two_names_is_read_as_a_verb(register) -> None:
    result = run("Camden Council commissions Kinfolk Carers Camden to run Project 7 Bridges.", register)
    found = triples(result)
    assert ("London Borough of Camden", "commissions", "Kinfolk Carers Camden") in found
    assert ("London Borough of Camden", "commissions", "Project 7 Bridges") in found


def test_a_post_named_in_apposition_is_not_the_thankers(register) -> None:
    result = run(
        "Tamsin Orr opened the Edmonton Green Family Hub. The hub is run by Enfield Council with "
        "Edmonton Mothers Voice, a charity of local mothers. She thanked the charity's founder, Lydia Ferro, "
        "for two years of campaigning.",
        register,
    )
    found = triples(result)
    assert ("Lydia Ferro", "hasRole", "Edmonton Mothers Voice") in found
    assert ("Tamsin Orr", "hasRole", "Edmonton Mothers Voice") not in found


def test_an_icb_board_page_table_gives_posts_and_no_header_person(register) -> None:
    result = run(
        "NHS North West London - Our board\nName\tRole\nDr Gemma Harlen\tChair\n"
        "Anil Suriya\tChief Executive\nThe board meets in public every two months.\n",
        register,
    )
    found = triples(result)
    icb = "NHS North West London Integrated Care Board"
    assert ("Gemma Harlen", "hasRole", icb) in found
    assert ("Anil Suriya", "hasRole", icb) in found
    assert not any("\t" in name or name == "Our board" for name in names(result))


def test_a_post_without_a_body_in_an_icbs_minutes_is_the_icbs(register) -> None:
    result = run(
        "North Central London Integrated Care Board - Board meeting in public - Minutes, 26 March 2024\n"
        "5. Chief executive's report\n"
        "Dev Raghavan, Chief Executive, reported that the ICB had published the North Central London "
        "Joint Forward Plan in July 2023.\n",
        register,
    )
    assert ("Dev Raghavan", "hasRole", "NHS North Central London Integrated Care Board") in triples(result)


def test_a_page_titled_section_then_name_is_the_sites_body(register) -> None:
    result = run(
        "Home - Northwold Befrienders\nWe match volunteers with older people in Northolt. "
        "We are members of the Ealing Age Alliance.",
        register,
    )
    assert names(result).get("Northwold Befrienders") == "Organisation"
    assert ("Northwold Befrienders", "memberOf", "Ealing Age Alliance") in triples(result)


def test_the_first_trust_to_join_a_network_joins_it_and_covers_nothing(register) -> None:
    result = run(
        "King's College Hospital NHS Foundation Trust has become the first London trust to join the "
        "International Renal Outcomes Network.",
        register,
    )
    found = triples(result)
    trust = "King's College Hospital NHS Foundation Trust"
    assert (trust, "memberOf", "International Renal Outcomes Network") in found
    assert not any(s == trust and p == "covers" for s, p, o in found)


def test_a_coined_first_word_stands_for_its_organisation(register) -> None:
    result = run(
        "The Clearwell service has been delivered by Penhallow Health CIC, a social enterprise. "
        "Penhallow already runs Heartwise Islington, the borough's outreach service.",
        register,
    )
    assert ("Penhallow Health CIC", "runs", "Heartwise Islington") in triples(result)


def test_the_two_partners_are_the_pair_named_together_before(register) -> None:
    result = run(
        "Guy's and St Thomas' NHS Foundation Trust and King's College London have renewed the agreement "
        "behind the Eastmere Skin Research Unit. The unit, which opened in 2017, is run jointly by the "
        "two partners.",
        register,
    )
    found = triples(result)
    assert ("Guy's and St Thomas' NHS Foundation Trust", "runs", "Eastmere Skin Research Unit") in found
    assert ("King's College London", "runs", "Eastmere Skin Research Unit") in found


def test_three_partners_named_in_their_own_sentence_are_members(register) -> None:
    result = run(
        "Oxleas NHS Foundation Trust, South London and Maudsley NHS Foundation Trust and Kingston Hospital "
        "NHS Foundation Trust are the three partners in the South London Tissue Collaborative.",
        register,
    )
    found = triples(result)
    assert ("Oxleas NHS Foundation Trust", "memberOf", "South London Tissue Collaborative") in found


def test_part_funded_and_costs_met_by_a_funder(register) -> None:
    result = run(
        "The Millbank Falls Service is commissioned by North West London Integrated Care Board and "
        "part-funded by the Larchwood Foundation. The Plumstead Family Centre opened in 2019. Its running "
        "costs are met by the Greenhollow Foundation.",
        register,
    )
    found = triples(result)
    assert ("Larchwood Foundation", "funds", "Millbank Falls Service") in found
    assert ("Greenhollow Foundation", "funds", "Plumstead Family Centre") in found


def test_a_post_of_ours_funded_by_a_trust_funds_us(register) -> None:
    result = run(
        "Kensington Memory Network - About us\nWe are a network of 30 organisations. "
        "Our coordinator post is funded by the Farrant Trust.",
        register,
    )
    assert ("Farrant Trust", "funds", "Kensington Memory Network") in triples(result)


def test_two_people_who_co_chair_a_partnership_both_hold_the_post(register) -> None:
    result = run("Dr Fiona Reill and Dr Kwabena Adeyin co-chair the Croydon Together Partnership.", register)
    found = triples(result)
    assert ("Fiona Reill", "hasRole", "Croydon Together Partnership") in found
    assert ("Kwabena Adeyin", "hasRole", "Croydon Together Partnership") in found


def test_a_person_employed_by_a_body_holds_a_post_there(register) -> None:
    result = run("The programme director, Beatrix Olawa, is employed by NHS North West London.", register)
    assert ("Beatrix Olawa", "hasRole", "NHS North West London Integrated Care Board") in triples(result)


def test_a_three_word_name_with_its_initials_is_a_body_outside_minutes(register) -> None:
    result = run("Acton Peer Voices (APV) runs a cafe. APV's chair is Zara Whitcomb.", register)
    assert ("Zara Whitcomb", "hasRole", "Acton Peer Voices") in triples(result)
    assert "APV" not in names(result)


def test_a_regulation_with_an_acronym_is_no_body(register) -> None:
    result = run(
        "The contract was awarded under the Provider Selection Regime (PSR) to Acme Health Ltd.", register
    )
    assert "Provider Selection Regime" not in names(result)


def test_a_company_name_runs_on_to_its_suffix_and_a_pharmacy_is_no_person(register) -> None:
    result = run(
        "Westmoor Pharmacy Services Ltd runs Riverside Outpatient Pharmacy at both of our main sites.",
        register,
    )
    assert names(result).get("Westmoor Pharmacy Services Ltd") == "Organisation"
    assert names(result).get("Riverside Outpatient Pharmacy") != "Person"
    assert ("Westmoor Pharmacy Services Ltd", "runs", "Riverside Outpatient Pharmacy") in triples(result)


def test_a_setting_after_in_is_not_a_names_head(register) -> None:
    result = run(
        "Fairholt Pharmacy Group provides the Redbridge Sexual Health in Pharmacy service.", register
    )
    assert names(result).get("Redbridge Sexual Health in Pharmacy") == "Programme"


def test_a_participle_after_a_name_and_comma_describes_the_name(register) -> None:
    result = run(
        "Part of the money is paying for new premises for the Tottenham Hale Health Centre, run by "
        "Hale Village Medical Group. Dr Serena Blakey, who leads the Homeless Health Inclusion "
        "Programme run by NHS North East London, said the approach would save lives.",
        register,
    )
    found = triples(result)
    assert ("Hale Village Medical Group", "runs", "Tottenham Hale Health Centre") in found
    assert (
        "NHS North East London Integrated Care Board",
        "runs",
        "Homeless Health Inclusion Programme",
    ) in found


def test_a_table_of_services_and_providers_under_a_commissioning_heading(register) -> None:
    result = run(
        "Services commissioned by South East London Integrated Care Board in Lambeth\n"
        "Service\tProvider\tContract start\n"
        "Lambeth Footcare Plus\tGuy's and St Thomas' NHS Foundation Trust\t2021\n"
        "Carers Respite Line\tLambeth Carers Ring\t2023\n"
        "Contracts are reviewed every three years.\n",
        register,
    )
    found = triples(result)
    icb = "NHS South East London Integrated Care Board"
    assert ("Guy's and St Thomas' NHS Foundation Trust", "runs", "Lambeth Footcare Plus") in found
    assert ("Lambeth Carers Ring", "runs", "Carers Respite Line") in found
    assert (icb, "commissions", "Lambeth Footcare Plus") in found
    assert (icb, "commissions", "Lambeth Carers Ring") in found


def test_a_grants_table_under_a_funds_heading(register) -> None:
    result = run(
        "Lambeth Community Health Fund - Grants awarded 2024/25\n"
        "Organisation\tProject\tAmount\n"
        "Tulse Hill Elders Club\tStrong and Steady\t£9,000\n"
        "Streatham Youth Collective\tHealthy Hampers\t£18,500\n",
        register,
    )
    found = triples(result)
    assert ("Lambeth Community Health Fund", "funds", "Tulse Hill Elders Club") in found
    assert ("Tulse Hill Elders Club", "runs", "Strong and Steady") in found
    assert ("Streatham Youth Collective", "runs", "Healthy Hampers") in found
    assert names(result).get("Tulse Hill Elders Club") == "Organisation"


def test_a_table_of_systems_and_boroughs_and_a_pipe_table_of_members(register) -> None:
    result = run(
        "London's integrated care systems (extract)\n"
        "ICS\tBoroughs covered\n"
        "North Central London ICS\tBarnet, Camden, Enfield, Haringey, Islington\n\n"
        "| Collaborative | Member trusts |\n"
        "| --- | --- |\n"
        "| North East London Acute Provider Collaborative | Barts Health NHS Trust; Homerton "
        "Healthcare NHS Foundation Trust |\n",
        register,
    )
    found = triples(result)
    ics = "North Central London Integrated Care System"
    assert {(ics, "covers", b) for b in ("Barnet", "Camden", "Enfield", "Haringey", "Islington")} <= found
    collaborative = "North East London Acute Provider Collaborative"
    assert ("Barts Health NHS Trust", "memberOf", collaborative) in found
    assert ("Homerton Healthcare NHS Foundation Trust", "memberOf", collaborative) in found


def test_prose_with_semicolons_is_no_table(register) -> None:
    result = run(
        "The service; the provider; the funder were all named in the report. Acme Health Ltd runs "
        "the Riverside Falls Service.",
        register,
    )
    assert not any(r.rule.startswith(("runs.table", "funds.table")) for r in result.relations)


def test_cabinet_in_a_councils_papers_awards_the_contract(register) -> None:
    result = run(
        "London Borough of Lambeth - Cabinet, 12 March\n"
        "Decision: Cabinet agreed to award the contract for the Lambeth Integrated Sexual Health Service "
        "to Meridian Sexual Health CIC for five years from 1 October.",
        register,
    )
    found = triples(result)
    service = "Lambeth Integrated Sexual Health Service"
    assert ("London Borough of Lambeth", "commissions", service) in found
    assert ("London Borough of Lambeth", "commissions", "Meridian Sexual Health CIC") in found
    assert ("Meridian Sexual Health CIC", "runs", service) in found


def test_a_councils_contract_with_a_provider_for_a_service(register) -> None:
    result = run(
        "Ealing Council extended its contract with Greenhollow Support for the Ealing Supported Living "
        "Service until March 2027.",
        register,
    )
    found = triples(result)
    assert ("Greenhollow Support", "runs", "Ealing Supported Living Service") in found
    assert ("London Borough of Ealing", "commissions", "Ealing Supported Living Service") in found


def test_a_committee_named_in_a_councils_heading_is_part_of_the_council(register) -> None:
    result = run(
        "London Borough of Bromley - Adults and Health Scrutiny Panel\n"
        "The Panel, chaired by Cllr Douglas Fenwick, made three recommendations.",
        register,
    )
    found = triples(result)
    assert ("Adults and Health Scrutiny Panel", "partOf", "London Borough of Bromley") in found
    assert ("Douglas Fenwick", "hasRole", "Adults and Health Scrutiny Panel") in found


def test_a_care_home_operated_by_a_company(register) -> None:
    result = run(
        "Sutton Council has bought 24 beds at Lavender Court, a care home operated by Rowan Care Homes Ltd.",
        register,
    )
    assert ("Rowan Care Homes Ltd", "runs", "Lavender Court") in triples(result)


def test_people_appointed_as_a_capitalised_post_and_a_board_member_chairing(register) -> None:
    result = run(
        "Barts Health NHS Trust and Homerton Healthcare NHS Foundation Trust have jointly appointed "
        "Imran Chaudhary as Director of Elective Recovery. The Board noted the escalations from its "
        "Finance and Performance Committee, which is chaired by non-executive member Helena Marshe.",
        register,
    )
    found = triples(result)
    assert ("Imran Chaudhary", "hasRole", "Barts Health NHS Trust") in found
    assert ("Imran Chaudhary", "hasRole", "Homerton Healthcare NHS Foundation Trust") in found
    assert ("Helena Marshe", "hasRole", "Finance and Performance Committee") in found


def test_two_trusts_open_a_joint_hub(register) -> None:
    result = run(
        "King's College Hospital NHS Foundation Trust and Lewisham and Greenwich NHS Trust have opened a "
        "joint Care Transfer Hub.",
        register,
    )
    found = triples(result)
    assert ("King's College Hospital NHS Foundation Trust", "runs", "Care Transfer Hub") in found
    assert ("Lewisham and Greenwich NHS Trust", "runs", "Care Transfer Hub") in found


def test_a_named_study_after_a_word_of_scope_and_its_funding_programme(register) -> None:
    result = run(
        "Professor Chinwe Obia of Kingston University has been named chief investigator of the national "
        "MUM-SAFER study. The study is funded by the NIHR Research for Patient Benefit Programme.",
        register,
    )
    found = triples(result)
    assert ("Chinwe Obia", "leads", "MUM-SAFER") in found
    assert ("NIHR Research for Patient Benefit Programme", "funds", "MUM-SAFER") in found


def test_a_named_cohort_and_the_cohort(register) -> None:
    result = run(
        "The Barnet Memory Cohort, led by Middlesex University, has recruited 1,200 people. "
        "The cohort is funded by the Dunmore Trust.",
        register,
    )
    found = triples(result)
    assert ("Middlesex University", "leads", "Barnet Memory Cohort") in found
    assert ("Dunmore Trust", "funds", "Barnet Memory Cohort") in found


def test_the_charity_refers_back_not_to_a_funder_named_after_it(register) -> None:
    result = run(
        "Southwark Young Voices Collective - News\nWe are delighted that Femi Adewal has been elected "
        "chair of trustees. The charity runs the Walworth Youth Listening Service with funding from the "
        "Maudsley Charity.",
        register,
    )
    found = triples(result)
    assert ("Southwark Young Voices Collective", "runs", "Walworth Youth Listening Service") in found
    assert ("Maudsley Charity", "runs", "Walworth Youth Listening Service") not in found


def test_ended_possible_and_due_relations_state_nothing(register) -> None:
    result = run(
        "Richmond Council no longer funds the Twickenham Befriending Scheme. Lewisham Council may now "
        "work with Lewisham and Greenwich NHS Trust. The Camden Healthy Weight Strategy is due to be "
        "published by Camden Council in the summer. Dr Felicity Onus no longer works for Barts Health "
        "NHS Trust and is now medical director of the charity Little Lungs London.",
        register,
    )
    found = triples(result)
    assert ("London Borough of Richmond upon Thames", "funds", "Twickenham Befriending Scheme") not in found
    assert ("London Borough of Lewisham", "collaboratesWith", "Lewisham and Greenwich NHS Trust") not in found
    assert ("London Borough of Camden", "publishes", "Camden Healthy Weight Strategy") not in found
    assert ("Felicity Onus", "hasRole", "Little Lungs London") in found


def test_the_person_succeeded_held_the_post_before(register) -> None:
    result = run(
        "NHS North East London has appointed Dr Kavita Ramen as its new Chief Medical Officer. She joins "
        "from Barts Health NHS Trust, where she has been Medical Director since 2021. She succeeds "
        "Dr Paul Lindqvista, who is retiring.",
        register,
    )
    found = triples(result)
    assert ("Paul Lindqvista", "hasRole", "NHS North East London Integrated Care Board") in found
    assert ("Paul Lindqvista", "hasRole", "Barts Health NHS Trust") not in found


def test_unknown_neighbourhoods_listed_with_known_ones_after_including(register) -> None:
    result = run(
        "The Royal Borough of Greenwich covers several towns, including Woolwich, Eltham, Charlton and "
        "Thamesmead.",
        register,
    )
    assert names(result).get("Thamesmead") == "Place"
    assert names(result).get("Charlton") == "Place"


def test_our_clinics_commissioned_by_a_board_commission_us(register) -> None:
    result = run(
        "About us - Larkmoor Community Health CIC\nWe are a community interest company providing "
        "physiotherapy. Our clinics are commissioned by North East London Integrated Care Board.",
        register,
    )
    assert (
        "NHS North East London Integrated Care Board",
        "commissions",
        "Larkmoor Community Health CIC",
    ) in triples(result)


def test_a_person_who_will_act_as_a_post_and_a_second_post_after_and(register) -> None:
    result = run(
        "Jermaine Howes will act as interim chief executive of Tavistock and Portman NHS Foundation Trust "
        "from 1 March. Dr Lucas Moreaux will join Chelsea and Westminster Hospital NHS Foundation Trust as "
        "Chief Medical Officer in April. He is currently associate medical director at Imperial College "
        "Healthcare NHS Trust and clinical director of the North West London Critical Care Network.",
        register,
    )
    found = triples(result)
    assert ("Jermaine Howes", "hasRole", "Tavistock and Portman NHS Foundation Trust") in found
    assert ("Lucas Moreaux", "hasRole", "Imperial College Healthcare NHS Trust") in found
    assert ("Lucas Moreaux", "hasRole", "North West London Critical Care Network") in found


def test_which_after_a_persons_post_is_the_body_of_the_post(register) -> None:
    result = run(
        '"This will cut waits," said Dr Farida Haq, medical director of London North West University '
        "Healthcare NHS Trust, which runs the Wembley Community Diagnostic Hub.",
        register,
    )
    found = triples(result)
    trust = "London North West University Healthcare NHS Trust"
    assert (trust, "runs", "Wembley Community Diagnostic Hub") in found
    assert ("Farida Haq", "runs", "Wembley Community Diagnostic Hub") not in found


def test_we_in_a_quote_is_the_body_of_the_person_quoted(register) -> None:
    result = run(
        "\"We are proud to be working in partnership with Guy's and St Thomas' NHS Foundation Trust,\" "
        "said Keisha Morgane, chief executive of the charity Lambeth Sickle Cell Circle.",
        register,
    )
    found = triples(result)
    pair = {("Lambeth Sickle Cell Circle", "partnerOf", "Guy's and St Thomas' NHS Foundation Trust")}
    pair.add(("Guy's and St Thomas' NHS Foundation Trust", "partnerOf", "Lambeth Sickle Cell Circle"))
    assert pair & found


def test_we_in_a_quote_after_its_attribution_is_the_speakers_body(register) -> None:
    # 'Jane Doe, post of X, said: "We ..."', in one sentence and running on into the next
    result = run(
        "Jane Doe, chief executive of Healthwatch Camden, said: \u201cThis is good news. We are "
        "delighted to work with Camden Council on the line.\u201d\n\nAcme Ltd chief executive Tom Lee "
        "said: \u201cWe will work with Islington Council.\u201d Bob Ray said: \u201cWe work with Barnet "
        "Council.\u201d",
        register,
    )
    found = triples(result)
    assert ("London Borough of Camden", "collaboratesWith", "Healthwatch Camden") in found
    assert ("London Borough of Islington", "collaboratesWith", "Acme Ltd") in found
    # a speaker with no post named: the quote's "we" stays unresolved
    assert not {t for t in found if "Barnet" in t[0] or "Barnet" in t[2]}


def test_a_list_going_on_through_a_plural_noun_and_its_colon(register) -> None:
    result = run(
        "The Newham Community Wellbeing Alliance brings together East London NHS Foundation Trust, the "
        "London Borough of Newham and two voluntary sector partners: Forest Gate Wellbeing Trust and "
        "Stratford Peer Network.",
        register,
    )
    found = triples(result)
    alliance = "Newham Community Wellbeing Alliance"
    assert ("London Borough of Newham", "memberOf", alliance) in found
    assert ("Stratford Peer Network", "memberOf", alliance) in found


def test_its_after_and_is_the_subject_of_the_first_clause(register) -> None:
    result = run(
        "The South London Skin Research Unit is funded by the National Institute for Health and Care "
        "Research, and its director is Professor Amelia Choo of King's College London.",
        register,
    )
    found = triples(result)
    assert ("Amelia Choo", "hasRole", "South London Skin Research Unit") in found
    assert ("Amelia Choo", "hasRole", "National Institute for Health and Care Research") not in found


def test_a_project_named_by_its_pages_heading_speaks_as_we(register) -> None:
    result = run(
        "Kentish Town Community Health Project - Who funds us\nWe are funded by Camden Council and "
        "donations from local people.",
        register,
    )
    assert ("London Borough of Camden", "funds", "Kentish Town Community Health Project") in triples(result)


def test_a_body_delivered_by_a_company(register) -> None:
    result = run(
        "Healthwatch Bexley - About us\nWe are funded by the London Borough of Bexley and delivered by "
        "the community interest company Bexley Voice CIC.",
        register,
    )
    assert ("Bexley Voice CIC", "runs", "Healthwatch Bexley") in triples(result)


def test_people_named_after_successor_appointment_of_and_in_a_table_of_chairs(register) -> None:
    result = run(
        "Oxleas NHS Foundation Trust - Annual Report\nThe Board noted the appointment of Barnaby Kwartey as "
        "Associate Non-executive Director. Her successor, Adil Kareemi, takes up post in May. The Committee "
        "met under the chairmanship of Desmond Akers-Noland, non-executive director.\n"
        "Committee\tChair\tMeetings held\nAudit and Risk Committee\tDeborah Lyles\t5\n",
        register,
    )
    kinds = names(result)
    for person in ("Barnaby Kwartey", "Adil Kareemi", "Desmond Akers-Noland", "Deborah Lyles"):
        assert kinds.get(person) == "Person", person
    assert ("Deborah Lyles", "hasRole", "Audit and Risk Committee") in triples(result)


def test_known_short_forms_running_into_one_name(register) -> None:
    result = run(
        "Great Ormond Street Hospital - Annual Report\nThe NIHR GOSH Clinical Research Facility, which we "
        "run, opened a new unit.",
        register,
    )
    assert names(result).get("NIHR GOSH Clinical Research Facility") == "Organisation"


def test_a_funders_table_under_a_heading_naming_what_it_funds(register) -> None:
    result = run(
        "Funding for Newham Clean Air Children, 2022 to 2025\nFunder\tAmount\tPeriod\n"
        "Greater London Authority\t150,000 pounds\t2022 to 2025\n"
        "Newham Clean Air Children is run by the charity Breathe Newham.\n",
        register,
    )
    assert ("Greater London Authority", "funds", "Newham Clean Air Children") in triples(result)


def test_one_name_read_as_two_kinds_is_one_entity(register) -> None:
    # the breadcrumb's "Sing Well Croydon" has no head noun (an organisation by default);
    # the next line says it is a project: one entity, a programme, and no relation with itself
    result = run(
        "Home > Our work > Sing Well Croydon\n"
        "Sing Well Croydon is a peer support project for people living with COPD in Croydon. The project is run by "
        "Thornton Heath Carers Trust.",
        register,
    )
    kinds = [e.kind for e in result.entities if e.name == "Sing Well Croydon"]
    assert kinds == ["Programme"]
    found = triples(result)
    assert ("Thornton Heath Carers Trust", "runs", "Sing Well Croydon") in found
    assert not [t for t in found if t[0] == t[2]]


def test_a_roll_call_gives_each_attendee_only_their_own_posts(register) -> None:
    # semicolons part the attendees: a post does not run on into the next attendee's body, and a
    # cabinet member's post is the council's (the one council a board's minutes name)
    result = run(
        "Harrow Health and Wellbeing Board\nMinutes of the meeting held on 3 March\n"
        "Present: Cllr Mina Rowe (Chair), Cabinet Member for Adult Care; Ola Quist, Director of "
        "Public Health, Harrow Council; Dr Ben Tal, Harrow Borough Director, NHS North West London ICB; "
        "Ruth Amos, Healthwatch Harrow.",
        register,
    )
    found = triples(result)
    assert ("Mina Rowe", "hasRole", "London Borough of Harrow") in found
    assert ("Ola Quist", "hasRole", "London Borough of Harrow") in found
    assert ("Ben Tal", "hasRole", "NHS North West London Integrated Care Board") in found
    assert ("Mina Rowe", "hasRole", "NHS North West London Integrated Care Board") not in found
    assert ("Ola Quist", "hasRole", "NHS North West London Integrated Care Board") not in found


def test_we_on_a_page_whose_footer_names_its_owner(register) -> None:
    # the heading names no body; the first body named is a section heading; the footer names the
    # page's owner alone (with a copyright sign or on the last line): "we" is the owner
    for footer in (
        "\u00a9 2026 Oxleas NHS Foundation Trust. All rights reserved.",
        "Oxleas NHS Foundation Trust",
    ):
        result = run(
            "Our partnerships\nWe work with partners across south east London.\n"
            "Riverside Mental Health Partnership\nWe are a member of the Riverside Mental Health "
            "Partnership, alongside Lewisham and Greenwich NHS Trust.\n" + footer,
            register,
        )
        found = triples(result)
        assert ("Oxleas NHS Foundation Trust", "memberOf", "Riverside Mental Health Partnership") in found
    # a list's last item is not a footer
    listed = run(
        "Our partnerships\nWe work with partners across south east London.\n"
        "Riverside Mental Health Partnership\nWe are a member of the Riverside Mental Health "
        "Partnership.\nOur funders:\n- Kestrel Community Trust",
        register,
    )
    assert ("Kestrel Community Trust", "memberOf", "Riverside Mental Health Partnership") not in triples(
        listed
    )


def test_an_area_after_a_bracketed_short_form_ends_the_name(register) -> None:
    # "the X Collaboration (ARC) Kent Surrey Sussex": one body, and "ARC Kent Surrey Sussex" is it
    result = run(
        "The Applied Research Collaboration (ARC) Kent Surrey Sussex leads the Riverside Falls Study. "
        "ARC Kent Surrey Sussex is funded by NHS England.",
        register,
    )
    whole = "Applied Research Collaboration Kent Surrey Sussex"
    assert names(result).get(whole) == "Partnership"
    assert "ARC Kent Surrey Sussex" not in names(result)
    assert ("NHS England", "funds", whole) in triples(result)


def test_a_two_word_name_opening_with_an_ing_word_is_a_body(register) -> None:
    # "Turning Point" has a person's shape (two capitalised words) but no given name ends in -ing
    result = run("The Riverside Recovery Service is run by Rising Tide.", register)
    assert names(result).get("Rising Tide") == "Organisation"
    assert ("Rising Tide", "runs", "Riverside Recovery Service") in triples(result)


def test_a_scheme_described_by_its_cost_and_length_is_the_scheme_named(register) -> None:
    # "the £450,000, two-year scheme": a sum and a length tell no scheme from another; a service named
    # only in the byline is not what "the scheme" means
    result = run(
        "By Ann Lee, Riverside Reporting Service\n"
        "Lewisham Council has set up the Riverside Home Scheme. The \u00a3450,000, two-year scheme will "
        "be paid for from the Better Care Fund.",
        register,
    )
    found = triples(result)
    assert ("Better Care Fund", "funds", "Riverside Home Scheme") in found
    assert ("Better Care Fund", "funds", "Riverside Reporting Service") not in found


def test_it_after_a_sentence_naming_no_actor_is_the_subject_before(register) -> None:
    # "Referrals can come from GPs." names no actor: "It" in the next sentence is still the clinic
    result = run(
        "The Riverside Gambling Harms Clinic is free for residents of Hackney. Referrals can come from "
        "GPs or from the person affected. It is run by the charity Mare Street Recovery Trust.",
        register,
    )
    assert ("Mare Street Recovery Trust", "runs", "Riverside Gambling Harms Clinic") in triples(result)


def test_funded_by_one_body_and_by_another(register) -> None:
    result = run(
        "The Riverside Wellbeing Hub is funded by Greenwich Council and by NHS South East London "
        "Integrated Care Board.",
        register,
    )
    found = triples(result)
    assert ("Royal Borough of Greenwich", "funds", "Riverside Wellbeing Hub") in found
    assert ("NHS South East London Integrated Care Board", "funds", "Riverside Wellbeing Hub") in found


def test_a_name_that_is_led_or_managed_by_a_body_is_a_name(register) -> None:
    # no head noun: what the text says is done to it marks it ("X, which is led by Y", "X is managed by Y")
    for text, name in (
        (
            "Barking Bump to Breath, which is led by Barking and Dagenham Council, helps parents.",
            "Barking Bump to Breath",
        ),
        ("Harrow Healthy Hearts is managed by Harrow Council.", "Harrow Healthy Hearts"),
    ):
        result = run(text, register)
        assert name in names(result), text


def test_a_contract_notice_of_label_lines(register) -> None:
    result = run(
        "Contract award notice\nBuyer\tNHS South West London Integrated Care Board\n"
        "Contract\tRiverside Community Eye Service\nSupplier\tClearview Eye Care LLP\n"
        "Value\t\u00a34.2m\nDuration\t3 years",
        register,
    )
    found = triples(result)
    icb = "NHS South West London Integrated Care Board"
    assert (icb, "commissions", "Riverside Community Eye Service") in found
    assert (icb, "commissions", "Clearview Eye Care LLP") in found
    assert ("Clearview Eye Care LLP", "runs", "Riverside Community Eye Service") in found
    # the labels are not names
    assert not {"Supplier", "Value", "Duration"} & set(names(result))


def test_tables_under_a_groups_members_heading(register) -> None:
    # "X - our partners" over "Partner<tab>Type": each row's body is a member of X
    partners = run(
        "Riverside Place Partnership \u2013 our partners\nPartner\tType\nLondon Borough of Redbridge\t"
        "Local authority\nSeven Kings Carers Link\tCharity",
        register,
    )
    found = triples(partners)
    assert ("London Borough of Redbridge", "memberOf", "Riverside Place Partnership") in found
    assert ("Seven Kings Carers Link", "memberOf", "Riverside Place Partnership") in found
    assert names(partners).get("Seven Kings Carers Link") == "Organisation"
    # "X: membership" over "Name<tab>Organisation<tab>Role on the network": the post is in X
    people = run(
        "Riverside Palliative Care Network: membership\nName\tOrganisation\tRole on the network\n"
        "Tariq Mensah\tLondon Ambulance Service NHS Trust\tCo-chair\nHelena Brisk\tBarnet Council\tMember",
        register,
    )
    found = triples(people)
    assert ("Tariq Mensah", "hasRole", "Riverside Palliative Care Network") in found
    assert ("Tariq Mensah", "memberOf", "London Ambulance Service NHS Trust") in found
    assert ("London Ambulance Service NHS Trust", "runs", "Riverside Palliative Care Network") not in found


def test_taking_up_the_post_of_a_role_at_a_body(register) -> None:
    result = run(
        "Tom Reyes will take up the post of regional medical director for London at NHS England in May.",
        register,
    )
    assert ("Tom Reyes", "hasRole", "NHS England") in triples(result)


def test_a_where_we_work_table_under_a_pages_own_name(register) -> None:
    # "X - where we work" names the page's body; its table of boroughs is where X works
    result = run(
        "Harbour Night Haven \u2013 where we work\nBorough\tHub\tOpen\nLewisham\tCatford Hub\tMon to Fri\n"
        "Southwark\tPeckham Hub\tTue and Thu",
        register,
    )
    found = triples(result)
    assert ("Harbour Night Haven", "covers", "Lewisham") in found
    assert ("Harbour Night Haven", "covers", "Southwark") in found


def test_we_in_a_quote_said_by_the_trusts_director(register) -> None:
    result = run(
        'Whittington Health NHS Trust news\n"We are proud to work with Islington Council on the Holloway '
        "Healthy Start project,\" said Hassan Odeh, the trust's director of children's services.",
        register,
    )
    assert ("Whittington Health NHS Trust", "collaboratesWith", "London Borough of Islington") in triples(
        result
    )


def test_a_one_word_heading_the_text_writes_in_lower_case_is_no_name(register) -> None:
    # "Audiology" heads a section about "our community audiology service": the footer's trust runs it
    result = run(
        "Audiology\nOur community audiology service, HearWell, sees adults from Enfield at clinics in "
        "Edmonton.\n\u00a9 2024 North Middlesex University Hospital NHS Trust",
        register,
    )
    assert "Audiology" not in names(result)
    assert ("North Middlesex University Hospital NHS Trust", "runs", "HearWell") in triples(result)


def test_a_bracketed_post_in_a_roll_call_is_the_meetings(register) -> None:
    result = run(
        "Harrow Patient Experience Forum \u2013 minutes, 12 March\nPresent: Gwen Tallis (Chair), Healthwatch "
        "Harrow; Rupert Akande, Harrow Council.",
        register,
    )
    found = triples(result)
    assert ("Gwen Tallis", "hasRole", "Harrow Patient Experience Forum") in found
    assert ("Gwen Tallis", "hasRole", "Healthwatch Harrow") not in found
    assert ("Gwen Tallis", "memberOf", "Healthwatch Harrow") in found


def test_a_group_that_has_members_listed(register) -> None:
    result = run(
        "Riverside Air Quality Steering Group\nThe steering group has four members: London Borough of "
        "Bexley, London Borough of Bromley, Royal Borough of Greenwich and London Borough of Lambeth.",
        register,
    )
    found = triples(result)
    assert ("London Borough of Bexley", "memberOf", "Riverside Air Quality Steering Group") in found
    assert ("London Borough of Lambeth", "memberOf", "Riverside Air Quality Steering Group") in found


def test_a_named_trial_with_a_field_word_before_trial(register) -> None:
    result = run(
        "Researchers at Queen Mary University of London are running the BRAVE-Kids asthma trial in "
        "partnership with Barts Health NHS Trust.",
        register,
    )
    assert names(result).get("BRAVE-Kids") == "Programme"
    found = triples(result)
    assert ("Queen Mary University of London", "runs", "BRAVE-Kids") in found
    assert ("Barts Health NHS Trust", "runs", "BRAVE-Kids") in found


def test_the_person_succeeded_held_the_new_post_not_a_former_one(register) -> None:
    result = run(
        "Former Enfield Council chief executive Rita Obi has been appointed independent chair of the "
        "Riverside Safeguarding Adults Board. She replaces Peter Hale, who chaired the board for four years.",
        register,
    )
    found = triples(result)
    assert ("Peter Hale", "hasRole", "Riverside Safeguarding Adults Board") in found
    assert ("Peter Hale", "hasRole", "London Borough of Enfield") not in found


def test_help_and_approval_state_no_publishing(register) -> None:
    # "published with help from X": X helped; "approved by Y": an approval is not publishing
    result = run(
        "The Riverside Health Equity Board published the Riverside Inequalities Strategy in 2023 with help "
        "from the Harlesden Community Research Group. The Riverside Care Strategy, which was co-produced "
        "with residents and approved by NHS North West London Integrated Care Board, is published by "
        "Brent Council.",
        register,
    )
    found = triples(result)
    assert ("Riverside Health Equity Board", "publishes", "Riverside Inequalities Strategy") in found
    assert ("Harlesden Community Research Group", "publishes", "Riverside Inequalities Strategy") not in found
    assert (
        "NHS North West London Integrated Care Board",
        "publishes",
        "Riverside Care Strategy",
    ) not in found


def test_apologies_in_a_boards_minutes_give_the_post_at_the_board(register) -> None:
    # the heading names the ICB alone; the line below says these are its minutes
    result = run(
        "NHS North Central London Integrated Care Board\nMinutes of the Board meeting held in public on "
        "26 September\n1. Welcome and apologies\nThe Chair welcomed members. Apologies were received from "
        "Phil Wells, Chief Finance Officer.",
        register,
    )
    assert ("Phil Wells", "hasRole", "NHS North Central London Integrated Care Board") in triples(result)


def test_approving_a_recommendation_to_award_a_contract(register) -> None:
    result = run(
        "NHS North Central London Integrated Care Board\nMinutes of the Board meeting\nThe Board approved "
        "the recommendation to award the contract for the Riverside Wheelchair Service to Ableworks Ltd for "
        "five years.",
        register,
    )
    found = triples(result)
    icb = "NHS North Central London Integrated Care Board"
    assert (icb, "commissions", "Riverside Wheelchair Service") in found
    assert (icb, "commissions", "Ableworks Ltd") in found


def test_boroughs_listed_before_councils_are_the_councils(register) -> None:
    result = run("Healthwatch Lambeth works with Lambeth, Southwark and Lewisham councils.", register)
    found = triples(result)
    assert ("Healthwatch Lambeth", "collaboratesWith", "London Borough of Southwark") in found
    assert names(result).get("London Borough of Lewisham") == "LocalAuthority"
    assert "Southwark" not in names(result)


def test_a_sum_of_funding_for_a_programme(register) -> None:
    result = run(
        "The Greater London Authority has announced \u00a32m of funding for the Healthy Streets Kids programme.",
        register,
    )
    assert ("Greater London Authority", "funds", "Healthy Streets Kids") in triples(result)


def test_a_post_not_taken_up_states_no_post(register) -> None:
    result = run(
        "Despite earlier reports, Dr Ines Carvo has not taken up the post of chief medical officer at North "
        "East London Integrated Care Board.",
        register,
    )
    assert ("Ines Carvo", "hasRole", "NHS North East London Integrated Care Board") not in triples(result)


def test_a_post_in_brackets_with_its_body_in_a_roll_call(register) -> None:
    # "(Clinical Director, X)" is X's post; "(Co-Chair, Y)" and "(Partner Member, Y)" are the meeting's
    result = run(
        "London Borough of Enfield - Health and Wellbeing Board - Minutes, 10 December\nPresent: Councillor "
        "Nia Harcourt (Co-Chair, London Borough of Enfield), Dr Jonas Kell (Clinical Director, Forty Hall "
        "Primary Care Network)",
        register,
    )
    found = triples(result)
    assert ("Jonas Kell", "hasRole", "Forty Hall Primary Care Network") in found
    assert ("Jonas Kell", "hasRole", "Enfield Health and Wellbeing Board") not in found
    assert ("Nia Harcourt", "hasRole", "Enfield Health and Wellbeing Board") in found


def test_a_place_name_in_a_double_barrelled_surname(register) -> None:
    result = run("Barnet Carers Forum\nChair: Odile Harrow-Mensah\nTreasurer: Ravi Anand", register)
    assert names(result).get("Odile Harrow-Mensah") == "Person"
    assert "Harrow" not in names(result)
    assert ("Odile Harrow-Mensah", "hasRole", "Barnet Carers Forum") in triples(result)


def test_a_person_chosen_as_a_post(register) -> None:
    result = run(
        "The governors of Oxleas NHS Foundation Trust have chosen Marek Oduro as the trust's next chair.",
        register,
    )
    assert names(result).get("Marek Oduro") == "Person"
    assert ("Marek Oduro", "hasRole", "Oxleas NHS Foundation Trust") in triples(result)


def test_a_name_runs_on_past_a_head_noun_inside_it(register) -> None:
    # "Mind" and "Outreach" end many names, but here capitalised words follow them in the same name
    result = run(
        "Hackney Mind Matters is run by East London NHS Foundation Trust. The bus is run by the charity "
        "Lea Outreach Health. Camden Mind chief executive Jo Bell said the club meets on Tuesday.",
        register,
    )
    found = names(result)
    assert "Hackney Mind Matters" in found and "Hackney Mind" not in found
    assert "Lea Outreach Health" in found and "Lea Outreach" not in found
    assert "Camden Mind" in found
    assert ("East London NHS Foundation Trust", "runs", "Hackney Mind Matters") in triples(result)


def test_a_post_in_brackets_belongs_to_the_name_before_it(register) -> None:
    result = run(
        "Mira Oyelaran (Chair, Healthwatch Sutton) and Tom Keane (Head of Policy, Merton Council) "
        "presented the survey together.",
        register,
    )
    found = triples(result)
    assert ("Mira Oyelaran", "hasRole", "Healthwatch Sutton") in found
    assert ("Tom Keane", "hasRole", "London Borough of Merton") in found
    assert ("Mira Oyelaran", "hasRole", "London Borough of Merton") not in found


def test_with_a_body_as_a_funder_is_not_a_co_lead(register) -> None:
    result = run(
        "The Deptford Warm Rooms scheme is led by Creekside Energy Trust, with Lewisham Council as one of "
        "its funders.",
        register,
    )
    found = triples(result)
    assert ("Creekside Energy Trust", "leads", "Deptford Warm Rooms") in found
    assert ("London Borough of Lewisham", "leads", "Deptford Warm Rooms") not in found


def test_an_inverted_passive_lists_its_subjects_after_the_verb(register) -> None:
    result = run(
        "Kingsbury Together Board\nRepresented on the board are Barts Health NHS Trust, Brent Council and "
        "the Kingsbury Primary Care Collective.",
        register,
    )
    found = triples(result)
    for member in ("Barts Health NHS Trust", "London Borough of Brent", "Kingsbury Primary Care Collective"):
        assert (member, "memberOf", "Kingsbury Together Board") in found


def test_who_a_body_partners_with_is_a_body(register) -> None:
    result = run(
        "Hounslow Council has partnered with Brightwater Digital Health, a local start-up, so that residents "
        "can book checks online. Ealing Council has formal partnerships with two universities, Imperial College "
        "London and Brunel University London.",
        register,
    )
    assert names(result).get("Brightwater Digital Health") == "Organisation"
    found = triples(result)
    assert ("London Borough of Hounslow", "partnerOf", "Brightwater Digital Health") in found
    assert ("London Borough of Ealing", "partnerOf", "Brunel University London") in found


def test_a_name_after_a_fronted_founding_clause_with_its_founders(register) -> None:
    result = run(
        "Founded in 2016 by local parents, Harrow Autism Voices holds monthly drop-ins in Wealdstone. It is "
        "funded by the Pinner Community Trust.",
        register,
    )
    assert names(result).get("Harrow Autism Voices") == "Organisation"
    assert ("Pinner Community Trust", "funds", "Harrow Autism Voices") in triples(result)


def test_the_post_named_before_its_holder_in_a_bodys_own_papers(register) -> None:
    result = run(
        "Royal National Orthopaedic Hospital NHS Trust: Board of Directors\nThe Chief Executive, Professor "
        "Ada Quist, confirmed that the annual report was ready.",
        register,
    )
    assert ("Ada Quist", "hasRole", "Royal National Orthopaedic Hospital NHS Trust") in triples(result)


def test_a_commissioner_column_holds_bodies_not_posts(register) -> None:
    result = run(
        "Service\tCommissioner\tProvider\nHillingdon Memory Service\tNHS North West London\tCentral and North West "
        "London NHS Foundation Trust\nHillingdon Stop Smoking Service\tHillingdon Council\tClearair Health CIC",
        register,
    )
    found = triples(result)
    assert (
        "NHS North West London Integrated Care Board",
        "commissions",
        "Hillingdon Memory Service",
    ) in found
    assert ("London Borough of Hillingdon", "commissions", "Clearair Health CIC") in found


def test_a_fronted_appointment_names_its_holder_after_the_comma(register) -> None:
    result = run(
        "Appointed interim chief nursing officer of Croydon Health Services NHS Trust in March, Idris Lowe "
        "previously worked at Kingston Hospital NHS Foundation Trust.",
        register,
    )
    assert names(result).get("Idris Lowe") == "Person"
    found = triples(result)
    assert ("Idris Lowe", "hasRole", "Croydon Health Services NHS Trust") in found
    assert ("Idris Lowe", "memberOf", "Kingston Hospital NHS Foundation Trust") in found


def test_a_reported_clause_is_not_the_object_of_its_reporting_verb(register) -> None:
    result = run(
        "Dr Amal Reyes, Chief Executive, presented her report. She advised that NHS England had now signed "
        "off the plan, and reported that the Care Quality Commission would visit in May.",
        register,
    )
    found = triples(result)
    assert not any(p == "mentions" and s == "Amal Reyes" for s, p, o in found)
    # (an object-control clause still gives its subject: "helping X move ...")
    helped = run("Acme Health Ltd is helping Bobco Care Ltd move its records.", register)
    assert ("Acme Health Ltd", "mentions", "Bobco Care Ltd") in triples(helped)


def test_bodies_acting_each_apart_or_merging_do_not_collaborate(register) -> None:
    apart = run(
        "North Central London ICB and South East London ICB will each receive £1 million to establish "
        "neighbourhood teams.",
        register,
    )
    merged = run(
        "In 2024 Kingston Hospital NHS Foundation Trust and Hounslow and Richmond Community Healthcare NHS "
        "Trust came together as one organisation.",
        register,
    )
    together = run(
        "Kingston Hospital NHS Foundation Trust and Barts Health NHS Trust came together to launch the "
        "Riverside Falls Programme.",
        register,
    )
    assert not any(p == "collaboratesWith" for _, p, _ in triples(apart) | triples(merged))
    assert any(p == "collaboratesWith" for _, p, _ in triples(together))


def test_the_latter_and_the_former_stand_for_one_of_a_pair(register) -> None:
    result = run(
        "Islington Council and Camden Council both fund the Holloway Law Centre; the latter also commissions "
        "its debt-advice service, Money Matters Camden. Barts Health NHS Trust and Homerton Healthcare NHS "
        "Foundation Trust run the hubs. The former also runs the Tower Hamlets Lung Service.",
        register,
    )
    found = triples(result)
    assert ("London Borough of Camden", "commissions", "Money Matters Camden") in found
    assert ("London Borough of Islington", "commissions", "Money Matters Camden") not in found
    assert ("Barts Health NHS Trust", "runs", "Tower Hamlets Lung Service") in found
    assert ("Homerton Healthcare NHS Foundation Trust", "runs", "Tower Hamlets Lung Service") not in found


def test_a_co_operative_is_a_body(register) -> None:
    result = run("The council runs the scheme with the Fulham Handyperson Co-op.", register)
    assert names(result).get("Fulham Handyperson Co-op") == "Organisation"


def test_a_plural_name_after_delivered_by_is_a_body(register) -> None:
    result = run(
        "The Veterans' Outreach Service is delivered by Parkway Clinical Partnerships. The service is "
        "delivered by Primary Care Networks across Barnet.",
        register,
    )
    assert names(result).get("Parkway Clinical Partnerships") == "Organisation"
    assert "Primary Care Networks" not in names(result)
    assert ("Parkway Clinical Partnerships", "runs", "Veterans' Outreach Service") in triples(result)


def test_it_after_a_sentence_opening_with_a_year_and_a_description(register) -> None:
    result = run(
        "The Ealing Memory Service assesses people with suspected dementia. Since 2023 the service has been "
        "provided by West London NHS Trust. It is commissioned by NHS North West London.",
        register,
    )
    assert ("NHS North West London Integrated Care Board", "commissions", "Ealing Memory Service") in triples(
        result
    )


def test_a_single_quoted_quotation_speaks_for_its_speakers_body(register) -> None:
    result = run(
        "Barbers in Hackney now check blood pressure. 'We run Trim to Health in 20 barbershops, and the London "
        "Borough of Hackney pays for the training,' said Dwayne Dyer, founder of Sharp Edge Health CIC. The "
        "Women's Walking Group meets on Mondays.",
        register,
    )
    found = triples(result)
    assert ("Sharp Edge Health CIC", "runs", "Trim to Health") in found
    assert ("London Borough of Hackney", "runs", "Trim to Health") not in found


def test_who_is_given_money_to_run_something_runs_it(register) -> None:
    result = run(
        "Anita Kaur chairs the Ilford Women's Health Forum. The London Borough of Redbridge has awarded the "
        "forum £180,000 to run Healthy Roots, its diabetes education classes.",
        register,
    )
    found = triples(result)
    assert ("Ilford Women's Health Forum", "runs", "Healthy Roots") in found
    assert ("London Borough of Redbridge", "runs", "Healthy Roots") not in found


def test_a_body_in_what_a_post_holder_reports_does_not_hide_the_post(register) -> None:
    result = run(
        "NHS North Central London Integrated Care Board - Minutes of the Board meeting in public\n4. The Chief "
        "Executive, Paul Ansley, reported that the Board's Community Partnerships Committee had met twice.",
        register,
    )
    assert ("Paul Ansley", "hasRole", "NHS North Central London Integrated Care Board") in triples(result)


def test_a_project_named_kind_first_and_its_funding(register) -> None:
    result = run(
        "Project Beacon trains young people in Wandsworth as care workers. Its funding comes from the Tooting "
        "Bec Foundation, a local grant-maker.",
        register,
    )
    assert names(result).get("Project Beacon") == "Programme"
    assert ("Tooting Bec Foundation", "funds", "Project Beacon") in triples(result)


def test_a_bodys_counsellors_stand_for_the_body(register) -> None:
    result = run(
        "Greenleaf Bereavement Trust\nOur counsellors have supported bereaved families in Croydon and Sutton "
        "since 2011.",
        register,
    )
    found = triples(result)
    assert ("Greenleaf Bereavement Trust", "covers", "Croydon") in found
    assert ("Greenleaf Bereavement Trust", "covers", "Sutton") in found


def test_ordinals_and_the_latter_across_sentences(register) -> None:
    result = run(
        "Barts Health NHS Trust, Homerton Healthcare NHS Foundation Trust and the London Borough of Hackney "
        "signed the plan. The second runs the Hackney Lung Service, and the third funds the Hackney Walks "
        "Project. Croydon Health Services NHS Trust and St George's University Hospitals NHS Foundation Trust "
        "both treat patients from Sutton. The former runs the Foxley Rehabilitation Unit; the latter runs the "
        "Tooting Stroke Unit. In the first year, Barts Health NHS Trust ran the Bow Lung Clinic.",
        register,
    )
    found = triples(result)
    assert ("Homerton Healthcare NHS Foundation Trust", "runs", "Hackney Lung Service") in found
    assert ("London Borough of Hackney", "funds", "Hackney Walks Project") in found
    assert ("Croydon Health Services NHS Trust", "runs", "Foxley Rehabilitation Unit") in found
    assert ("St George's University Hospitals NHS Foundation Trust", "runs", "Tooting Stroke Unit") in found
    assert ("Barts Health NHS Trust", "runs", "Bow Lung Clinic") in found


def test_names_listed_with_a_titled_person_are_people(register) -> None:
    result = run(
        "Amara Bellamy, Graham Pike and Dr Suki Sandhu joined the board of Healthwatch Westminster in May.",
        register,
    )
    found = names(result)
    assert found.get("Amara Bellamy") == "Person" and found.get("Graham Pike") == "Person"
    assert ("Graham Pike", "memberOf", "Healthwatch Westminster") in triples(result)


def test_a_past_employer_joined_from_or_worked_for(register) -> None:
    result = run(
        "Dr Nadia Kowal has been appointed medical director of Homerton Healthcare NHS Foundation Trust. She "
        "joins from Barts Health NHS Trust. She replaces Dr Femi Adebayo, who now works for NHS England. "
        "Cllr Harjit Bansal declared that his partner works for the Lewisham Local Network.",
        register,
    )
    found = triples(result)
    assert ("Nadia Kowal", "memberOf", "Barts Health NHS Trust") in found
    assert ("Femi Adebayo", "memberOf", "NHS England") in found
    assert ("Harjit Bansal", "memberOf", "Lewisham Local Network") not in found


def test_a_founder_is_a_person_and_who_moved_to_a_body(register) -> None:
    result = run(
        "Olivia Stanwick founded Forget-Me-Not Croydon in 2017 and is still its chair. She also sits on the "
        "Croydon Dementia Action Alliance. She takes over from Dr Ines Carvell, who has moved to UCLPartners.",
        register,
    )
    assert names(result).get("Olivia Stanwick") == "Person"
    found = triples(result)
    assert ("Olivia Stanwick", "memberOf", "Croydon Dementia Action Alliance") in found
    assert ("Ines Carvell", "memberOf", "UCLPartners") in found


def test_a_month_before_a_name_and_a_service_named_after_its_setting(register) -> None:
    result = run(
        "Since April Whittington Health NHS Trust has also run the Islington School Nursing Service under a "
        "contract from the London Borough of Islington.",
        register,
    )
    found = triples(result)
    assert ("Whittington Health NHS Trust", "runs", "Islington School Nursing Service") in found
    assert ("London Borough of Islington", "commissions", "Islington School Nursing Service") in found
    assert not any(name.startswith("April") for name in names(result))


def test_it_after_a_we_sentence_is_what_we_named(register) -> None:
    result = run(
        "South West London and St George's Mental Health NHS Trust - Our services in Kingston\nWe run Kingston "
        "Calm Minds, a talking therapies service for adults. It is commissioned by NHS South West London.",
        register,
    )
    found = triples(result)
    assert ("NHS South West London Integrated Care Board", "commissions", "Kingston Calm Minds") in found
    assert (
        "NHS South West London Integrated Care Board",
        "commissions",
        "South West London and St George's Mental Health NHS Trust",
    ) not in found


def test_what_would_happen_under_a_proposal_is_not_stated(register) -> None:
    proposed = run(
        "Under the proposal, Imperial College Healthcare NHS Trust and London North West University Healthcare "
        "NHS Trust would each run one unit of a new West London Stroke Service.",
        register,
    )
    assert not any(p == "runs" for _, p, _ in triples(proposed))
    agreed = run("Under the new arrangement, Barts Health NHS Trust runs the Bow Lung Service.", register)
    assert ("Barts Health NHS Trust", "runs", "Bow Lung Service") in triples(agreed)


def test_a_hyphenated_word_is_no_trigger_and_a_research_group_at_a_university(register) -> None:
    result = run(
        "The London Borough of Camden wrote the Camden Food Strategy with Camden Food Network, a coalition of "
        "community groups. It also funds a part-time coordinator post within the network. The South London "
        "Listening Lab (SLLL) is a research group at King's College London.",
        register,
    )
    found = triples(result)
    assert ("London Borough of Camden", "memberOf", "Camden Food Network") not in found
    assert ("South London Listening Lab", "partOf", "King's College London") in found


def test_a_counted_object_introduces_the_named_services_listed_below_it(register) -> None:
    result = run(
        "Harrow Hope Trust - our work\n"
        "We offer four services for carers living in Harrow:\n"
        "- Quiet Hour, a weekly drop-in at the library\n"
        "- Carers Call Back (a phone line run by volunteers)\n"
        "- Time Out Harrow - short breaks\n"
        "- Counselling, for adults\n"
        "Everything we offer is free.",
        register,
    )
    found = triples(result)
    for service in ("Quiet Hour", "Carers Call Back", "Time Out Harrow"):
        assert names(result).get(service) == "Programme"
        assert ("Harrow Hope Trust", "runs", service) in found
    assert "Counselling" not in names(result)


def test_the_following_groups_after_a_phrase_about_when_take_the_lead_ins_funds(register) -> None:
    result = run(
        "Small grants\n"
        "Lewisham Council awarded grants to the following groups in the spring:\n"
        "- Deptford Somali Elders, for a lunch club\n"
        "- Catford Chess Circle, for a youth club\n"
        "Another round opens in May.",
        register,
    )
    found = triples(result)
    for group in ("Deptford Somali Elders", "Catford Chess Circle"):
        assert ("London Borough of Lewisham", "funds", group) in found


def test_a_table_of_boroughs_bodies_and_officers_and_one_of_clinics(register) -> None:
    result = run(
        "North Thames Advice Forum\n"
        "Three advice services take part, one for each borough.\n"
        "Borough\tOrganisation\tChief officer\n"
        "Enfield\tCitizens Advice Enfield\tMaya Lund\n"
        "Barnet\tCitizens Advice Barnet\tOwen Pryce\n"
        "\n"
        "Clinic\tProvider\tCommissioner\n"
        "Edmonton Foot Clinic\tNorth Middlesex University Hospital NHS Trust\tLondon Borough of Enfield\n"
        "The clinic takes referrals from GPs.",
        register,
    )
    found = triples(result)
    assert ("Citizens Advice Enfield", "covers", "Enfield") in found
    assert ("Owen Pryce", "hasRole", "Citizens Advice Barnet") in found
    assert ("North Middlesex University Hospital NHS Trust", "runs", "Edmonton Foot Clinic") in found
    assert ("London Borough of Enfield", "commissions", "Edmonton Foot Clinic") in found


def test_a_person_who_chairs_a_body_or_is_employed_by_one_is_a_person(register) -> None:
    result = run(
        "Marta Quell has chaired Healthwatch Sutton since 2022. Idris Vance is employed by Sutton Carers "
        "Centre. Lena Hart is treasurer of Sutton Carers Centre.",
        register,
    )
    people = {n for n, k in names(result).items() if k == "Person"}
    assert {"Marta Quell", "Idris Vance", "Lena Hart"} <= people
    assert ("Marta Quell", "hasRole", "Healthwatch Sutton") in triples(result)


def test_a_question_an_open_request_and_a_merger_state_no_relation(register) -> None:
    result = run(
        "Is the Bow Hoarding Service run by Tower Hamlets Council?\n"
        "No. It is delivered by Clearfield Support CIC.\n"
        "Newham Council has asked Barts Health NHS Trust to take over the Stratford Memory Clinic.\n"
        "Oxleas NHS Foundation Trust and Bromley Healthcare have come together to form Bromley and Oxleas "
        "Community NHS Trust.",
        register,
    )
    found = triples(result)
    assert ("London Borough of Tower Hamlets", "runs", "Bow Hoarding Service") not in found
    assert ("Barts Health NHS Trust", "runs", "Stratford Memory Clinic") not in found
    assert not any(p == "collaboratesWith" for _, p, _ in found)


def test_a_table_row_that_says_its_body_left_or_only_observes_is_no_member(register) -> None:
    result = run(
        "Thames Carers Alliance: member organisations\n"
        "Organisation\tBorough\tStatus\n"
        "Carers Link Merton\tMerton\tMember\n"
        "Sutton Carers Hub\tSutton\tLeft in 2024\n"
        "Kingston Carers Circle\tKingston upon Thames\tObserver (not a member)\n",
        register,
    )
    found = triples(result)
    assert ("Carers Link Merton", "memberOf", "Thames Carers Alliance") in found
    assert ("Sutton Carers Hub", "memberOf", "Thames Carers Alliance") not in found
    assert ("Kingston Carers Circle", "memberOf", "Thames Carers Alliance") not in found


def test_posts_taken_by_people_named_without_a_title(register) -> None:
    result = run(
        "Ruth Okonjo joined the board of Whittington Health NHS Trust as a non-executive director in 2022. "
        "Tomas Brill is lead officer for health at London Councils. Noor Haidari has been appointed director "
        "of nursing at the Fernbank Hospice, a local charity. SEL Bright Teeth, a toothbrushing scheme run by "
        "South East London Integrated Care Board, is open to all schools. Quiet Minds runs the Bermondsey "
        "Listening Service.",
        register,
    )
    found = triples(result)
    assert ("Ruth Okonjo", "hasRole", "Whittington Health NHS Trust") in found
    assert ("Tomas Brill", "hasRole", "London Councils") in found
    assert ("Noor Haidari", "hasRole", "Fernbank Hospice") in found
    assert ("NHS South East London Integrated Care Board", "runs", "SEL Bright Teeth") in found
    assert ("Quiet Minds", "runs", "Bermondsey Listening Service") in found


def test_who_a_statement_is_from_and_a_claim_it_denies(register) -> None:
    result = run(
        "Statement from Lantern Refugee Health\n"
        "We have seen posts claiming that Lantern Refugee Health is funded by NHS England. That is not so. "
        "Our clinics are funded by the Marlowe Family Foundation.",
        register,
    )
    found = triples(result)
    assert ("Marlowe Family Foundation", "funds", "Lantern Refugee Health") in found
    assert ("NHS England", "funds", "Lantern Refugee Health") not in found


def test_a_college_named_again_by_its_head_and_a_name_paid_for_by_a_funder(register) -> None:
    result = run(
        "Central and North West London NHS Foundation Trust runs the Brent Recovery College. The college is "
        "funded by the Harrow Road Trust. Healthy Start Plus is paid for by the Kilburn Foundation.",
        register,
    )
    found = triples(result)
    assert ("Harrow Road Trust", "funds", "Brent Recovery College") in found
    assert ("Kilburn Foundation", "funds", "Healthy Start Plus") in found


def test_a_title_with_a_colon_names_the_body_whose_page_it_is(register) -> None:
    result = run(
        "Penge Heart Support: our board of trustees\nOur chair, Alma Reyes, is a retired nurse.", register
    )
    assert ("Alma Reyes", "hasRole", "Penge Heart Support") in triples(result)


def test_member_trusts_listed_after_a_count_and_places_a_scheme_is_available_in(register) -> None:
    result = run(
        "The South London Anchor Network has three member trusts: Croydon Health Services NHS Trust, "
        "Kingston and Richmond NHS Foundation Trust and Epsom and St Helier University Hospitals NHS Trust. "
        "Bright Teeth SWL, a toothbrushing scheme, is available in Sutton, Merton and Croydon.",
        register,
    )
    found = triples(result)
    assert ("Croydon Health Services NHS Trust", "memberOf", "South London Anchor Network") in found
    assert ("Kingston and Richmond NHS Foundation Trust", "memberOf", "South London Anchor Network") in found
    assert ("South London Anchor Network", "memberOf", "Croydon Health Services NHS Trust") not in found
    for place in ("Sutton", "Merton", "Croydon"):
        assert ("Bright Teeth SWL", "covers", place) in found


def test_the_latter_of_a_with_pair_and_it_after_a_coordinated_subject(register) -> None:
    result = run(
        "Imperial College Healthcare NHS Trust is working with West London NHS Trust on a new clinic model. "
        "The latter runs the Ealing Memory Service. Barts Health NHS Trust and Homerton Healthcare NHS "
        "Foundation Trust share a laboratory service, East London Pathology. It is run by the former.",
        register,
    )
    found = triples(result)
    assert ("West London NHS Trust", "runs", "Ealing Memory Service") in found
    assert ("Imperial College Healthcare NHS Trust", "runs", "Ealing Memory Service") not in found
    assert ("Barts Health NHS Trust", "runs", "East London Pathology") in found


def test_plc_names_joint_funders_both_members_and_a_programme_for_parents(register) -> None:
    result = run(
        "Ruth Kaplan is a former finance director of Marlowe Freight plc. The London Borough of Newham and "
        "the London Borough of Hackney jointly fund Bright Start Families. Bright Start Families, a programme "
        "for new parents delivered by the charity Bow Nappy Bank, runs weekly groups. East London NHS "
        "Foundation Trust and Homerton Healthcare NHS Foundation Trust, both members of the East London "
        "Therapies Collaborative, agreed a shared approach.",
        register,
    )
    found = triples(result)
    assert ("Ruth Kaplan", "hasRole", "Marlowe Freight plc") in found
    assert ("London Borough of Hackney", "funds", "Bright Start Families") in found
    assert ("Bow Nappy Bank", "runs", "Bright Start Families") in found
    for trust in ("East London NHS Foundation Trust", "Homerton Healthcare NHS Foundation Trust"):
        assert (trust, "memberOf", "East London Therapies Collaborative") in found


def test_together_for_a_name_and_a_service_from_hospital_is_no_person(register) -> None:
    result = run(
        "Redbridge Together for Wellbeing (RTW) is the health and care partnership for Redbridge. "
        "Carers Home from Hospital helps carers when someone leaves hospital.",
        register,
    )
    kinds = names(result)
    assert "Redbridge Together for Wellbeing" in kinds and "Redbridge Together" not in kinds
    assert ("Redbridge Together for Wellbeing", "covers", "Redbridge") in triples(result)
    assert kinds.get("Carers Home") != "Person"


def test_label_lines_of_a_wrapped_leaflet_and_a_short_form_with_initials(register) -> None:
    para = (
        "Brook Valley Primary Care Network (PCN) is a group of five GP practices in the north of Harrow and we "
        "look after about forty thousand patients.\n"
    )
    result = run(
        para * 3 + "\nOur team\n\n"
        "   Clinical Director: Dr Omar Quint, GP partner at\n"
        "                      Elm Road Medical Practice\n"
        "   Deputy Clinical Director: Dr Iris Vale (Harrow Weald Practice)\n"
        "   PCN Manager: Colette Brand\n"
        "   Care Coordinator Lead: Tomas Ruiz\n\n"
        "Brook Valley PCN runs a weekend clinic.\n",
        register,
    )
    found = triples(result)
    for person in ("Omar Quint", "Colette Brand", "Tomas Ruiz"):
        assert (person, "hasRole", "Brook Valley Primary Care Network") in found
    assert "Brook Valley PCN" not in names(result)


def test_a_name_the_text_calls_a_partnership_is_one_and_the_partnership_refers_to_it(register) -> None:
    result = run(
        "Havering Together for Wellbeing (HTW) is the health and care partnership for Havering.\n\n"
        "The partnership is made up of:\n\n- Havering Council\n- Barking, Havering and Redbridge University "
        "Hospitals NHS Trust\n",
        register,
    )
    assert names(result).get("Havering Together for Wellbeing") == "Partnership"
    assert ("London Borough of Havering", "memberOf", "Havering Together for Wellbeing") in triples(result)


def test_places_joined_by_and_before_a_name_that_opens_with_a_place_are_part_of_it(register) -> None:
    result = run(
        "Sutton and Merton Carers Alliance meets monthly. Kingston and the Richmond Carers Hub also met. "
        "The Barnet and Enfield Smokefree Homes scheme is paid for by Barnet Council.",
        register,
    )
    kinds = names(result)
    assert "Sutton and Merton Carers Alliance" in kinds
    assert "Richmond Carers Hub" in kinds and "Kingston and the Richmond Carers Hub" not in kinds
    assert ("London Borough of Barnet", "funds", "Barnet and Enfield Smokefree Homes") in triples(result)


def test_contract_awards_listed_as_a_contract_for_a_service_awarded_to_a_provider(register) -> None:
    result = run(
        "The committee approved the following awards:\n"
        "a) a five-year contract worth £2.1m for the Harrow Podiatry Service, awarded to Footfirst Care Ltd;\n"
        "b) a three-year contract for the Brent Hearing Service, awarded to Clearsound Audiology Ltd.\n",
        register,
    )
    found = triples(result)
    assert ("Footfirst Care Ltd", "runs", "Harrow Podiatry Service") in found
    assert ("Clearsound Audiology Ltd", "runs", "Brent Hearing Service") in found


def test_a_short_form_with_initials_and_a_funders_acronym_before_a_name(register) -> None:
    result = run(
        "NIHR ARC South Thames | Annual Review\n\n"
        "The Applied Research Collaboration South Thames (ARC South Thames) is funded by the National "
        "Institute for Health and Care Research (NIHR).\n\nOur core partners are:\n"
        "  • King's College London\n  • London Borough of Lambeth\n",
        register,
    )
    found = triples(result)
    assert "ARC South Thames" not in names(result)
    assert ("London Borough of Lambeth", "memberOf", "Applied Research Collaboration South Thames") in found
    assert not any(
        s == "National Institute for Health and Care Research" and p == "partnerOf" for s, p, _ in found
    )


def test_a_plural_looking_name_with_a_singular_verb_commissioned_by_a_from_b(register) -> None:
    result = run(
        "Fit Futures is commissioned by the London Borough of Hackney from Clapton Community Mentors, a "
        "local charity. Health Checks are delivered by local pharmacies.",
        register,
    )
    found = triples(result)
    assert ("London Borough of Hackney", "commissions", "Fit Futures") in found
    assert ("London Borough of Hackney", "commissions", "Clapton Community Mentors") in found
    assert ("Clapton Community Mentors", "runs", "Fit Futures") in found
    assert "Health Checks" not in names(result)


def test_our_board_is_the_board_of_the_body_whose_page_it_is(register) -> None:
    result = run(
        "Lea Bridge Carers Alliance\nAbout us\n\n"
        "Lea Bridge Carers Alliance (LBCA) is the carers' alliance for Hackney. We work with NHS North "
        "East London. Our board is chaired by Dr Femi Lane, a GP partner in Clapton.",
        register,
    )
    found = triples(result)
    assert ("Femi Lane", "hasRole", "Lea Bridge Carers Alliance") in found
    assert ("Femi Lane", "hasRole", "NHS North East London Integrated Care Board") not in found


def test_our_post_after_a_closed_quotation_is_the_pages_body(register) -> None:
    result = run(
        'Canal Side Health\nAbout us\n\nWe are a charity in Hackney. "Small charities can do a lot," said '
        'Idris Mabey, our chief executive. "It was hard to get help," one carer told us.',
        register,
    )
    assert ("Idris Mabey", "hasRole", "Canal Side Health") in triples(result)


def test_delivered_in_collaboration_with_a_list_below(register) -> None:
    result = run(
        "The Riverside Hubs programme offers support. It is delivered in collaboration with:\n"
        "• Wandle Carers Network\n• Tooting Wellbeing Collective\n",
        register,
    )
    found = triples(result)
    assert ("Wandle Carers Network", "runs", "Riverside Hubs") in found
    assert ("Tooting Wellbeing Collective", "runs", "Riverside Hubs") in found


def test_a_post_with_no_body_beside_a_programme_is_held_in_the_pages_body(register) -> None:
    result = run(
        "NHS North East London\nChief Executive's report\n\nWe are pleased to report progress. Our Same Day "
        "Care Programme, led by Dr Hana Loy, Chief Medical Officer, opened hubs in Newham.",
        register,
    )
    found = triples(result)
    assert ("Hana Loy", "hasRole", "NHS North East London Integrated Care Board") in found
    assert ("Hana Loy", "leads", "Same Day Care Programme") in found


def test_a_name_followed_by_our_post_is_a_person(register) -> None:
    result = run(
        "Thames Research Partnership\nAbout us\n\nWe fund research. Hana Brook, our Public Involvement Lead, "
        "runs the panel.",
        register,
    )
    assert names(result).get("Hana Brook") == "Person"
    assert ("Hana Brook", "hasRole", "Thames Research Partnership") in triples(result)


def test_a_name_then_currently_and_a_post_is_a_person(register) -> None:
    result = run("Rhona Idle, currently the trust's director of planning, will act up.", register)
    assert names(result).get("Rhona Idle") == "Person"


def test_a_preposition_conjoined_to_another_takes_the_verb_too(register) -> None:
    result = run(
        "Lea Valley Federation\nAbout us\n\nWe are the GP federation for Enfield. We work alongside Enfield "
        "Council's adult social care team and with North London NHS Foundation Trust.",
        register,
    )
    found = triples(result)
    assert any(
        {a, b} == {"North London NHS Foundation Trust", "Lea Valley Federation"} and p == "collaboratesWith"
        for a, p, b in found
    )


def test_a_post_for_a_portfolio_of_places_at_a_trust_is_held_at_the_trust(register) -> None:
    result = run(
        "Ines Garrow, Director of Nursing for the North and South Sites at King's College Hospital NHS "
        "Foundation Trust, replied to us.",
        register,
    )
    assert ("Ines Garrow", "hasRole", "King's College Hospital NHS Foundation Trust") in triples(result)


def test_the_board_of_a_register_body_named_with_board_is_that_body(register) -> None:
    result = run(
        "NHS North West London Integrated Care Board\n\nThe Quality Committee, a committee of the NHS North "
        "West London ICB Board, met in May.",
        register,
    )
    assert "NHS North West London Integrated Care Board Board" not in names(result)
    assert ("Quality Committee", "partOf", "NHS North West London Integrated Care Board") in triples(result)


def test_a_college_of_the_university_of_london_is_one_name(register) -> None:
    result = run(
        "Birkbeck, University of London is our academic partner. Queen Mary, University of London leads it.",
        register,
    )
    kinds = names(result)
    assert kinds.get("Birkbeck, University of London") == "Organisation"
    assert "University of London" not in kinds
    assert "Queen Mary University of London" in kinds


def test_a_college_named_again_short_and_a_councils_department_is_no_body(register) -> None:
    result = run(
        "Researchers at Goldsmiths, University of London won a grant. The study, called MOVE-ON, is led by "
        "Goldsmiths and will recruit 300 adults.\n\nLewisham Council\nReport author: Hana Ferro, Senior "
        "Commissioning Manager, Public Health\n",
        register,
    )
    found = triples(result)
    assert ("Goldsmiths, University of London", "leads", "MOVE-ON") in found
    assert "Public Health" not in names(result)


def test_a_common_word_coordinated_at_the_start_of_a_committees_name(register) -> None:
    result = run(
        "We care for people in Hackney.\n\n• People and Culture Committee – chair: Tomasz Wolski\n", register
    )
    kinds = names(result)
    assert "People and Culture Committee" in kinds and "Culture Committee" not in kinds


def test_people_listed_with_semicolons_after_a_titled_person(register) -> None:
    result = run(
        "Non-executive directors: Imran Sallis (Senior Independent Director); Professor Helen Carrow; "
        "Tomas Wieland\n\nThe board met in May.",
        register,
    )
    assert names(result).get("Tomas Wieland") == "Person"


def test_a_body_that_is_part_of_a_service_helps_run_it(register) -> None:
    result = run(
        "The Falls Pick-up Service will start in May. Age UK London is also part of the service: it will "
        "phone people after a visit.",
        register,
    )
    found = triples(result)
    assert ("Age UK London", "runs", "Falls Pick-up Service") in found
    assert ("Age UK London", "partOf", "Falls Pick-up Service") not in found


def test_a_tab_separated_table_in_a_text_file_survives_reading(tmp_path: Path) -> None:
    page = tmp_path / "members.txt"
    page.write_text(
        "South London Carers Collaborative\n\nOur members\n\n"
        "Member\tType\tBoroughs served\n"
        "Oxleas NHS Foundation Trust\tNHS foundation trust\tBexley, Greenwich\n"
        "Bromley Healthcare\tCommunity interest company\tBromley\n",
        encoding="utf-8",
    )
    records, failures = extract_paths([page])
    assert not failures
    found = {(r["subject"], r["predicate"], r["object"]) for r in records[0]["relations"]}
    assert ("Oxleas NHS Foundation Trust", "covers", "Bexley") in found
    assert ("Bromley Healthcare", "memberOf", "South London Carers Collaborative") in found


def test_a_short_line_ending_in_a_preposition_goes_on_after_reading(tmp_path: Path) -> None:
    page = tmp_path / "leaflet.txt"
    body = (
        "Brook Valley Primary Care Network (PCN) is a group of five GP practices in the north of Harrow\n"
        "and we look after about forty thousand patients who live in the area.\n"
    )
    page.write_text(
        "Brook Valley Primary Care Network\n\n" + body * 3 + "\nOur team\n\n"
        "   Clinical Director: Dr Omar Quint, GP partner at\n"
        "                      Elm Road Medical Practice\n"
        "   PCN Manager: Colette Brand\n",
        encoding="utf-8",
    )
    records, failures = extract_paths([page])
    assert not failures
    found = {(r["subject"], r["predicate"], r["object"]) for r in records[0]["relations"]}
    assert ("Omar Quint", "hasRole", "Elm Road Medical Practice") in found


def test_a_funders_table_with_what_the_money_pays_for(register) -> None:
    result = run(
        "Lea River Primary Care Federation\nAbout us\n\nWe are the GP federation for Enfield.\n\nOur funders\n\n"
        "| Funder | What the money pays for |\n| --- | --- |\n"
        "| London Borough of Enfield | Link Up Enfield Service; Enfield Care Home Service |\n"
        "| The Millfield Trust | Wellbeing support for our own staff |\n",
        register,
    )
    found = triples(result)
    assert ("London Borough of Enfield", "funds", "Enfield Care Home Service") in found
    assert ("Millfield Trust", "funds", "Lea River Primary Care Federation") in found


def test_people_named_in_list_lines_joining_notes_and_by_a_campaign_spokeswoman(register) -> None:
    result = run(
        "Riverside Carers Network\n\nAnnual review 2026\n\n"
        "Our team\n\n• Director: Amaka Lindqvist\n• Volunteers' Lead: Tobias Oyelaran-Weiss\n\n"
        "Board news\n\n4.2 Marguerite Szabo joined the network on 3 March as Head of Finance.\n\n"
        "Advisory group\n\n1. Kwame Fairbanks, senior health economist, Imperial College Health Partners\n\n"
        "The campaign group Save Riverside Beds said it feared cuts. Spokeswoman Della Partridge, "
        "who lives nearby, said the group would keep watching.\n",
        register,
    )
    kinds = names(result)
    for person in (
        "Amaka Lindqvist",
        "Tobias Oyelaran-Weiss",
        "Marguerite Szabo",
        "Kwame Fairbanks",
        "Della Partridge",
    ):
        assert kinds.get(person) == "Person", person
    assert kinds.get("Save Riverside Beds") == "Organisation"
    found = triples(result)
    assert ("Kwame Fairbanks", "hasRole", "Imperial College Health Partners") in found


def test_a_scheme_run_by_the_two_boroughs_and_the_south_of_a_borough(register) -> None:
    result = run(
        "Camden Council and Islington Council have published a joint plan for older people. "
        "NHS North Central London, the integrated care board for the two boroughs, will fund it. "
        "It applies to residents in Camden and in Islington.\n\n"
        "The board heard about Steady Feet, a scheme run by Whittington Health NHS Trust.\n\n"
        "Holloway Road Primary Care Network brings together six GP practices in the south of Islington.",
        register,
    )
    found = triples(result)
    assert ("NHS North Central London Integrated Care Board", "covers", "Camden") in found
    assert ("NHS North Central London Integrated Care Board", "covers", "Islington") in found
    assert ("Whittington Health NHS Trust", "runs", "Steady Feet") in found
    assert ("Holloway Road Primary Care Network", "covers", "Islington") in found


def test_a_page_that_says_what_its_body_is_and_a_place_joined_to_a_name(register) -> None:
    result = run(
        "Hoxton Sisters Health Project\nAnnual Review 2025–26\n\nAmira Solberg, Chair of Trustees\n\n"
        "Who we are\n\nWe are a small women-led charity working with families in Hackney.\n\n"
        "Our Saturday clinic is run by Shoreditch and Haggerston Primary Care Network. "
        "Dr Pell Ostrova, clinical director of Shoreditch and Haggerston PCN, said it was a success.\n",
        register,
    )
    kinds = names(result)
    assert kinds.get("Hoxton Sisters Health Project") == "Organisation"
    assert "Shoreditch and Haggerston Primary Care Network" in kinds
    found = triples(result)
    assert ("Amira Solberg", "hasRole", "Hoxton Sisters Health Project") in found
    assert ("Pell Ostrova", "hasRole", "Shoreditch and Haggerston Primary Care Network") in found


def test_its_after_a_report_is_what_the_report_was_about(register) -> None:
    result = run(
        "4. Lewisham place update\n\n"
        "4.1 Ms Dana Whitlock explained that the Lewisham Health and Care Partners is the borough’s "
        "place-based partnership within the South East London Integrated Care System. "
        "Its members are Lewisham and Greenwich NHS Trust, the Deptford Care Collective and Lewisham Carers Voice.\n",
        register,
    )
    found = triples(result)
    assert ("Lewisham and Greenwich NHS Trust", "memberOf", "Lewisham Health and Care Partners") in found
    assert (
        "Lewisham and Greenwich NHS Trust",
        "memberOf",
        "South East London Integrated Care System",
    ) not in found


def test_our_practices_section_of_a_network_page(register) -> None:
    result = run(
        "Wandle Bank Primary Care Network\n\nAbout us\n\n"
        "We are five GP practices working together in the west of Merton.\n\n"
        "Our practices\n• Figges Marsh Surgery\n• Colliers Wood Medical Practice\n• Phipps Bridge Health Centre\n\n"
        "Our team\n\nOur clinical director is Dr Lena Okoro.\n",
        register,
    )
    found = triples(result)
    for practice in ("Figges Marsh Surgery", "Colliers Wood Medical Practice", "Phipps Bridge Health Centre"):
        assert (practice, "memberOf", "Wandle Bank Primary Care Network") in found


def test_a_project_card_under_a_site_name_and_a_coded_study_name(register) -> None:
    result = run(
        "Northside Health Research Partnership\nHome / Projects / STEADY-HIP\n\n"
        "STEADY-HIP: strength classes after a hip fracture\n\n"
        "Status: Recruiting\n"
        "Funded by: National Institute for Health and Care Research (NIHR) – £320,000\n"
        "Lead organisation: University College London\n"
        "Chief investigator: Dr Orla Penhaligon, Associate Professor, University College London\n\n"
        "What we are doing\n\nSTEADY-HIP offers twelve weeks of classes at home.\n",
        register,
    )
    assert names(result).get("STEADY-HIP") == "Programme"
    found = triples(result)
    assert ("National Institute for Health and Care Research", "funds", "STEADY-HIP") in found
    assert ("Orla Penhaligon", "leads", "STEADY-HIP") in found
    assert (
        "National Institute for Health and Care Research",
        "funds",
        "Northside Health Research Partnership",
    ) not in found


def test_parts_a_board_s_committees_an_action_of_a_plan_and_a_second_verb(register) -> None:
    result = run(
        "Whittington Health NHS Trust\nBoard of Directors\n\n"
        "The board has three committees, each chaired by a non-executive director:\n"
        "• Audit and Risk Committee\n• Quality Committee\n• People Committee\n\n"
        "The Archway Falls Service is one of the actions in the Islington Winter Plan 2026/27. "
        "The Archway Breathing Service is commissioned by NHS North Central London and forms part of the "
        "Islington Lungs Programme.\n\n"
        "Healthier Islington Together reports to the Islington Health and Wellbeing Board.\n",
        register,
    )
    found = triples(result)
    assert ("Quality Committee", "partOf", "Whittington Health NHS Trust") in found
    assert ("Archway Falls Service", "partOf", "Islington Winter Plan 2026/27") in found
    assert ("Archway Breathing Service", "partOf", "Islington Lungs Programme") in found
    assert ("Healthier Islington Together", "partOf", "Islington Health and Wellbeing Board") in found


def test_where_our_patients_live(register) -> None:
    result = run(
        "Riverside Community Health NHS Trust\n\nAbout us\n\n"
        "We provide community services from twelve sites. Most of our patients live in Ealing, Brent and Harrow.\n",
        register,
    )
    found = triples(result)
    for borough in ("Ealing", "Brent", "Harrow"):
        assert ("Riverside Community Health NHS Trust", "covers", borough) in found


def test_a_named_consortium_led_by_a_body_and_a_project_run_jointly(register) -> None:
    result = run(
        "Healthwatch Hackney\n\nOur work this year\n\n"
        "We ran the project jointly with Healthwatch Islington. "
        "The council awarded the contract to Lea Valley Recovery Partnership, a consortium led by Harbour Recovery Trust, "
        "a national charity with services in nine boroughs.\n",
        register,
    )
    found = triples(result)
    assert ("Healthwatch Hackney", "collaboratesWith", "Healthwatch Islington") in found
    assert ("Harbour Recovery Trust", "leads", "Lea Valley Recovery Partnership") in found


def test_the_hub_written_with_a_capital(register) -> None:
    result = run(
        "The Tooting Community Wellbeing Hub opened in May. "
        "The Hub is run by South West London and St George's Mental Health NHS Trust together with Wandle Minds Network. "
        "It is commissioned by NHS South West London.\n",
        register,
    )
    found = triples(result)
    assert ("Wandle Minds Network", "runs", "Tooting Community Wellbeing Hub") in found
    assert (
        "NHS South West London Integrated Care Board",
        "commissions",
        "Tooting Community Wellbeing Hub",
    ) in found


def test_one_of_eight_partnerships_within_a_system_written_in_lower_case(register) -> None:
    result = run(
        "Harrow Health and Care, one of eight borough partnerships within the north west London integrated "
        "care system, will lead the Ageing Well in Harrow programme.\n",
        register,
    )
    kinds = names(result)
    assert kinds.get("Harrow Health and Care") == "Partnership"
    assert kinds.get("North West London Integrated Care System") == "ICS"
    assert "North West London" not in kinds


def test_a_programme_in_places_set_off_after_its_name(register) -> None:
    result = run(
        "Active Hanwell, a three-year physical activity programme in Hanwell and Southall, is funded by Sport England. "
        "It follows a walking programme in Acton that ended last year.\n",
        register,
    )
    found = triples(result)
    assert ("Active Hanwell", "covers", "Southall") in found
    assert ("Active Hanwell", "covers", "Acton") not in found


def test_all_three_trusts_signed_an_agreement_with_a_fourth(register) -> None:
    result = run(
        "Oxleas NHS Foundation Trust, South London and Maudsley NHS Foundation Trust and Lewisham and Greenwich "
        "NHS Trust will staff the new crisis cars. All three trusts have signed a partnership agreement with "
        "London Ambulance Service NHS Trust.\n",
        register,
    )
    found = triples(result)
    assert ("Oxleas NHS Foundation Trust", "partnerOf", "London Ambulance Service NHS Trust") in found
    assert ("Lewisham and Greenwich NHS Trust", "partnerOf", "London Ambulance Service NHS Trust") in found
    assert (
        "Oxleas NHS Foundation Trust",
        "collaboratesWith",
        "Lewisham and Greenwich NHS Trust",
    ) not in found


def test_what_we_do_list_of_named_services_with_descriptions(register) -> None:
    result = run(
        "Thames Reach Health Federation\n\nAbout us\n\nWe are the GP federation for Greenwich.\n\n"
        "What we do\n\n"
        "• Greenwich Weekend Access Hubs – evening and weekend appointments at three hubs. This service is "
        "commissioned by NHS South East London.\n"
        "• Strong Hearts Greenwich – free blood pressure checks in barbershops. The programme is funded by "
        "the Royal Borough of Greenwich.\n",
        register,
    )
    kinds = names(result)
    assert kinds.get("Greenwich Weekend Access Hubs") == "Programme"
    assert kinds.get("Strong Hearts Greenwich") == "Programme"
    found = triples(result)
    assert ("Thames Reach Health Federation", "runs", "Strong Hearts Greenwich") in found
    assert (
        "NHS South East London Integrated Care Board",
        "commissions",
        "Greenwich Weekend Access Hubs",
    ) in found
    assert ("Royal Borough of Greenwich", "funds", "Strong Hearts Greenwich") in found


def test_five_networks_are_members_and_the_footer_company_is_the_same_body(register) -> None:
    result = run(
        "Skip to main content\n\nAbout us\n\n"
        "Riverside Health Federation is a GP federation owned by 20 practices in Lewisham.\n\n"
        "Our networks\n\nThree primary care networks (PCNs) are members of the federation:\n"
        "• Catford Central PCN\n• Deptford Creek PCN\n• Sydenham Hill PCN\n\n"
        "Riverside Health Federation Ltd. Registered in England and Wales, company number 10123456.\n",
        register,
    )
    kinds = names(result)
    assert "Riverside Health Federation Ltd" not in kinds
    found = triples(result)
    for pcn in ("Catford Central PCN", "Deptford Creek PCN", "Sydenham Hill PCN"):
        assert (pcn, "memberOf", "Riverside Health Federation") in found


def test_a_newspaper_or_trade_weekly_is_an_organisation(register) -> None:
    result = run(
        "Care Systems Weekly\n\nBy Kasia Brennan, health reporter\n\n"
        "The Eltham Herald reported the closure first. Care Systems Weekly can reveal the board's plans.\n",
        register,
    )
    kinds = names(result)
    assert kinds.get("Eltham Herald") == "Organisation"
    assert kinds.get("Care Systems Weekly") == "Organisation"


def test_the_boroughs_partnership_in_a_councils_papers(register) -> None:
    result = run(
        "Hackney Council noted the update. Members welcomed the work of Hackney Health Together, "
        "the borough’s place-based partnership.\n",
        register,
    )
    assert ("Hackney Health Together", "covers", "Hackney") in triples(result)


def test_post_labels_on_bullets_and_a_semicolon_list_of_holders(register) -> None:
    result = run(
        "Enfield Carers Network\nHome | About us\n\nWho we are\n\nWe support unpaid carers in Enfield.\n\n"
        "Our people\n• Chief Executive: Marisol Aguirre\n• Carers' Health Lead: Petra Lindholm\n\n"
        "Trustees: Imogen Sadler (Chair); Professor Kofi Mensah; Rhys Tallent\n",
        register,
    )
    found = triples(result)
    for person in ("Marisol Aguirre", "Petra Lindholm", "Kofi Mensah", "Rhys Tallent"):
        assert (person, "hasRole", "Enfield Carers Network") in found, person


def test_a_service_run_with_the_staff_of_another_body(register) -> None:
    result = run(
        "Sweet Steps Sisters is a twelve-week course for women, delivered with dietitians from Barts Health NHS Trust. "
        "The Ruislip Heart at Home service is run by The Hillingdon Hospitals NHS Foundation Trust together with the "
        "community heart failure nurses of Central and North West London NHS Foundation Trust.\n",
        register,
    )
    found = triples(result)
    assert ("Barts Health NHS Trust", "runs", "Sweet Steps Sisters") in found
    assert ("Central and North West London NHS Foundation Trust", "runs", "Ruislip Heart at Home") in found


def test_jointly_fund_read_as_a_noun_and_a_second_passive_verb(register) -> None:
    result = run(
        "The London Borough of Newham and the London Borough of Tower Hamlets jointly fund Bright Start Families, "
        "which opened in 2024.\n\n"
        "Frailty at Home Havering is a new service. It is delivered by NELFT's community therapy teams and paid for "
        "through the Better Care Fund.\n",
        register,
    )
    found = triples(result)
    assert ("London Borough of Tower Hamlets", "funds", "Bright Start Families") in found
    assert ("Better Care Fund", "funds", "Frailty at Home Havering") in found


def test_our_partners_section_of_a_partnership_page(register) -> None:
    result = run(
        "Healthier Hackney Together\n\nAbout us\n\nWe are the health and care partnership for Hackney.\n\n"
        "Our partners\n\nSenior leaders from each of these organisations sit on our partnership board:\n"
        "• Hackney Council\n• Homerton Healthcare NHS Foundation Trust\n• Healthwatch Hackney\n",
        register,
    )
    found = triples(result)
    assert ("Homerton Healthcare NHS Foundation Trust", "memberOf", "Healthier Hackney Together") in found
    assert ("Healthwatch Hackney", "memberOf", "Healthier Hackney Together") in found


def test_who_funds_us_and_a_registered_charity_page(register) -> None:
    result = run(
        "Welcome Migrant Health\nHome | About us\n\nAbout us\n\n"
        "Welcome Migrant Health is a charity that helps newly arrived people in Haringey to use the NHS.\n\n"
        "Who funds us\n\nWe are grateful to the organisations that funded our work in 2025/26:\n"
        "• City Bridge Foundation\n• London Borough of Haringey\n\n"
        "Welcome Migrant Health is a registered charity in England and Wales.\n",
        register,
    )
    kinds = names(result)
    assert kinds.get("Welcome Migrant Health") == "Organisation"
    assert "England" not in kinds and "Wales" not in kinds
    found = triples(result)
    assert ("City Bridge Foundation", "funds", "Welcome Migrant Health") in found
    assert ("London Borough of Haringey", "funds", "Welcome Migrant Health") in found


def test_a_pair_with_one_possessive_region_publish_and_money_for_a_fund(register) -> None:
    result = run(
        "London Councils and NHS England’s London region today jointly published the London Street Health Plan "
        "2026–2029. NHS England will provide £4.5m over three years for a new London Night Shelter Health Fund.\n",
        register,
    )
    found = triples(result)
    assert ("London Councils", "publishes", "London Street Health Plan 2026–2029") in found
    assert ("NHS England", "publishes", "London Street Health Plan 2026–2029") in found
    assert ("NHS England", "funds", "London Night Shelter Health Fund") in found


def test_its_opening_a_numbered_paragraph_is_the_paragraph_befores_topic(register) -> None:
    result = run(
        "3. Background\n\n"
        "3.1 The Acton Healthy Weight Partnership was set up in October 2025. Its work covers Acton. "
        "The council leads the partnership and the partnership reports to the Ealing Health and Wellbeing Board twice a year.\n\n"
        "3.2 Its members are:\n• London Borough of Ealing\n• Acton Food Circle\n• Acton Vale Primary Care Network\n",
        register,
    )
    found = triples(result)
    assert ("Acton Food Circle", "memberOf", "Acton Healthy Weight Partnership") in found
    assert ("Acton Food Circle", "memberOf", "Ealing Health and Wellbeing Board") not in found


def test_awarded_the_partnership_a_sum_read_as_two_objects(register) -> None:
    result = run(
        "The Hanwell Healthy Weight Partnership was set up in 2025. "
        "Sport England has awarded the partnership £120,000 over two years.\n",
        register,
    )
    assert ("Sport England", "funds", "Hanwell Healthy Weight Partnership") in triples(result)


def test_a_name_ending_in_a_capitalised_particle(register) -> None:
    result = run("Settle In is a home-from-hospital service run by Coombe Neighbourhood Care.\n", register)
    assert names(result).get("Settle In") == "Programme"
    assert ("Coombe Neighbourhood Care", "runs", "Settle In") in triples(result)


def test_attendance_lines_with_a_post_in_brackets_and_a_body_after_a_dash(register) -> None:
    result = run(
        "NHS North East London Integrated Care Board\n\nMinutes of the meeting of the Board held in public\n\n"
        "Present\nZara Whitcombe – Chair\n"
        "Jacinta Ruelas – Partner member for NHS trusts (Chief Executive, Barts Health NHS Trust)\n\n"
        "In attendance\nHelena Ashworth – Healthwatch Hackney\n",
        register,
    )
    found = triples(result)
    assert ("Jacinta Ruelas", "hasRole", "Barts Health NHS Trust") in found
    assert ("Jacinta Ruelas", "hasRole", "NHS North East London Integrated Care Board") in found
    assert ("Helena Ashworth", "memberOf", "Healthwatch Hackney") in found


def test_a_borough_belongs_to_a_system(register) -> None:
    result = run("Harrow belongs to the north west London integrated care system.\n", register)
    assert ("North West London Integrated Care System", "covers", "Harrow") in triples(result)


def test_the_board_approved_the_award_of_a_contract_worth_a_sum_to_a_trust(register) -> None:
    result = run(
        "NHS North East London Integrated Care Board\n\nMinutes of the meeting\n\n4. Diagnostics\n\n"
        "The board APPROVED the award of a five-year contract, worth £38.6m, to Barts Health NHS Trust to run "
        "the expanded community diagnostic centre.\n\n"
        "5. Prevention\n\nKnow Your Numbers Hackney is a new check pilot. Commissioned by NHS North East London, "
        "it will last twelve months from January.\n",
        register,
    )
    found = triples(result)
    assert ("NHS North East London Integrated Care Board", "commissions", "Barts Health NHS Trust") in found
    assert (
        "NHS North East London Integrated Care Board",
        "commissions",
        "Know Your Numbers Hackney",
    ) in found


def test_minutes_of_a_councils_board_with_attendance_rows_and_officers(tmp_path: Path) -> None:
    page = tmp_path / "minutes.txt"
    page.write_text(
        "Brent Council\nHome > Meetings and decisions > Health and Wellbeing Board\n\n"
        "Minutes of the Brent Health and Wellbeing Board\nTuesday 17 November 2026, 6.30pm\n\n"
        "Members present:\n"
        "Cllr Harjit Sandhu (Chair), Cabinet Member for Healthy Lives, London Borough of Brent\n"
        "Dr Olumide Bankole (Vice-Chair), Borough Medical Director, NHS North West London\n"
        "Ruth Kavanagh, Director of Public Health, London Borough of Brent\n\n"
        "Officers in attendance: Fiona Grady (Democratic Services Officer); Keith Marlow (Head of Commissioning)\n",
        encoding="utf-8",
    )
    records, failures = extract_paths([page])
    assert not failures
    found = {(r["subject"], r["predicate"], r["object"]) for r in records[0]["relations"]}
    assert ("Harjit Sandhu", "hasRole", "Brent Health and Wellbeing Board") in found
    assert ("Olumide Bankole", "hasRole", "Brent Health and Wellbeing Board") in found
    assert ("Fiona Grady", "hasRole", "London Borough of Brent") in found
    # the rows are not joined into one wrapped paragraph: no post crosses from one row to the last
    assert ("Harjit Sandhu", "hasRole", "North West London Integrated Care Board") not in found


def test_a_page_titled_with_its_name_that_says_it_is_a_collaborative(register) -> None:
    result = run(
        "Calm Minds North London\nHome   About the partnership   FAQs\n\nFrequently asked questions\n\n"
        "What is Calm Minds North London?\n"
        "Calm Minds North London (CMNL) is a mental health provider collaborative. It brings together "
        "two NHS trusts:\n- Barnet, Enfield and Haringey Mental Health NHS Trust\n- Camden and Islington NHS Foundation Trust\n",
        register,
    )
    assert names(result).get("Calm Minds North London") == "Partnership"


def test_trustees_listed_under_a_label_a_patron_with_honours_and_a_subsidiary(register) -> None:
    result = run(
        "North Kent Sickle Cell Circle\n\nWe are a charity.\n\nOur people\n\n"
        "Patron: Dame Loretta Okonedo DBE\n\nTrustees:\n- Ruthie Ellwood (Chair)\n- Jerome Bastable\n- Sadia Chaudry\n\n"
        "Circle Trading Ltd is a wholly owned subsidiary of North Kent Sickle Cell Circle.\n",
        register,
    )
    found = triples(result)
    for person in ("Loretta Okonedo", "Jerome Bastable", "Sadia Chaudry"):
        assert (person, "hasRole", "North Kent Sickle Cell Circle") in found, person
    assert ("Circle Trading Ltd", "partOf", "North Kent Sickle Cell Circle") in found


def test_a_funder_paid_for_our_unnamed_work(register) -> None:
    result = run(
        "Riverside Sickle Cell Circle\n\nWe are a small charity in Newham. "
        "This year the Aldgate Community Foundation paid for our summer family days.\n",
        register,
    )
    assert ("Aldgate Community Foundation", "funds", "Riverside Sickle Cell Circle") in triples(result)


def test_a_commissioner_of_most_of_our_services(register) -> None:
    result = run(
        "Oxleas NHS Foundation Trust\n\nAbout us\n\nWe provide mental health and community care. "
        "NHS South East London commissions most of our community and inpatient services.\n",
        register,
    )
    assert (
        "NHS South East London Integrated Care Board",
        "commissions",
        "Oxleas NHS Foundation Trust",
    ) in triples(result)


def test_a_plan_covering_all_the_areas_in_a_region(register) -> None:
    result = run(
        "The London Night Shelter Health Plan covers all 33 local authority areas in London.\n", register
    )
    assert ("London Night Shelter Health Plan", "covers", "London") in triples(result)


def test_a_projects_page_heading_names_the_project_its_author_runs(register) -> None:
    result = run(
        "King's College London - Projects - Quiet Streets Camden\n"
        "From 2020 to 2023 we worked with Camden Council and nine primary schools to measure noise on the "
        "way to school. Quiet Streets Camden was funded by the Greater London Authority.\n",
        register,
    )
    assert ("King's College London", "runs", "Quiet Streets Camden") in triples(result)


def test_a_page_title_with_site_sections_after_dashes_is_not_one_name(register) -> None:
    result = run(
        "Bloomsbury Institute of Public Health - Projects - Quiet Streets Camden\n"
        "From 2020 to 2023 we worked with Camden Council and nine primary schools to measure noise. "
        "Quiet Streets Camden was funded by the Greater London Authority.\n",
        register,
    )
    kinds = names(result)
    assert "Bloomsbury Institute of Public Health" in kinds
    assert not any(" - " in name for name in kinds)
    assert ("Bloomsbury Institute of Public Health", "runs", "Quiet Streets Camden") in triples(result)
