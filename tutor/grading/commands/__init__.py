"""Grade `command` questions: a typed shell line against the answer key, by meaning.

The learner's line is parsed like a POSIX shell would (shell.py), each stage normalised by its
tool (aws.py, docker.py, or word by word), then compared with the answer and every alternative;
the closest one decides the verdict and its differences become the feedback.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from tutor.content.models import CommandQuestion
from tutor.grading.commands.compare import FlatResult, compare_top
from tutor.grading.commands.match import (
    DEFAULT_PLACEHOLDERS,
    MatchContext,
    mark,
    names_in,
    stem_values,
    unmark,
)
from tutor.grading.commands.model import Flat
from tutor.grading.commands.normalize import flatten
from tutor.grading.commands.shell import ShellSyntaxError, parse
from tutor.grading.types import Detail, Grade

MAX_CHARS = 20_000
MAX_FEEDBACK = 8
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001\ufffd]")
_TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "--",
                              "—": "--", "\u2212": "-", "\u00a0": " ", "\u2009": " ",
                              "\u202f": " "})
_TYPO_SEARCH = re.compile("[“”„‘’–—\u2212]")
_UNUSUAL = re.compile("[“”„‘’–—\u2212\u00a0\u2009\u202f]")
_LITERAL_PLACEHOLDER = re.compile(r"<([A-Za-z][A-Za-z0-9_-]*)>")
_CAPITALISE = frozenset({"missing", "the", "this", "no", "use", "unexpected", "replace", "each",
                         "otherwise", "without"})
KNOWN_TOOLS = frozenset({
    "aws", "docker", "echo", "printf", "cat", "jq", "grep", "sed", "awk", "cut", "tr", "xargs",
    "tee", "head", "tail", "sort", "uniq", "wc", "base64", "curl", "wget", "export", "env",
    "cd", "ls", "mkdir", "rm", "cp", "mv", "touch", "chmod", "sleep", "watch", "kubectl",
    "eksctl", "copilot", "ecs-cli", "sam", "cdk", "git", "ssh", "scp", "terraform", "helm",
    "python", "python3", "pip", "npm", "node", "make", "openssl", "dig", "nslookup", "true",
    "false", "test", "read", "set", "unset", "source", "session-manager-plugin", "finch",
    "podman", "buildah", "nerdctl", "docker-compose", "$()",
})


def grade_command(question: CommandQuestion, response: Any, partial_credit: bool | None) -> Grade:
    """Grade one typed line; total on any string."""
    text = response if isinstance(response, str) else ("" if response is None else str(response))
    if len(text) > MAX_CHARS:
        return Grade(0.0, False, (f"That answer is {len(text):,} characters long, too long for "
                                  "one command line: type just the command.",))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        return Grade(0.0, False, ("The answer contains control characters (binary data?): type "
                                  "the command as plain text.",))
    if not text.strip():
        return Grade(0.0, False, ("Type the command you would run.",))
    compiled, names = _compile(question.answer, question.alternatives)
    literal = [m.group(1) for m in _LITERAL_PLACEHOLDER.finditer(text) if m.group(1) in names] \
        if "<" in text else []
    if literal:
        return Grade(0.0, False, (f"Replace <{literal[0]}> with a real value: in a shell, < and > "
                                  "are redirections, so the placeholder can't be typed as is.",))
    pre_diffs: list[str] = []
    if _TYPO_SEARCH.search(text):
        pre_diffs.append("The line contains typographic quotes or dashes (“ ” ‘ ’ – —), "
                         "probably pasted from a document: a shell needs plain ' \" and --.")
    fixed = text.translate(_TYPOGRAPHIC) if _UNUSUAL.search(text) else text
    try:
        script = parse(fixed)
    except ShellSyntaxError as exc:
        return Grade(0.0, False, (f"A shell can't read this line: {exc.describe(fixed)}",),
                     extra={"syntax_error": exc.message, "position": exc.position})
    got = flatten(script)
    patterns = _patterns(tuple(sorted(question.placeholders.items())))
    stem = stem_values(question.stem) if names else frozenset()
    best: tuple[tuple[Any, ...], int, FlatResult] | None = None
    for index, expected, _ in compiled:
        if expected is None:
            continue
        ctx = MatchContext(patterns, stem)
        result = compare_top(expected, got, ctx, question.cli_version)
        rank = (not result.diffs, result.score, -len(result.diffs))
        if best is None or rank > best[0]:
            best = (rank, index, result)
    if best is None:
        return Grade(0.0, False, ("This question's answer key doesn't parse, so it can't be "
                                  "graded: please report it.",), gradable=False)
    _, index, result = best
    return _grade(question, text, result, index, pre_diffs, partial_credit)


def _grade(question: CommandQuestion, text: str, result: FlatResult, index: int,
           pre_diffs: list[str], partial_credit: bool | None) -> Grade:
    correct = not result.diffs and not pre_diffs
    use_partial = question.partial_credit if partial_credit is None else partial_credit
    if correct:
        score = 1.0
    elif use_partial and not pre_diffs:
        score = round(min(result.score, 0.99), 4)
    else:
        score = 0.0
    feedback: list[str] = [*pre_diffs]
    seen: set[str] = set(feedback)
    for diff in result.diffs:
        line = _sentence(unmark(diff.message))
        if line not in seen:
            seen.add(line)
            feedback.append(line)
    if len(feedback) > MAX_FEEDBACK:
        extra = len(feedback) - MAX_FEEDBACK
        feedback = [*feedback[:MAX_FEEDBACK], f"…and {extra} more difference(s)."]
    if not correct:
        feedback.extend(_rules(question, text))
    feedback.extend(result.notes)
    details = [Detail(f"step {k + 1}: {(e or g).label}" if (e or g) else f"step {k + 1}",
                      unmark(e.render()) if e else "", (g.source or g.render()) if g else "", ok)
               for k, (e, g, ok) in enumerate(result.stages)]
    details.extend(Detail(d.part, unmark(d.expected), unmark(d.given), False)
                   for d in result.diffs)
    matched = "answer" if index == 0 else f"alternative {index}"
    return Grade(score, correct, tuple(feedback), tuple(details),
                 extra={"matched": matched, "stages_ok": result.ok_stages,
                        "stages": result.total})


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    if text.split(" ", 1)[0] in _CAPITALISE:
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!", ")")) else text + "."


def _rules(question: CommandQuestion, text: str) -> list[str]:
    """The question's own `feedback` rules, on the raw text (only for a wrong answer)."""
    out: list[str] = []
    for rule in question.feedback:
        when = rule.when
        try:
            hit = ((when.contains is not None and when.contains in text)
                   or (when.missing is not None and when.missing not in text)
                   or (when.regex is not None and re.search(when.regex, text) is not None))
        except re.error:  # pragma: no cover - validated by the model
            hit = False
        if hit and rule.say not in out:
            out.append(rule.say)
    return out


