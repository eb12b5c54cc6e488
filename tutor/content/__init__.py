"""Lesson packs: models, the YAML loader that keeps file:line:col, discovery, schema, lint.

Imports here are cheap on purpose (pydantic and PyYAML only); grading and the sandbox are asked
lazily by `lint`.
"""

from tutor.content.errors import PackError
from tutor.content.loader import LoadResult, Pack, load_pack

__all__ = ["LoadResult", "Pack", "PackError", "load_pack"]
