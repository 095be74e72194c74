"""Draw a PolicyLab: the five indicators after the horizon, against the start and an even split."""

from __future__ import annotations

from matplotlib.axes import Axes

from crossing_borders.models.policy_lab import INDICATORS, START, PolicyLab
from crossing_borders.plots.style import PALETTE, finish


def plot_policy_lab(ax: Axes, result: PolicyLab) -> None:
    rows = list(range(len(INDICATORS)))[::-1]
    final = result.final
    ax.barh(rows, final, height=0.55, color=PALETTE["blue"], label="This split")
    for row, value, ref, start in zip(rows, final, result.reference, START, strict=True):
        ax.text(max(value, ref, start) + 0.03, row, f"{value:.2f}", va="center", fontsize=9)
    ax.plot(
        START,
        rows,
        linestyle="none",
        marker="|",
        markersize=16,
        markeredgewidth=2,
        color=PALETTE["black"],
        label="Year 0",
    )
    ax.plot(
        result.reference,
        rows,
        linestyle="none",
        marker="D",
        markersize=6,
        color=PALETTE["orange"],
        markeredgecolor=PALETTE["black"],
        label="Even split (25% each)",
    )
    ax.set_yticks(rows, INDICATORS)
    ax.set_xlim(0, 1.12)
    ax.set_ylim(-0.6, len(rows) + 0.4)
    ax.legend(loc="upper right", frameon=False, ncol=3, fontsize=8)
    c, t, h, s = result.shares
    finish(
        ax,
        title=(
            f"After {int(result.years[-1])} years: co-production {c:.0%}, training {t:.0%},\n"
            f"heritage {h:.0%}, subtitling and dubbing {s:.0%} of the budget"
        ),
        xlabel="Index (0-1, model units)",
        ylabel="",
    )
