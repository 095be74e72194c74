"""Draw a Coproduction: each partner's share of the cost against the CETS No. 220 band."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import Patch

from crossing_borders.models.coproduction import NON_PARTY_MAX, Coproduction, pct
from crossing_borders.plots.style import PALETTE, finish


def plot_coproduction(ax: Axes, result: Coproduction) -> None:
    low, high = result.limits
    rows = list(range(result.n_partners))[::-1]  # the local producer on top
    ax.barh(
        rows,
        [100 * (high - low)] * len(rows),
        left=100 * low,
        height=0.8,
        color="#e6e6e6",
        label=f"Allowed share of cost ({result.regime}, CETS 220)",
    )
    for row, share in zip(rows, result.finance, strict=True):
        inside = low - 1e-9 <= share <= high + 1e-9
        ax.barh(
            row,
            100 * share,
            height=0.45,
            color=PALETTE["blue"] if inside else PALETTE["vermillion"],
            hatch=None if inside else "//",
            edgecolor=PALETTE["black"],
            linewidth=0.6,
        )
        ax.text(100 * share + 1.5, row + 0.12, pct(share), va="center", fontsize=9)
    ax.plot(
        [100 * c for c in result.creative],
        [r - 0.12 for r in rows],
        linestyle="none",
        marker="D",
        markersize=7,
        color=PALETTE["orange"],
        markeredgecolor=PALETTE["black"],
        label="Share of key creative and technical posts",
    )
    if any(result.non_party):
        ax.axvline(100 * NON_PARTY_MAX, color=PALETTE["black"], linestyle="--", linewidth=1)
    labels = [
        name + (" (non-Party)" if outside else "")
        for name, outside in zip(result.names, result.non_party, strict=True)
    ]
    ax.set_yticks(rows, labels)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, max(rows) + 1.5)
    handles, _ = ax.get_legend_handles_labels()
    handles += [
        Patch(facecolor=PALETTE["blue"], edgecolor=PALETTE["black"], label="Share of cost"),
        Patch(
            facecolor=PALETTE["vermillion"],
            edgecolor=PALETTE["black"],
            hatch="//",
            label="Share of cost, out of range",
        ),
    ]
    ax.legend(handles=handles, loc="upper left", frameon=False, ncol=2, fontsize=8)
    verdict = "Qualifies" if result.qualifies else "Does not qualify"
    finish(
        ax,
        title=(
            f"{verdict} ({result.regime}: {pct(low)}-{pct(high)} each); "
            f"local control {result.local_control:.2f}"
        ),
        xlabel="Share (%); rights and revenue follow the share of cost",
        ylabel="Co-producer",
    )
