"""The `awstutor` command line.

`awstutor` alone opens the TUI on the discovered packs; subcommands cover instructors (`pack`),
the sandbox, plain (non-TUI) study modes and progress. Layers register their own click commands
(`tutor.sandbox.commands`, `tutor.study.commands`); this module only wires them, lazily, so that
`awstutor --help` stays fast and one broken layer cannot take the others down.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from tutor import __version__

# name -> (module, attribute, one-line summary shown in --help without importing the module)
LAZY_COMMANDS: dict[str, tuple[str, str, str]] = {
    "quiz": ("tutor.study.commands", "quiz", "Practise questions by topic, count and difficulty."),
    "exam": ("tutor.study.commands", "exam", "Sit a timed exam simulation (65 q / 130 min)."),
    "review": ("tutor.study.commands", "review", "Review the questions that are due (FSRS)."),
    "stats": ("tutor.study.commands", "stats", "Mastery, due reviews, streak and readiness."),
    "progress": ("tutor.study.commands", "progress", "Export, import or reset your progress."),
    "sandbox": ("tutor.sandbox.commands", "sandbox",
                "The offline fake AWS region: serve, run a snippet, exec a command."),
}


class LazyGroup(click.Group):
    """A group whose listed commands live in other modules and load on first use."""

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            return _load(cmd_name, *self.lazy[cmd_name])
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List lazy commands from their summaries, without importing their modules."""
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy:
                rows.append((name, self.lazy[name][2]))
                continue
            cmd = super().get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=formatter.width - 6)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _load(name: str, module_name: str, attr: str, summary: str) -> click.Command:
    try:
        return getattr(importlib.import_module(module_name), attr)
    except Exception as exc:  # a broken layer shows one line, not a traceback
        reason = f"{type(exc).__name__}: {exc}"

        @click.command(name=name, help=summary, context_settings={"ignore_unknown_options": True,
                                                                   "allow_extra_args": True})
        def unavailable() -> None:
            raise click.ClickException(f"`{name}` is not available in this build: {reason}")

        return unavailable


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--pack", "packs", multiple=True, type=click.Path(path_type=Path),
              help="Also load the pack in this folder (repeatable).")
@click.version_option(__version__, prog_name="awstutor")
@click.pass_context
def cli(ctx: click.Context, packs: tuple[Path, ...]) -> None:
    """awstutor: study the container topics of the AWS associate exams, offline.

    Run without a command to open the terminal app on the built-in pack.
    """
    ctx.ensure_object(dict)
    ctx.obj["packs"] = list(packs)
    if ctx.invoked_subcommand is None:
        try:
            from tutor.tui.app import run_app
        except Exception as exc:
            raise click.ClickException(f"the terminal app could not start: {exc}") from None
        run_app(packs=list(packs))


# ----------------------------------------------------------------------------- pack commands


@cli.group(cls=LazyGroup, lazy={
    "check": ("tutor.sandbox.commands", "pack_check",
              "Run every lab's reference solution in the sandbox and require its checks."),
})
def pack() -> None:
    """Author and check lesson packs."""


def _shown(pack_dir: Path, file: str) -> str:
    path = pack_dir / file
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _resolve_pack_dir(path: Path | None) -> Path:
    if path is None:
        from tutor.paths import builtin_pack_dir

        return builtin_pack_dir()
    return path


@pack.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report.")
@click.option("--no-lint", is_flag=True, help="Schema and references only (skip answer keys).")
def pack_validate(path: Path | None, as_json: bool, no_lint: bool) -> None:
    """Validate a pack (default: the built-in pack); every error as file:line:col."""
    from tutor.content.lint import lint_pack
    from tutor.content.loader import load_pack

    pack_dir = _resolve_pack_dir(path)
    result = load_pack(pack_dir)
    errors = list(result.errors)
    if result.pack is not None and not no_lint:
        errors.extend(lint_pack(result.pack))
    errors.sort(key=lambda e: (e.file, e.line, e.column))
    summary = None
    if result.pack is not None:
        p = result.pack
        summary = {"id": p.id, "title": p.title, "version": p.manifest.version,
                   "lessons": len(p.lessons), "questions": len(p.questions), "labs": len(p.labs)}
    if as_json:
        click.echo(json.dumps({"path": str(pack_dir), "valid": not errors, "summary": summary,
                               "errors": [e.to_dict() for e in errors],
                               "warnings": [w.to_dict() for w in result.warnings]}, indent=2))
    elif errors:
        for err in errors:
            shown = _shown(pack_dir, err.file) if not Path(err.file).is_absolute() else err.file
            click.echo(str(err).replace(err.file, shown, 1))
        click.echo(f"{len(errors)} error{'s' * (len(errors) != 1)} in {pack_dir}", err=True)
    else:
        assert summary is not None
        counts = ", ".join(_plural(summary[k], k[:-1]) for k in ("lessons", "questions", "labs"))
        click.echo(f"{summary['id']} {summary['version']}: valid — {counts}")
    sys.exit(1 if errors else 0)


