"""Draw a SkillTransfer: local skill, local jobs and rate pressure over the years."""

from __future__ import annotations

from matplotlib.axes import Axes

from crossing_borders.models.skill_transfer import SkillTransfer
from crossing_borders.plots.style import PALETTE, finish, series_style

LEVY_NAMES = {0.0: "none", 0.5: "half", 1.0: "full"}


def plot_skill_transfer(ax: Axes, result: SkillTransfer) -> None:
    years = result.years
    ax.axhline(0.0, color=PALETTE["black"], linewidth=0.8)
    ax.plot(
        years,
        result.baseline_skill,
        color="#777777",
        linewidth=1.2,
        linestyle=(0, (1, 2)),
        label="Local skill with no visitors",
    )
    curves = (
        ("Local skill (1 = visitors' level)", result.skill),
        ("Local jobs (1 = year 0 with no visitors)", result.jobs),
        ("Pressure on local rates (+ = downward)", result.pressure),
    )
    for i, (label, y) in enumerate(curves):
        ax.plot(years, y, label=label, markevery=3, linewidth=2, **series_style(i))
    if 0 < result.stay < result.horizon:
        ax.axvspan(0, result.stay, color="#eeeeee", zorder=0, label="Visitors coming")
    low = min(-0.4, float(result.pressure.min()) - 0.05)
    high = max(1.7, float(result.jobs.max()) + 0.05)
    ax.set_xlim(0, result.horizon)
    ax.set_ylim(low, high)
    ax.legend(loc="upper left", frameon=False, ncol=2, fontsize=8)
    finish(
        ax,
        title=(
            f"Visitors in {result.inflow:.0%} of posts for {result.stay} years, 1 mentor per "
            f"{result.mentoring:g} trainee{'' if result.mentoring == 1 else 's'}\n"
            f"training levy: {LEVY_NAMES.get(result.levy, f'{result.levy:.0%}')}"
        ),
        xlabel="Year",
        ylabel="Index (model units)",
    )
