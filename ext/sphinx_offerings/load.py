"""Strict YAML loading: plain data, every value's location, and no YAML 1.1 surprises.

PyYAML's own loaders keep the last of two duplicate keys, read ``yes`` as true,
``19:00`` as 1140, ``010`` as 8 and ``350.10`` as a float, expand aliases without
limit and report bad bytes by offset.  This loader works on the parser's event
stream instead, so it sees each scalar as written and where it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.resolver import Resolver

from .errors import CatalogueError, CatalogueInvalid, Location

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
_SKIPPED = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)

_Parser: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # SafeLoader: without libyaml


class Document(NamedTuple):
    """Loaded data with the location of every value and every mapping key.

    Loaded with a ``depth``, only values at most that deep have theirs: enough to tell
    which file a top-level entry comes from, for a fraction of the time and memory.
    """

    path: str
    data: Any
    locations: dict[DataPath, Location]
    key_locations: dict[DataPath, Location]
    depth: int | None = None

    def locate(self, data_path: DataPath) -> Location:
        """The location of a value, or of the nearest enclosing value that has one."""
        for end in range(len(data_path), -1, -1):
            if (found := self.locations.get(data_path[:end])) is not None:
                return found
        return Location(self.path, 1, 1)

    def locate_key(self, data_path: DataPath) -> Location:
        """The location of the key that names a value, else of the value itself."""
        return self.key_locations.get(data_path) or self.locate(data_path)

    def value(self, data_path: DataPath) -> Any:
        """The value at a data path; KeyError, IndexError or TypeError where there is none."""
        value = self.data
        for step in data_path:
            value = value[step]
        return value


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _invalid(path: str, message: str, line: int = 1, column: int = 1) -> CatalogueInvalid:
    return CatalogueInvalid([CatalogueError(Location(path, line, column), message)])


class _Builder:
    """Builds plain data from parser events, without recursion."""

    def __init__(self, path: str, depth: int | None = None) -> None:
        self.path = path
        self.depth = depth
        self.locations: dict[DataPath, Location] = {}
        self.key_locations: dict[DataPath, Location] = {}

    def at(self, mark: Any) -> Location:
        return Location(self.path, mark.line + 1, mark.column + 1)

    def fail(self, mark: Any, message: str) -> CatalogueInvalid:
        return CatalogueInvalid([CatalogueError(self.at(mark), message)])

    def check_tag(self, event: Any, allowed: frozenset[str]) -> None:
        if event.tag is not None and event.tag not in allowed:
            message = f"the tag {event.tag!r} is not allowed: a catalogue holds plain data only"
            raise self.fail(event.start_mark, message)

    def build(self, events: Iterator[Any]) -> Any:
        # Each frame: [container, data path, pending key, seen keys (their marks),
        # whether the container's values are located]
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        for event in events:
            mark = event.start_mark
            if isinstance(event, _SKIPPED):
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.fail(mark, "only one YAML document is allowed (remove '---')")
                continue
            if isinstance(event, yaml.AliasEvent):
                raise self.fail(mark, "aliases (*name) are not allowed: write the value out")
            if (anchor := getattr(event, "anchor", None)) is not None:
                raise self.fail(mark, f"anchors (&{anchor}) are not allowed: write each value out")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self.check_tag(event, _CORE_TAGS)
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(mark, f"nesting is deeper than {MAX_DEPTH} levels")
                data_path = self._child_path(stack)
                if self.depth is None or len(data_path) <= self.depth:
                    self.locations[data_path] = self.at(mark)
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                located = self.depth is None or len(data_path) < self.depth
                stack.append([container, data_path, None, {}, located])
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                value = stack.pop()[0]
            else:
                try:
                    value = self.scalar(event)
                except ValueError as exc:  # e.g. a numeral longer than Python converts
                    message = f"{event.value[:20]!r}... cannot be read: {exc}"
                    raise self.fail(mark, message) from None
                if not stack:
                    self.locations[()] = self.at(mark)
            if stack:
                self._add(stack[-1], value, mark)
            else:
                root = value
        return root

    def scalar(self, event: Any) -> Any:
        """The value of a scalar, typed by the strict rules or rejected as ambiguous."""
        value: str = event.value
        self.check_tag(event, _SCALAR_TAGS)
        if not event.implicit[0] or event.tag in ("!", _TAG_STR):
            return value  # quoted, block or explicitly text
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
                event.start_mark,
                f"{value!r} is ambiguous (YAML 1.1 reads it as a boolean): "
                f"write true or false, or {quote} for text",
            )
        if tag == "tag:yaml.org,2002:int" and _INTEGER.fullmatch(value):
            return int(value)
        if tag == "tag:yaml.org,2002:float" and _DECIMAL.fullmatch(value):
            return Decimal(value)
        if tag == "tag:yaml.org,2002:timestamp":
            return value  # dates stay text; the schema checks their form
        if tag == "tag:yaml.org,2002:merge":
            raise self.fail(event.start_mark, "merge keys (<<) are not allowed: write each key out")
        if ":" in value:
            hint = f"{quote}; YAML 1.1 reads it as a base-60 number"
        elif value.lstrip("-").startswith("0") and value.lstrip("-")[1:2].isdigit():
            hint = (
                f"write it without the leading zero, or {quote} for text; "
                "YAML 1.1 reads it as octal"
            )
        else:
            hint = f"write a plain decimal number (like 350 or 350.50), or {quote} for text"
        raise self.fail(event.start_mark, f"{value!r} is ambiguous: {hint}")

    def _child_path(self, stack: list[list[Any]]) -> DataPath:
        if not stack:
            return ()
        container, data_path, key = stack[-1][:3]
        return (*data_path, len(container) if isinstance(container, list) else key)

    def _add(self, frame: list[Any], value: Any, mark: Any) -> None:
        container, data_path, key, seen, located = frame
        if isinstance(container, dict) and key is None:  # this value is a key
            if not isinstance(value, str):
                raise self.fail(mark, f"the key {value!r} is not text: keys must be names")
            if value in seen:
                first = self.at(seen[value])
                raise self.fail(
                    mark,
                    f"duplicate key {value!r}; it is first set at line {first.line}, "
                    f"column {first.column}: keep one",
                )
            frame[2] = value
            seen[value] = mark
            if located:
                self.key_locations[(*data_path, value)] = self.at(mark)
            return
        if isinstance(container, list):
            key = len(container)
            container.append(value)
        else:
            container[key] = value
            frame[2] = None
        if located:
            self.locations.setdefault((*data_path, key), self.at(mark))


def load_text(text: str, path: str, depth: int | None = None) -> Document:
    """Load catalogue text, located only to ``depth`` if given (see `Document`); raise
    `CatalogueInvalid` with a located error."""
    if "\0" in text:
        message = "the file contains a NUL byte: it is not a text file"
        raise _invalid(path, message, *_position(text, text.index("\0")))
    builder = _Builder(path, depth)
    try:
        data = builder.build(yaml.parse(text, Loader=_Parser))
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
    if data is None:
        raise _invalid(path, "the catalogue is empty")
    return Document(path, data, builder.locations, builder.key_locations, depth)


def load_file(path: str | Path, depth: int | None = None) -> Document:
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
    return load_text(text.removeprefix("\ufeff"), name, depth)
