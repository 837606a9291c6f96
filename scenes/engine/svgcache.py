"""A cache of parsed SVGs shared by render processes, in a format that cannot run code.

Every ``Text`` and ``MathTex`` is an SVG that Manim parses into glyph outlines, which takes
50-200 ms each; a lecture makes a hundred of them and every render process starts from
nothing. With ``$MLV_SVG_CACHE`` set (the render CLI sets it), the parsed result of
``SVGMobject.generate_mobject`` is stored under a key made of the SVG file's *content*, the
mobject class, its SVG style defaults and path settings and Manim's version, and later
processes load it instead of parsing. Same input, same outlines; a changed SVG, font or Manim
is a different key.

An entry (``<key>.svgc``) is data only: a JSON document of the mobjects' attributes (numbers,
strings, lists, tagged references) and the NumPy arrays they hold as raw little-endian numbers
(numeric dtypes only), preceded by a magic line and the SHA-256 of the rest. Loading checks
the hash, reads JSON and numbers, and builds only the classes of an allow-list
(:data:`CLASSES`: Manim's SVG path, group, line, rectangle, circle... and ``ManimColor``);
nothing is unpickled or imported by name from the file, so a crafted entry can at worst
draw a wrong glyph, and then only with a valid hash, i.e. if written that way on purpose by
someone who can already change this project's files. A damaged or unreadable entry is parsed
again and rewritten. Files are written under a temporary name and renamed, so a process never
reads half a file. An SVG whose parsed mobjects hold anything else is not cached (parsed each
time, as without the cache).

Each glyph's svgelements ``Path`` (``path_obj``, which Manim reads only while making the
glyph's points) is kept as its ``d`` string and parsed again only if something asks for it
(:class:`LazyPath`): parsing it is what the cache saves.

:func:`generate_mobject` replaces Manim's method; :mod:`scenes.engine.patches` installs it
(and says why no subclass could do this).
"""
from __future__ import annotations

import enum
import hashlib
import json
import math
import os
import struct
from importlib.metadata import version
from pathlib import Path

import numpy as np
from manim.constants import RIGHT
from manim.mobject.svg.svg_mobject import SVGMobject

__all__ = ["generate_mobject", "ENV", "SUFFIX", "encode", "decode", "CacheError", "LazyPath",
           "CLASSES"]

ENV = "MLV_SVG_CACHE"
SUFFIX = ".svgc"
MAGIC = b"MLV-SVG-CACHE 2\n"
_parse = SVGMobject.__dict__["generate_mobject"]  # Manim's own, whatever is installed later
_MANIM = version("manim")
_DTYPES = {"<f8", "<f4", "<i8", "<i4", "<i2", "|i1", "<u8", "<u4", "<u2", "|u1", "|b1"}


class CacheError(ValueError):
    """An entry that is not a sound cache entry (damaged, another format, unknown class)."""


def _classes() -> dict[str, type]:
    from manim import ManimColor
    from manim.constants import CapStyleType, LineJointType
    from manim.mobject.geometry import arc, line, polygram
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
    from manim.mobject.types.vectorized_mobject import VGroup, VMobject
    found = [VMobjectFromSVGPath, VMobject, VGroup, ManimColor, LineJointType, CapStyleType,
             line.Line, polygram.Polygram, polygram.Polygon, polygram.Rectangle,
             polygram.RoundedRectangle, arc.Arc, arc.Circle, arc.Ellipse]
    return {f"{c.__module__}.{c.__qualname__}": c for c in found}


#: the only classes an entry can make ("module.qualname" -> class)
CLASSES = _classes()
_NAMES = {c: n for n, c in CLASSES.items()}
_COLOR = CLASSES["manim.utils.color.core.ManimColor"]


class LazyPath:
    """An svgelements ``Path`` kept as its ``d`` string, parsed on first use."""

    __slots__ = ("d", "_path")

    def __init__(self, d: str):
        self.d = d
        self._path = None

    def _get(self):
        if self._path is None:
            import svgelements as se
            self._path = se.Path(self.d)
        return self._path

    def __getattr__(self, name):
        if name in LazyPath.__slots__:
            raise AttributeError(name)
        return getattr(self._get(), name)

    def __iter__(self):
        return iter(self._get())

    def __len__(self):
        return len(self._get())

    def __deepcopy__(self, memo):  # never changed after the glyph is made: shared by copies
        return self


class _Unsupported(Exception):
    pass


def _varies(x) -> bool:
    """An encoded value that holds arrays, mobjects or paths (kept per mobject; the rest of a
    mobject's attributes is usually the same for every glyph, and stored once)."""
    if type(x) is list:
        return any(_varies(y) for y in x)
    if type(x) is dict:
        (tag, y), = x.items()
        return tag in ("A", "M", "P") or (tag in ("D", "T", "C") and _varies(y))
    return False


