"""Strict YAML loading: plain data, every value's location, and no YAML 1.1 surprises.

PyYAML's own loaders keep the last of two duplicate keys, read ``yes`` as true,
``19:00`` as 1140, ``010`` as 8 and ``350.10`` as a float, expand aliases without
limit and report bad bytes by offset.  This loader works on the parser's event
stream instead, so it sees each scalar as written and where it was written.
"""

from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.resolver import Resolver

from .errors import INVISIBLE, CatalogueError, CatalogueInvalid, Location, character_name

#: A catalogue is typed by hand; anything near this size is a mistake.
MAX_BYTES = 1024 * 1024
#: Deeper than any catalogue needs, shallow enough to stay far from recursion limits.
MAX_DEPTH = 32

#: Where in the data a value sits: mapping keys and sequence indexes from the root.
DataPath = tuple[str | int, ...]

_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
_SCALAR_TAGS = _CORE_TAGS | {"!"}
_RESOLVER = Resolver()
_TAG_STR = "tag:yaml.org,2002:str"
#: The first characters of the scalars YAML 1.1 may type as other than text.
_IMPLICIT = frozenset(Resolver.yaml_implicit_resolvers)

_Parser: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # SafeLoader: without libyaml


#: A line break, as editors and the parser count them (the others YAML knows, U+0085,
#: U+2028 and U+2029, are refused: `_UNREADABLE`).
_BREAK = re.compile("\r\n?|\n")
#: Characters refused anywhere in a file, before it is parsed: the control characters
#: YAML does not read (NUL among them), the line breaks YAML counts but editors do not
#: show, a byte order mark past the start, and U+FFFE and U+FFFF.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


@functools.lru_cache(maxsize=8)
def _line_starts(text: str) -> array[int]:
    """Where each line of a text starts: found once a location is asked of it."""
    return array("i", [0, *(match.end() for match in _BREAK.finditer(text))])


def _position(text: str, offset: int) -> tuple[int, int]:
    """The line and column (from 1) of an offset in a text."""
    line = bisect.bisect_right(_line_starts(text), offset)
    return line, offset - _line_starts(text)[line - 1] + 1


class Document(NamedTuple):
    """Loaded data with the position of every value and every mapping key.

    Positions are kept by container, not by path: for each non-empty list, the positions
    of its items; for each non-empty mapping, of each key and its value, in order. Each is
    an offset in ``text``, made a line and a column only for a message: about 500 bytes
    an offering, where a location object for each value took ten times that.

    A document of several files merged (`validate.merge`) has no positions of its own:
    its ``sources`` say where each of its entries comes from, and its values are located
    there.
    """

    path: str
    data: Any
    #: By ``id()`` of a container of ``data``: its items' offsets in ``text``.
    positions: dict[int, array[int]]
    root: int = 0
    #: For a merged document: a data path (of one or two steps) -> the document and the
    #: data path there of the value it comes from.
    sources: dict[DataPath, tuple[Document, DataPath]] | None = None
    #: Whether every key and value is printable text (`str.isprintable`: no control,
    #: format or separator character but the space) that shows (`errors.INVISIBLE`).
    printable: bool = False
    #: The file's text, where the positions are offsets.
    text: str = ""

    def _location(self, offset: int) -> Location:
        return Location(self.path, *_position(self.text, offset))

    def _find(self, data_path: DataPath, *, key: bool = False) -> tuple[int, int]:
        """How many steps of a data path exist, and the position of the last value found
        (with ``key``, of the key naming the last step, if that step exists)."""
        found, container = self.root, self.data
        for depth, step in enumerate(data_path):
            items = self.positions.get(id(container))
            if items is None:
                return depth, found
            if isinstance(container, list):
                if not isinstance(step, int) or not 0 <= step < len(container):
                    return depth, found
                index = step
            elif isinstance(container, dict) and isinstance(step, str) and step in container:
                index = 2 * list(container).index(step) + 1  # (errors only: a linear search)
                if key and depth == len(data_path) - 1:
                    return depth + 1, items[index - 1]
            else:
                return depth, found
            found, container = items[index], container[step]
        return len(data_path), found

    def _origin(self, data_path: DataPath) -> tuple[Document, DataPath] | None:
        assert self.sources is not None
        for end in (2, 1):
            if (origin := self.sources.get(data_path[:end])) is not None:
                document, prefix = origin
                return document, (*prefix, *data_path[end:])
        return None

    def locate(self, data_path: DataPath) -> Location:
        """The location of a value, or of the nearest enclosing value that has one."""
        if self.sources is not None:
            if (source := self._origin(data_path)) is not None:
                return source[0].locate(source[1])
            document, prefix = self.sources[()]
            return document.locate(prefix)
        return self._location(self._find(data_path)[1])

    def locate_key(self, data_path: DataPath) -> Location:
        """The location of the key that names a value, else of the value itself."""
        if self.sources is not None:
            if (source := self._origin(data_path)) is not None:
                return source[0].locate_key(source[1])
            return self.locate(data_path)
        return self._location(self._find(data_path, key=True)[1])

    def written(self, data_path: DataPath) -> bool:
        """Whether the value at a data path is written in its file (not filled in)."""
        if self.sources is not None:
            source = self._origin(data_path)
            return source is not None and source[0].written(source[1])
        try:
            self.value(data_path)
        except (KeyError, IndexError, TypeError):
            return False
        return True

    def value(self, data_path: DataPath) -> Any:
        """The value at a data path; KeyError, IndexError or TypeError where there is none."""
        value = self.data
        for step in data_path:
            value = value[step]
        return value


