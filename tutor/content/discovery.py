"""Find packs: built-in, `--pack PATH`, the user data dir, `AWSTUTOR_PACKS`, entry points.

A broken pack never stops the others from loading: each discovered pack carries its own
LoadResult, and callers show which were skipped and why.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tutor.content.errors import PackError
from tutor.content.loader import MANIFEST, LoadResult, load_pack

ENTRY_POINT_GROUP = "awstutor.packs"


@dataclass(frozen=True)
class DiscoveredPack:
    origin: str  # "built-in", "--pack", "user", "AWSTUTOR_PACKS", "entry point <name>"
    path: Path
    result: LoadResult

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def skip_reason(self) -> str | None:
        if self.result.ok:
            return None
        first = self.result.errors[0] if self.result.errors else None
        more = len(self.result.errors) - 1
        reason = str(first) if first else "could not be loaded"
        return reason + (f" (and {more} more error{'s' * (more > 1)})" if more > 0 else "")


def _entry_point_paths() -> list[tuple[str, Path]]:
    """Installed distributions expose a pack folder as an entry point.

    The entry point may name a module (its folder is the pack), or `module:attribute` where the
    attribute is a path or a callable returning one.
    """
    from importlib.metadata import entry_points

    found: list[tuple[str, Path]] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
        except Exception as exc:
            found.append((f"entry point {ep.name} (failed: {exc})", Path(ep.value)))
            continue
        if callable(obj):
            obj = obj()
        if hasattr(obj, "__file__") and obj.__file__:
            path = Path(obj.__file__).parent
        else:
            path = Path(str(obj))
        found.append((f"entry point {ep.name}", path))
    return found


def candidate_paths(extra: Iterable[Path | str] = (), *, include_builtin: bool = True
                    ) -> list[tuple[str, Path]]:
    from tutor.paths import builtin_pack_dir, user_packs_dir

    out: list[tuple[str, Path]] = []
    if include_builtin:
        out.append(("built-in", builtin_pack_dir()))
    out.extend(("--pack", Path(p)) for p in extra)
    env = os.environ.get("AWSTUTOR_PACKS", "")
    out.extend(("AWSTUTOR_PACKS", Path(p)) for p in env.split(os.pathsep) if p.strip())
    user = user_packs_dir()
    for child in sorted(user.iterdir()) if user.is_dir() else []:
        if (child / MANIFEST).is_file():
            out.append(("user", child))
    out.extend(_entry_point_paths())
    return out


def discover_packs(extra: Iterable[Path | str] = (), *, include_builtin: bool = True
                   ) -> list[DiscoveredPack]:
    """Load every candidate once (by resolved path); duplicates of a pack id are skipped."""
    seen_paths: set[Path] = set()
    seen_ids: dict[str, Path] = {}
    packs: list[DiscoveredPack] = []
    for origin, path in candidate_paths(extra, include_builtin=include_builtin):
        resolved = path.expanduser().resolve()
        if resolved in seen_paths:
            continue
        seen_paths.add(resolved)
        if "(failed:" in origin:
            result = LoadResult(resolved, None, [PackError(str(path), 1, 1, "", origin)])
        else:
            result = load_pack(resolved)
        if result.pack is not None and result.ok:
            first = seen_ids.get(result.pack.id)
            if first is not None:
                result = LoadResult(resolved, None, [PackError(
                    MANIFEST, 1, 1, "id", f"pack id '{result.pack.id}' is already loaded from "
                    f"{first}", "give this pack its own id")])
            else:
                seen_ids[result.pack.id] = resolved
        packs.append(DiscoveredPack(origin, resolved, result))
    return packs
