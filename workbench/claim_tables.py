"""Claims as a table (``check --format jsonl|parquet``): one row per claim, for DuckDB,
pandas or any tool that reads JSON Lines or Parquet.

``--output`` is a file (written atomically when the run ends: all of it or nothing), or a
folder (an existing one, or a name ending in ``/``) of shards ``part-00000.parquet``...,
each written atomically as soon as its documents are checked, with ``_manifest.json``
rewritten after each: the inputs, the plugins and their versions, counts, failures, and
which documents each complete shard holds. ``--resume`` continues such a run where it
stopped: documents of complete shards are not checked again, shards it did not list are
removed, and documents that failed are tried again. JSON Lines go to stdout too.

pyarrow comes with the ``cluster`` extra and is imported only for Parquet.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from workbench import __version__
from workbench.errors import InputError
from workbench.output import open_atomic, write_atomic
from workbench.records import now
from workbench.review import best_verdict

Record = dict[str, Any]
MANIFEST = "_manifest.json"  # a leading _: pyarrow, pandas and Spark skip it in a folder
DEFAULT_SHARD_DOCUMENTS = 1000
ROW_GROUP = 50_000  # claims per Parquet row group in a single file
EXTRA = "pip install 'workbench[cluster]'"
COLUMNS = ("input", "document_id", "uri", "title", "published", "language", "claim_id",
           "text", "start", "end", "kinds", "checkworthiness", "checkworthy", "status",
           "rating", "confidence", "verdicts")


def claim_rows(name: str, entry: Record) -> list[Record]:
    """The rows of one checked document: a row per claim, its best verdict in ``rating``
    and ``confidence``, every verdict in ``verdicts``."""
    document = entry["document"]
    rows = []
    for claim in entry["claims"]:
        verdict = best_verdict(claim)
        rows.append({
            "input": name, "document_id": document["id"], "uri": document["uri"],
            "title": document.get("title"), "published": document.get("published"),
            "language": (document.get("metadata") or {}).get("language"),
            "claim_id": claim["id"], "text": claim["text"],
            "start": claim["span"]["start"], "end": claim["span"]["end"],
            "kinds": claim["kinds"], "checkworthiness": claim["checkworthiness"],
            "checkworthy": claim["checkworthy"], "status": claim["status"],
            "rating": verdict["rating"] if verdict else None,
            "confidence": verdict["confidence"] if verdict else None,
            "verdicts": claim["verdicts"],
        })
    return rows


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InputError("--format parquet", f"needs pyarrow: {EXTRA}") from None
    return pyarrow, pyarrow.parquet


def parquet_schema(pyarrow: Any) -> Any:
    """The Parquet columns (``verdicts`` as JSON text: verdicts vary in shape)."""
    string, number = pyarrow.string(), pyarrow.int64()
    return pyarrow.schema([
        ("input", string), ("document_id", string), ("uri", string), ("title", string),
        ("published", string), ("language", string), ("claim_id", string),
        ("text", string), ("start", number), ("end", number),
        ("kinds", pyarrow.list_(string)), ("checkworthiness", pyarrow.float64()),
        ("checkworthy", pyarrow.bool_()), ("status", string), ("rating", string),
        ("confidence", pyarrow.float64()), ("verdicts", string)])


def _jsonl(rows: list[Record]) -> bytes:
    return b"".join(orjson.dumps(row) + b"\n" for row in rows)


def _parquet_table(rows: list[Record]) -> Any:
    pyarrow, _ = _pyarrow()
    for row in rows:
        row["verdicts"] = orjson.dumps(row["verdicts"]).decode()
    return pyarrow.Table.from_pylist(rows, schema=parquet_schema(pyarrow))


class ClaimTable:
    """Where a run's claim rows go, and its manifest (see the module's documentation)."""

    def __init__(self, format_name: str, output: str | None, shard_documents: int,
                 manifest: Record) -> None:
        self.format = format_name
        self.output = output
        self.shard_documents = shard_documents
        self.manifest = manifest
        self.folder: Path | None = None
        self.done: frozenset[str] = frozenset()  # inputs of complete shards (--resume)
        self.buffer: list[Record] = []
        self.buffered: list[str] = []
        self.stream: BinaryIO | None = None
        self.writer: Any = None
        self.pending: list[Record] = []

    # ---- where the rows go ----------------------------------------------------------

    def _open_folder(self, folder: Path, given: str, resume: bool) -> None:
        if not folder.exists():
            if resume:
                raise InputError(given, "no earlier run here to resume")
            if not folder.parent.is_dir():
                raise InputError(given, f"folder {folder.parent} does not exist")
            folder.mkdir()
        manifest_path = folder / MANIFEST
        shards = sorted(folder.glob(f"part-*.{self.format}"))
        if resume:
            try:
                earlier = json.loads(manifest_path.read_text(encoding="utf-8"))
                listed = earlier["shards"]
                done = {name for shard in listed for name in shard["documents"]}
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise InputError(given, f"no readable {MANIFEST} of an earlier run to "
                                 f"resume ({error})") from None
            if earlier.get("format") != self.format:
                raise InputError(given, f"holds {earlier.get('format')} shards, not "
                                 f"{self.format}: resume with --format "
                                 f"{earlier.get('format')}")
            kept = {shard["file"] for shard in listed}
            for leftover in shards:  # written by a run killed before its manifest said so
                if leftover.name not in kept:
                    leftover.unlink()
            self.manifest["shards"] = listed
            self.manifest["started"] = earlier.get("started", self.manifest["started"])
            self.manifest["resumed"] = [*earlier.get("resumed", []), now()]
            self.done = frozenset(done)
        elif manifest_path.exists() or shards:
            raise InputError(given, "holds the results of an earlier run: continue it with "
                                    "--resume, or write to an empty folder")
        self.folder = folder

    @classmethod
    @contextmanager
    def opened(cls, format_name: str, output: str | None, given: str | None,
               inputs: Sequence[str], plugins: dict[str, str | None], resume: bool = False,
               shard_documents: int = DEFAULT_SHARD_DOCUMENTS) -> Iterator[ClaimTable]:
        """The table for ``--format format_name --output output``; the rows written go
        nowhere unless :meth:`complete` is called before the block ends."""
        if format_name == "parquet":
            _pyarrow()
        manifest: Record = {
            "workbench": __version__, "format": format_name, "started": now(),
            "inputs": list(inputs), "plugins": plugins, "shards": [], "complete": False,
            "finished": None}
        table = cls(format_name, output, shard_documents, manifest)
        to_stdout = output in (None, "-")
        name = given or "-"
        if to_stdout and format_name == "parquet":
            raise InputError("--format parquet", "needs --output FILE or --output FOLDER/")
        folder = None if to_stdout else Path(str(output))
        if folder is not None and (folder.is_dir() or name.endswith(("/", os.sep))):
            table._open_folder(folder, name, resume)
            yield table
            return
        if resume:
            raise InputError("--resume", "continues a run written to a folder of shards "
                                         "(--output FOLDER/)")
        with ExitStack() as stack:
            table.stream = stack.enter_context(open_atomic(output))
            if format_name == "parquet":
                _, parquet = _pyarrow()
                table.writer = parquet.ParquetWriter(table.stream,
                                                     parquet_schema(_pyarrow()[0]))
                stack.callback(table.writer.close)
            yield table
        if table.manifest["finished"] and not to_stdout:  # the file is in place: say so
            table._write_manifest()

    # ---- writing --------------------------------------------------------------------

    def add(self, name: str, entry: Record) -> None:
        """Write (or buffer) the rows of one checked document."""
        rows = claim_rows(name, entry)
        self.manifest.setdefault("counts", {"documents": 0, "claims": 0})
        if self.folder is not None:
            self.buffer.extend(rows)
            self.buffered.append(name)
            if len(self.buffered) >= self.shard_documents:
                self._write_shard()
            return
        if self.writer is None:
            assert self.stream is not None
            self.stream.write(_jsonl(rows))
        else:
            self.pending.extend(rows)
            if len(self.pending) >= ROW_GROUP:
                self.writer.write_table(_parquet_table(self.pending))
                self.pending = []
        self._count(1, len(rows))

    def _count(self, documents: int, claims: int) -> None:
        counts = self.manifest.setdefault("counts", {"documents": 0, "claims": 0})
        counts["documents"] += documents
        counts["claims"] += claims

    def _write_shard(self) -> None:
        """Write the buffered documents' shard atomically, then the manifest naming it."""
        assert self.folder is not None
        number = len(self.manifest["shards"])
        path = self.folder / f"part-{number:05d}.{self.format}"
        with open_atomic(str(path)) as stream:
            if self.format == "jsonl":
                stream.write(_jsonl(self.buffer))
            else:
                _, parquet = _pyarrow()
                parquet.write_table(_parquet_table(self.buffer), stream)
        self.manifest["shards"].append({"file": path.name, "rows": len(self.buffer),
                                        "documents": self.buffered})
        self._count(len(self.buffered), len(self.buffer))
        self.buffer, self.buffered = [], []
        self._write_manifest()

    def _write_manifest(self) -> None:
        self.manifest["updated"] = now()
        target = (self.folder / MANIFEST if self.folder is not None
                  else Path(f"{self.output}.manifest.json"))
        write_atomic(json.dumps(self.manifest, indent=2, ensure_ascii=False) + "\n",
                     str(target))

    def complete(self, failures: list[Record], input_errors: list[InputError],
                 unchecked: list[str]) -> None:
        """Write what is left and the final manifest (``complete`` when every document
        was checked): the run ended without being stopped."""
        if self.folder is not None:
            if self.buffered:
                self._write_shard()
            shards = self.manifest["shards"]
            self.manifest["counts"] = {
                "documents": sum(len(shard["documents"]) for shard in shards),
                "claims": sum(shard["rows"] for shard in shards)}
        elif self.writer is not None and self.pending:
            self.writer.write_table(_parquet_table(self.pending))
        counts = self.manifest.setdefault("counts", {"documents": 0, "claims": 0})
        counts.update(failures=len(failures), input_errors=len(input_errors),
                      not_checked=len(unchecked))
        self.manifest["failures"] = failures
        self.manifest["input_errors"] = [{"input": error.name, "error": error.problem}
                                         for error in input_errors]
        self.manifest["not_checked"] = unchecked
        self.manifest["complete"] = not input_errors and not unchecked
        self.manifest["finished"] = now()
        if self.folder is not None:
            self._write_manifest()