def _invalid(path: str, message: str, line: int = 1, column: int = 1) -> CatalogueInvalid:
    return CatalogueInvalid([CatalogueError(Location(path, line, column), message)])


_AWAITING_KEY = object()  # a mapping's frame between a value and the next key
_IN_LIST = object()  # a list's frame
_UNSEEN = object()
#: Plain scalars as typed, remembered by text: a catalogue repeats most of its words.
_TYPED_CACHE = 4096


class _Builder:
    """Builds plain data and its positions from parser events, without recursion."""

    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text
        self.positions: dict[int, array[int]] = {}
        self.root = 0
        self.typed: dict[str, Any] = {}
        self.printable = True

    def fail(self, mark: Any, message: str) -> CatalogueInvalid:
        return _invalid(self.path, message, mark.line + 1, mark.column + 1)

    def build(self, next_event: Callable[[], Any]) -> Any:
        # The open container, its items' positions and its pending key (_IN_LIST for a
        # list, _AWAITING_KEY for a mapping awaiting a key); those enclosing it, stacked.
        container: Any = None
        items: array[int] = array("i")
        key: Any = None
        stack: list[tuple[Any, array[int], Any]] = []
        root: Any = None
        documents = 0
        typed = self.typed.get
        scalar, mapping_start, sequence_start = (
            yaml.ScalarEvent,
            yaml.MappingStartEvent,
            yaml.SequenceStartEvent,
        )
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar:
                mark = event.start_mark
                value = event.value
                if not value.isprintable():
                    self.printable = False
                if event.tag is not None or event.anchor is not None:
                    value = self.scalar(event)
                elif event.implicit[0]:  # plain, not quoted: typed by the strict rules
                    if (found := typed(value, _UNSEEN)) is _UNSEEN:
                        found = self.scalar(event)
                    value = found
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                self.check_event(event, _CORE_TAGS)
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(mark, f"nesting is deeper than {MAX_DEPTH} levels")
                if container is None:
                    self.root = mark.index
                elif key is _AWAITING_KEY:
                    raise self.fail(mark, "a key is a list or a mapping: keys must be names")
                else:
                    items.append(mark.index)
                stack.append((container, items, key))
                is_list = kind is sequence_start
                container, items = ([] if is_list else {}), array("i")
                key = _IN_LIST if is_list else _AWAITING_KEY
                continue
            elif kind is mapping_end or kind is sequence_end:
                value = container
                if items:
                    self.positions[id(value)] = items
                container, items, key = stack.pop()
                if container is None:
                    root = value
                elif key is _IN_LIST:
                    container.append(value)
                else:
                    container[key] = value
                    key = _AWAITING_KEY
                continue
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(
                        event.start_mark, "only one YAML document is allowed (remove '---')"
                    )
                continue
            elif kind is yaml.StreamEndEvent or event is None:
                return root
            elif kind is yaml.AliasEvent:
                raise self.fail(
                    event.start_mark, "aliases (*name) are not allowed: write the value out"
                )
            else:  # the start of the stream, the end of the document
                continue
            offset = mark.index
            if container is None:
                self.root, root = offset, value
            elif key is _IN_LIST:
                items.append(offset)
                container.append(value)
            elif key is _AWAITING_KEY:
                if not isinstance(value, str):
                    raise self.fail(mark, f"the key {value!r} is not text: keys must be names")
                if value in container:
                    line, column = _position(self.text, items[2 * list(container).index(value)])
                    raise self.fail(
                        mark,
                        f"duplicate key {value!r}; it is first set at line {line}, "
                        f"column {column}: keep one",
                    )
                items.append(offset)
                key = value
            else:
                items.append(offset)
                container[key] = value
                key = _AWAITING_KEY

    def check_event(self, event: Any, allowed: frozenset[str]) -> None:
        if (anchor := event.anchor) is not None:
            raise self.fail(
                event.start_mark, f"anchors (&{anchor}) are not allowed: write each value out"
            )
        if event.tag is not None and event.tag not in allowed:
            message = f"the tag {event.tag!r} is not allowed: a catalogue holds plain data only"
            raise self.fail(event.start_mark, message)

    def scalar(self, event: Any) -> Any:
        """The value of a scalar, typed by the strict rules or rejected as ambiguous."""
        value: str = event.value
        self.check_event(event, _SCALAR_TAGS)
        if not event.implicit[0] or event.tag in ("!", _TAG_STR):
            return value  # quoted, block or explicitly text
        try:
            typed = self.plain(value, event.start_mark)
        except ValueError as exc:  # e.g. a numeral longer than Python converts
            message = f"{value[:20]!r}... cannot be read: {exc}"
            raise self.fail(event.start_mark, message) from None
        if len(self.typed) < _TYPED_CACHE:
            self.typed[value] = typed
        return typed

    def plain(self, value: str, mark: Any) -> Any:
        """A plain (unquoted) scalar's value."""
        if value[:1] not in _IMPLICIT:  # no implicit type starts so: text
            return value
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag == _TAG_STR:
            return value
        if tag == "tag:yaml.org,2002:null":
            return None
        quote = f'quote it ("{value}")'
        if tag == "tag:yaml.org,2002:bool":
            if value in ("true", "false"):
                return value == "true"
            raise self.fail(
                mark,
                f"{value!r} is ambiguous (YAML 1.1 reads it as a boolean): "
                f"write true or false, or {quote} for text",
            )
        if tag == "tag:yaml.org,2002:int" and _INTEGER.fullmatch(value):
            return int(value)
        if tag == "tag:yaml.org,2002:float" and _DECIMAL.fullmatch(value):
            return Decimal(value.removeprefix("-") if value.strip("-0.") == "" else value)
        if tag == "tag:yaml.org,2002:timestamp":
            return value  # dates stay text; the schema checks their form
        if tag == "tag:yaml.org,2002:merge":
            raise self.fail(mark, "merge keys (<<) are not allowed: write each key out")
        if ":" in value:
            hint = f"{quote}; YAML 1.1 reads it as a base-60 number"
        elif value.lstrip("-").startswith("0") and value.lstrip("-")[1:2].isdigit():
            hint = (
                f"write it without the leading zero, or {quote} for text; "
                "YAML 1.1 reads it as octal"
            )
        else:
            hint = f"write a plain decimal number (like 350 or 350.50), or {quote} for text"
        raise self.fail(mark, f"{value!r} is ambiguous: {hint}")


