"""Read the data frames of an R data file (``.rda``/``.RData``; stdlib only, offline).

Enough of R's serialization format (XDR, versions 2 and 3) for data files holding data
frames of numbers, strings and logicals: the build reads two such files (the Gapminder
country list in ``dcl-docs/dcldata`` and the treaty memberships in
``globalgov/manytreaties``). Closures, environments and byte code are not supported and
fail loudly. Reference: R Internals, "Serialization Formats".
"""

import bz2
import gzip
import lzma
import math
import struct

NA_INT = -(2**31)
NIL, SYM, LIST, CLOS, ENV, LANG, CHAR = 254, 1, 2, 3, 4, 6, 9
LGL, INT, REAL, CPLX, STR, VEC, EXPR, RAW, S4 = 10, 13, 14, 15, 16, 19, 20, 24, 25
REF, GLOBALENV, EMPTYENV, BASEENV, MISSINGARG, BASENAMESPACE = 255, 253, 242, 241, 251, 247
ALTREP, ATTRLIST, ATTRLANG = 238, 239, 240
SPECIAL_ENVS = {GLOBALENV, EMPTYENV, BASEENV, MISSINGARG, BASENAMESPACE, NIL}


class RObject:
    """An R value: ``value`` (a list for vectors, a dict for pairlists) and ``attrs``."""

    def __init__(self, kind, value, attrs=None):
        self.kind, self.value, self.attrs = kind, value, attrs or {}

    def attr(self, name):
        """The attribute ``name`` as a plain list (or None)."""
        found = self.attrs.get(name)
        return found.value if isinstance(found, RObject) else found


def _open(path):
    with open(path, "rb") as handle:
        head = handle.read(6)
    if head[:2] == b"\x1f\x8b":
        return gzip.open(path, "rb").read()
    if head[:3] == b"BZh":
        return bz2.open(path, "rb").read()
    if head[:6] == b"\xfd7zXZ\x00":
        return lzma.open(path, "rb").read()
    return open(path, "rb").read()


class _Reader:
    def __init__(self, data):
        self.data, self.pos, self.refs = data, 0, []

    def int(self):
        (value,) = struct.unpack_from(">i", self.data, self.pos)
        self.pos += 4
        return value

    def bytes(self, n):
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def length(self):
        n = self.int()
        return (self.int() << 32) + self.int() if n == -1 else n

    def item(self):
        flags = self.int()
        kind = flags & 0xFF
        has_attr, has_tag = bool(flags & (1 << 9)), bool(flags & (1 << 10))
        if kind in SPECIAL_ENVS:
            return None
        if kind == REF:
            index = flags >> 8 or self.int()
            return self.refs[index - 1]
        if kind == SYM:
            name = self.item()
            self.refs.append(name)
            return name
        if kind in (LIST, LANG, ATTRLIST, ATTRLANG):
            return self._pairlist(kind, has_attr, has_tag)
        if kind == CHAR:
            n = self.int()
            return None if n == -1 else self.bytes(n).decode("utf-8", "replace")
        if kind in (LGL, INT):
            n = self.length()
            values = [None if v == NA_INT else v for v in struct.unpack_from(f">{n}i", self.data,
                                                                                self.pos)]
            self.pos += 4 * n
            return self._with_attrs(kind, values, has_attr)
        if kind == REAL:
            n = self.length()
            values = [None if math.isnan(v) else v
                      for v in struct.unpack_from(f">{n}d", self.data, self.pos)]
            self.pos += 8 * n
            return self._with_attrs(kind, values, has_attr)
        if kind in (STR, VEC, EXPR):
            n = self.length()
            return self._with_attrs(kind, [self.item() for _ in range(n)], has_attr)
        if kind == RAW:
            return self._with_attrs(kind, self.bytes(self.length()), has_attr)
        if kind == ALTREP:
            info, state, attrs = self.item(), self.item(), self.item()
            return self._altrep(info, state, attrs)
        raise ValueError(f"R type {kind} is not supported by this reader")

    def _with_attrs(self, kind, value, has_attr):
        attrs = self._attrs() if has_attr else {}
        return RObject(kind, value, attrs)

    def _attrs(self):
        found = self.item()
        return found.value if isinstance(found, RObject) else {}

    def _pairlist(self, kind, has_attr, has_tag):
        attrs = self._attrs() if has_attr else {}
        tag = self.item() if has_tag else None
        car = self.item()
        values = {tag if tag is not None else f"_{0}": car}
        cdr = self.item()
        if isinstance(cdr, RObject) and cdr.kind == LIST:
            for key, value in cdr.value.items():
                values[key if key not in values else f"_{len(values)}"] = value
        return RObject(LIST, values, attrs)

    def _altrep(self, info, state, attrs):
        name = next(iter(info.value.values())) if isinstance(info, RObject) else ""
        if name in ("compact_intseq", "compact_realseq"):
            n, start, step = (int(x) for x in state.value)
            value = [start + i * step for i in range(n)]
        elif name.startswith("wrap_") or name == "deferred_string":
            inner = state.value.get("_0") if isinstance(state.value, dict) else state
            value = inner.value if isinstance(inner, RObject) else inner
        else:
            raise ValueError(f"ALTREP class {name!r} is not supported by this reader")
        return RObject(INT, value, attrs.value if isinstance(attrs, RObject) else {})


def read_rda(path):
    """The named objects of an ``.rda`` file: ``{name: RObject}``."""
    data = _open(path)
    if data[:5] not in (b"RDX2\n", b"RDX3\n") or data[5:7] != b"X\n":
        raise ValueError(f"{path}: not an XDR R data file")
    reader = _Reader(data[7:])
    version = reader.int()
    reader.int(), reader.int()  # R version that wrote it, oldest R that reads it
    if version == 3:
        reader.bytes(reader.int())  # native encoding
    top = reader.item()
    return dict(top.value) if isinstance(top, RObject) else {}


def data_frame(obj):
    """A data frame's rows as dicts of plain values (factors as their labels)."""
    names = obj.attr("names")
    columns = []
    for column in obj.value:
        levels = column.attr("levels")
        if levels is not None:
            columns.append([None if v is None else levels[v - 1] for v in column.value])
        else:
            columns.append(column.value)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def frames(obj):
    """A list of data frames (an R named list) as ``{name: rows}``."""
    return {name: data_frame(item)
            for name, item in zip(obj.attr("names"), obj.value, strict=True)}
