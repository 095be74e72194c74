"""The numbers of a grade report, as pure functions over plain lists and dicts.

Nothing here reads a gradebook: each function takes numbers (or labels) and returns
numbers, so every figure in a report can be checked by hand or recomputed in a test.
A statistic that is not defined for the data it is given (a correlation of a
constant, a kappa where both graders used one level) is ``None``, never 0 or NaN:
`format_stat` shows it as "n/a", so a reader never mistakes "undefined" for "none".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

NOT_AVAILABLE = "n/a"


def format_stat(value: float | None, digits: int = 2) -> str:
    """A statistic for a table: "n/a" when it is undefined, else rounded, without "-0"."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NOT_AVAILABLE
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


@dataclass(frozen=True)
class Summary:
    """Centre and spread of a list of totals (sd is the sample sd, n - 1 in the denominator)."""

    n: int
    mean: float | None
    median: float | None
    sd: float | None


def summarise(values: Sequence[float]) -> Summary:
    """n, mean, median and sample standard deviation; undefined ones are None.

    The sample sd (ddof=1) because a class is a sample of the students who could
    take the course; it needs at least two values.
    """
    data = np.asarray(values, dtype=float)
    n = int(data.size)
    if n == 0:
        return Summary(0, None, None, None)
    sd = float(np.std(data, ddof=1)) if n > 1 else None
    return Summary(n, float(np.mean(data)), float(np.median(data)), sd)