def _unreadable(character: str) -> str:
    if character == "\0":
        return "the file contains a NUL byte: it is not a text file"
    said = f"the file holds {character_name(character)}"
    if character in "\x85\u2028\u2029":
        return f"{said}, a line break YAML counts and editors do not show: use a line feed"
    if character == "\ufeff":
        return f"{said} (a byte order mark) past its start: remove it"
    return f"{said}, a character YAML does not read: remove it"


def load_text(text: str, path: str) -> Document:
    """Load catalogue text; raise `CatalogueInvalid` with a located error."""
    if found := _UNREADABLE.search(text):
        raise _invalid(path, _unreadable(found[0]), *_position(text, found.start()))
    builder = _Builder(path, text)
    parser = _Parser(text)
    try:
        data = builder.build(parser.get_event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "the YAML is malformed"
        if exc.problem and exc.context and exc.context_mark is not None:
            start = exc.context_mark
            problem += f" ({exc.context} at line {start.line + 1}, column {start.column + 1})"
        lines = text.splitlines()
        line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        if "\t" in line_text[: len(line_text) - len(line_text.lstrip())]:  # in the indent
            problem += "; YAML indents with spaces only: replace the tab with spaces"
        message = f"YAML syntax: {problem}"
        raise builder.fail(mark, message) if mark else _invalid(path, message) from None
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as exc:
        raise _invalid(path, f"the YAML cannot be read: {exc}") from None
    finally:
        parser.dispose()
    if data is None:
        raise _invalid(path, "the catalogue is empty")
    # an escape ("\u034f") can make a character that shows nothing, and is printable
    printable = builder.printable and "\\" not in text and not INVISIBLE.search(text)
    return Document(path, data, builder.positions, builder.root, printable=printable, text=text)


def load_file(path: str | Path) -> Document:
    """Read and load a catalogue file; every failure is a `CatalogueInvalid`."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise _invalid(name, f"cannot read the catalogue: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        limit = f"a catalogue may be at most {MAX_BYTES:,} bytes: split it into several catalogues"
        raise _invalid(name, f"the file is {len(raw):,} bytes; {limit}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        message = f"byte 0x{raw[exc.start]:02x} is not UTF-8: save the file as UTF-8"
        raise _invalid(name, message, *_position(good, len(good))) from None
    return load_text(text.removeprefix("\ufeff"), name)
