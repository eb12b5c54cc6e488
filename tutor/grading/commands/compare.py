"""Compare two normalised scripts stage by stage: order, missing or extra stages, the links.

Stages are aligned by what they run (`aws ecr get-login-password`, `docker login` …), so a
missing pipeline stage or a wrong order is named as such instead of as a pile of word diffs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from tutor.grading.commands import aws, docker
from tutor.grading.commands.match import Diff, MatchContext, match_value
from tutor.grading.commands.model import Flat, Invocation
from tutor.grading.commands.normalize import compare_generic

V1_WHEN_V2 = (
    "`aws ecr get-login` exists only in AWS CLI v1; CLI v2 removed it. With v2, pipe the "
    "password into docker: aws ecr get-login-password --region <region> | docker login "
    "--username AWS --password-stdin <account-id>.dkr.ecr.<region>.amazonaws.com"
)
V2_WHEN_V1 = (
    "This question asks for the AWS CLI v1 form: $(aws ecr get-login --no-include-email "
    "--region <region>), which prints a docker login command that the shell then runs. What you "
    "wrote, aws ecr get-login-password … | docker login --username AWS --password-stdin …, is "
    "the CLI v2 form (CLI v1 has it only from version 1.17.10)."
)


@dataclass(slots=True)
class FlatResult:
    """Differences, notes (fine but worth knowing) and per-stage verdicts of one comparison."""

    diffs: list[Diff] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ok_stages: int = 0
    total: int = 1
    stages: list[tuple[Invocation | None, Invocation | None, bool]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return 0.0 if self.total <= 0 else self.ok_stages / self.total


def login_form(flat: Flat) -> str | None:
    """Which ECR login form a script uses: "v1" (get-login), "v2" (get-login-password)."""
    keys = flat.keys()
    if "aws ecr get-login-password" in keys:
        return "v2"
    if "aws ecr get-login" in keys:
        return "v1"
    return None


def compare_top(expected: Flat, got: Flat, ctx: MatchContext, cli_version: str) -> FlatResult:
    """The whole answer: the ECR login form first (v1 vs v2), then the stages."""
    e_form, g_form = login_form(expected), login_form(got)
    if e_form and g_form and e_form != g_form:
        message = V1_WHEN_V2 if g_form == "v1" and cli_version == "v2" else (
            V2_WHEN_V1 if g_form == "v2" and cli_version == "v1" else
            f"this uses the CLI {g_form} login form; the answer uses the {e_form} form")
        result = FlatResult(total=max(len(expected.stages), len(got.stages)))
        result.diffs.append(Diff("login form", message, e_form, g_form))
        result.stages = [(e, None, False) for e in expected.stages]
        return result
    return compare_flat(expected, got, ctx)


def compare_flat(expected: Flat, got: Flat, ctx: MatchContext) -> FlatResult:
    e_keys = [s.key for s in expected.stages]
    g_keys = [s.key for s in got.stages]
    result = FlatResult(total=max(len(e_keys), len(g_keys)))
    pairs: list[tuple[int | None, int | None]] = []
    order_wrong = len(e_keys) > 1 and e_keys != g_keys and Counter(e_keys) == Counter(g_keys)
    if e_keys == g_keys:
        pairs = [(i, i) for i in range(len(e_keys))]
    elif order_wrong:
        result.diffs.append(_order_message(expected, got))
        used: set[int] = set()
        for i, key in enumerate(e_keys):
            j = next(j for j, k in enumerate(g_keys) if k == key and j not in used)
            used.add(j)
            pairs.append((i, j))
    else:
        matcher = SequenceMatcher(None, e_keys, g_keys, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
                continue
            m = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            pairs.extend(zip(range(i1, i1 + m), range(j1, j1 + m), strict=True))
            pairs.extend((i, None) for i in range(i1 + m, i2))
            pairs.extend((None, j) for j in range(j1 + m, j2))
    paired = {i: j for i, j in pairs if i is not None and j is not None}
    for i, j in pairs:
        if i is None:
            assert j is not None
            stage = got.stages[j]
            result.diffs.append(Diff(f"step {j + 1}", f"`{stage.render()}` isn't part of the "
                                     "answer", "", stage.render()))
            result.stages.append((None, stage, False))
            continue
        if j is None:
            result.diffs.append(_missing_stage(expected, i, got))
            result.stages.append((expected.stages[i], None, False))
            continue
        diffs = compare_invocation(expected.stages[i], got.stages[j], ctx)
        link_ok = True
        if i > 0 and paired.get(i - 1) == j - 1 and not order_wrong:
            link = _link(expected, got, i - 1, j - 1, result.notes)
            if link is not None:
                diffs.append(link)
                link_ok = False
        result.diffs.extend(diffs)
        ok = not diffs and link_ok
        result.stages.append((expected.stages[i], got.stages[j], ok))
        result.ok_stages += ok
    if order_wrong:
        result.ok_stages //= 2
    return result


def compare_invocation(expected: Invocation, got: Invocation, ctx: MatchContext) -> list[Diff]:
    """One stage against another (same alignment slot)."""
    naming = [d for d in got.issues if d.part in ("service", "command")]
    if expected.tool != got.tool:
        if expected.tool == "$()" and expected.inner is not None \
                and got.key in {s.key for s in expected.inner.stages}:
            return [Diff(expected.label, f"`{got.key}` only prints a command: wrap it in $( ) "
                         f"so the shell runs what it prints: {expected.render()}",
                         expected.render(), got.render())]
        if expected.tool == "$()":
            return [Diff(expected.label, f"this step runs the output of "
                         f"{expected.render()}, not `{got.render()}`", expected.render(),
                         got.render())]
        return [Diff(expected.key, f"this step needs `{expected.key}`, not `{got.key}`",
                     expected.key, got.key), *naming]
    if expected.key != got.key:
        if naming:  # a name that doesn't exist: say so, and what this step needs instead
            what = naming[0].message.split(": did you mean")[0]
            return [Diff(expected.key, f"{what}: this step needs `{expected.key}`",
                         expected.key, got.key)]
        return [Diff(expected.key, f"`{got.key}` is a different command: this step needs "
                     f"`{expected.key}`", expected.key, got.key)]
    if expected.tool == "aws":
        diffs = aws.compare(expected, got, ctx)
    elif expected.tool == "docker":
        diffs = docker.compare(expected, got, ctx)
    elif expected.inner is not None and got.inner is not None:
        diffs = compare_flat(expected.inner, got.inner, ctx).diffs
    else:
        diffs = compare_generic(expected, got, ctx)
    if expected.redirects or got.redirects:
        e_red = tuple(f"{op}{t}" if isinstance(t, str) else op for op, t in expected.redirects)
        g_red = tuple(f"{op}{t}" if isinstance(t, str) else op for op, t in got.redirects)
        diffs.extend(match_value(e_red, g_red, ctx, f"the redirections of {expected.label}"))
    if got.issues:  # one message per mistake: an issue already names this option
        issues = {id(d) for d in got.issues}
        parts = {d.part for d in got.issues}
        diffs = [d for d in diffs if id(d) in issues or d.part not in parts]
    return diffs


def _link(expected: Flat, got: Flat, i: int, j: int, notes: list[str]) -> Diff | None:
    """The operator joining expected stages i, i+1 against the learner's j, j+1."""
    want, have = expected.links[i], got.links[j]
    if want == have:
        return None
    a, b = expected.stages[i].label, expected.stages[i + 1].label
    if want == "|":
        return Diff("pipe", f"`{a}` must be piped (|) into `{b}`, not joined with `{have}`: "
                    f"otherwise its output goes to the terminal instead of into {b}", "|", have)
    if have == "|":
        return Diff("pipe", f"`{a} | {b}` pipes one into the other, but these are separate "
                    f"steps: join them with {want}", want, "|")
    if {want, have} <= {"&&", ";"}:
        if want == "&&":
            notes.append(f"`;` runs `{b}` even when `{a}` fails; `&&` stops at the first "
                         "failure, which is usually what you want.")
        return None
    return Diff("operator", f"`{a}` and `{b}` should be joined with {want}, not {have}", want,
                have)


