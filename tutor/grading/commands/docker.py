"""Read `docker …` lines by meaning: flags in any order and spelling, image names normalised.

`-t x` = `--tag x` = `--tag=x`; `-dp 8080:80` = `-d -p 8080:80`; `nginx` =
`docker.io/library/nginx:latest`; `https://` on a registry host is ignored. `docker login` gets
the targeted ECR feedback (user name AWS, --password-stdin, the registry host's account/region).
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from tutor.grading.commands.aws import nearest
from tutor.grading.commands.match import (
    CLOSE,
    OPEN,
    Bag,
    Diff,
    Matchable,
    MatchContext,
    match_text,
    match_value,
    show,
)
from tutor.grading.commands.model import Invocation, Option, normalise_path

F, V, L = "flag", "value", "list"
Spec = dict[str, tuple[str | None, str, str | None]]

_LOGIN: Spec = {"username": ("u", V, None), "password": ("p", V, None),
                "password-stdin": (None, F, None)}
_BUILD: Spec = {
    "tag": ("t", L, "image"), "file": ("f", V, "path"), "build-arg": (None, L, None),
    "platform": (None, V, None), "target": (None, V, None), "no-cache": (None, F, None),
    "pull": (None, F, None), "quiet": ("q", F, None), "label": (None, L, None),
    "progress": (None, V, None), "network": (None, V, None), "push": (None, F, None),
    "load": (None, F, None), "cache-from": (None, L, None), "cache-to": (None, L, None),
    "secret": (None, L, None), "ssh": (None, L, None), "output": ("o", L, None),
    "iidfile": (None, V, "path"), "provenance": (None, V, None), "sbom": (None, V, None),
    "add-host": (None, L, None), "builder": (None, V, None),
}
_PUSH: Spec = {"all-tags": ("a", F, None), "quiet": ("q", F, None),
               "disable-content-trust": (None, F, None), "platform": (None, V, None)}
_RUN: Spec = {
    "publish": ("p", L, "port"), "detach": ("d", F, None), "name": (None, V, None),
    "env": ("e", L, None), "env-file": (None, L, "path"), "rm": (None, F, None),
    "interactive": ("i", F, None), "tty": ("t", F, None), "volume": ("v", L, None),
    "network": (None, V, None), "workdir": ("w", V, None), "entrypoint": (None, V, None),
    "user": ("u", V, None), "restart": (None, V, None), "memory": ("m", V, None),
    "cpus": (None, V, None), "publish-all": ("P", F, None), "label": ("l", L, None),
    "platform": (None, V, None), "log-driver": (None, V, None), "log-opt": (None, L, None),
    "init": (None, F, None), "privileged": (None, F, None), "hostname": ("h", V, None),
    "mount": (None, L, None), "pull": (None, V, None), "read-only": (None, F, None),
    "cap-add": (None, L, None), "cap-drop": (None, L, None), "add-host": (None, L, None),
    "expose": (None, L, None), "gpus": (None, V, None), "ulimit": (None, L, None),
    "shm-size": (None, V, None), "health-cmd": (None, V, None), "cpu-shares": ("c", V, None),
}
SPECS: dict[str, Spec] = {
    "login": _LOGIN,
    "logout": {},
    "build": _BUILD,
    "tag": {},
    "push": _PUSH,
    "pull": {**_PUSH, "all-tags": ("a", F, None)},
    "run": _RUN,
    "create": _RUN,
    "images": {"all": ("a", F, None), "quiet": ("q", F, None), "filter": ("f", L, None),
               "format": (None, V, None), "digests": (None, F, None),
               "no-trunc": (None, F, None), "tree": (None, F, None)},
    "rmi": {"force": ("f", F, None), "no-prune": (None, F, None)},
    "ps": {"all": ("a", F, None), "quiet": ("q", F, None), "filter": ("f", L, None),
           "format": (None, V, None), "last": ("n", V, None), "latest": ("l", F, None),
           "no-trunc": (None, F, None), "size": ("s", F, None)},
    "stop": {"time": ("t", V, None), "signal": ("s", V, None)},
    "rm": {"force": ("f", F, None), "volumes": ("v", F, None), "link": ("l", F, None)},
    "logs": {"follow": ("f", F, None), "tail": ("n", V, None), "since": (None, V, None),
             "until": (None, V, None), "timestamps": ("t", F, None), "details": (None, F, None)},
    "exec": {"interactive": ("i", F, None), "tty": ("t", F, None), "detach": ("d", F, None),
             "env": ("e", L, None), "user": ("u", V, None), "workdir": ("w", V, None),
             "privileged": (None, F, None)},
    "inspect": {"format": ("f", V, None), "type": (None, V, None), "size": ("s", F, None)},
}
# What positional words mean, per subcommand ("*" = the rest, kept as typed).
ARGS = {"login": ("registry",), "logout": ("registry",), "build": ("path",),
        "tag": ("image", "image"), "push": ("image",), "pull": ("image",),
        "run": ("image", "*"), "create": ("image", "*"), "rmi": ("image+",)}
ALIASES = {
    ("image", "build"): "build", ("buildx", "build"): "build", ("builder", "build"): "build",
    ("image", "push"): "push", ("image", "pull"): "pull", ("image", "tag"): "tag",
    ("image", "ls"): "images", ("image", "list"): "images", ("image", "rm"): "rmi",
    ("image", "remove"): "rmi", ("image", "inspect"): "inspect", ("container", "run"): "run",
    ("container", "create"): "create", ("container", "ls"): "ps", ("container", "list"): "ps",
    ("container", "rm"): "rm", ("container", "stop"): "stop", ("container", "logs"): "logs",
    ("container", "exec"): "exec", ("container", "inspect"): "inspect",
}
LONG_ALIASES = {"net": "network"}
SUBCOMMANDS = frozenset({
    *SPECS, "image", "container", "buildx", "builder", "network", "volume", "system", "compose",
    "context", "version", "info", "start", "restart", "kill", "cp", "commit", "save", "load",
    "history", "search", "stats", "top", "events", "port", "pause", "unpause", "wait",
    "rename", "update", "attach", "diff", "export", "import", "manifest", "plugin", "secret",
    "service", "stack", "swarm", "node", "config", "trust", "scout", "init",
})
_SUBCOMMAND_NAMES = tuple(sorted(SUBCOMMANDS))
GLOBALS: Spec = {"host": ("H", V, None), "config": (None, V, None), "context": ("c", V, None),
                 "debug": ("D", F, None), "log-level": ("l", V, None), "tls": (None, F, None),
                 "tlsverify": (None, F, None), "tlscacert": (None, V, None),
                 "tlscert": (None, V, None), "tlskey": (None, V, None)}
HARMLESS = {"build": {"quiet", "progress", "no-cache", "pull"}, "push": {"quiet"},
            "pull": {"quiet"}, "images": {"no-trunc"}}
_ECR = re.compile(r"^(?P<account>[^./]+)\.dkr\.ecr(?P<fips>-fips)?\.(?P<region>[^./]+)"
                  r"\.amazonaws\.com(?P<cn>\.cn)?$")
_DOCKER_HUB = {"index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}


def _lower(text: str) -> str:
    """Lower-case a host name but not the placeholder names inside it."""
    if OPEN not in text:
        return text.lower()
    pieces = re.split(f"({OPEN}[^{CLOSE}]*{CLOSE})", text)
    return "".join(p if p.startswith(OPEN) else p.lower() for p in pieces)


def _host(text: str) -> str:
    for scheme in ("https://", "http://"):
        if text.lower().startswith(scheme):
            text = text[len(scheme):]
    return _lower(text.rstrip("/"))


class RegistryHost(Matchable):
    """A registry host (`docker login` target), scheme and trailing slash ignored."""

    __slots__ = ("host",)

    def __init__(self, text: str) -> None:
        self.host = _host(text)

    def show(self) -> str:
        return show(self.host)

    def match_against(self, got: Any, ctx: MatchContext, part: str) -> list[Diff]:
        if not isinstance(got, RegistryHost):
            return [Diff(part, f"{part} should be {self.show()}, not {show(got)}")]
        return compare_host(self.host, got.host, ctx, part)


def compare_host(expected: str, got: str, ctx: MatchContext, part: str) -> list[Diff]:
    """Registry hosts; an ECR host is compared account and region separately."""
    em = _ECR.match(expected)
    if em is None:
        diff = match_text(expected, got, ctx, part)
        return [] if diff is None else [diff]
    gm = _ECR.match(got)
    if gm is None:
        return [Diff(part, f"{part} should be {show(expected)}: {show(got)} isn't an ECR registry"
                     " host (ACCOUNT.dkr.ecr.REGION.amazonaws.com)", show(expected), show(got))]
    diffs = []
    for piece, label in (("account", "account"), ("region", "region")):
        diff = match_text(em.group(piece), gm.group(piece), ctx, f"the registry host's {label}")
        if diff is not None:
            diffs.append(diff)
    if (em.group("fips"), em.group("cn")) != (gm.group("fips"), gm.group("cn")):
        diffs.append(Diff(part, f"{part} should be {show(expected)}, not {show(got)}"))
    return diffs


class ImageRef(Matchable):
    """An image reference, normalised: registry, repository, tag (default latest), digest."""

    __slots__ = ("digest", "implicit_tag", "raw", "registry", "repo", "tag")

    def __init__(self, text: str) -> None:
        self.raw = text
        for scheme in ("https://", "http://"):
            if text.lower().startswith(scheme):
                text = text[len(scheme):]
        rest, _, digest = text.partition("@")
        self.digest = digest or None
        first, slash, after = rest.partition("/")
        if slash and ("." in first or ":" in first or first == "localhost" or OPEN in first):
            registry, path = _host(first), after
        else:
            registry, path = "docker.io", rest
        tag = None
        head, _, last = path.rpartition("/")
        if ":" in last:
            last, _, tag = last.partition(":")
            path = f"{head}/{last}" if head else last
        if registry in _DOCKER_HUB:
            registry = "docker.io"
        if registry == "docker.io" and "/" not in path:
            path = "library/" + path
        self.registry, self.repo = registry, path
        self.implicit_tag = tag is None and self.digest is None
        self.tag = tag if tag is not None else (None if self.digest else "latest")

    def show(self) -> str:
        repo = self.repo[8:] if self.registry == "docker.io" and self.repo.startswith("library/") \
            else self.repo
        host = "" if self.registry == "docker.io" else self.registry + "/"
        text = host + repo + (f":{self.tag}" if self.tag else "")
        return show(text + (f"@{self.digest}" if self.digest else ""))

    def problems(self) -> list[str]:
        if self.raw.lower().startswith(("https://", "http://")):
            return [f"{self.raw!r}: image names have no https:// in front"]
        if not self.repo.strip("/") or self.repo.endswith("/"):
            return [f"{self.raw!r} is not an image name"]
        if self.repo != self.repo.lower() and OPEN not in self.repo:
            return [f"{self.raw!r}: repository names must be lower case"]
        return []

    def match_against(self, got: Any, ctx: MatchContext, part: str) -> list[Diff]:
        if not isinstance(got, ImageRef):
            return [Diff(part, f"{part} should be the image {self.show()}, not {show(got)}")]
        if _ECR.match(self.registry) and got.registry == "docker.io":
            return [Diff(part, f"{got.raw} names an image on Docker Hub ({got.show()} there): use "
                         f"the full ECR name {self.show()}", self.show(), got.show())]
        diffs = compare_host(self.registry, got.registry, ctx, f"{part}: the registry")
        diff = match_text(self.repo, got.repo, ctx, f"{part}: the repository")
        if diff is not None and self.repo != got.repo.lower():  # case: problems() says it
            diffs.append(diff)
        pinned_only = self.digest is not None and self.tag is None  # any tag will do
        if not pinned_only and self.tag != got.tag:
            diff = match_text(self.tag or "", got.tag or "", ctx, f"{part}: the tag")
            if diff is not None:
                implicit = " (no tag means :latest)" if got.implicit_tag else ""
                diffs.append(Diff(diff.part, diff.message + implicit, diff.expected, diff.given))
        if self.digest and not got.digest:
            diffs.append(Diff(f"{part}: the digest", f"{part} should be pinned by its digest: "
                              f"@{show(self.digest)}", show(self.digest), ""))
        elif self.digest != got.digest and (self.digest or got.digest):
            diff = match_text(self.digest or "", got.digest or "", ctx, f"{part}: the digest")
            if diff is not None:
                diffs.append(diff)
        return diffs


def normalise_port(text: str) -> str:
    """`0.0.0.0:8080:80/tcp` = `8080:80`."""
    body, _, proto = text.partition("/")
    parts = body.split(":")
    ip, host, container = "", "", parts[-1]
    if len(parts) == 2:
        host = parts[0]
    elif len(parts) > 2:
        ip, host = ":".join(parts[:-2]), parts[-2]
    if ip in ("0.0.0.0", "[::]"):
        ip = ""
    out = (f"{ip}:" if ip else "") + (f"{host}:" if host or ip else "") + container
    return out + (f"/{proto.lower()}" if proto and proto.lower() != "tcp" else "")


def _value(kind: str | None, value: Any) -> Any:
    if not isinstance(value, str) or kind is None:
        return value
    if kind == "image":
        return ImageRef(value)
    if kind == "path":
        return normalise_path(value)
    if kind == "port":
        return normalise_port(value)
    if kind == "registry":
        return RegistryHost(value)
    return value


def _label(name: str, short: str | None) -> str:
    return f"-{short}/--{name}" if short else f"--{name}"


# --------------------------------------------------------------------------- reading


def normalize(values: list[Any], env: dict[str, Any]) -> Invocation:
    """Normalise the words after `docker`."""
    inv = Invocation(tool="docker", key="docker", label="docker", env=dict(env))
    i, n = _options(values, 0, GLOBALS, inv, prefix="global:", stop_at_word=True)
    if i >= n:
        inv.issues.append(Diff("docker", "docker needs a command, e.g. docker ps"))
        inv.meta["sub"] = None
        return inv
    sub = values[i] if isinstance(values[i], str) else show(values[i])
    i += 1
    if i < n and (sub, values[i]) in ALIASES:
        sub = ALIASES[(sub, values[i])]
        i += 1
    if sub not in SUBCOMMANDS:
        near = nearest(sub, _SUBCOMMAND_NAMES, 0.6)
        if near:
            inv.issues.append(Diff("command", f"docker has no command {sub!r}: did you mean "
                                   f"{near}?", near, sub))
            sub = near
        else:
            inv.issues.append(Diff("command", f"docker has no command {sub!r}", "", sub))
    inv.key = inv.label = f"docker {sub}"
    inv.meta["sub"] = sub
    spec = SPECS.get(sub)
    _options(values, i, spec, inv, prefix="", stop_at_word=sub in ("run", "create", "exec"))
    _finish(inv, sub)
    return inv


def _options(values: list[Any], i: int, spec: Spec | None, inv: Invocation, *, prefix: str,
             stop_at_word: bool) -> tuple[int, int]:
    """Read flags and positionals from `values[i:]` into `inv` (global flags: prefix)."""
    n = len(values)
    shorts = {s: name for name, (s, _, _) in (spec or {}).items() if s}
    where = inv.key
    while i < n:
        value = values[i]
        if not isinstance(value, str) or value in ("-", "") or not value.startswith("-"):
            if prefix:
                return i, n
            inv.args.append(value)
            i += 1
            if stop_at_word:
                inv.args.extend(values[i:])
                return n, n
            continue
        if value == "--":
            inv.args.extend(values[i + 1 :])
            return n, n
        if value.startswith("--"):
            name, eq, inline = value[2:].partition("=")
            name = LONG_ALIASES.get(name, name)
            if spec is not None and name not in spec:
                near = nearest(name, spec) if spec else None
                if near:
                    inv.issues.append(Diff("--" + name, f"{where} has no flag --{name}: did you "
                                           f"mean --{near}?", "--" + near, "--" + name))
                    name = near
                elif not prefix:
                    inv.issues.append(Diff("--" + name, f"{where} has no flag --{name}", "",
                                           "--" + name))
            i = _take(values, i, name, inline if eq else None, spec, inv, prefix)
            continue
        cluster = value[1:]
        for k, ch in enumerate(cluster):
            name = shorts.get(ch)
            if name is None:
                if spec is not None and not prefix:
                    inv.issues.append(Diff("-" + ch, f"{where} has no flag -{ch}", "", "-" + ch))
                name = ch
                if spec is None:
                    i = _take(values, i, name, cluster[k + 1 :] or None, None, inv, prefix)
                    break
                continue
            kind = spec[name][1] if spec else F
            if kind == F:
                _set(inv, prefix + name, True, _label(name, ch), spec, name)
                continue
            rest = cluster[k + 1 :].removeprefix("=")
            i = _take(values, i, name, rest or None, spec, inv, prefix)
            break
        else:
            i += 1
    return i, n


def _take(values: list[Any], i: int, name: str, inline: str | None, spec: Spec | None,
          inv: Invocation, prefix: str) -> int:
    """Store flag `name` (its value inline or in the next word); returns the next index."""
    short, kind, norm = (spec or {}).get(name, (None, None, None))
    label = _label(name, short)
    if kind is None:  # unknown flag: a value only if written inline
        _set(inv, prefix + name, inline if inline is not None else True, label, spec, name)
        return i + 1
    if kind == F:
        value: Any = True
        if inline is not None:
            value = inline.lower() != "false"
        _set(inv, prefix + name, value, label, spec, name)
        return i + 1
    if inline is not None:
        raw, nxt = inline, i + 1
    elif i + 1 < len(values):
        raw, nxt = values[i + 1], i + 2
    else:
        inv.issues.append(Diff(label, f"{label} needs a value"))
        return i + 1
    _set(inv, prefix + name, _value(norm, raw), label, spec, name)
    return nxt


def _set(inv: Invocation, key: str, value: Any, label: str, spec: Spec | None, name: str) -> None:
    kind = (spec or {}).get(name, (None, None, None))[1]
    if kind == L:
        old = inv.options.get(key)
        items = tuple(old.value) if old is not None else ()
        inv.options[key] = Option(Bag((*items, value)), label)
        return
    if key in inv.options and kind == V:
        inv.issues.append(Diff(label, f"{label} is given twice"))
    inv.options[key] = Option(value, label)


def _finish(inv: Invocation, sub: str) -> None:
    """Positional meanings, defaults that equal absence, and problems visible on their own."""
    kinds = ARGS.get(sub)
    if kinds is not None:
        args: list[Any] = []
        for k, value in enumerate(inv.args):
            kind = kinds[min(k, len(kinds) - 1)]
            if kind == "*" or (k >= len(kinds) and not kind.endswith("+")):
                args.append(value)
            else:
                args.append(_value(kind.rstrip("+"), value))
        inv.args = args
    for value in [*inv.args, *(v for o in inv.options.values() for v in _items(o.value))]:
        if isinstance(value, ImageRef):
            inv.issues.extend(Diff("image", p) for p in value.problems())
    if sub == "build":
        context = inv.args[0] if inv.args and isinstance(inv.args[0], str) else "."
        file = inv.options.get("file")
        if file is not None and file.value == normalise_path(posixpath.join(context, "Dockerfile")):
            del inv.options["file"]
    if sub == "login" and inv.args and isinstance(inv.args[0], RegistryHost) \
            and "/" in inv.args[0].host:
        inv.issues.append(Diff("registry", "docker login takes the registry host only, without a "
                               f"repository path: {inv.args[0].host.split('/')[0]}"))


def _items(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, Bag) else (value,)


# --------------------------------------------------------------------------- comparing


def compare(expected: Invocation, got: Invocation, ctx: MatchContext) -> list[Diff]:
    """Differences between two invocations of the same docker subcommand."""
    sub = expected.meta.get("sub")
    diffs = list(got.issues)
    handled: set[str] = set()
    if sub == "login":
        diffs.extend(_login(expected, got, ctx))
        handled = {"username", "password", "password-stdin"}
    harmless = HARMLESS.get(sub or "", set())
    for name, opt in expected.options.items():
        if name in handled:
            continue
        other = got.options.get(name)
        if other is None:
            if opt.value is True:
                diffs.append(Diff(opt.label, f"missing {opt.label}", opt.label, ""))
            else:
                shown = " ".join(show(v) for v in _items(opt.value))
                diffs.append(Diff(opt.label, f"missing {opt.label} {shown}", shown, ""))
        else:
            diffs.extend(match_value(opt.value, other.value, ctx, opt.label))
    for name, opt in got.options.items():
        if name in expected.options or name in handled or name in harmless \
                or name.startswith("global:"):
            continue
        shown = "" if opt.value is True else " " + " ".join(show(v) for v in _items(opt.value))
        diffs.append(Diff(opt.label, f"{opt.label}{shown} isn't asked for here", "",
                          opt.label + shown))
    diffs.extend(_compare_args(sub, expected, got, ctx))
    for var, value in expected.env.items():
        if var not in got.env:
            diffs.append(Diff(var, f"missing {var}={show(value)} before the command"))
        else:
            diffs.extend(match_value(value, got.env[var], ctx, var))
    for var, value in got.env.items():
        if var not in expected.env and var != "DOCKER_BUILDKIT":
            diffs.append(Diff(var, f"{var}={show(value)} isn't asked for here"))
    return diffs


def _login(expected: Invocation, got: Invocation, ctx: MatchContext) -> list[Diff]:
    diffs: list[Diff] = []
    e_user, g_user = expected.options.get("username"), got.options.get("username")
    if e_user is not None:
        if g_user is None:
            why = ": ECR's token belongs to the user AWS" if e_user.value == "AWS" else ""
            diffs.append(Diff("--username", f"missing --username {show(e_user.value)}{why}",
                              show(e_user.value), ""))
        elif (e_user.value == "AWS" and isinstance(g_user.value, str)
              and g_user.value != "AWS" and g_user.value.lower() == "aws"):
            diffs.append(Diff("--username", f"the user name must be AWS in capitals, not "
                              f"{g_user.value!r}: it is case-sensitive and the ECR token is "
                              "issued to AWS", "AWS", g_user.value))
        else:
            diffs.extend(match_value(e_user.value, g_user.value, ctx, "--username"))
    elif g_user is not None:
        diffs.append(Diff("--username", f"--username {show(g_user.value)} isn't asked for here"))
    e_stdin = bool(expected.options.get("password-stdin"))
    g_stdin = bool(got.options.get("password-stdin"))
    e_pass, g_pass = expected.options.get("password"), got.options.get("password")
    leak = ("the password is on the command line (-p): that works, but it leaks into your shell "
            "history and the process list (ps); pipe the token in and use --password-stdin")
    if e_stdin:
        if g_pass is not None:
            diffs.append(Diff("-p/--password", leak, "--password-stdin", "-p"))
        elif not g_stdin:
            diffs.append(Diff("--password-stdin", "missing --password-stdin: without it docker "
                              "login ignores the piped token and prompts for a password",
                              "--password-stdin", ""))
    elif e_pass is not None:
        if g_pass is not None:
            diffs.extend(match_value(e_pass.value, g_pass.value, ctx, "-p/--password"))
        else:
            diffs.append(Diff("-p/--password", f"this answer passes the password with -p "
                              f"{show(e_pass.value)}", show(e_pass.value), ""))
    else:
        if g_pass is not None:
            diffs.append(Diff("-p/--password", leak, "", "-p"))
        if g_stdin:
            diffs.append(Diff("--password-stdin", "--password-stdin isn't asked for here"))
    return diffs


def _compare_args(sub: str | None, expected: Invocation, got: Invocation,
                  ctx: MatchContext) -> list[Diff]:
    e_args, g_args = expected.args, got.args
    if sub == "login":
        if e_args and not g_args:
            return [Diff("registry", "no registry host: docker login without one logs in to "
                         f"Docker Hub; add {show(e_args[0])}", show(e_args[0]), "")]
        if not e_args and g_args:
            return [Diff("registry", f"{show(g_args[0])}: this login goes to Docker Hub, with no "
                         "registry host")]
        if e_args and g_args:
            return match_value(e_args[0], g_args[0], ctx, "the registry host") + \
                _surplus(e_args, g_args, "docker login")
        return []
    if sub == "build" and e_args and not g_args:
        return [Diff("context", f"docker build needs a build context (the {show(e_args[0])} at "
                     "the end)", show(e_args[0]), "")]
    if sub == "build" and e_args and g_args:
        diffs = match_value(e_args[0], g_args[0], ctx, "the build context")
        return diffs + _surplus(e_args, g_args, "docker build")
    if sub == "tag" and len(e_args) == 2 and len(g_args) == 2:
        straight = ctx.fork()
        diffs = match_value(e_args[0], g_args[0], straight, "the source image") + \
            match_value(e_args[1], g_args[1], straight, "the target image")
        if diffs:
            crossed = ctx.fork()
            if not (match_value(e_args[0], g_args[1], crossed, "") or
                    match_value(e_args[1], g_args[0], crossed, "")):
                return [Diff("arguments", "the arguments are swapped: docker tag takes the "
                             "SOURCE image first, then the new TARGET name")]
        ctx.adopt(straight)
        return diffs
    if sub in ("push", "pull") and e_args and not g_args:
        return [Diff("image", f"docker {sub} needs the image name: {show(e_args[0])}")]
    if sub in ("push", "pull") and len(e_args) == 1 and g_args:
        return match_value(e_args[0], g_args[0], ctx, "the image") + \
            _surplus(e_args, g_args, f"docker {sub}")
    if sub == "rmi":
        return match_value(Bag(e_args), Bag(g_args), ctx, "images")
    if len(e_args) == len(g_args):
        diffs = []
        for k, (e, g) in enumerate(zip(e_args, g_args, strict=True)):
            part = "the image" if isinstance(e, ImageRef) else f"argument {k + 1}"
            diffs.extend(match_value(e, g, ctx, part))
        return diffs
    return match_value(tuple(e_args), tuple(g_args), ctx, "arguments")


def _surplus(e_args: list[Any], g_args: list[Any], where: str) -> list[Diff]:
    return [Diff("argument", f"{show(a)} is one argument too many for {where}")
            for a in g_args[len(e_args):]]


__all__ = ["ImageRef", "RegistryHost", "compare", "compare_host", "normalize"]
