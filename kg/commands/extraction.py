"""``kg extract``, ``kg eval`` and ``kg review``: extraction results, their score, and identity review."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.commands.options import open_read_only, store_option


@click.command(name="extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the evaluation JSON format (default).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to a file (atomically) instead of stdout.",
)
def extract_command(paths: tuple[Path, ...], as_json: bool, output: Path | None) -> None:
    """Extract entities and asserted relations from documents, without touching the store.

    Prints {"documents": [...]} in the format of shared/eval/README.md. Unreadable files are
    reported on stderr and the command exits 1 after doing the others.

    \b
    Example:
        kg extract ../shared/seeds --json > predictions.json
    """
    from kg.extract import extract_paths

    records, failures = extract_paths(list(paths))
    text = json.dumps({"documents": records}, indent=2, ensure_ascii=False) + "\n"
    if output:
        from kg.atomic import atomic_write

        with atomic_write(output, "w") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if failures:
        sys.exit(1)


@click.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("docs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--misses",
    "show_misses",
    is_flag=True,
    help="Also list every false negative and false positive with its sentence and the reason.",
)
def eval_command(gold: Path, docs: tuple[Path, ...], as_json: bool, show_misses: bool) -> None:
    """Score the extractor on DOCS against GOLD annotations: precision, recall and F1 per type,
    per predicate and overall.

    \b
    Example:
        kg eval ../shared/eval/seeds-gold.json ../shared/seeds
    """
    from kg.evaluate import Score, misses, score
    from kg.extract import extract_paths

    records, failures = extract_paths(list(docs))
    gold_data = json.loads(gold.read_text(encoding="utf-8"))
    result = score(gold_data, {"documents": records})
    wrong = misses(gold_data, {"documents": records}) if show_misses else []
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if as_json:
        rows = {
            kind: {
                name: vars(c) | {"precision": c.precision, "recall": c.recall, "f1": c.f1}
                for name, c in table.items()
            }
            for kind, table in (("entities", result.entities), ("relations", result.relations))
        }
        rows["overall"] = {
            "entities_f1": Score.total(result.entities).f1,
            "relations_f1": Score.total(result.relations).f1,
        }
        if show_misses:
            rows["misses"] = [vars(m) for m in wrong]
        click.echo(json.dumps(rows, indent=2, sort_keys=True))
    else:
        click.echo(result.table())
        if show_misses:
            click.echo("")
            click.echo("MISSES (file, missed or spurious, item, reason, sentence)")
            for m in wrong:
                click.echo(f"{m.file}\t{m.kind} {m.what}\t{m.item}\t{m.reason}")
                if m.evidence:
                    click.echo(f"\t\t{m.evidence}")


@click.command(name="review")
@store_option
@click.option("--threshold", type=float, default=0.75, show_default=True, help="Name similarity from 0 to 1.")
def review_command(store_path: Path, threshold: float) -> None:
    """List actors that may be the same body, for a person to decide; nothing is merged.

    Copy a printed decision line into seeds/decisions.csv (with "same" or "different") and
    build again: reviewed decisions are applied on every build.
    """
    from kg.review import near_duplicates
    from kg.seeds import load_register

    candidates = near_duplicates(open_read_only(store_path), load_register(), threshold=threshold)
    if not candidates:
        click.echo("no near-duplicates to review")
        return
    for c in candidates:
        click.echo(f"{c.score:.2f}  {c.a_kind}: {c.a_name}  ~  {c.b_kind}: {c.b_name} {c.b_key}".rstrip())
        click.echo(f"      decision: {c.decision_row()}")


COMMANDS = [extract_command, eval_command, review_command]