@pack.command("new")
@click.argument("name", type=click.Path(path_type=Path))
@click.option("--title", help="Pack title (default: the folder name).")
def pack_new(name: Path, title: str | None) -> None:
    """Create a new pack folder that validates, with editor schema lines."""
    from tutor.content.scaffold import new_pack

    try:
        target = new_pack(name, title)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {target}: edit pack.yaml, lessons/ and quizzes/, then run "
               f"`awstutor pack validate {target}`")


@pack.command("schema")
@click.option("--kind", type=click.Choice(["manifest", "quiz", "lessons", "lesson-front-matter"]),
              help="Print only this file kind's schema.")
@click.option("--out", type=click.Path(path_type=Path), help="Write <kind>.schema.json files here.")
def pack_schema(kind: str | None, out: Path | None) -> None:
    """Print the JSON Schema of every pack file kind (for editors)."""
    from tutor.content.schema import all_schemas, schema_for, write_schemas

    if out is not None:
        for written in write_schemas(out):
            click.echo(str(written))
        return
    data = schema_for(kind) if kind else all_schemas()
    click.echo(json.dumps(data, indent=2, sort_keys=True))


@pack.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def pack_list(ctx: click.Context, as_json: bool) -> None:
    """Show discovered packs with lessons, questions and labs per topic."""
    from tutor.content.discovery import discover_packs

    extra = (ctx.find_root().obj or {}).get("packs", [])
    found = discover_packs(extra)
    if as_json:
        rows = []
        for d in found:
            p = d.result.pack
            rows.append({"origin": d.origin, "path": str(d.path), "ok": d.ok,
                         "skipped": d.skip_reason, "id": p.id if p else None,
                         "topics": p.counts_by_topic() if p and d.ok else {}})
        click.echo(json.dumps(rows, indent=2))
        return
    for d in found:
        p = d.result.pack
        if not d.ok or p is None:
            click.echo(f"skipped {d.path} ({d.origin}): {d.skip_reason}")
            continue
        click.echo(f"{p.id} {p.manifest.version} — {p.title} [{d.origin}: {d.path}]")
        click.echo(f"  {'topic':<22} {'lessons':>7} {'questions':>9} {'labs':>4}")
        for topic, counts in p.counts_by_topic().items():
            click.echo(f"  {topic:<22} {counts['lessons']:>7} {counts['questions']:>9} "
                       f"{counts['labs']:>4}")


@pack.command("try")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("question_id")
@click.option("--answer", required=True, help="The answer, as a learner would type it.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole Grade as JSON.")
def pack_try(path: Path, question_id: str, answer: str, as_json: bool) -> None:
    """Grade one answer with the real grader (test your answer keys)."""
    import difflib

    from tutor.content.loader import load_pack
    from tutor.grading import grade, parse_response

    result = load_pack(path)
    if result.pack is None:
        for err in result.errors:
            click.echo(str(err), err=True)
        raise click.ClickException(f"{path} could not be loaded")
    question = result.pack.questions.get(question_id)
    if question is None:
        close = difflib.get_close_matches(question_id, list(result.pack.questions), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise click.ClickException(f"no question '{question_id}' in {path}{hint}")
    response = parse_response(question, answer)
    g = grade(question, response)
    if as_json:
        click.echo(json.dumps({"question": question_id, "type": question.type,
                               "grade": g.to_dict()}, indent=2, default=str))
    else:
        verdict = "correct" if g.correct else ("not gradable" if not g.gradable else "incorrect")
        click.echo(f"{question_id} ({question.type}): {verdict}, score {g.score:.2f}")
        for line in g.feedback:
            click.echo(f"  - {line}")
        for d in g.details:
            mark = "ok" if d.ok else "differs"
            click.echo(f"  [{mark}] {d.part}: expected {d.expected}; given {d.given}")
    sys.exit(0 if g.correct else 1)


# ----------------------------------------------------------------------------- web mode


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the same app in a browser (needs the `web` extra: textual-serve)."""
    try:
        from tutor.tui.serve import serve as run_server
    except ImportError as exc:
        raise click.ClickException(
            f"web mode needs textual-serve: pip install 'awstutor[web]' ({exc})") from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host} makes the app reachable from other machines",
                   err=True)
    packs = (ctx.find_root().obj or {}).get("packs", [])
    run_server(host=host, port=port, packs=packs)


def main() -> None:
    """Console-script entry point: no traceback reaches a user."""
    try:
        cli(obj={})
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
