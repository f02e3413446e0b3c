"""The reference, generated: ``.. offerings:reference:: PART``.

Each part is read from the code that defines it, so the page says what this version does;
what it lists are targets of Sphinx's own roles, so a link to something that no longer
exists fails a nitpicky build.
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import ENUM
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from ..commands import build_parser
from ..render.nodes import joined, split
from ..render.text import MESSAGE_CATALOGUE
from ..validate import schema
from .domain import OfferingsWarning, _domain

if TYPE_CHECKING:
    from sphinx.domains.rst import ReSTDomain
    from sphinx.domains.std import StandardDomain

_ = get_translation(MESSAGE_CATALOGUE)

#: Usage lines are wrapped at a fixed width, so the page does not depend on the terminal.
USAGE_WIDTH = 80

# ``literal`` in a docstring; the closing marks are the last of a run (``:r:`x```).
_LITERAL = re.compile(r"``(.+?)``(?!`)", re.DOTALL)
_DEFS = "#/$defs/"
Schema = Mapping[str, Any]

#: An item of a definition list: its id, its term and its definition.
Definition = tuple[str, nodes.Node, Sequence[nodes.Node]]


def _paragraphs(text: str) -> list[nodes.Node]:
    """Paragraphs of a docstring or description, its line breaks folded; spans in double
    back-quotes become literals, the rest text."""
    blocks = [" ".join(b.split()) for b in re.split(r"\n[ \t]*\n", inspect.cleandoc(text))]
    return [nodes.paragraph("", "", *split(_LITERAL, b, _literal)) for b in blocks if b]


def _definitions(kind: str, items: Iterable[Definition]) -> nodes.definition_list:
    """A list rather than a table: long descriptions wrap in any theme."""
    listed = nodes.definition_list(classes=["offerings-reference", f"offerings-{kind}"])
    for item_id, term, definition in items:
        named = nodes.term("", "", term, ids=[item_id])
        listed += nodes.definition_list_item("", named, nodes.definition("", *definition))
    return listed


def _fields(fields: Iterable[tuple[str, Sequence[nodes.Node]]]) -> nodes.field_list:
    field_list = nodes.field_list()
    for name, body in fields:
        paragraph = nodes.paragraph("", "", *body)
        field_list += nodes.field("", nodes.field_name(name, name), nodes.field_body("", paragraph))
    return field_list


def _literal(text: str, **attributes: Any) -> nodes.literal:
    return nodes.literal(text, text, **attributes)


# The catalogue's keys, from its JSON Schema.


class SchemaKey(NamedTuple):
    """A key a catalogue can hold, named from the top of the file (``offerings[].price``); a
    definition used in several places has its keys listed once, under ``same_as``."""

    path: str
    kind: str
    description: str
    required: bool
    same_as: str = ""


def _resolve(root: Schema, node: Schema) -> tuple[dict[str, Any], str]:
    """A schema with its ``$ref`` followed into ``$defs`` (its own words kept over the
    definition's), and the name of the definition ('' for none)."""
    name, resolved = "", dict(node)
    while "$ref" in resolved:
        ref = resolved.pop("$ref")
        if not isinstance(ref, str) or not ref.startswith(_DEFS):
            raise ValueError(f"$ref {ref!r}: only references into {_DEFS} are followed")
        name = ref.removeprefix(_DEFS)
        resolved = {**root["$defs"][name], **resolved}
    return resolved, name


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _kind(root: Schema, node: Schema, name: str) -> str:
    """What a key takes, in words: a definition's name, a JSON type, or the values allowed."""
    if "const" in node:
        return _value(node["const"])
    if "enum" in node:
        return " | ".join(_value(value) for value in node["enum"])
    branches = node.get("oneOf") or node.get("anyOf")
    if branches and "type" not in node:
        return " or ".join(_kind(root, *_resolve(root, branch)) for branch in branches)
    if name:
        return name.replace("_", " ")
    kind = node.get("type", "")
    if kind == "array" and isinstance(node.get("items"), Mapping):
        return f"list of {_kind(root, *_resolve(root, node['items']))}"
    if kind == "object" and isinstance(node.get("additionalProperties"), Mapping):
        return f"mapping of id to {_kind(root, *_resolve(root, node['additionalProperties']))}"
    return " or ".join(kind) if isinstance(kind, list) else kind or "any value"


def _description(node: Schema) -> str:
    description = str(node.get("description", ""))
    if "default" in node:
        description = f"{description} Default: {_value(node['default'])}.".strip()
    return description


class _SchemaWalk:
    """Every key of a catalogue (``keys``), depth first, in the order the schema gives
    them; each definition's keys listed once."""

    def __init__(self, root: Schema) -> None:
        self.root = root
        self.keys: dict[str, SchemaKey] = {}
        #: Where each definition that has keys had them listed.
        self.listed: dict[str, str] = {}
        self.below("", root)

    def key(self, path: str, node: Schema, required: bool) -> None:
        resolved, name = _resolve(self.root, node)
        if path not in self.keys:
            kind = _kind(self.root, resolved, name)
            self.keys[path] = SchemaKey(path, kind, _description(resolved), required)
        self.below(path, node)

    def below(self, path: str, node: Schema) -> None:
        """The keys inside ``node`` (a schema, maybe a ``$ref``), found at ``path``."""
        resolved, name = _resolve(self.root, node)
        if name and name in self.listed:
            if self.listed[name] != path:
                known = self.keys.get(path) or SchemaKey(path, name.replace("_", " "), "", False)
                self.keys[path] = known._replace(same_as=self.listed[name])
            return
        if name and _has_keys(self.root, node):
            self.listed[name] = path
        required = resolved.get("required", ())
        for key, child in resolved.get("properties", {}).items():
            self.key(f"{path}.{key}" if path else key, child, key in required)
        mapped = resolved.get("additionalProperties")
        if isinstance(mapped, Mapping):
            self.key(f"{path}.ID", mapped, False)
        if isinstance(resolved.get("items"), Mapping):
            self.below(f"{path}[]", resolved["items"])
        for branch in (*resolved.get("oneOf", ()), *resolved.get("anyOf", ())):
            self.below(path, branch)


def _has_keys(root: Schema, node: Schema, seen: frozenset[str] = frozenset()) -> bool:
    """Whether a schema holds keys of its own (a mapping, or a list or choice of them)."""
    resolved, name = _resolve(root, node)
    if name in seen:
        return False
    if resolved.get("properties") or isinstance(resolved.get("additionalProperties"), Mapping):
        return True
    children = [*resolved.get("oneOf", ()), *resolved.get("anyOf", ())]
    if isinstance(resolved.get("items"), Mapping):
        children.append(resolved["items"])
    return any(_has_keys(root, child, seen | {name}) for child in children)


# The ``offerings`` command, from its argument parser.


def _argument(action: argparse.Action) -> str:
    """An argument as typed: ``--catalogue PATH``, ``[DOCS_DIR]``, ``PATH ...``."""
    metavar = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
    if action.option_strings:
        takes = "" if action.nargs == 0 else f" {metavar}"
        return ", ".join(action.option_strings) + takes
    if action.nargs == argparse.OPTIONAL:
        return f"[{metavar}]"
    if action.nargs in (argparse.ZERO_OR_MORE, argparse.ONE_OR_MORE):
        return f"{metavar} ..."
    return metavar


def _help(action: argparse.Action, prog: str) -> str:
    text = action.help or ""
    if "%" in text:
        # A help text argparse cannot expand is shown as written: it must not break the build.
        with suppress(KeyError, TypeError, ValueError):
            text = text % {**vars(action), "prog": prog}
    if action.choices is not None:
        text += f" Choices: {', '.join(map(str, action.choices))}."
    if action.default not in (None, False, argparse.SUPPRESS) and action.nargs != 0:
        text += f" Default: {action.default}."
    return text.strip()


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=USAGE_WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _commands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    """The command and each sub-command: its name, its one-line help and its parser."""
    found = [(parser.prog, parser.description or "", parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, command in action.choices.items():
                found.append((f"{parser.prog} {name}", helps.get(name, ""), command))
    return found


class ReferenceDirective(SphinxDirective):
    """``.. offerings:reference:: PART``: the reference of one part, generated from the code.

    ``config``: the settings; ``schema``: the catalogue's keys; ``roles`` and
    ``directives``: the markup of the ``offerings`` domain; ``warnings``: the warning
    types; ``commands``: the ``offerings`` command and its sub-commands.
    """

    required_arguments = 1
    has_content = False
    parts = ("config", "schema", "roles", "directives", "warnings", "commands")

    def run(self) -> list[nodes.Node]:
        part = self.arguments[0].lower().strip()  # as docutils reads a choice
        if part not in self.parts:
            raise self.error(
                f"offerings:reference: no part is called {self.arguments[0]!r}; "
                f"use one of: {', '.join(self.parts)}"
            )
        # read at every build: what it lists is the code's, which no source file records
        self.env.note_reread()
        built: list[nodes.Node] = [_definitions(part, getattr(self, f"_{part}")())]
        if part == "schema":  # the schema's own description, then its keys
            built[:0] = _paragraphs(str(schema().get("description", "")))
        for node in built:
            self.set_source_info(node)
            for element in node.findall(nodes.Element):
                for node_id in element["ids"]:
                    self.state.document.ids[node_id] = element
        return built

    def _target(self, prefix: str, name: str) -> str:
        """A new id for ``name`` on this page, kept from any other node until ``run`` ends."""
        node_id = make_id(self.env, self.state.document, prefix, name)
        self.state.document.ids[node_id] = self.state.document
        return node_id

    def _rst_target(self, objtype: str, name: str) -> str:
        """An id for a role, directive or directive option, noted in Sphinx's ``rst``
        domain so that ``:rst:role:`` and ``:rst:dir:`` link to it."""
        node_id = self._target(objtype.replace(":", "-"), name)
        rst = cast("ReSTDomain", self.env.get_domain("rst"))
        rst.note_object(objtype, name, node_id, location=self.get_location())
        return node_id

    def _config(self) -> Iterator[Definition]:
        std = cast("StandardDomain", self.env.get_domain("std"))
        for name, option in self.config.values.items():
            if not name.startswith("offerings_"):
                continue
            node_id = self._target("confval", name)
            std.note_object("confval", name, node_id, location=self.get_location())
            valid = option.valid_types
            if isinstance(valid, ENUM):
                types = joined(([_literal(c)] for c in sorted(map(str, valid._candidates))), " | ")
            else:
                names = sorted(kind.__name__ for kind in valid) or [type(option.default).__name__]
                types = [nodes.Text(", ".join(names))]
            fields = _fields([(_("Default"), [_literal(repr(option.default))]), (_("Type"), types)])
            yield node_id, _literal(name), [*_paragraphs(option.description), fields]

    def _schema(self) -> Iterator[Definition]:
        for key in _SchemaWalk(schema()).keys.values():
            takes: list[nodes.Node] = [nodes.Text(key.kind)]
            if key.required:
                takes += [nodes.Text(", "), nodes.emphasis(_("required"), _("required"))]
            meaning = [nodes.paragraph("", "", *takes), *_paragraphs(key.description)]
            if key.same_as:
                keys_of = _("The keys of")
                same = [nodes.Text(f"{keys_of} "), _literal(key.same_as), nodes.Text(".")]
                meaning.append(nodes.paragraph("", "", *same))
            yield self._target("catalogue", key.path), _literal(key.path), meaning

    def _roles(self) -> Iterator[Definition]:
        domain = _domain(self.env)
        for name, role in domain.roles.items():
            full = f"{domain.name}:{name}"
            meaning = _paragraphs(inspect.getdoc(role) or "")
            yield self._rst_target("role", full), _literal(f":{full}:"), meaning

    def _directives(self) -> Iterator[Definition]:
        domain = _domain(self.env)
        for name, directive in domain.directives.items():
            full = f"{domain.name}:{name}"
            node_id = self._rst_target("directive", full)
            options = [
                [_literal(f":{o}:", ids=[self._rst_target("directive:option", f"{full}:{o}")])]
                for o in directive.option_spec or {}
            ]
            fields = [(_("Options"), joined(options, ", "))] if options else []
            content = _("allowed") if directive.has_content else _("none")
            fields.append((_("Content"), [nodes.Text(content)]))
            arguments = ["ARGUMENT"] * directive.required_arguments
            arguments += ["[ARGUMENT]"] * directive.optional_arguments
            signature = " ".join([f".. {full}::", *arguments])
            meaning = [*_paragraphs(inspect.getdoc(directive) or ""), _fields(fields)]
            yield node_id, _literal(signature), meaning

    def _warnings(self) -> Iterator[Definition]:
        for warning in OfferingsWarning:
            name = f"offerings.{warning.name}"
            yield self._target("warning", name), _literal(name), _paragraphs(warning.value)

    def _commands(self) -> Iterator[Definition]:
        parser = build_parser()
        std = cast("StandardDomain", self.env.get_domain("std"))
        docname = self.env.docname
        for title, summary, command in _commands(parser):
            # Sphinx's :option: role names a sub-command's program with a hyphen.
            program = title.replace(" ", "-")
            node_id = self._target("cmdoption", program)
            if command is not parser:
                std.add_program_option(parser.prog, command.prog.split()[-1], docname, node_id)
            definition = _paragraphs(summary)
            if command.description and command.description != summary:
                definition += _paragraphs(command.description)
            usage = _usage(command)
            definition.append(nodes.literal_block(usage, usage))
            arguments: list[Definition] = []
            for action in command._actions:
                # not --help, not the sub-command choice: what a reader types
                if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                    continue
                shown = _argument(action)
                argument_id = self._target("cmdoption", f"{program}-{shown}")
                for name in action.option_strings or [shown]:
                    std.add_program_option(program, name, docname, argument_id)
                meaning = [nodes.paragraph("", "", nodes.Text(_help(action, command.prog)))]
                arguments.append((argument_id, _literal(shown), meaning))
            if arguments:
                definition.append(_definitions("arguments", arguments))
            yield node_id, _literal(title), definition


def setup_reference(app: Sphinx) -> None:
    app.add_directive_to_domain("offerings", "reference", ReferenceDirective)
