"""Assemble a review record from the store, for ``workbench export``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench import validation
from workbench.claims import CHECKWORTHY_THRESHOLD
from workbench.review import build_review
from workbench.store.base import ClaimFilter, Store, StoreError
from workbench.types import Exporter

Record = dict[str, Any]


def _source_changed(document: Record) -> bool:
    """True when the document came from a local file whose bytes differ now."""
    path = Path(document["uri"])
    try:
        if not path.is_file():
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() != document["sha256"]
    except OSError:
        return False


def _shown(claim: Record, reading_view: bool) -> bool:
    """A reading view leaves out untouched claims below the check-worthiness threshold."""
    return (not reading_view or claim["checkworthiness"] >= CHECKWORTHY_THRESHOLD
            or claim["status"] != "new" or bool(claim["verdicts"]))


def store_review(store: Store, warn: Callable[[str], None], document: str | None = None,
                 status: str | None = None, reading_view: bool = False,
                 include_dismissed: bool = False) -> Record:
    """The validated review of the latest revision of every stored article (or ``document``).

    ``warn`` is told about a document with a newer revision in the store, or whose file
    changed since it was checked. Raises :class:`StoreError` when there is nothing to
    export.

    :param reading_view: leave out claims nobody needs to read (for ``checkworthy_only``
        exporters), as ``check`` does.
    :param include_dismissed: keep dismissed claims (left out unless ``status`` asks for
        them).
    """
    dismissed = 0
    superseded = False
    if document is not None:
        documents = [store.get_document(document)]
        latest = store.get_document(documents[0]["uri"])
        superseded = latest["id"] != documents[0]["id"]
        if superseded:
            warn(f"{documents[0]['id']}: a newer revision of {latest['uri']} is stored "
                 f"({latest['id']}); its claims were re-anchored there")
    else:
        documents = store.latest_documents()
    if not documents:
        raise StoreError(store.location, "the store is empty: nothing to export (save "
                                         "claims with `workbench check FILE --store`)")
    entries = []
    for doc in documents:
        if not superseded and _source_changed(doc):
            warn(f"{doc['uri']}: the file changed since its claims were stored; "
                 f"run `workbench check {doc['uri']} --store` to re-anchor them")
        claims = []
        for claim in store.iter_claims(ClaimFilter(status=status, document=doc["id"])):
            if claim["status"] == "dismissed" and not include_dismissed and status is None:
                dismissed += 1
            elif _shown(claim, reading_view):
                claims.append(claim)
        if claims:
            entries.append({"document": doc, "claims": claims})
    if not entries:
        which = f" with status {status}" if status else ""
        left_out = (f" ({dismissed} dismissed left out: add --include-dismissed)"
                    if dismissed else "")
        raise StoreError(store.location, f"no claims{which} to export{left_out}")
    review = build_review(entries, [])
    validation.validate("review", review)
    problems = validation.offset_errors(review)
    if problems:
        raise StoreError(store.location, f"stored claims do not match their documents: "
                                         f"{problems[0]} (run `workbench db check`)")
    return review


def export_store(store: Store, exporter: Exporter, warn: Callable[[str], None],
                 document: str | None = None, status: str | None = None,
                 include_dismissed: bool = False) -> tuple[str | bytes, str | None]:
    """The store's review (see :func:`store_review`) in ``exporter``'s format: the content,
    and why it is empty when the format says so. A failing exporter is a
    :class:`PluginError` naming its plugin."""
    from workbench.errors import PluginError

    review = store_review(store, warn, document, status, exporter.checkworthy_only,
                          include_dismissed)
    try:
        content = exporter.export(review)
        empty = exporter.explain_empty(review) if exporter.explain_empty else None
    except Exception as error:
        raise PluginError(f"plugin {exporter.plugin} failed to export {exporter.name}: "
                          f"{type(error).__name__}: {error}") from error
    return content, empty
