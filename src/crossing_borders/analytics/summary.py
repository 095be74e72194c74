"""One assignment's grade analytics as plain data: what summary.json holds, what the page shows.

Who counts where (each choice is written here once, and the page says it too):

- **score distribution**: students whose work is *graded* (every point decided),
  at their exported score (after any late penalty), so the histogram shows
  what students get; work waiting for a grader would show as too low;
- **difficulty** of a question: every graded or waiting submission whose cell
  has a score (an answer still waiting for a grader does not count as 0);
- **discrimination**: students whose work is *graded*, with the rest of the total
  taken from the cells' scores (before any late penalty: lateness is not skill);
- **criterion levels**: each reflection answer's current marking (its grade);
- **agreement**: for each pair of graders, the answers both of them marked,
  each grader's newest marking of it.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any

from crossing_borders.analytics import stats
from crossing_borders.analytics.data import AssignmentData, ReflectionMarks
from crossing_borders.autograde.report import Status
from crossing_borders.marking.store import Marking

#: Statuses in the order a report lists them.
STATUS_ORDER = (
    Status.GRADED,
    Status.NEEDS_MANUAL,
    Status.REFUSED,
    Status.FAILED,
    Status.MISSING,
)
STATUS_LABELS = {
    Status.GRADED: "graded",
    Status.NEEDS_MANUAL: "waiting for a grader",
    Status.REFUSED: "refused",
    Status.FAILED: "failed",
    Status.MISSING: "missing",
}


def summarise(data: AssignmentData) -> dict[str, Any]:
    """Every number of the report, JSON-ready (None where a statistic is undefined)."""
    graded = [w for w in data.work if w.status == Status.GRADED]
    counts = Counter(w.status for w in data.work)
    totals = [w.score for w in graded if w.score is not None]
    summary = stats.summarise(totals)
    return {
        "assignment": data.name,
        "max_score": data.max_score,
        "students": len(data.work),
        "status": {
            **{str(s): counts.get(s, 0) for s in STATUS_ORDER},
            "late": sum(w.late for w in data.work),
        },
        "not_graded": [
            {"student": w.student, "status": w.status, "reason": w.reason}
            for w in data.work
            if w.status != Status.GRADED
        ],
        "late": [{"student": w.student, "hours_late": w.hours_late} for w in data.work if w.late],
        "totals": {
            "n": summary.n,
            "mean": summary.mean,
            "median": summary.median,
            "sd": summary.sd,
            "values": sorted(totals),
            "histogram": stats.histogram(totals, data.max_score),
        },
        "questions": _questions(data),
        "rubrics": [_levels(r) for r in data.reflections if r.rubric is not None],
        "agreement": [a for r in data.reflections for a in _agreement(r)],
    }


def _questions(data: AssignmentData) -> list[dict[str, Any]]:
    complete = [
        w
        for w in data.work
        if w.status == Status.GRADED and all(v is not None for v in w.cells.values())
    ]
    rows = []
    for q in data.questions:
        answered = [w.cells[q.key] for w in data.work if w.cells.get(q.key) is not None]
        own = [w.cells.get(q.key) or 0.0 for w in complete]
        totals = [sum(v or 0.0 for v in w.cells.values()) for w in complete]
        rows.append(
            {
                "key": q.key,
                "notebook": q.notebook,
                "cell": q.cell,
                "kind": "manual" if q.manual else "auto",
                "max_score": q.max_score,
                "n": len(answered),
                "mean": stats.summarise(answered).mean,
                "difficulty": stats.difficulty(answered, q.max_score),
                "n_discrimination": len(complete),
                "discrimination": stats.discrimination(own, totals),
            }
        )
    return rows


def _levels(reflection: ReflectionMarks) -> dict[str, Any]:
    assert reflection.rubric is not None
    marked = list(reflection.current.values())
    criteria = []
    for criterion in reflection.rubric.criteria:
        labels = [level.label for level in criterion.levels]
        counts = stats.level_counts(
            (lv for m in marked if (lv := m.level_of(criterion.name)) is not None), labels
        )
        points = {level.label: level.points for level in criterion.levels}
        criteria.append(
            {
                "criterion": criterion.name,
                "points": criterion.points,
                "levels": [
                    {"label": label, "points": points.get(label), "count": count}
                    for label, count in counts.items()
                ],
            }
        )
    return {
        "reflection": reflection.key,
        "max_score": reflection.rubric.total,
        "n": len(marked),
        "criteria": criteria,
    }


def _rated(marking: Marking, index: dict[str, dict[str, int]]) -> stats.Rated:
    levels = {
        m.criterion: index[m.criterion][m.level]
        for m in marking.marks
        if m.criterion in index and m.level in index[m.criterion]
    }
    return stats.Rated(marking.total, levels)


def graders_of(reflection: ReflectionMarks) -> list[str]:
    return sorted({g for by in reflection.by_grader.values() for g in by})


def _agreement(reflection: ReflectionMarks) -> list[dict[str, Any]]:
    """One entry per pair of graders who both marked at least one answer of this reflection."""
    if reflection.rubric is None:
        return []
    index = {
        c.name: {level.label: i for i, level in enumerate(c.levels)}
        for c in reflection.rubric.criteria
    }
    k = {c.name: len(c.levels) for c in reflection.rubric.criteria}
    found = []
    for first, second in combinations(graders_of(reflection), 2):
        pairs = [
            (_rated(by[first], index), _rated(by[second], index))
            for _, by in sorted(reflection.by_grader.items())
            if first in by and second in by
        ]
        if not pairs:
            continue
        result = stats.agreement(pairs, k, reflection.rubric.total)
        found.append(
            {
                "reflection": reflection.key,
                "graders": [first, second],
                "n": result.n,
                "exact_total": result.exact_total,
                "mean_abs_difference": result.mean_abs_difference,
                "kappa_total": result.kappa_total,
                "criteria": [
                    {
                        "criterion": name,
                        "exact": result.criteria.get(name),
                        "kappa": result.kappa_criteria.get(name),
                    }
                    for name in k
                ],
            }
        )
    return found