def _missing_stage(expected: Flat, i: int, got: Flat) -> Diff:
    stage = expected.stages[i]
    text = stage.render()
    nested = got.keys() - {s.key for s in got.stages}
    if stage.key in nested and i < len(expected.links) and expected.links[i] == "|":
        return Diff(f"step {i + 1}", f"`{stage.key}` runs inside $( ) here; the answer pipes its "
                    f"output into `{expected.stages[i + 1].label}` instead", text, "")
    if i < len(expected.links) and expected.links[i] == "|":
        nxt = expected.stages[i + 1].label
        return Diff(f"step {i + 1}", f"missing pipeline stage: `{text}` has to come before "
                    f"`{nxt}` and pipe its output into it", text, "")
    if i > 0 and expected.links[i - 1] == "|":
        prev = expected.stages[i - 1].label
        return Diff(f"step {i + 1}", f"missing pipeline stage: `{prev}` has to be piped into "
                    f"`{text}`", text, "")
    return Diff(f"step {i + 1}", f"missing command: `{text}`", text, "")


def _order_message(expected: Flat, got: Flat) -> Diff:
    want = [s.label for s in expected.stages]
    have = [s.label for s in got.stages]
    if "|" in expected.links:
        return Diff("order", f"the order is wrong: `{want[0]}` has to come first, because a pipe "
                    f"carries output from left to right ({' | '.join(want)})",
                    " | ".join(want), " | ".join(have))
    return Diff("order", f"the commands are in the wrong order: {' → '.join(want)}",
                " → ".join(want), " → ".join(have))
