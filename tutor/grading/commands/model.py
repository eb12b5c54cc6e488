"""Normalised commands: what a line means, independent of how it was typed.

A `Flat` is a script flattened to stages and the links between them (`|`, `&&`, `;` …); each
stage is an `Invocation` whose options are keyed by meaning (long name, `=` split, shorthand and
JSON parsed), so comparing two lines is comparing two of these.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from tutor.grading.commands.match import Diff, Matchable, MatchContext, match_text, show


@dataclass(slots=True)
class Option:
    """An option's normalised value and how to name it to the learner (`--region`)."""

    value: Any
    label: str


@dataclass(slots=True)
class Invocation:
    """One command of a pipeline, normalised by its tool's reader."""

    tool: str
    key: str
    label: str
    options: dict[str, Option] = field(default_factory=dict)
    args: list[Any] = field(default_factory=list)
    env: dict[str, Any] = field(default_factory=dict)
    issues: list[Diff] = field(default_factory=list)
    redirects: list[tuple[str, Any]] = field(default_factory=list)
    inner: Flat | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    rendered: str | None = None
    source: str = ""

    def render(self) -> str:
        """A canonical one-line form (sorted options) for expected/given details."""
        if self.rendered is None:
            self.rendered = self._render()
        return self.rendered

    def _render(self) -> str:
        if self.inner is not None:
            return f"$({self.inner.render()})"
        env = [f"{k}={show(v)}" for k, v in sorted(self.env.items())]
        opts = []
        for _, opt in sorted(self.options.items()):
            if isinstance(opt.value, bool):
                opts.append(opt.label)
            elif isinstance(opt.value, tuple) and self.tool == "docker":
                opts.extend(f"{opt.label} {show(v)}" for v in opt.value)
            elif isinstance(opt.value, tuple):
                opts.append(f"{opt.label} " + " ".join(show(v) for v in opt.value))
            else:
                opts.append(f"{opt.label} {show(opt.value)}")
        args = [show(a) for a in self.args]
        redirects = [f"{op}{show(t)}" for op, t in self.redirects]
        return " ".join([*env, self.label, *opts, *args, *redirects]).strip()


@dataclass(slots=True)
class Flat:
    """Stages in order; `links[i]` joins stage i and i+1."""

    stages: list[Invocation]
    links: list[str]
    all_keys: frozenset[str] | None = None

    def render(self) -> str:
        out = []
        for k, stage in enumerate(self.stages):
            out.append(stage.render())
            if k < len(self.links):
                out.append(self.links[k])
        return " ".join(out)

    def keys(self) -> frozenset[str]:
        """Keys of every invocation, substitutions included (computed once)."""
        if self.all_keys is None:
            self.all_keys = frozenset(inv.key for inv in self.walk())
        return self.all_keys

    def walk(self) -> list[Invocation]:
        """Every invocation, substitutions included (for key checks and form detection)."""
        found: list[Invocation] = []
        for stage in self.stages:
            found.append(stage)
            if stage.inner is not None:
                found.extend(stage.inner.walk())
            for value in [*(o.value for o in stage.options.values()), *stage.args]:
                if isinstance(value, Subst):
                    for flat in value.flats:
                        found.extend(flat.walk())
        return found


class Subst(Matchable):
    """A word built from `$( … )` output: literal pieces around normalised inner scripts."""

    __slots__ = ("flats", "literals", "source")

    def __init__(self, literals: tuple[str, ...], flats: tuple[Flat, ...], source: str) -> None:
        self.literals = literals
        self.flats = flats
        self.source = source

    def show(self) -> str:
        out = []
        for k, lit in enumerate(self.literals):
            out.append(show(lit) if lit else "")
            if k < len(self.flats):
                out.append(f"$({self.flats[k].render()})")
        return "".join(out)

    def match_against(self, got: Any, ctx: MatchContext, part: str) -> list[Diff]:
        from tutor.grading.commands.compare import compare_flat

        if not isinstance(got, Subst) or len(got.flats) != len(self.flats):
            return [Diff(part, f"{part} should come from $({self.flats[0].render()})"
                         if len(self.flats) == 1 else f"{part} should be {self.show()}",
                         self.show(), show(got))]
        diffs: list[Diff] = []
        for e, g in zip(self.literals, got.literals, strict=True):
            diff = match_text(e, g, ctx, part)
            if diff is not None:
                diffs.append(diff)
        for e_flat, g_flat in zip(self.flats, got.flats, strict=True):
            diffs.extend(compare_flat(e_flat, g_flat, ctx).diffs)
        return diffs


class FileRef(Matchable):
    """`file://path` / `fileb://path`: compared by normalised path, not spelling."""

    __slots__ = ("path", "scheme")

    def __init__(self, scheme: str, path: str) -> None:
        self.scheme = scheme
        self.path = normalise_path(path)

    def show(self) -> str:
        return f"{self.scheme}://{show(self.path)}"

    def match_against(self, got: Any, ctx: MatchContext, part: str) -> list[Diff]:
        if not isinstance(got, FileRef):
            hint = ""
            if isinstance(got, str) and got and not got.lstrip().startswith(("{", "[")):
                hint = f": without {self.scheme}:// the CLI reads {show(got)} itself as the value"
            return [Diff(part, f"{part} should be {self.show()}{hint}", self.show(), show(got))]
        if got.scheme != self.scheme:
            return [Diff(part, f"{part}: use {self.scheme}:// here, not {got.scheme}:// "
                         "(file:// reads text, fileb:// raw bytes)", self.show(), got.show())]
        diff = match_text(self.path, got.path, ctx, part)
        if diff is None:
            return []
        return [Diff(part, f"{part} should read {self.show()}, not {got.show()}", self.show(),
                     got.show())]


def normalise_path(path: str) -> str:
    """`./a//b/` = `a/b`; `~` and absolute paths stay as they are."""
    if not path:
        return path
    norm = posixpath.normpath(path)
    return norm