def difficulty(scores: Sequence[float], max_score: float) -> float | None:
    """Mean fraction of the question's points reached: 1 is easy, 0 is hard.

    This is the classical item "facility" (p-value) generalised to partial credit:
    mean(score_i / max_score) over the students whose answer has been graded.
    Undefined (None) without a graded answer or for a question worth no points.
    """
    if not scores or max_score <= 0:
        return None
    return float(np.mean(np.asarray(scores, dtype=float) / max_score))


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's r; None when fewer than 3 pairs or either variable is constant.

    r = sum((x - mean x)(y - mean y)) / sqrt(sum((x - mean x)^2) * sum((y - mean y)^2)).
    Two points always lie on a line, so r needs three to say anything.
    """
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    if a.size != b.size:
        raise ValueError(f"{a.size} values against {b.size}")
    if a.size < 3:
        return None
    da, db = a - a.mean(), b - b.mean()
    denominator = math.sqrt(float(np.sum(da * da)) * float(np.sum(db * db)))
    if denominator <= 1e-12:
        return None
    return float(np.sum(da * db) / denominator)


def discrimination(question: Sequence[float], totals: Sequence[float]) -> float | None:
    """Corrected item-total correlation: r(question score, total - question score).

    The question's own points are taken out of the total first ("rest of the
    total"), otherwise a question correlates with itself and a heavy question
    looks discriminating just for its weight. High values: students who did well
    elsewhere did well here. Near 0 or negative: the question measures something
    else, or is noisy. None when undefined (see `pearson`), e.g. everyone scored
    the same on the question.
    """
    q = np.asarray(question, dtype=float)
    rest = np.asarray(totals, dtype=float) - q
    return pearson(q, rest)


def weighted_kappa(first: Sequence[int], second: Sequence[int], categories: int) -> float | None:
    """Cohen's weighted kappa with quadratic weights, for two graders' ordinal ratings.

    Ratings are category indices 0 .. k-1 (k = `categories`), one pair per answer
    both graders rated. With O the k x k table of observed proportions (O[i, j]: the
    share of answers the first grader put in i and the second in j), E the table
    expected by chance from the two graders' own marginals (E[i, j] = row_i * col_j)
    and quadratic disagreement weights w[i, j] = (i - j)^2 / (k - 1)^2:

        kappa_w = 1 - sum(w * O) / sum(w * E)

    (Cohen 1968, "Weighted kappa"; Fleiss & Cohen 1973 showed that with quadratic
    weights it approaches the intraclass correlation in large samples). 1 is perfect agreement, 0 is what
    chance gives, negative is worse than chance. None when no answer is shared,
    k < 2, or sum(w * E) = 0 (both graders used one and the same category, so
    chance already "agrees" perfectly and kappa is undefined).
    """
    a = np.asarray(first, dtype=int)
    b = np.asarray(second, dtype=int)
    if a.size != b.size:
        raise ValueError(f"{a.size} ratings against {b.size}")
    if a.size == 0 or categories < 2:
        return None
    if a.min() < 0 or b.min() < 0 or max(a.max(), b.max()) >= categories:
        raise ValueError(f"ratings must be category indices 0..{categories - 1}")
    observed = np.zeros((categories, categories))
    np.add.at(observed, (a, b), 1.0)
    observed /= a.size
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    index = np.arange(categories)
    weights = (index[:, None] - index[None, :]) ** 2 / (categories - 1) ** 2
    chance = float(np.sum(weights * expected))
    if chance <= 1e-12:
        return None
    return float(1.0 - np.sum(weights * observed) / chance)


def level_counts(levels: Iterable[str], labels: Sequence[str]) -> dict[str, int]:
    """How many answers reached each level, in the rubric's order (best first), zeros kept.

    A level not in `labels` (a rubric edited after marking) is counted under its own
    name at the end rather than silently dropped.
    """
    counts = dict.fromkeys(labels, 0)
    for level in levels:
        counts[level] = counts.get(level, 0) + 1
    return counts


@dataclass(frozen=True)
class Rated:
    """One answer as one grader marked it: the total and the level index per criterion."""

    total: float
    levels: Mapping[str, int]  # criterion -> index of the level (0 = best)


@dataclass(frozen=True)
class Agreement:
    """Two graders on the answers both marked (see `agreement`)."""

    n: int
    exact_total: float | None  # share of answers with the same total
    mean_abs_difference: float | None  # of the totals, in points
    kappa_total: float | None
    criteria: dict[str, float | None] = field(default_factory=dict)  # exact level agreement
    kappa_criteria: dict[str, float | None] = field(default_factory=dict)


def agreement(
    pairs: Sequence[tuple[Rated, Rated]],
    level_counts_by_criterion: Mapping[str, int],
    max_total: int,
) -> Agreement:
    """Agreement of two graders over the answers both marked.

    `pairs` holds (first grader's marking, second grader's marking) per shared
    answer; `level_counts_by_criterion` gives each criterion's number of levels (the
    kappa's k), `max_total` the rubric's points (totals are whole points, so k =
    max_total + 1 categories 0..max_total for the kappa on totals). Exact agreement
    is a share of answers (0..1); the kappas are `weighted_kappa`.
    """
    n = len(pairs)
    if n == 0:
        return Agreement(0, None, None, None)
    first = np.array([a.total for a, _ in pairs], dtype=float)
    second = np.array([b.total for _, b in pairs], dtype=float)
    exact = float(np.mean(np.isclose(first, second)))
    mad = float(np.mean(np.abs(first - second)))
    kappa_total = weighted_kappa(
        np.rint(first).astype(int).tolist(), np.rint(second).astype(int).tolist(), max_total + 1
    )
    criteria: dict[str, float | None] = {}
    kappas: dict[str, float | None] = {}
    for criterion, k in level_counts_by_criterion.items():
        shared = [
            (a.levels[criterion], b.levels[criterion])
            for a, b in pairs
            if criterion in a.levels and criterion in b.levels
        ]
        if not shared:
            criteria[criterion] = kappas[criterion] = None
            continue
        criteria[criterion] = sum(x == y for x, y in shared) / len(shared)
        kappas[criterion] = weighted_kappa([x for x, _ in shared], [y for _, y in shared], k)
    return Agreement(n, exact, mad, kappa_total, criteria, kappas)


def histogram(values: Sequence[float], max_score: float, bins: int | None = None) -> list[int]:
    """Counts of totals in equal bins over 0..max_score (the last bin includes max_score).

    By default one bin per point up to 20 points, else 20 bins, so a small test
    shows every possible total and a large one stays readable.
    """
    bins = bins or max(1, min(20, math.ceil(max_score)))
    counts, _ = np.histogram(np.asarray(values, dtype=float), bins=bins, range=(0, max_score))
    return [int(c) for c in counts]
