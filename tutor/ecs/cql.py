"""The ECS cluster query language: a tokenizer-free recursive-descent parser and an evaluator.

ECS uses these expressions for ``memberOf`` constraints and ``list-container-instances
--filter``; moto ignores them, so the sandbox needs its own. Grammar (``not`` binds tighter than
``and``, which binds tighter than ``or``)::

    expression := or_expr
    or_expr    := and_expr (("or" | "||") and_expr)*
    and_expr   := not_expr (("and" | "&&") not_expr)*
    not_expr   := ("not" | "!") not_expr | "(" or_expr ")" | comparison
    comparison := subject operator [argument]      -- attribute:NAME alone means "exists"
    argument   := value | "[" value ("," value)* "]" | "(" value ("," value)* ")"
    value      := bare-word | 'quoted' | "quoted"

Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html
(subjects, operator table, date formats, examples). Choices the page leaves open are written
next to the code that makes them (search for "Choice:").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from typing import Protocol

from tutor.ecs.errors import EcsError

MAX_EXPRESSION_LENGTH = 2000
"""ECS's limit on a ``memberOf`` expression (API_PlacementConstraint)."""

MAX_NESTING = 64
"""Our own limit, so that ``((((…`` ends in a syntax error and not a RecursionError."""


class CQLSyntaxError(EcsError, ValueError):
    """A cluster query expression that does not parse; ``column`` is 1-based."""

    def __init__(self, message: str, column: int, text: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.text = text

    def __str__(self) -> str:
        return f"{self.message} (column {self.column})"

    def caret(self) -> str:
        """The expression with a ``^`` under the offending column, for terminals."""
        return f"{self.text}\n{' ' * (self.column - 1)}^"


class Op(Enum):
    """Comparison operators; the value is the canonical spelling used by :meth:`Expr.to_text`."""

    EQ = "=="
    NE = "!="
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    EXISTS = "exists"
    NOT_EXISTS = "!exists"
    IN = "in"
    NOT_IN = "!in"
    MATCHES = "=~"
    NOT_MATCHES = "!~"


_SYMBOL_OPS: tuple[tuple[str, Op], ...] = (
    ("==", Op.EQ),
    ("!=", Op.NE),
    (">=", Op.GE),
    ("<=", Op.LE),
    ("=~", Op.MATCHES),
    ("!~", Op.NOT_MATCHES),
    (">", Op.GT),
    ("<", Op.LT),
)
_WORD_OPS: dict[str, Op] = {
    "equals": Op.EQ,
    "not_equals": Op.NE,
    "greater_than": Op.GT,
    "greater_than_equal": Op.GE,
    "less_than": Op.LT,
    "less_than_equal": Op.LE,
    "exists": Op.EXISTS,
    "not_exists": Op.NOT_EXISTS,
    "in": Op.IN,
    "not_in": Op.NOT_IN,
    "matches": Op.MATCHES,
    "not_matches": Op.NOT_MATCHES,
}
_BANG_WORD_OPS: dict[str, Op] = {"exists": Op.NOT_EXISTS, "in": Op.NOT_IN}

_STRING_OPS = frozenset({Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.MATCHES, Op.NOT_MATCHES})
_ORDER_OPS = frozenset({Op.EQ, Op.NE, Op.GT, Op.GE, Op.LT, Op.LE})
_NEGATIVE_OPS = frozenset({Op.NE, Op.NOT_IN, Op.NOT_MATCHES})

SUBJECTS: dict[str, frozenset[Op]] = {
    "agentConnected": _STRING_OPS,
    "agentVersion": _ORDER_OPS,
    "ec2InstanceId": _STRING_OPS,
    "registeredAt": _ORDER_OPS,
    "runningTasksCount": _ORDER_OPS,
    # Choice: the page lists no operators for task:group; the string operators are allowed.
    "task:group": _STRING_OPS,
}
"""Fixed subjects and the operators the ECS page lists for each; ``attribute:NAME`` takes all."""

DYNAMIC_SUBJECTS = frozenset({"runningTasksCount", "task:group"})
"""Subjects whose truth changes when tasks start or stop (placement re-checks only these)."""

_ATTRIBUTE_PREFIX = "attribute:"
ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_\-./\\]{1,128}")
_SUBJECT_CHARS = re.compile(r"[A-Za-z0-9_\-./\\:@]*")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:/\\@*+")
_VALUE_STOP = frozenset(" \t\r\n\f\v()[],'\"=!<>")
_BARE_SAFE = re.compile(r"[A-Za-z0-9_\-./\\:@*+?^$|{}]+")
_VERSION = re.compile(r"\d+(?:\.\d+)*")
_DATE_FORMATS = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")


