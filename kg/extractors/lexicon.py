"""Word lists the open detector and the relation rules share: general English and NHS usage,
never names taken from particular documents."""

from __future__ import annotations

# head noun (lower case) -> ontology class of a name that ends with it
HEADS: dict[str, str] = {
    # programmes
    "programme": "Programme", "program": "Programme", "initiative": "Programme", "project": "Programme",
    "academy": "Programme", "scheme": "Programme", "pilot": "Programme", "campaign": "Programme",
    "challenge": "Programme", "accelerator": "Programme", "service": "Programme", "hub": "Programme",
    # strategies and plans
    "strategy": "Strategy", "plan": "Strategy", "framework": "Strategy", "roadmap": "Strategy",
    "charter": "Strategy", "compact": "Strategy", "blueprint": "Strategy",
    # partnerships, boards, networks
    "partnership": "Partnership", "board": "Partnership", "network": "Partnership", "alliance": "Partnership",
    "consortium": "Partnership", "collaborative": "Partnership", "system": "Partnership", "forum": "Partnership",
    "coalition": "Partnership", "collaboration": "Partnership", "assembly": "Partnership",
    # other organisations
    "committee": "Organisation", "sub-committee": "Organisation", "subcommittee": "Organisation",
    "institute": "Organisation", "foundation": "Organisation", "consulting": "Organisation",
    "consultancy": "Organisation", "advisory": "Organisation", "partners": "Organisation",
    "associates": "Organisation", "group": "Organisation", "ltd": "Organisation", "limited": "Organisation",
    "llp": "Organisation", "plc": "Organisation", "inc": "Organisation", "university": "Organisation",
    "college": "Organisation", "society": "Organisation", "association": "Organisation",
    "federation": "Organisation", "charity": "Organisation", "agency": "Organisation", "centre": "Organisation",
    "center": "Organisation", "commission": "Organisation", "healthwatch": "Organisation",
    "council": "Organisation", "trust": "Organisation", "analytics": "Organisation", "solutions": "Organisation",
    "technologies": "Organisation", "labs": "Organisation", "ventures": "Organisation", "mind": "Organisation",
    "office": "Organisation", "confederation": "Organisation", "department": "Organisation",
    "team": "Organisation", "unit": "Organisation",
    # funds
    "fund": "Funding", "grant": "Funding", "funding": "Funding",
}

# heads that only name an organisation when written with a capital ("Billions Institute", not "the
# institute"), or that need a name of several words before them
WEAK_HEADS = {"service", "hub", "system", "team", "unit", "office", "department", "group", "plan", "project",
              "pilot", "network", "board", "trust", "council", "fund", "grant", "funding", "centre", "center"}

# "Health" ends a company name of two words ("Edge Health") unless the first word is generic
COMPANY_SUFFIXES = {"health", "care", "healthcare", "digital", "medical", "tech"}
GENERIC_MODIFIERS = {
    "mental", "public", "population", "digital", "global", "primary", "community", "child", "children's",
    "oral", "sexual", "physical", "social", "integrated", "urgent", "emergency", "acute", "maternal", "maternity",
    "women's", "men's", "national", "local", "regional", "better", "good", "poor", "our", "your", "their",
    "health", "the", "and", "of", "secondary", "specialist", "elective", "palliative", "cancer", "dental",
    "workforce", "occupational", "environmental", "planetary", "adult", "youth", "student", "neonatal",
}

HONORIFICS = {
    "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "prof", "prof.", "professor", "sir", "dame",
    "lord", "lady", "baroness", "baron", "cllr", "cllr.", "councillor", "rt", "hon", "reverend", "rev",
}

ROLE_WORDS = {
    "chief", "executive", "ceo", "chair", "chairman", "chairwoman", "chairperson", "co-chair", "vice-chair",
    "director", "leader", "lead", "head", "president", "manager", "officer", "founder", "co-founder", "partner",
    "secretary", "minister", "mayor", "deputy", "member", "cabinet", "nurse", "clinician", "gp", "consultant",
    "coo", "cfo", "cmo", "cno", "sro", "treasurer", "principal", "dean", "professor", "commissioner",
    "chancellor", "governor", "trustee", "adviser", "advisor", "analyst", "specialist", "coordinator",
    "non-executive", "medical", "clinical", "programme", "managing", "finance", "operating", "councillor",
    "spokesperson", "spokesman", "spokeswoman", "convenor", "champion",
}

# words that open a sentence but never a name
NOT_NAME_START = {
    "the", "a", "an", "this", "these", "that", "those", "our", "their", "its", "his", "her", "in", "at", "on",
    "for", "with", "and", "but", "as", "by", "from", "to", "of", "it", "we", "they", "each", "every", "all",
    "some", "further", "following", "during", "after", "before", "since", "while", "when", "where", "how",
    "what", "why", "under", "across", "through", "both", "other", "many", "more", "most", "such", "new",
    "if", "also", "however", "then", "there", "here", "is", "are", "was", "were", "will", "can", "may",
    "read", "click", "see", "download", "comments", "key", "policy", "picking", "looking", "harnessing",
    "building", "using", "targeting", "finally", "significant", "members", "discussion", "planning",
}

CONNECTORS = {"and", "of", "for", "&", "in", "on", "upon", "the", "at", "de"}

# plural group words that introduce a list of sub-parts ("includes three programmes - A, B and C")
PART_GROUPS = {"programmes", "programs", "projects", "workstreams", "strands", "schemes", "initiatives",
               "services", "networks", "committees", "boards", "pillars", "themes", "modules", "elements"}

GROUP_WORDS = {"consortium", "partnership", "alliance", "collaboration", "coalition", "collaborative",
               "team", "group", "joint venture"}

# heads that end a name even in lower case after a capitalised name ("Maternal Medicine network")
LOWER_HEADS = {"strategy", "plan", "programme", "network", "partnership", "board", "committee", "academy",
               "initiative", "framework", "alliance", "consortium", "collaborative", "forum", "project", "fund"}
