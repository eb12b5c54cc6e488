"""The AWS CLI's shorthand syntax, so `scanOnPush=true` and `'{"scanOnPush":true}'` compare equal.

Grammar (as the CLI documents it): `key=value,key2=value2`, nested `key={a=1,b=2}`, lists
`key=[a,b]` or `key=a,b` (values after a comma that is not followed by `name=` belong to the
list), quoted values `key="a,b"`. Values stay strings; `match.scalar_text` compares them by
meaning with JSON's booleans and numbers.
"""

from __future__ import annotations

import re
from typing import Any

_KEY = re.compile(r"\s*([A-Za-z0-9_.:/@\-\ue000-\ue001]+)\s*=")
_BARE_STOP = ",}]"


class ShorthandError(ValueError):
    """Not valid shorthand; `position` is an offset into the value."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at character {position + 1}")
        self.position = position


def looks_like_shorthand(text: str) -> bool:
    """`key=…` at the start: the CLI would read it as a structure in shorthand."""
    return _KEY.match(text) is not None


def parse_structure(text: str) -> dict[str, Any]:
    """`k=v,k2={a=1},k3=[x,y]` → a dict; raises ShorthandError."""
    parser = _Parser(text)
    result = parser.pairs(closer=None)
    parser.skip_spaces()
    if parser.i != len(text):
        raise ShorthandError(f"unexpected {text[parser.i]!r}", parser.i)
    return result


def parse_scalar_list(text: str) -> list[Any]:
    """`a,b,"c,d"` → ['a', 'b', 'c,d'] (a list-of-strings option given in one word)."""
    parser = _Parser(text)
    values = [parser.value()]
    while parser.peek() == ",":
        parser.i += 1
        values.append(parser.value())
    if parser.i != len(text):
        raise ShorthandError(f"unexpected {text[parser.i]!r}", parser.i)
    return values


class _Parser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def skip_spaces(self) -> None:
        while self.i < len(self.s) and self.s[self.i] in " \t\n":
            self.i += 1

    def pairs(self, closer: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.skip_spaces()
        if closer is not None and self.peek() == closer:
            return out
        while True:
            m = _KEY.match(self.s, self.i)
            if m is None:
                raise ShorthandError("expected key=value", self.i)
            key = m.group(1)
            if key in out:
                raise ShorthandError(f"{key} is given twice", m.start(1))
            self.i = m.end()
            values = [self.value()]
            # `key=a,b,c`: a comma not followed by `name=` continues this key's list.
            while self.peek() == "," and _KEY.match(self.s, self.i + 1) is None:
                self.i += 1
                values.append(self.value())
            out[key] = values[0] if len(values) == 1 else values
            self.skip_spaces()
            c = self.peek()
            if c == ",":
                self.i += 1
                continue
            if c == "" and closer is None:
                return out
            if c == closer:
                return out
            raise ShorthandError(f"unexpected {c!r}" if c else "unexpected end", self.i)

    def value(self) -> Any:
        self.skip_spaces()
        c = self.peek()
        if c == "{":
            self.i += 1
            result = self.pairs(closer="}")
            self.expect("}")
            return result
        if c == "[":
            self.i += 1
            items: list[Any] = []
            self.skip_spaces()
            if self.peek() != "]":
                items.append(self.value())
                while self.peek() == ",":
                    self.i += 1
                    items.append(self.value())
            self.expect("]")
            return items
        if c in "\"'":
            end = self.s.find(c, self.i + 1)
            if end < 0:
                raise ShorthandError(f"unclosed {c} quote", self.i)
            text = self.s[self.i + 1 : end]
            self.i = end + 1
            self.skip_spaces()
            return text
        start = self.i
        chars: list[str] = []
        while self.i < len(self.s) and self.s[self.i] not in _BARE_STOP:
            if self.s[self.i] == "\\" and self.i + 1 < len(self.s):
                self.i += 1
            chars.append(self.s[self.i])
            self.i += 1
        text = "".join(chars).strip()
        if not text and self.i == start and c not in _BARE_STOP and c != "":
            raise ShorthandError("expected a value", self.i)  # pragma: no cover
        return text

    def expect(self, char: str) -> None:
        self.skip_spaces()
        if self.peek() != char:
            raise ShorthandError(f"expected {char!r}", self.i)
        self.i += 1
        self.skip_spaces()