class InstanceFacts(Protocol):
    """What an expression can look at; :class:`tutor.ecs.model.ContainerInstance` has it all."""

    @property
    def attributes(self) -> Mapping[str, str | None]: ...
    @property
    def ec2_instance_id(self) -> str: ...
    @property
    def agent_connected(self) -> bool: ...
    @property
    def agent_version(self) -> str: ...
    @property
    def registered_at(self) -> datetime: ...
    @property
    def running_tasks_count(self) -> int: ...
    @property
    def task_groups(self) -> Collection[str]: ...


class Expr:
    """A parsed expression. Call :meth:`matches` with an instance, :meth:`to_text` to show it."""

    precedence = 3

    def matches(self, ctx: InstanceFacts) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_text(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def subjects(self) -> frozenset[str]:  # pragma: no cover - abstract
        """Every subject the expression reads (``attribute:NAME`` spelled out)."""
        raise NotImplementedError

    @property
    def is_dynamic(self) -> bool:
        """True when running tasks can change the result, so a cached answer may go stale."""
        return bool(self.subjects & DYNAMIC_SUBJECTS)

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_text()!r}>"

    def _child_text(self, child: Expr) -> str:
        text = child.to_text()
        return f"({text})" if child.precedence < self.precedence else text


@dataclass(frozen=True, eq=True, repr=False)
class Or(Expr):
    items: tuple[Expr, ...]
    precedence = 0

    def matches(self, ctx: InstanceFacts) -> bool:
        return any(item.matches(ctx) for item in self.items)

    def to_text(self) -> str:
        return " or ".join(self._child_text(item) for item in self.items)

    @property
    def subjects(self) -> frozenset[str]:
        return frozenset().union(*(item.subjects for item in self.items))


@dataclass(frozen=True, eq=True, repr=False)
class And(Expr):
    items: tuple[Expr, ...]
    precedence = 1

    def matches(self, ctx: InstanceFacts) -> bool:
        return all(item.matches(ctx) for item in self.items)

    def to_text(self) -> str:
        return " and ".join(self._child_text(item) for item in self.items)

    @property
    def subjects(self) -> frozenset[str]:
        return frozenset().union(*(item.subjects for item in self.items))


@dataclass(frozen=True, eq=True, repr=False)
class Not(Expr):
    item: Expr
    precedence = 2

    def matches(self, ctx: InstanceFacts) -> bool:
        return not self.item.matches(ctx)

    def to_text(self) -> str:
        return f"not({self.item.to_text()})"

    @property
    def subjects(self) -> frozenset[str]:
        return self.item.subjects


