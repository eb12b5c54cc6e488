"""WSGI plumbing for the ECS adapter: read a request, call the wrapped app, write AWS bodies.

Nothing here knows ECS; it only knows the AWS JSON and query protocols well enough to answer
in the shape boto3 and the CLI parse. No moto import at module level (the account lookup
imports moto's IAM backend lazily).
"""

from __future__ import annotations

import io
import json
import os
import re
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from tutor.ecs.errors import EcsApiError

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
_SCOPE = re.compile(r"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")


def read_body(environ: dict[str, Any]) -> bytes:
    """The request body; puts a fresh stream back so the wrapped app can read it again."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def set_body(environ: dict[str, Any], body: bytes) -> None:
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))


def signing_scope(environ: dict[str, Any]) -> tuple[str, str, str]:
    """(access key, region, signing service) from the SigV4 Authorization header."""
    match = _SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    if not match:
        return "", DEFAULT_REGION, ""
    return match.group(1), match.group(2), match.group(3)


def request_account(environ: dict[str, Any]) -> str:
    """The account moto will use: MOTO_ACCOUNT_ID, the x-moto-account-id header, the access key."""
    if "MOTO_ACCOUNT_ID" in os.environ:
        return os.environ["MOTO_ACCOUNT_ID"]
    header = environ.get("HTTP_X_MOTO_ACCOUNT_ID")
    if header:
        return header
    access_key, _, _ = signing_scope(environ)
    if not access_key:
        return DEFAULT_ACCOUNT
    from moto.iam.models import get_account_id_from

    return get_account_id_from(access_key)


def form_params(body: bytes, environ: dict[str, Any]) -> dict[str, str]:
    """Query-protocol parameters (form body and query string), last value wins."""
    params = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    if body:
        params.update({k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
    return params


def call_app(app: WSGIApp, environ: dict[str, Any], body: bytes,
             target: str | None = None) -> tuple[str, list[tuple[str, str]], bytes]:
    """Run the wrapped app on a copy of the request with ``body`` (and another X-Amz-Target)."""
    inner = dict(environ)
    set_body(inner, body)
    if target is not None:
        inner["HTTP_X_AMZ_TARGET"] = target
    captured: dict[str, Any] = {}
    written: list[bytes] = []

    def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        captured["status"], captured["headers"] = status, headers
        return written.append

    result = app(inner, start)
    try:
        chunks = b"".join(written) + b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return captured.get("status", "500 INTERNAL SERVER ERROR"), captured.get("headers", []), chunks


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_response(start_response: StartResponse, data: object, status: str = "200 OK") -> list[bytes]:
    body = json.dumps(data, default=_default).encode()
    start_response(status, [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(body))),
                            ("x-amzn-RequestId", str(uuid.uuid4()))])
    return [body]


def json_error(start_response: StartResponse, error: EcsApiError) -> list[bytes]:
    body = json.dumps({"__type": error.code, "message": error.message}).encode()
    start_response(f"{error.http_status} Bad Request", [
        ("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(body))),
        ("x-amzn-RequestId", str(uuid.uuid4())), ("x-amzn-ErrorType", error.code)])
    return [body]


def raw_response(start_response: StartResponse, status: str, headers: list[tuple[str, str]], body: bytes) -> list[bytes]:
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"] + [("Content-Length", str(len(body)))]
    start_response(status, headers)
    return [body]


def xml_response(start_response: StartResponse, body: str) -> list[bytes]:
    data = body.encode()
    start_response("200 OK", [("Content-Type", "text/xml"), ("Content-Length", str(len(data)))])
    return [data]


def xml_escape(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
