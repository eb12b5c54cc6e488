"""A plain (non-editable) wheel install finds and validates the built-in pack."""

from __future__ import annotations

import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_wheel_ships_the_builtin_pack(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(dist), str(REPO)], check=True, capture_output=True, cwd=tmp_path)
    [wheel] = dist.glob("awstutor-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    # Reuse this environment's dependencies (no downloads); install only our wheel.
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], capture_output=True, text=True, check=True
                             ).stdout.strip()
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    listing = subprocess.run([str(py), "-m", "zipfile", "-l", str(wheel)], capture_output=True,
                             text=True, check=True).stdout
    assert "tutor/builtin_pack/pack.yaml" in listing
    assert "tutor/builtin_pack/lessons/" in listing
    proc = subprocess.run([str(env_dir / "bin" / "awstutor"), "pack", "validate", "--no-lint"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("aws-containers ")
    where = subprocess.run([str(py), "-c", "from tutor.paths import builtin_pack_dir; "
                            "print(builtin_pack_dir())"], capture_output=True, text=True,
                           check=True, cwd=tmp_path).stdout
    assert "site-packages" in where