@dataclass(frozen=True, eq=True, repr=False)
class Compare(Expr):
    """One ``subject operator [argument]`` test.

    ``values`` holds the argument as written (one item, or the list for ``in``); ``parsed`` the
    same converted for the subject (ints, version tuples, datetimes, compiled patterns).
    """

    subject: str
    op: Op
    values: tuple[str, ...] = ()
    parsed: tuple[object, ...] = field(default=(), compare=False)
    precedence = 3

    @property
    def subjects(self) -> frozenset[str]:
        return frozenset({self.subject})

    def to_text(self) -> str:
        if self.op in (Op.EXISTS, Op.NOT_EXISTS):
            return f"{self.subject} {self.op.value}"
        if self.op in (Op.IN, Op.NOT_IN):
            return f"{self.subject} {self.op.value} [{', '.join(map(_quote, self.values))}]"
        return f"{self.subject} {self.op.value} {_quote(self.values[0], regex=self.op in (Op.MATCHES, Op.NOT_MATCHES))}"

    def matches(self, ctx: InstanceFacts) -> bool:
        subject = self.subject
        if subject.startswith(_ATTRIBUTE_PREFIX):
            attrs = ctx.attributes
            name = subject[len(_ATTRIBUTE_PREFIX) :]
            if self.op is Op.EXISTS:
                return name in attrs
            if self.op is Op.NOT_EXISTS:
                return name not in attrs
            # Choice: a missing attribute fails every other test, including the negative ones,
            # as in the docs' example where "attribute:stack != prod" lists only instances that
            # have a "stack" attribute. Use not(...) to include instances without it.
            if name not in attrs:
                return False
            return self._test_string(attrs[name] or "", numeric=True)
        if subject == "ec2InstanceId":
            return self._test_string(ctx.ec2_instance_id)
        if subject == "agentConnected":
            return self._test_string("true" if ctx.agent_connected else "false")
        if subject == "runningTasksCount":
            return _compare(self.op, ctx.running_tasks_count, self.parsed[0])
        if subject == "agentVersion":
            version = _parse_version(ctx.agent_version)
            return version is not None and _compare(self.op, _pad(version, self.parsed[0]), _pad(self.parsed[0], version))
        if subject == "registeredAt":
            wanted = self.parsed[0]
            registered = _as_utc(ctx.registered_at)
            if isinstance(wanted, date) and not isinstance(wanted, datetime):
                return _compare(self.op, registered.date(), wanted)
            return _compare(self.op, registered, wanted)
        # task:group. Choice: every operator means "at least one running task whose group ...",
        # so "task:group == x" is affinity and not(task:group == x) anti-affinity, as documented.
        groups = ctx.task_groups
        return any(self._test_string(group) for group in groups)

    def _test_string(self, value: str, *, numeric: bool = False) -> bool:
        op = self.op
        if op is Op.EQ:
            return value == self.values[0]
        if op is Op.NE:
            return value != self.values[0]
        if op is Op.IN:
            return value in self.values
        if op is Op.NOT_IN:
            return value not in self.values
        if op is Op.MATCHES:
            return self.parsed[0].fullmatch(value) is not None  # type: ignore[attr-defined]
        if op is Op.NOT_MATCHES:
            return self.parsed[0].fullmatch(value) is None  # type: ignore[attr-defined]
        # Ordering on an attribute: numbers compare as numbers, anything else as text (choice).
        left: object = value
        right: object = self.values[0]
        if numeric:
            left_num, right_num = _as_number(value), _as_number(self.values[0])
            if left_num is not None and right_num is not None:
                left, right = left_num, right_num
        return _compare(op, left, right)


def _compare(op: Op, left: object, right: object) -> bool:
    if op is Op.EQ:
        return left == right
    if op is Op.NE:
        return left != right
    if op is Op.GT:
        return left > right  # type: ignore[operator]
    if op is Op.GE:
        return left >= right  # type: ignore[operator]
    if op is Op.LT:
        return left < right  # type: ignore[operator]
    return left <= right  # type: ignore[operator]


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _parse_version(text: str) -> tuple[int, ...] | None:
    match = _VERSION.match(text.strip().lstrip("v"))
    return tuple(int(part) for part in match.group(0).split(".")) if match else None


def _pad(version: object, other: object) -> tuple[int, ...]:
    assert isinstance(version, tuple) and isinstance(other, tuple)
    return version + (0,) * max(0, len(other) - len(version))


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _quote(value: str, *, regex: bool = False) -> str:
    if value and _BARE_SAFE.fullmatch(value) and value.lower() not in ("and", "or", "not"):
        return value
    if regex and value and not any(ch.isspace() for ch in value) and _balanced(value):
        return value
    return f'"{value}"' if "'" in value else f"'{value}'"


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                return False
        elif ch in "'\"":
            return False
    return depth == 0


