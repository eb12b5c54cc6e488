"""Read a command line the way a POSIX shell would, without running anything.

Only what answers need: quoting (shlex-compatible), `\\`-newline continuations, pipes, `&&`,
`||`, `;`, `&`, redirections, `VAR=x` assignments and `$( … )` / backtick substitutions (nested,
parsed recursively). Anything else the shell would reject, or that we refuse to guess at, is a
`ShellSyntaxError` carrying the offending position, so the learner sees where the line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 8
_PLAIN = re.compile(r"[^ \t\n|&;()<>\\'\"`$]+")
_WORD_END = frozenset(" \t\n|&;()<>")
_DQ_PLAIN = re.compile(r'[^"\\`$]+')
_BLANKS = re.compile(r"[ \t]+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_REDIRECT = re.compile(r"(\d*)(>>|>&|>\||<<<|<<-|<<|<&|<>|>|<)|(&>>|&>)")
_SPECIAL_PARAM = re.compile(r"[0-9?#@*!$-]")


class ShellSyntaxError(ValueError):
    """The line is not something a shell would run; `position` is a 0-based offset."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def describe(self, text: str) -> str:
        """The message plus the line it is on and a caret under the spot."""
        pos = max(0, min(self.position, len(text)))
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line_no = text.count("\n", 0, pos) + 1
        column = pos - start + 1
        line = text[start:end]
        where = f"line {line_no}, column {column}" if "\n" in text else f"column {column}"
        if len(line) > 120:
            lo = max(0, column - 60)
            line, column = line[lo : lo + 120], column - lo
        return f"{self.message} ({where})\n  {line}\n  {' ' * (column - 1)}^"


class Word:
    """One shell word after quote removal: literal text and command substitutions.

    `parts` alternates freely between `str` and `Script`; `quoted` records whether any quoting
    was involved (an assignment or an operator never comes from a quoted word).
    """

    __slots__ = ("_text", "has_subs", "parts", "quoted", "raw", "start")

    def __init__(self, parts: tuple[str | Script, ...], quoted: bool, raw: str, start: int,
                 plain: bool = False) -> None:
        self.parts = parts
        self.quoted = quoted
        self.raw = raw
        self.start = start
        self.has_subs = False if plain else not all(isinstance(p, str) for p in parts)
        self._text: str | None = None if self.has_subs else "".join(parts)  # type: ignore[arg-type]

    @property
    def pure_sub(self) -> Script | None:
        """The substituted script when the word is exactly one `$( … )`, else None."""
        if len(self.parts) == 1 and isinstance(self.parts[0], Script):
            return self.parts[0]
        return None

    @property
    def text(self) -> str:
        """Literal text; substitutions appear as their source (for messages and fallbacks)."""
        if self._text is not None:
            return self._text
        return "".join(p if isinstance(p, str) else f"$({p.source})" for p in self.parts)

    def __repr__(self) -> str:
        return f"Word({self.text!r})"


@dataclass(frozen=True, slots=True)
class Command:
    """A simple command: `VAR=x` assignments, words and redirections."""

    assignments: tuple[tuple[str, Word], ...]
    words: tuple[Word, ...]
    redirects: tuple[tuple[str, Word], ...]


@dataclass(frozen=True, slots=True)
class Pipeline:
    """Commands joined by `|`."""

    commands: tuple[Command, ...]


@dataclass(frozen=True, slots=True)
class Script:
    """Pipelines and the operators between them (`&&`, `||`, `;`, `&`; a newline is `;`)."""

    pipelines: tuple[Pipeline, ...]
    separators: tuple[str, ...]
    source: str


_FAST_LINE = re.compile(r"[^'\"\\$`#()<>&;\n]*")
_FAST_TOKEN = re.compile(r"[^ \t|]+|\|")


