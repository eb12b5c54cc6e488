"""YAML reading that keeps line and column for every value.

Fast path: PyYAML's C loader builds the data. Locations are only computed (by composing the
node tree once more) when an error has to point at a place, so valid packs load at close to
`yaml.load(..., CSafeLoader)` speed. Aliases are refused: pack files never need them and they are
how "billion laughs" documents explode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


class YamlProblem(Exception):
    """A YAML-level problem (syntax, duplicate key, alias) at a place in the text."""

    def __init__(self, message: str, mark: Mark, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.fix = fix


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that rejects aliases and duplicate keys."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            mark = node.start_mark
            raise YamlProblem(
                "YAML aliases (*name) are not allowed in pack files",
                Mark(mark.line + 1, mark.column + 1),
                "write the value out in full instead of using an anchor and alias",
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                mark = key_node.start_mark
                raise YamlProblem("YAML merge keys (<<) are not allowed in pack files",
                                  Mark(mark.line + 1, mark.column + 1),
                                  "write the keys out in full")
            key = self.construct_object(key_node, deep=True) if not isinstance(
                key_node, yaml.ScalarNode) else key_node.value
            if isinstance(key_node, yaml.ScalarNode) and key in seen:
                mark = key_node.start_mark
                first = seen[key].start_mark
                raise YamlProblem(
                    f"duplicate key '{key}' (first at line {first.line + 1})",
                    Mark(mark.line + 1, mark.column + 1),
                    "remove one of the two keys",
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> Any:
    """Parse one YAML document strictly; raise YamlProblem with a location on any error."""
    try:
        loader = _StrictLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except YamlProblem as problem:
        if "aliases" in problem.message:
            problem.mark = _first_alias(text) or problem.mark
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        problem = exc.problem or str(exc)
        fix = _syntax_fix(problem)
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            fix = "indent with spaces, not tabs"
        raise YamlProblem(f"YAML syntax error: {problem}", where, fix) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}", Mark(1, 1)) from None
    except RecursionError:
        raise YamlProblem("the YAML nests too deeply", Mark(1, 1), "flatten the document") from None


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _first_alias(text: str) -> Mark | None:
    """Where the first alias is used (the constructor only knows the anchored node)."""
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            if isinstance(token, yaml.AliasToken):
                return Mark(token.start_mark.line + 1, token.start_mark.column + 1)
    except yaml.YAMLError:
        return None
    return None


def _syntax_fix(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return "quote the value: it contains ': ' (e.g. stem: \"Which: this\")"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "a key needs a colon after it, or a multi-line string needs | or >"
    if "found undefined alias" in problem or "found unhashable key" in problem:
        return "check the line for a stray * or { }"
    return None


def locate(text: str, path: Path_) -> Mark:
    """The line/column of the value at `path` (the deepest existing prefix if it is missing).

    For a missing key we point at the mapping that should hold it; for an unknown key, at the
    key itself.
    """
    try:
        node = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return Mark(1, 1)
    if node is None:
        return Mark(1, 1)
    best = node.start_mark
    current: yaml.Node | None = node
    for index, part in enumerate(path):
        last = index == len(path) - 1
        if current is None:
            break
        if isinstance(current, yaml.MappingNode):
            nxt = None
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    nxt = value_node
                    best = key_node.start_mark if last else value_node.start_mark
                    break
            if nxt is None:
                best = current.start_mark
                break
            current = nxt
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(current.value):
                current = current.value[part]
                best = current.start_mark
            else:
                break
        else:
            break
    if isinstance(current, yaml.Node) and path and not isinstance(path[-1], str):
        best = current.start_mark
    return Mark(best.line + 1, best.column + 1)


def locate_key(text: str, path: Path_) -> Mark:
    """Location of the *key* named by the last element of path (for unknown-key errors)."""
    return locate(text, path)
