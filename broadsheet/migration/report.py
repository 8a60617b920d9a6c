"""What an import did, kind by kind, and everything it could not carry over."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

KINDS = ("author", "category", "tag", "post", "page", "attachment", "comment")
PLURALS = {kind: kind + "s" for kind in KINDS} | {"category": "categories"}


@dataclass
class Report:
    source: str = ""
    dry_run: bool = False
    outcomes: defaultdict[str, Counter] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    skipped: defaultdict[str, Counter] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    unknown_shortcodes: Counter = field(default_factory=Counter)
    unknown_blocks: Counter = field(default_factory=Counter)
    missing_files: list[str] = field(default_factory=list)
    orphan_comments: list[str] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)
    featured: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        """Count items of a kind as "imported", "updated" or "unchanged"."""
        self.outcomes[kind][outcome] += n

    def skip(self, kind: str, reason: str) -> None:
        self.skipped[kind][reason] += 1

    def summary(self) -> str:
        """One line: "12 imported, 1 updated, 40 unchanged, 3 skipped"."""
        totals = Counter()
        for counter in self.outcomes.values():
            totals.update(counter)
        skipped = sum(sum(c.values()) for c in self.skipped.values())
        return (
            f"{totals['imported']} imported, {totals['updated']} updated, "
            f"{totals['unchanged']} unchanged, {skipped} skipped"
        )

    def render(self) -> str:
        """The whole report as plain text, for the terminal and the saved file."""
        lines = [f"WordPress import of {self.source}"]
        if self.dry_run:
            lines.append("DRY RUN: nothing was written.")
        lines.append("")
        for kind in KINDS:
            done, skipped = self.outcomes.get(kind, {}), self.skipped.get(kind, {})
            if not done and not skipped:
                continue
            parts = [
                f"{done.get(o, 0)} {o}" for o in ("imported", "updated", "unchanged")
            ]
            parts.append(f"{sum(skipped.values())} skipped")
            lines.append(f"{PLURALS[kind] + ':':<13} " + ", ".join(parts))
            for reason, n in sorted(skipped.items()):
                lines.append(f"    skipped {n}: {reason}")
        self._list(
            lines,
            "Imported unpublished (private or password-protected)",
            self.unpublished,
        )
        self._list(lines, "Sticky posts (featured on the front page)", self.featured)
        self._counted(
            lines, "Unknown shortcodes (kept as text)", self.unknown_shortcodes
        )
        self._counted(lines, "Unknown blocks (inner content kept)", self.unknown_blocks)
        self._list(lines, "Missing files", list(dict.fromkeys(self.missing_files)))
        self._list(
            lines,
            "Comments whose parent is missing (shown at the top level)",
            self.orphan_comments,
        )
        self._list(lines, "Notes", self.notes)
        lines += ["", self.summary()]
        return "\n".join(lines) + "\n"

    @staticmethod
    def _list(lines, title, items):
        if items:
            lines += ["", f"{title}: {len(items)}"]
            lines += [f"    {item}" for item in items]

    @staticmethod
    def _counted(lines, title, counter):
        if counter:
            lines += ["", f"{title}: {sum(counter.values())}"]
            lines += [f"    [{name}] x{n}" for name, n in sorted(counter.items())]
