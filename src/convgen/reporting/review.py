"""The review summary as text (coloured on a terminal), Markdown and JSON."""

from __future__ import annotations

import json
from typing import Any

import click

from convgen import __version__
from convgen.foundation import french
from convgen.foundation.findings import format_path
from convgen.reporting.terminal import visible
from convgen.review import ReviewRun
from convgen.review.changes import (
    ADDED,
    CHANGED,
    FILLED,
    INTRODUCED,
    KIND_LABELS,
    MOVED,
    REMOVED,
    Change,
    Review,
)
from convgen.review.words import DELETE, INSERT, Segment, excerpt

JSON_FORMAT_VERSION = 1
_MARKS = {ADDED: "+", REMOVED: "−", CHANGED: "~", MOVED: "↕", FILLED: "✓", INTRODUCED: "!"}


def _words_text(segments: tuple[Segment, ...], colour: bool) -> str:
    out = []
    for segment in excerpt(list(segments)):
        text = visible(segment.text)  # a terminal obeys no character of the documents
        if segment.op == DELETE:
            out.append(click.style(text, fg="red", strikethrough=True) if colour else f"[-{text}-]")
        elif segment.op == INSERT:
            out.append(click.style(text, fg="green", underline=True) if colour else f"{{+{text}+}}")
        else:
            out.append(text)
    return "".join(out)


def _line_text(change: Change, colour: bool) -> str:
    mark = _MARKS[change.kind]
    head = f"  {mark} {visible(change.subject)}"
    if change.kind in (FILLED, INTRODUCED):
        head += f" ({KIND_LABELS[change.kind]})"
    if change.kind == ADDED:
        return f"{head} : ajouté — {visible(change.new)}" if change.new else f"{head} : ajouté"
    if change.kind == REMOVED:
        return f"{head} : supprimé — {visible(change.old)}" if change.old else f"{head} : supprimé"
    if change.kind == MOVED:
        return f"{head} : déplacé"
    if change.segments:
        return f"{head} :\n      {_words_text(change.segments, colour)}"
    old, new = visible(change.old or ""), visible(change.new or "")
    if colour:
        old, new = click.style(old, fg="red"), click.style(new, fg="green")
    return f"{head} : {old} → {new}"


def format_text(review: Review, *, colour: bool = False) -> str:
    """The summary for a terminal: sections, one line per change, changed words marked."""
    lines = [f"Comparaison : {visible(review.old)} → {visible(review.new)}"]
    if review.identical:
        lines.append("Aucune différence.")
        return "\n".join(lines)
    count = len([c for c in review.changes if c.section != "Lacunes"])
    lines.append(french.count_noun(count, "modification"))
    for title, changes in review.sections():
        lines.append("")
        title = visible(title)
        lines.append(click.style(title, bold=True) if colour else title)
        lines.extend(_line_text(change, colour) for change in changes)
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "\\`*_[]<>|" else c for c in visible(text))


def _words_markdown(segments: tuple[Segment, ...]) -> str:
    out = []
    for segment in excerpt(list(segments)):
        text = _md_escape(segment.text)
        stripped = text.strip()
        if segment.op == DELETE and stripped:
            out.append(text.replace(stripped, f"~~{stripped}~~"))
        elif segment.op == INSERT and stripped:
            out.append(text.replace(stripped, f"**{stripped}**"))
        else:
            out.append(text)
    return "".join(out)


def format_markdown(review: Review) -> str:
    """The summary as Markdown, for a pull request or a review note."""
    lines = [f"# Relecture : {_md_escape(review.old)} → {_md_escape(review.new)}", ""]
    if review.identical:
        return "\n".join([*lines, "Aucune différence.", ""])
    for title, changes in review.sections():
        lines += [f"## {_md_escape(title)}", ""]
        for change in changes:
            subject = f"**{_md_escape(change.subject)}**"
            if change.kind in (ADDED, REMOVED, MOVED):
                detail = (
                    f" — {_md_escape(change.new or change.old or '')}"
                    if change.kind != MOVED
                    else ""
                )
                lines.append(f"- {subject} : {KIND_LABELS[change.kind]}{detail}")
            elif change.segments:
                lines.append(f"- {subject} : {_words_markdown(change.segments)}")
            else:
                label = (
                    f" ({KIND_LABELS[change.kind]})" if change.kind in (FILLED, INTRODUCED) else ""
                )
                lines.append(
                    f"- {subject}{label} : ~~{_md_escape(change.old or '')}~~ → "
                    f"**{_md_escape(change.new or '')}**"
                )
        lines.append("")
    return "\n".join(lines)


def change_json(change: Change) -> dict[str, Any]:
    return {
        "section": change.section,
        "kind": change.kind,
        "subject": change.subject,
        "path": format_path(change.path),
        "party": change.party,
        "old": change.old,
        "new": change.new,
        "words": [{"op": s.op, "text": s.text} for s in change.segments] or None,
    }


def format_json(review: Review) -> str:
    """The summary as JSON (shape documented in docs/review.md)."""
    document = {
        "format": "convgen-diff",
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "convgen", "version": __version__},
        "kind": review.kind,
        "old": review.old,
        "new": review.new,
        "identical": review.identical,
        "sections": [
            {"title": title, "changes": [change_json(c) for c in changes]}
            for title, changes in review.sections()
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def format_written(run: ReviewRun) -> list[str]:
    """What a review wrote, one line each (for the error output: the summary may be JSON)."""
    lines = []
    if run.marked is not None and run.docx is not None:
        lines.append(
            f"Modifications suivies : {visible(run.docx)} ({run.marked.revisions} révisions)"
        )
    if run.html is not None:
        lines.append(f"Page de relecture : {visible(run.html)}")
    return lines
