"""Where awstutor keeps its files. `AWSTUTOR_HOME` overrides everything (tests always set it)."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The user data dir: progress database, user packs, sandbox scratch space."""
    override = os.environ.get("AWSTUTOR_HOME")
    if override:
        path = Path(override).expanduser()
    else:
        from platformdirs import user_data_path

        path = user_data_path("awstutor", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_packs_dir() -> Path:
    """Packs dropped here are discovered automatically."""
    path = data_dir() / "packs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path() -> Path:
    return data_dir() / "progress.sqlite3"


def sandbox_dir() -> Path:
    path = data_dir() / "sandbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def builtin_pack_dir() -> Path:
    """The built-in pack: inside the wheel, or the repository root in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "builtin_pack"
    if (packaged / "pack.yaml").is_file():
        return packaged
    return here.parent
