"""Suite-wide guards: a private AWSTUTOR_HOME for every test, no real AWS config in reach."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

for _var in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_ANIMATIONS", "TEXTUAL_COLOR_SYSTEM",
             "TEXTUAL_FPS", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
             "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWSTUTOR_PACKS"):
    os.environ.pop(_var, None)

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def awstutor_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                  ) -> Path:
    home = tmp_path_factory.mktemp("awstutor-home")
    monkeypatch.setenv("AWSTUTOR_HOME", str(home))
    return home