def _fast(text: str) -> Script | None:
    """The common case, plain words and single `|`: read without the full parser."""
    if _FAST_LINE.fullmatch(text) is None or "||" in text:
        return None
    commands: list[Command] = []
    words: list[Word] = []
    assignments: list[tuple[str, Word]] = []
    for m in _FAST_TOKEN.finditer(text):
        token = m.group(0)
        if token == "|":
            if not (words or assignments):
                return None  # let the parser report the lone `|`
            commands.append(Command(tuple(assignments), tuple(words), ()))
            words, assignments = [], []
        elif not words and _ASSIGNMENT.match(token):
            name, _, value = token.partition("=")
            assignments.append((name, Word((value,) if value else (), False, token, m.start(),
                                           plain=True)))
        else:
            words.append(Word((token,), False, token, m.start(), plain=True))
    if not (words or assignments):
        return None
    commands.append(Command(tuple(assignments), tuple(words), ()))
    return Script((Pipeline(tuple(commands)),), (), text.strip())


def parse(text: str) -> Script:
    """Parse a whole command line; raises ShellSyntaxError, and only that."""
    if not text.strip():
        raise ShellSyntaxError("the line is empty", 0)
    fast = _fast(text)
    if fast is not None:
        return fast
    parser = _Parser(text, 0, 0)
    try:
        script = parser.script(closer=None)
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps well below the limit
        raise ShellSyntaxError("the line nests too deeply", 0) from None
    if not script.pipelines:
        raise ShellSyntaxError("there is no command on the line, only separators", 0)
    return script


