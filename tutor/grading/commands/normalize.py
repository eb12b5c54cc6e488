"""Shell AST → `Flat`: each command handed to its tool's reader, substitutions recursively."""

from __future__ import annotations

from typing import Any

from tutor.grading.commands import aws, docker
from tutor.grading.commands.match import Diff, MatchContext, match_value, show
from tutor.grading.commands.model import Flat, Invocation, Subst
from tutor.grading.commands.shell import Command, Script, Word

# Prefixes that change who runs the command, not what it does.
_TRANSPARENT = {"sudo", "command", "time", "exec", "nohup"}


def flatten(script: Script) -> Flat:
    """Stages in order with the operator after each (`|` inside a pipeline)."""
    stages: list[Invocation] = []
    links: list[str] = []
    for k, pipeline in enumerate(script.pipelines):
        for j, command in enumerate(pipeline.commands):
            stages.append(invocation(command))
            if j < len(pipeline.commands) - 1:
                links.append("|")
        if k < len(script.separators):
            links.append(script.separators[k])
    return Flat(stages, links)


def word_value(word: Word) -> Any:
    """A word's text, or a `Subst` when it holds `$( … )`."""
    if not word.has_subs:
        return word.text
    literals: list[str] = []
    flats: list[Flat] = []
    pending = ""
    for part in word.parts:
        if isinstance(part, str):
            pending += part
        else:
            literals.append(pending)
            pending = ""
            flats.append(flatten(part))
    literals.append(pending)
    return Subst(tuple(literals), tuple(flats), word.raw)


def invocation(command: Command) -> Invocation:
    """One simple command → an Invocation read by its tool's rules."""
    inv = _invocation(command)
    inv.source = " ".join([*(w.raw for _, w in command.assignments),
                           *(w.raw for w in command.words)])
    return inv


def _invocation(command: Command) -> Invocation:
    env = {name: word_value(w) for name, w in command.assignments}
    words = list(command.words)
    while len(words) > 1 and not words[0].has_subs and words[0].text in _TRANSPARENT:
        words.pop(0)
        while len(words) > 1 and words[0].text.startswith("-"):  # sudo -E, time -p …
            words.pop(0)
    redirects = [(op, word_value(w)) for op, w in command.redirects]
    if not words:
        inv = Invocation(tool="", key="(assignment)", label=" ".join(env) or "(redirection)",
                         env=env)
        inv.redirects = redirects
        return inv
    inner = _evaluated(words)
    if inner is not None:
        inv = Invocation(tool="$()", key="$(" + " | ".join(s.key for s in inner.stages) + ")",
                         label="$( … )", env=env, inner=inner)
        inv.redirects = redirects
        return inv
    values = [word_value(w) for w in words]
    tool = values[0] if isinstance(values[0], str) else "$()"
    tool = tool.rsplit("/", 1)[-1] if tool.startswith(("/", "./", "~")) else tool
    if tool == "aws":
        inv = aws.normalize(values[1:], env)
    elif tool == "docker":
        inv = docker.normalize(values[1:], env)
    else:
        inv = Invocation(tool=tool, key=tool, label=tool, env=env, args=_split_equals(values[1:]))
    inv.redirects = redirects
    return inv


def _evaluated(words: list[Word]) -> Flat | None:
    """`$(aws ecr get-login …)`, `eval $(…)`, `eval "$(…)"`: the shell runs the output."""
    if len(words) == 2 and not words[0].has_subs and words[0].text == "eval":
        words = words[1:]
    if len(words) == 1 and words[0].pure_sub is not None:
        return flatten(words[0].pure_sub)
    return None


def _split_equals(values: list[Any]) -> list[Any]:
    """`--opt=value` → `--opt value` for tools we know nothing else about."""
    out: list[Any] = []
    for value in values:
        if isinstance(value, str) and value.startswith("--") and "=" in value:
            name, _, rest = value.partition("=")
            out.extend((name, rest))
        else:
            out.append(value)
    return out


def compare_generic(expected: Invocation, got: Invocation, ctx: MatchContext) -> list[Diff]:
    """Unknown tools: word-by-word, same quoting rules, the first difference named."""
    diffs: list[Diff] = []
    e_args, g_args = expected.args, got.args
    for k in range(min(len(e_args), len(g_args))):
        found = match_value(e_args[k], g_args[k], ctx, f"word {k + 2} of {expected.label}")
        if found:
            diffs.extend(found)
            break
    else:
        if len(e_args) > len(g_args):
            missing = " ".join(show(a) for a in e_args[len(g_args):])
            diffs.append(Diff(expected.label, f"{expected.label} is missing {missing} at the end",
                              missing, ""))
        elif len(g_args) > len(e_args):
            extra = " ".join(show(a) for a in g_args[len(e_args):])
            diffs.append(Diff(expected.label, f"{expected.label}: {extra} isn't asked for here",
                              "", extra))
    for var, value in expected.env.items():
        if var not in got.env:
            diffs.append(Diff(var, f"missing {var}={show(value)} before the command"))
        else:
            diffs.extend(match_value(value, got.env[var], ctx, var))
    for var, value in got.env.items():
        if var not in expected.env:
            diffs.append(Diff(var, f"{var}={show(value)} isn't asked for here"))
    return diffs