# -- encoding -----------------------------------------------------------------------------------
class _Encoder:
    def __init__(self):
        self.mobs: list = []
        self.protos: dict[str, int] = {}     # the attributes many mobjects share, as JSON
        self.index: dict[int, int] = {}
        self.blob = bytearray()
        self.arrays: dict[tuple, int] = {}   # (dtype, shape, bytes) -> offset (deduplicated)

    def array(self, a: np.ndarray):
        a = np.ascontiguousarray(a)
        dt = a.dtype.newbyteorder("<") if a.dtype.byteorder == ">" else a.dtype
        a = a.astype(dt, copy=False)
        if dt.str not in _DTYPES:
            raise _Unsupported(f"array of {dt}")
        data = a.tobytes()
        k = (dt.str, a.shape, data)
        off = self.arrays.get(k)
        if off is None:
            off = self.arrays[k] = len(self.blob)
            self.blob += data
        return {"A": [dt.str, list(a.shape), off]}

    def mob(self, m) -> int:
        i = self.index.get(id(m))
        if i is None:
            if type(m) not in _NAMES:
                raise _Unsupported(type(m).__qualname__)
            i = self.index[id(m)] = len(self.mobs)
            self.mobs.append(None)
            own, shared = [], []
            for k, v in vars(m).items():
                if type(k) is not str:
                    raise _Unsupported("attribute name")
                x = self.value(v)
                (own if _varies(x) else shared).append([k, x])
            key = json.dumps(shared, separators=(",", ":"))
            proto = self.protos.setdefault(key, len(self.protos))
            self.mobs[i] = [_NAMES[type(m)], proto, own]
        return i

    def value(self, v):
        from manim.mobject.mobject import Mobject
        if v is None or isinstance(v, (bool, int, float, str)) and type(v) in (
                bool, int, float, str):
            return v
        if isinstance(v, list) and type(v) is list:
            return [self.value(x) for x in v]
        if type(v) is tuple:
            return {"T": [self.value(x) for x in v]}
        if type(v) is dict:
            if not all(type(k) is str for k in v):
                raise _Unsupported("dict with non-string keys")
            return {"D": [[k, self.value(x)] for k, x in v.items()]}
        if isinstance(v, np.ndarray):
            return self.array(v)
        if isinstance(v, np.generic) and v.dtype.str in _DTYPES:
            return {"N": [v.dtype.str, v.item()]}
        if isinstance(v, Mobject):
            return {"M": self.mob(v)}
        if type(v) is _COLOR:
            return {"C": self.value(vars(v))}
        if isinstance(v, enum.Enum) and type(v) in _NAMES:
            return {"E": [_NAMES[type(v)], v.value]}
        if isinstance(v, LazyPath):
            return {"P": v.d}
        if type(v).__module__.startswith("svgelements") and type(v).__name__ == "Path":
            return {"P": v.d()}
        if isinstance(v, Path):
            return {"F": str(v)}
        raise _Unsupported(type(v).__qualname__)


def encode(submobjects: list, groups: dict) -> bytes | None:
    """An entry for a parsed SVG (its submobjects and ``id_to_vgroup_dict``), or None when
    they hold something the format does not carry."""
    enc = _Encoder()
    try:
        doc = {"manim": _MANIM, "submobjects": [enc.mob(m) for m in submobjects],
               "groups": [[k, enc.mob(g)] for k, g in groups.items()], "mobs": enc.mobs}
        doc["protos"] = [json.loads(k) for k in enc.protos]
    except (_Unsupported, RecursionError):
        return None
    head = json.dumps(doc, separators=(",", ":"), allow_nan=True).encode()
    body = struct.pack("<Q", len(head)) + head + bytes(enc.blob)
    return MAGIC + hashlib.sha256(body).digest() + body


# -- decoding -----------------------------------------------------------------------------------
def decode(data: bytes) -> tuple[list, dict]:
    """(submobjects, id_to_vgroup_dict) from an entry; :class:`CacheError` if it is not a
    sound one."""
    n = len(MAGIC)
    if data[:n] != MAGIC or len(data) < n + 40:
        raise CacheError("not a cache entry of this format")
    digest, body = data[n:n + 32], memoryview(data)[n + 32:]
    if hashlib.sha256(body).digest() != digest:
        raise CacheError("content does not match its hash")
    (size,) = struct.unpack("<Q", body[:8])
    try:
        doc = json.loads(bytes(body[8:8 + size]))
    except ValueError as err:
        raise CacheError(f"unreadable: {err}") from None
    blob = body[8 + size:]
    try:
        return _Decoder(doc, blob).run()
    except CacheError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as err:
        raise CacheError(f"malformed: {type(err).__name__}: {err}") from None


def _immutable(v) -> bool:
    if v is None or type(v) in (bool, int, float, str) or isinstance(v, (enum.Enum, Path,
                                                                         np.generic)):
        return True
    return type(v) is tuple and all(_immutable(x) for x in v)


