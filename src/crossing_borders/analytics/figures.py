"""The report's figures: PNG files drawn with the course's palette, each with its alt text.

Every figure is drawn from the summary (`summary.summarise`), never from the
gradebook, so the picture and the numbers beside it cannot disagree. Each
function returns the alt text with the numbers a reader of the figure would take
from it, so a screen-reader user gets the same facts. Bars differ by hatch as
well as by colour, and carry their values as text: nothing depends on colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from crossing_borders.analytics.stats import format_stat
from crossing_borders.plots.style import PALETTE, RC, SERIES, finish

HATCHES = ("", "//", "..", "xx", "\\\\", "++")
DPI = 110


@dataclass(frozen=True)
class Figure:
    file: str  # name beside the report
    alt: str
    title: str


def _save(fig: Any, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fig.savefig(folder / name, dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)


def _points(value: float) -> str:
    return f"{value:g}"


def totals_histogram(summary: dict[str, Any], folder: Path) -> Figure:
    """Histogram of the graded students' totals over 0..max score."""
    totals = summary["totals"]
    top = summary["max_score"]
    counts = totals["histogram"]
    edges = np.linspace(0, top, len(counts) + 1)
    title = f"Totals of {summary['assignment']}"
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        ax.bar(
            edges[:-1],
            counts,
            width=np.diff(edges),
            align="edge",
            color=PALETTE["blue"],
            edgecolor=PALETTE["black"],
            linewidth=0.6,
        )
        if totals["mean"] is not None:
            ax.axvline(totals["mean"], color=PALETTE["vermillion"], linestyle="--", label="mean")
            ax.axvline(totals["median"], color=PALETTE["black"], linestyle=":", label="median")
            ax.legend(frameon=False)
        ax.set_xlim(0, top)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.yaxis.get_major_locator().set_params(integer=True)
        finish(
            ax,
            title=f"{title}: {totals['n']} graded students",
            xlabel=f"Total score (points out of {_points(top)})",
            ylabel="Students",
        )
        _save(fig, folder, "totals.png")
    alt = (
        f"Histogram of {totals['n']} totals out of {_points(top)}: "
        f"mean {format_stat(totals['mean'], 1)}, median {format_stat(totals['median'], 1)}, "
        f"sd {format_stat(totals['sd'], 1)}, lowest "
        f"{_points(min(totals['values'])) if totals['values'] else 'n/a'}, highest "
        f"{_points(max(totals['values'])) if totals['values'] else 'n/a'}."
    )
    return Figure("totals.png", alt, title)


def questions_chart(summary: dict[str, Any], folder: Path) -> Figure:
    """Difficulty and discrimination of each question as paired horizontal bars."""
    questions = summary["questions"]
    labels = [q["cell"] for q in questions]
    y = np.arange(len(questions))
    height = 0.38
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(6.4, 1.2 + 0.6 * max(1, len(questions))))
        for i, (name, label) in enumerate(
            (
                ("difficulty", "difficulty (mean fraction of points)"),
                ("discrimination", "discrimination (r with rest of total)"),
            )
        ):
            values = [q[name] for q in questions]
            offsets = y - height / 2 + i * height
            ax.barh(
                offsets,
                [0.0 if v is None else v for v in values],
                height=height,
                color=PALETTE[SERIES[i]],
                hatch=HATCHES[i],
                edgecolor=PALETTE["black"],
                linewidth=0.6,
                label=label,
            )
            for offset, value in zip(offsets, values, strict=True):
                x = 0.0 if value is None else value
                ax.text(
                    max(x, 0.0) + 0.02,
                    offset,
                    format_stat(value),
                    va="center",
                    fontsize=8,
                )
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.set_xlim(min(-0.2, *(q["discrimination"] or 0 for q in questions)) - 0.05, 1.25)
        ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
        ax.legend(frameon=False, ncols=2, loc="upper left", bbox_to_anchor=(0, -0.18))
        finish(
            ax,
            title=f"Difficulty and discrimination per question, {summary['assignment']}",
            xlabel="Value (difficulty 0 to 1; discrimination -1 to 1)",
            ylabel="Graded cell",
        )
        _save(fig, folder, "questions.png")
    parts = [
        f"{q['cell']} difficulty {format_stat(q['difficulty'])}, "
        f"discrimination {format_stat(q['discrimination'])}"
        for q in questions
    ]
    alt = f"Bar chart of {len(questions)} questions: " + "; ".join(parts) + "."
    return Figure("questions.png", alt, "Difficulty and discrimination per question")


def rubric_chart(rubric: dict[str, Any], folder: Path, name: str) -> Figure:
    """Levels reached on each criterion of one reflection, as stacked horizontal bars."""
    criteria = rubric["criteria"]
    labels = [c["criterion"].partition(":")[0] for c in criteria]
    all_levels: list[str] = []
    for c in criteria:
        for level in c["levels"]:
            if level["label"] not in all_levels:
                all_levels.append(level["label"])
    y = np.arange(len(criteria))
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(6.4, 1.4 + 0.55 * max(1, len(criteria))))
        left = np.zeros(len(criteria))
        for i, level in enumerate(all_levels):
            counts = np.array(
                [
                    next((lv["count"] for lv in c["levels"] if lv["label"] == level), 0)
                    for c in criteria
                ],
                dtype=float,
            )
            colour = PALETTE[SERIES[i % len(SERIES)]]
            ax.barh(
                y,
                counts,
                left=left,
                color=colour,
                hatch=HATCHES[i % len(HATCHES)],
                edgecolor=PALETTE["black"],
                linewidth=0.6,
                label=level,
            )
            for row, (start, count) in enumerate(zip(left, counts, strict=True)):
                if count:
                    ax.text(
                        start + count / 2,
                        row,
                        f"{count:g}",
                        ha="center",
                        va="center",
                        fontsize=8,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "lw": 0},
                    )
            left += counts
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(frameon=False, ncols=len(all_levels), loc="upper left", bbox_to_anchor=(0, -0.2))
        finish(
            ax,
            title=f"Levels reached per criterion, {rubric['reflection']}",
            xlabel=f"Answers ({rubric['n']} marked)",
            ylabel="Criterion",
        )
        _save(fig, folder, name)
    parts = []
    for c in criteria:
        levels = ", ".join(f"{lv['label']} {lv['count']}" for lv in c["levels"])
        parts.append(f"{c['criterion'].partition(':')[0]}: {levels}")
    alt = (
        f"Stacked bar chart of the levels reached by {rubric['n']} answers to "
        f"{rubric['reflection']}, per criterion: " + "; ".join(parts) + "."
    )
    return Figure(name, alt, f"Levels reached per criterion, {rubric['reflection']}")


@dataclass(frozen=True)
class Figures:
    totals: Figure | None
    questions: Figure | None
    rubrics: dict[str, Figure]  # reflection key -> its chart


def draw_all(summary: dict[str, Any], folder: Path) -> Figures:
    """Every figure of one assignment's report, written into `folder` (none without data)."""
    return Figures(
        totals=totals_histogram(summary, folder) if summary["totals"]["n"] else None,
        questions=questions_chart(summary, folder) if summary["questions"] else None,
        rubrics={
            r["reflection"]: rubric_chart(r, folder, f"rubric-{i + 1}.png")
            for i, r in enumerate(summary["rubrics"])
            if r["n"]
        },
    )
