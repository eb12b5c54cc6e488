"""Pack errors: every problem names file, line, column, the path inside the file, and a fix."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class PackError:
    file: str
    line: int
    column: int
    path: str
    message: str
    fix: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        head = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return f"{head} (fix: {self.fix})" if self.fix else head

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def format_path(path: tuple[str | int, ...]) -> str:
    """('questions', 3, 'answer') -> 'questions[3].answer'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out