def _copy(v):
    if type(v) is list:
        return [x if _immutable(x) else _copy(x) for x in v]
    if type(v) is dict:
        return {k: x if _immutable(x) else _copy(x) for k, x in v.items()}
    if type(v) is tuple:
        return tuple(x if _immutable(x) else _copy(x) for x in v)
    if type(v) is _COLOR:
        c = _COLOR.__new__(_COLOR)
        c.__dict__.update(_copy(v.__dict__))
        return c
    if isinstance(v, np.ndarray):
        return v.copy()
    return v  # mobjects are never shared attributes: only per-mobject ("own") values are


class _Decoder:
    def __init__(self, doc: dict, blob: memoryview):
        self.doc, self.blob = doc, blob
        self.mobs: list = []

    def run(self) -> tuple[list, dict]:
        specs = self.doc["mobs"]
        for name, _, _ in specs:  # objects first: references may point forward
            cls = CLASSES.get(name)
            if cls is None or issubclass(cls, enum.Enum) or cls is _COLOR:
                raise CacheError(f"class {name!r} is not allowed")
            self.mobs.append(cls.__new__(cls))
        protos = []
        for pairs in self.doc["protos"]:  # decoded once; mutable values copied per mobject
            values = {str(k): self.value(v) for k, v in pairs}
            mutable = [k for k, v in values.items() if not _immutable(v)]
            protos.append((values, mutable))
        for m, (_, proto, own) in zip(self.mobs, specs):
            values, mutable = protos[proto]
            attrs = dict(values)
            for k in mutable:
                attrs[k] = _copy(values[k])
            for k, v in own:
                attrs[str(k)] = self.value(v)
            m.__dict__.update(attrs)
        subs = [self.mobs[i] for i in self.doc["submobjects"]]
        groups = {k: self.mobs[i] for k, i in self.doc["groups"]}
        if not isinstance(groups, dict) or not all(type(k) is str for k in groups):
            raise CacheError("malformed groups")
        return subs, groups

    def value(self, v):
        if type(v) is list:
            return [self.value(x) for x in v]
        if type(v) is not dict:
            return v
        (tag, x), = v.items()
        if tag == "D":
            return {str(k): self.value(y) for k, y in x}
        if tag == "A":
            dt, shape, off = x
            if dt not in _DTYPES:
                raise CacheError(f"dtype {dt!r} is not allowed")
            dtype = np.dtype(dt)
            count = math.prod(int(n) for n in shape)
            if off < 0 or off + count * dtype.itemsize > len(self.blob):
                raise CacheError("array out of bounds")
            return np.frombuffer(self.blob, dtype, count, off).reshape(shape).copy()
        if tag == "M":
            return self.mobs[x]
        if tag == "T":
            return tuple(self.value(y) for y in x)
        if tag == "N":
            if x[0] not in _DTYPES:
                raise CacheError(f"dtype {x[0]!r} is not allowed")
            return np.dtype(x[0]).type(x[1])
        if tag == "C":
            c = _COLOR.__new__(_COLOR)
            c.__dict__.update(self.value(x))
            return c
        if tag == "E":
            cls = CLASSES.get(x[0])
            if cls is None or not issubclass(cls, enum.Enum):
                raise CacheError(f"enum {x[0]!r} is not allowed")
            return cls(x[1])
        if tag == "P":
            return LazyPath(str(x))
        if tag == "F":
            return Path(x)
        raise CacheError(f"unknown tag {tag!r}")


# -- the patch ----------------------------------------------------------------------------------
def _key(mob: SVGMobject, data: bytes) -> str:
    h = hashlib.sha256()
    h.update(repr((type(mob).__module__, type(mob).__qualname__, _MANIM,
                   sorted(mob.svg_default.items()),
                   sorted((mob.path_string_config or {}).items()))).encode())
    h.update(data)
    return h.hexdigest()[:40]


def generate_mobject(self: SVGMobject) -> SVGMobject:
    """``SVGMobject.generate_mobject`` through the cache (Manim's own without
    ``$MLV_SVG_CACHE``)."""
    folder = os.environ.get(ENV)
    if not folder:
        return _parse(self)
    try:
        key = _key(self, self.get_file_path().read_bytes())
    except (OSError, ValueError, TypeError):
        return _parse(self)
    entry = Path(folder) / f"{key}{SUFFIX}"
    try:
        submobjects, groups = decode(entry.read_bytes())
    except (OSError, CacheError, RecursionError, MemoryError):
        # missing, damaged or not ours: parse, and store (replacing a bad entry)
        _parse(self)
        _store(entry, self.submobjects, self.id_to_vgroup_dict)
        return self
    self.add(*submobjects)
    self.id_to_vgroup_dict = groups
    # Manim's parse ends with self.flip(RIGHT): the stored points are flipped already; the
    # mobject's own sheen direction turns with the flip as it would have
    self.rotate_sheen_direction(np.pi, RIGHT, family=False)
    return self


def _store(entry: Path, submobjects: list, groups: dict) -> None:
    data = encode(submobjects, groups)
    if data is None:
        return
    tmp = entry.with_name(f".{entry.name}.tmp{os.getpid()}")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, entry)
    except OSError:
        pass  # a cache that cannot be written is only slower
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass
