"""A lesson's front matter read as YAML that can only be plain data.

PyYAML's safe loader still composes anchors and aliases (a few hundred bytes of
aliases that nest aliases expand to gigabytes once the value is built, and an alias
may contain itself) and accepts any explicit tag (`!!python/object:…` fails only
later, when a value is constructed, with an exception nobody expects). The front
matter needs none of it, so this loader refuses each at compose time, where it is
written, as a YAML error with its line; so is nesting deeper than `MAX_DEPTH`. What
is left is a tree no larger than its text. Scanning and parsing are libyaml's (C,
linear in the text, bundled with PyYAML's wheels); composing is PyYAML's own Python
composer, so every event passes the checks.
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.cyaml import CParser
from yaml.resolver import Resolver

# The root mapping is level 1; `x-harvest-origin: {…}` needs 2.
MAX_DEPTH = 8
STR_TAG = "tag:yaml.org,2002:str"
FLOAT_TAG = "tag:yaml.org,2002:float"


class RefusedYAML(yaml.MarkedYAMLError):
    """Valid YAML that a lesson file may not use; `problem` says what, in Dutch."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _FrontMatterLoader(Composer, CParser, Resolver):
    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        Composer.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            raise RefusedYAML(
                "ankers (`&naam`) en verwijzingen (`*naam`) zijn niet toegestaan; "
                "schrijf de waarde telkens uit",
                event.start_mark,
            )
        if event.tag is not None:
            raise RefusedYAML(
                f"YAML-tags (hier `{event.tag}`) zijn niet toegestaan", event.start_mark
            )
        if self._depth >= MAX_DEPTH:
            raise RefusedYAML(
                f"de waarden zijn dieper genest dan {MAX_DEPTH} niveaus", event.start_mark
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def compose(text: str) -> yaml.Node | None:
    """The front matter's node tree (None when empty); raises `yaml.YAMLError` with a mark."""
    loader = _FrontMatterLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _ExtensionConstructor(SafeConstructor):
    """Builds an `x-` value as JSON data: dates stay the text they were written as."""


_ExtensionConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str
)


def extension_value(node: yaml.Node) -> Any:
    """An `x-` key's value as JSON data (text, numbers, true/false, null, lists, mappings
    with text keys), so it is stored and written back as it was read."""
    _check_extension(node)
    return _ExtensionConstructor().construct_document(node)


def _check_extension(node: yaml.Node) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != STR_TAG:
                raise RefusedYAML(
                    "sleutels binnen een `x-`-waarde moeten tekst zijn", key_node.start_mark
                )
            _check_extension(value_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_extension(item)
    elif node.tag == FLOAT_TAG and not math.isfinite(SafeConstructor().construct_yaml_float(node)):
        raise RefusedYAML("`.inf` en `.nan` zijn geen getallen die JSON kent", node.start_mark)