class _Parser:
    """Scannerless recursive descent: positions are exact, so errors can name the column."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    # -- helpers -----------------------------------------------------------------------------
    def fail(self, message: str, pos: int | None = None) -> CQLSyntaxError:
        return CQLSyntaxError(message, (self.pos if pos is None else pos) + 1, self.text)

    def skip_ws(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos].isspace():
            pos += 1
        self.pos = pos

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def found(self) -> str:
        if self.at_end():
            return "the end of the expression"
        end = self.pos
        while end < len(self.text) and not self.text[end].isspace() and end - self.pos < 20:
            end += 1
        return repr(self.text[self.pos : max(end, self.pos + 1)])

    def keyword(self, word: str) -> bool:
        """Consume ``word`` (any case) when it stands alone; ``not(`` counts as standing alone."""
        end = self.pos + len(word)
        if self.text[self.pos : end].lower() != word:
            return False
        if end < len(self.text) and self.text[end] in _WORD_CHARS:
            return False
        self.pos = end
        return True

    def symbol(self, sym: str) -> bool:
        if self.text.startswith(sym, self.pos):
            self.pos += len(sym)
            return True
        return False

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.fail(f"the expression is nested more than {MAX_NESTING} levels deep")

    # -- grammar -----------------------------------------------------------------------------
    def parse(self) -> Expr:
        if len(self.text) > MAX_EXPRESSION_LENGTH:
            raise self.fail(
                f"the expression is {len(self.text)} characters long; ECS allows at most "
                f"{MAX_EXPRESSION_LENGTH}",
                MAX_EXPRESSION_LENGTH,
            )
        self.skip_ws()
        if self.at_end():
            raise self.fail("expected an expression such as 'attribute:ecs.instance-type == t3.small', found nothing")
        expr = self.or_expr()
        self.skip_ws()
        if not self.at_end():
            if self.text[self.pos] == ")":
                raise self.fail("found ')' without a matching '('")
            raise self.fail(f"expected 'and', 'or' or the end of the expression, found {self.found()}")
        return expr

    def or_expr(self) -> Expr:
        items = [self.and_expr()]
        while True:
            self.skip_ws()
            if self.symbol("||") or self.keyword("or"):
                items.append(self.and_expr())
            else:
                return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Expr:
        items = [self.not_expr()]
        while True:
            self.skip_ws()
            if self.symbol("&&") or self.keyword("and"):
                items.append(self.not_expr())
            else:
                return items[0] if len(items) == 1 else And(tuple(items))

    def not_expr(self) -> Expr:
        self.skip_ws()
        if self.at_end():
            raise self.fail("expected a subject, 'not' or '(' , found the end of the expression")
        self.enter()
        try:
            if self.text.startswith("!", self.pos) and not self.text.startswith(("!=", "!~"), self.pos):
                self.pos += 1
                return Not(self.not_expr())
            if self.keyword("not"):
                return Not(self.not_expr())
            if self.text[self.pos] == "(":
                open_pos = self.pos
                self.pos += 1
                inner = self.or_expr()
                self.skip_ws()
                if not self.symbol(")"):
                    if self.at_end():
                        raise self.fail(f"expected ')' to close the '(' at column {open_pos + 1}, found the end of the expression")
                    raise self.fail(f"expected ')' or 'and'/'or', found {self.found()}")
                return inner
            return self.comparison()
        finally:
            self.depth -= 1

    def comparison(self) -> Expr:
        start = self.pos
        match = _SUBJECT_CHARS.match(self.text, self.pos)
        subject = match.group(0) if match else ""
        if not subject:
            raise self.fail(f"expected a subject such as attribute:NAME, ec2InstanceId or task:group, found {self.found()}")
        self.pos += len(subject)
        if subject.startswith(_ATTRIBUTE_PREFIX):
            name = subject[len(_ATTRIBUTE_PREFIX) :]
            if not ATTRIBUTE_NAME.fullmatch(name):
                raise self.fail(
                    "an attribute name needs 1 to 128 letters, digits, '-', '_', '.', '/' or '\\' "
                    f"after 'attribute:', found {name!r}",
                    start + len(_ATTRIBUTE_PREFIX),
                )
            allowed: frozenset[Op] = frozenset(Op)
        elif subject in SUBJECTS:
            allowed = SUBJECTS[subject]
        else:
            raise self.fail(_unknown_subject(subject), start)
        self.skip_ws()
        op_pos = self.pos
        op = self.operator()
        if op is None:
            if subject.startswith(_ATTRIBUTE_PREFIX) and self._at_expression_boundary():
                return Compare(subject, Op.EXISTS)
            raise self.fail(
                f"expected an operator after {subject!r} (==, !=, >, >=, <, <=, exists, !exists, "
                f"in, !in, =~, !~), found {self.found()}"
            )
        if op not in allowed:
            valid = ", ".join(o.value for o in Op if o in allowed)
            raise self.fail(f"operator {op.value!r} can't be used with {subject}; valid operators: {valid}", op_pos)
        if op in (Op.EXISTS, Op.NOT_EXISTS):
            return Compare(subject, op)
        self.skip_ws()
        if op in (Op.IN, Op.NOT_IN):
            values, positions = self.value_list(op)
        else:
            value_pos = self.pos
            values, positions = (self.value(op, regex=op in (Op.MATCHES, Op.NOT_MATCHES)),), (value_pos,)
        parsed = tuple(self.convert(subject, op, value, pos) for value, pos in zip(values, positions, strict=True))
        return Compare(subject, op, values, parsed)

    def _at_expression_boundary(self) -> bool:
        if self.at_end() or self.text[self.pos] == ")":
            return True
        if self.text.startswith(("&&", "||"), self.pos):
            return True
        save = self.pos
        hit = self.keyword("and") or self.keyword("or")
        self.pos = save
        return hit

    def operator(self) -> Op | None:
        text, pos = self.text, self.pos
        if text.startswith("!", pos):
            for word, op in _BANG_WORD_OPS.items():
                end = pos + 1 + len(word)
                if text[pos + 1 : end].lower() == word and (end >= len(text) or text[end] not in _WORD_CHARS):
                    self.pos = end
                    return op
        for sym, op in _SYMBOL_OPS:
            if text.startswith(sym, pos):
                self.pos += len(sym)
                return op
        end = pos
        while end < len(text) and (text[end].isalpha() or text[end] == "_"):
            end += 1
        word = text[pos:end].lower()
        if word in _WORD_OPS and (end >= len(text) or text[end] not in _WORD_CHARS):
            self.pos = end
            return _WORD_OPS[word]
        return None

    def value_list(self, op: Op) -> tuple[tuple[str, ...], tuple[int, ...]]:
        opener = self.text[self.pos : self.pos + 1]
        if opener not in ("[", "("):
            raise self.fail(f"'{op.value}' needs a list such as [a, b], found {self.found()}")
        closer = "]" if opener == "[" else ")"
        open_pos = self.pos
        self.pos += 1
        values: list[str] = []
        positions: list[int] = []
        while True:
            self.skip_ws()
            positions.append(self.pos)
            values.append(self.value(op, regex=False, in_list=True))
            self.skip_ws()
            if self.symbol(","):
                continue
            if self.symbol(closer):
                return tuple(values), tuple(positions)
            if self.at_end():
                raise self.fail(f"expected ',' or '{closer}' to close the list opened at column {open_pos + 1}, found the end of the expression")
            raise self.fail(f"expected ',' or '{closer}' in the list, found {self.found()}")

    def value(self, op: Op, *, regex: bool, in_list: bool = False) -> str:
        text, start = self.text, self.pos
        if start < len(text) and text[start] in "'\"":
            quote = text[start]
            end = text.find(quote, start + 1)
            if end < 0:
                raise self.fail(f"the string opened with {quote} here is never closed", start)
            self.pos = end + 1
            return text[start + 1 : end]
        pos = start
        if regex:
            depth = 0
            while pos < len(text) and not text[pos].isspace():
                ch = text[pos]
                if ch in "([":
                    depth += 1
                elif ch in ")]":
                    if depth == 0:
                        break
                    depth -= 1
                elif ch in "'\"":
                    break
                pos += 1
        else:
            while pos < len(text) and text[pos] not in _VALUE_STOP and not text.startswith(("&&", "||"), pos):
                pos += 1
        if pos == start:
            where = "in the list" if in_list else f"after '{op.value}'"
            raise self.fail(f"expected a value {where}, found {self.found()}")
        self.pos = pos
        return text[start:pos]

    def convert(self, subject: str, op: Op, value: str, pos: int) -> object:
        if op in (Op.MATCHES, Op.NOT_MATCHES):
            try:
                return re.compile(value)
            except (re.error, OverflowError, RecursionError, ValueError) as exc:
                raise self.fail(f"{value!r} is not a valid regular expression: {exc}", pos) from None
        if subject == "runningTasksCount":
            if not value.isascii() or not value.isdigit():
                raise self.fail(f"runningTasksCount is compared with a whole number, found {value!r}", pos)
            return int(value)
        if subject == "agentVersion":
            version = _VERSION.fullmatch(value)
            if not version:
                raise self.fail(f"agentVersion is compared with a version such as 1.14.5, found {value!r}", pos)
            return tuple(int(part) for part in value.split("."))
        if subject == "registeredAt":
            return self.parse_date(value, pos)
        if subject == "agentConnected" and value.lower() not in ("true", "false"):
            raise self.fail(f"agentConnected is true or false, found {value!r}", pos)
        if subject == "agentConnected":
            return value.lower()
        return value

    def parse_date(self, value: str, pos: int) -> date | datetime:
        for fmt in _DATE_FORMATS:
            try:
                moment = datetime.strptime(value, fmt)
            except ValueError:
                continue
            if fmt == "%Y-%m-%d":
                return moment.date()
            return _as_utc(moment)
        raise self.fail(
            "registeredAt is compared with a date: 2018-06-18T22:28:28+00:00, "
            f"2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18; found {value!r}",
            pos,
        )


def _unknown_subject(subject: str) -> str:
    known = [*SUBJECTS, "attribute:NAME"]
    lowered = {name.lower(): name for name in SUBJECTS}
    if subject.lower() in lowered:
        return f"unknown subject {subject!r}; subjects are case-sensitive: did you mean {lowered[subject.lower()]!r}?"
    if subject.lower().startswith("attribute") or subject.lower().startswith("attr"):
        return f"unknown subject {subject!r}; attributes are written attribute:NAME, e.g. attribute:ecs.instance-type"
    close = difflib.get_close_matches(subject, known, n=2, cutoff=0.6)
    hint = f" Did you mean {' or '.join(map(repr, close))}?" if close else ""
    return f"unknown subject {subject!r}; expected one of {', '.join(known)}.{hint}"


def parse(text: str) -> Expr:
    """Parse a cluster query expression; raises :class:`CQLSyntaxError` and nothing else."""
    if not isinstance(text, str):
        raise CQLSyntaxError(f"expected the expression as text, got {type(text).__name__}", 1, "")
    return _Parser(text).parse()


def evaluate(text_or_expr: str | Expr, instances: Sequence[InstanceFacts]) -> list[InstanceFacts]:
    """The instances an expression selects, in order (what ``--filter`` would list)."""
    expr = parse(text_or_expr) if isinstance(text_or_expr, str) else text_or_expr
    return [instance for instance in instances if expr.matches(instance)]