class _Parser:
    """Recursive-descent parser over one string (a backtick body gets its own parser)."""

    def __init__(self, text: str, depth: int, offset: int) -> None:
        self.s = text
        self.i = 0
        self.n = len(text)
        self.depth = depth
        self.offset = offset  # position of this text inside the original line, for errors

    def error(self, message: str, at: int | None = None) -> ShellSyntaxError:
        return ShellSyntaxError(message, self.offset + (self.i if at is None else at))

    # ------------------------------------------------------------------ layout

    def skip_blanks(self) -> None:
        """Skip spaces, tabs, `\\`-newline continuations and comments (not newlines)."""
        s, n = self.s, self.n
        while self.i < n:
            c = s[self.i]
            if c in " \t":
                m = _BLANKS.match(s, self.i)
                self.i = m.end() if m else self.i + 1
            elif c == "\\" and s.startswith("\n", self.i + 1):
                self.i += 2
            elif c == "#":
                end = s.find("\n", self.i)
                self.i = n if end < 0 else end
            else:
                return

    # ------------------------------------------------------------------ grammar

    def script(self, closer: str | None) -> Script:
        s = self.s
        start = self.i
        pipelines: list[Pipeline] = []
        separators: list[str] = []
        pending: tuple[str, int] | None = None  # a separator still waiting for its command
        while True:
            self.skip_blanks()
            if self.i >= self.n:
                if closer is not None:
                    raise self.error("`$(` is never closed with `)`", start - 2)
                break
            c = s[self.i]
            if closer is not None and c == closer:
                break
            at = self.i
            if c == "\n":
                self.i += 1
                if pipelines and pending is None:
                    pending = (";", at)
                continue  # a newline after `&&` or `|` keeps reading, as bash does
            if c in ";&|":
                op = next(o for o in ("&&", "||", ";;", ";", "&", "|") if s.startswith(o, at))
                if op == "&" and s.startswith("&>", at):
                    op = ""
                if op:
                    if op == ";;":
                        raise self.error("unexpected `;;`", at)
                    if op == "|":
                        raise self.error("`|` needs a command before it", at)
                    if not pipelines or pending is not None:
                        raise self.error(f"`{op}` needs a command before it", at)
                    pending = (op, at)
                    self.i += len(op)
                    continue
            if c in "()":
                raise self.error("grouping with ( ) is not supported in an answer", at)
            if pending is not None:
                separators.append(pending[0])
                pending = None
            pipelines.append(self.pipeline(closer))
        if pending is not None and pending[0] in ("&&", "||"):
            raise self.error(f"`{pending[0]}` needs a command after it", pending[1])
        return Script(tuple(pipelines), tuple(separators), s[start : self.i].strip())

    def pipeline(self, closer: str | None) -> Pipeline:
        commands = [self.command(closer)]
        while True:
            self.skip_blanks()
            if self.s.startswith("||", self.i) or not self.s.startswith("|", self.i):
                break
            bar = self.i
            self.i += 2 if self.s.startswith("|&", self.i) else 1
            while True:  # a newline after `|` continues the pipeline
                self.skip_blanks()
                if self.i < self.n and self.s[self.i] == "\n":
                    self.i += 1
                    continue
                break
            if self.i >= self.n or self.s[self.i] in "|&;)":
                raise self.error("`|` needs a command after it", bar)
            commands.append(self.command(closer))
        return Pipeline(tuple(commands))

    def command(self, closer: str | None) -> Command:
        assignments: list[tuple[str, Word]] = []
        words: list[Word] = []
        redirects: list[tuple[str, Word]] = []
        start = self.i
        while True:
            self.skip_blanks()
            if self.i >= self.n:
                break
            c = self.s[self.i]
            if c in "\n;|&" and not self.s.startswith(("&>",), self.i):
                break
            if closer is not None and c == closer:
                break
            if c in "()":
                raise self.error("grouping with ( ) is not supported in an answer")
            m = _REDIRECT.match(self.s, self.i) if c in "<>&0123456789" else None
            if m is not None:
                self.redirect(m, redirects)
                continue
            word = self.word()
            if not words and _ASSIGNMENT.match(word.raw):
                name, _, _ = word.raw.partition("=")
                value_parts = _strip_prefix(word.parts, len(name) + 1)
                assignments.append((name, Word(value_parts, word.quoted, word.raw, word.start)))
            else:
                words.append(word)
        if not (assignments or words or redirects):
            c = self.s[self.i] if self.i < self.n else ""
            if c == "|":
                raise self.error("`|` needs a command before it")
            raise self.error("expected a command", start)  # pragma: no cover
        return Command(tuple(assignments), tuple(words), tuple(redirects))

    def redirect(self, m: re.Match[str], out: list[tuple[str, Word]]) -> None:
        op = m.group(0)
        if op.startswith("<<") and not op.startswith("<<<"):
            raise self.error("here-documents (<<) are not supported in an answer")
        self.i = m.end()
        if op.endswith("&") and self.i < self.n and (self.s[self.i].isdigit() or self.s[self.i] == "-"):
            target = Word((self.s[self.i],), False, self.s[self.i], self.i)
            self.i += 1
            out.append((op, target))
            return
        self.skip_blanks()
        if self.i >= self.n or self.s[self.i] in "\n;|&<>()":
            raise self.error(f"the redirection `{op}` needs a file name after it")
        out.append((op, self.word()))

    # ------------------------------------------------------------------ words

    def word(self) -> Word:
        s, n = self.s, self.n
        start = self.i
        m = _PLAIN.match(s, start)  # fast path: a plain word, no quoting or expansion
        if m is not None:
            end = m.end()
            if end >= n or s[end] in _WORD_END:
                self.i = end
                text = m.group(0)
                return Word((text,), False, text, self.offset + start, plain=True)
        parts: list[str | Script] = []
        buf: list[str] = []
        quoted = False
        while self.i < n:
            c = s[self.i]
            if c in " \t\n|&;()<>":
                break
            if c == "'":
                end = s.find("'", self.i + 1)
                if end < 0:
                    raise self.error("this ' quote is never closed", self.i)
                buf.append(s[self.i + 1 : end])
                self.i = end + 1
                quoted = True
            elif c == '"':
                quoted = True
                self.double_quoted(buf, parts)
            elif c == "\\":
                if self.i + 1 >= n:
                    raise self.error("the line ends with a lone backslash", self.i)
                nxt = s[self.i + 1]
                if nxt != "\n":
                    buf.append(nxt)
                    quoted = True
                self.i += 2
            elif c == "$" or c == "`":
                self.dollar_or_backtick(buf, parts)
            else:
                m = _PLAIN.match(s, self.i)
                assert m is not None
                buf.append(m.group(0))
                self.i = m.end()
        if buf:
            parts.append("".join(buf))
        return Word(tuple(_merge(parts)), quoted, s[start : self.i], self.offset + start)

    def double_quoted(self, buf: list[str], parts: list[str | Script]) -> None:
        s, n = self.s, self.n
        open_at = self.i
        self.i += 1
        while True:
            if self.i >= n:
                raise self.error('this " quote is never closed', open_at)
            c = s[self.i]
            if c == '"':
                self.i += 1
                return
            if c == "\\":
                nxt = s[self.i + 1] if self.i + 1 < n else ""
                if nxt in ('"', "\\", "$", "`"):
                    buf.append(nxt)
                elif nxt != "\n":
                    buf.append("\\" + nxt)
                self.i += 2
            elif c == "$" or c == "`":
                self.dollar_or_backtick(buf, parts)
            else:
                m = _DQ_PLAIN.match(s, self.i)
                assert m is not None
                buf.append(m.group(0))
                self.i = m.end()

    def dollar_or_backtick(self, buf: list[str], parts: list[str | Script]) -> None:
        s = self.s
        if s[self.i] == "`":
            script = self.backtick()
        elif s.startswith("$((", self.i):
            raise self.error("arithmetic $(( )) is not supported in an answer")
        elif s.startswith("$(", self.i):
            script = self.substitution()
        else:
            buf.append(self.parameter())
            return
        if buf:
            parts.append("".join(buf))
            buf.clear()
        parts.append(script)

    def parameter(self) -> str:
        """`$NAME`, `${…}`, `$1`, `$?` or a lone `$`: kept literally, never expanded."""
        s, i = self.s, self.i
        if s.startswith("${", i):
            end = s.find("}", i + 2)
            if end < 0:
                raise self.error("this ${ is never closed with }", i)
            self.i = end + 1
            return s[i : end + 1]
        m = _NAME.match(s, i + 1) or _SPECIAL_PARAM.match(s, i + 1)
        if m is not None:
            self.i = m.end()
            return s[i : m.end()]
        self.i = i + 1
        return "$"

    def substitution(self) -> Script:
        if self.depth >= MAX_DEPTH:
            raise self.error("command substitutions nest too deeply")
        open_at = self.i
        self.i += 2
        inner = _Parser(self.s, self.depth + 1, self.offset)
        inner.i = self.i
        inner.n = self.n
        script = inner.script(closer=")")
        if inner.i >= self.n or self.s[inner.i] != ")":  # pragma: no cover - script() raises
            raise self.error("`$(` is never closed with `)`", open_at)
        if not script.pipelines:
            raise self.error("`$( )` is empty", open_at)
        self.i = inner.i + 1
        return script

    def backtick(self) -> Script:
        if self.depth >= MAX_DEPTH:
            raise self.error("command substitutions nest too deeply")
        s, n = self.s, self.n
        open_at = self.i
        j = self.i + 1
        body: list[str] = []
        while True:
            if j >= n:
                raise self.error("this ` backtick is never closed", open_at)
            c = s[j]
            if c == "`":
                break
            if c == "\\" and j + 1 < n and s[j + 1] in "`\\$":
                body.append(s[j + 1])
                j += 2
                continue
            body.append(c)
            j += 1
        self.i = j + 1
        text = "".join(body)
        if not text.strip():
            raise self.error("the backtick substitution is empty", open_at)
        inner = _Parser(text, self.depth + 1, self.offset + open_at + 1)
        script = inner.script(closer=None)
        if not script.pipelines:
            raise self.error("the backtick substitution is empty", open_at)
        return script


def _merge(parts: list[str | Script]) -> list[str | Script]:
    out: list[str | Script] = []
    for p in parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] = out[-1] + p
        elif not (isinstance(p, str) and not p):
            out.append(p)
    return out


def _strip_prefix(parts: tuple[str | Script, ...], count: int) -> tuple[str | Script, ...]:
    """Drop the first `count` literal characters (the `NAME=` of an assignment)."""
    out = list(parts)
    if out and isinstance(out[0], str):
        head = out[0][count:]
        out = ([head] if head else []) + out[1:]
    return tuple(out)