@lru_cache(maxsize=512)
def _compile(answer: str, alternatives: tuple[str, ...]) -> tuple[
        tuple[tuple[int, Flat | None, str], ...], frozenset[str]]:
    """Parse and normalise the key once per question (placeholders as sentinels)."""
    out: list[tuple[int, Flat | None, str]] = []
    for index, source in enumerate((answer, *alternatives)):
        marked = mark(source)
        try:
            flat: Flat | None = flatten(parse(marked))
        except ShellSyntaxError:
            flat = None
        out.append((index, flat, marked))
    names = frozenset(n for _, flat, src in out if flat is not None for n in names_in(src))
    return tuple(out), names


@lru_cache(maxsize=256)
def _patterns(items: tuple[tuple[str, str], ...]) -> dict[str, re.Pattern[str] | None]:
    patterns: dict[str, re.Pattern[str] | None] = {}
    for name, regex in {**DEFAULT_PLACEHOLDERS, **dict(items)}.items():
        try:
            patterns[name] = re.compile(regex)
        except re.error:
            patterns[name] = None
    return patterns


# --------------------------------------------------------------------------- key checks


def check_command_key(question: CommandQuestion) -> list[str]:
    """Problems with an author's command key that `pack validate` reports."""
    problems: list[str] = []
    used: set[str] = set()
    for index, source in enumerate((question.answer, *question.alternatives)):
        where = "answer" if index == 0 else f"alternative {index}"
        marked = mark(source)
        used.update(names_in(marked))
        try:
            flat = flatten(parse(marked))
        except ShellSyntaxError as exc:
            problems.append(f"{where} doesn't parse: {exc.describe(marked)}")
            continue
        for inv in flat.walk():
            for issue in inv.issues:
                problems.append(f"{where}: {unmark(issue.message)}")
            if inv.tool == "aws" and inv.meta.get("positional") == 0 and inv.args:
                words = " ".join(unmark(str(a)) for a in inv.args)
                problems.append(f"{where}: {inv.key} takes no bare words, but has: {words}")
            if inv.tool not in KNOWN_TOOLS and inv.tool:
                problems.append(f"{where}: unknown tool {inv.tool!r}: the grader can only compare "
                                "its words one by one")
            if inv.key == "aws ecr get-login" and question.cli_version == "v2":
                problems.append(f"{where} uses aws ecr get-login, which AWS CLI v2 doesn't have "
                                "(set cli_version: v1, or use get-login-password)")
    defined = set(question.placeholders)
    for name in sorted(used - defined - set(DEFAULT_PLACEHOLDERS)):
        problems.append(f"placeholder <{name}> is used but not defined in `placeholders`")
    for name, regex in sorted(question.placeholders.items()):
        try:
            re.compile(regex)
        except re.error as exc:
            problems.append(f"placeholder <{name}> has an invalid regex {regex!r}: {exc}")
        if name not in used:
            problems.append(f"placeholder <{name}> is defined but no answer uses it")
    return problems


__all__ = ["check_command_key", "grade_command"]
