"""`awstutor pack new NAME`: a small pack that validates, with editor schema lines."""

from __future__ import annotations

import re
from pathlib import Path

from tutor.content.schema import write_schemas

MANIFEST = """\
# yaml-language-server: $schema=.schema/manifest.schema.json
id: {pack_id}
title: {title}
version: "0.1.0"
language: en
description: What this pack teaches, in one or two sentences.
authors: [Your Name]
min_app_version: "0.1.0"
topics:
  - {{id: intro, title: Introduction, weight: 1}}
exam:
  questions: 10
  minutes: 20
  pass_mark: 720
"""

LESSON = """\
---
id: intro
title: Introduction
topic: intro
order: 1
summary: A first lesson; replace this text.
objectives:
  - Say what an Amazon ECR private registry URI looks like.
references:
  - https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html
questions: [intro-registry-uri, intro-login]
---
# Introduction

Each AWS account has a private registry per Region, at
`<account>.dkr.ecr.<region>.amazonaws.com`
([Amazon ECR registries](https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html)).

---

## A second page

Pages are separated by a line holding only `---`. Keep each page short.
"""

QUIZ = """\
# yaml-language-server: $schema=../.schema/quiz.schema.json
questions:
  - id: intro-registry-uri
    type: single
    topic: intro
    difficulty: easy
    stem: Which host is the private ECR registry of account 123456789012 in eu-west-1?
    choices:
      - id: a
        text: "`123456789012.dkr.ecr.eu-west-1.amazonaws.com`"
        correct: true
        feedback: The registry host is account, dkr.ecr, Region, amazonaws.com.
      - id: b
        text: "`ecr.eu-west-1.amazonaws.com/123456789012`"
        feedback: That is the API endpoint shape, not the registry host Docker talks to.
        misconception: confuses the ECR API endpoint with the registry host
    explanation: Each account has one private registry per Region at that host.
    source: https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html
    hints: [The account id comes first.]

  - id: intro-login
    type: command
    topic: intro
    stem: Log Docker in to account 123456789012's registry in eu-west-1 with AWS CLI v2.
    answer: >-
      aws ecr get-login-password --region eu-west-1 |
      docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com
    feedback:
      - when: {contains: "get-login "}
        say: "`get-login` belonged to CLI v1; CLI v2 removed it."
    explanation: CLI v2 prints only the password; pipe it to `docker login --password-stdin`.
    source: https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html
"""


def slug(name: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return value[:60] or "my-pack"


def new_pack(target: Path, title: str | None = None) -> Path:
    """Create the pack folder; refuse to overwrite a non-empty folder."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} exists and is not empty")
    pack_id = slug(target.name)
    (target / "lessons").mkdir(parents=True, exist_ok=True)
    (target / "quizzes").mkdir(parents=True, exist_ok=True)
    write_schemas(target / ".schema")
    (target / "pack.yaml").write_text(
        MANIFEST.format(pack_id=pack_id, title=title or target.name), encoding="utf-8")
    (target / "lessons" / "01-intro.md").write_text(LESSON, encoding="utf-8")
    (target / "quizzes" / "intro.yaml").write_text(QUIZ, encoding="utf-8")
    return target
