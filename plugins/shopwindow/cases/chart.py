"""Bar charts as geometry for the theme's SVG macros: drawn at build time, no chart library in the
browser. Heights are exactly proportional to the values; the numbers are also in a table."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Metric

BAR_HEIGHT = 140  # the tallest bar of a group
BAR_WIDTH = 44
GROUP_GAP = 36
TOP = 24  # room for the value above a bar
LABEL_ROOM = 44  # room below for the metric's name


def _height(value: Decimal | int, largest: Decimal | int) -> float:
    return round(float(value) / float(largest) * BAR_HEIGHT, 2) if largest else 0.0


def metrics_chart(metrics: tuple[Metric, ...]) -> dict:
    """One group per metric (each on its own scale, as units differ): a before bar and an after bar."""
    groups = []
    x = GROUP_GAP / 2
    for metric in metrics:
        label = f"{metric.name} ({metric.unit})" if metric.unit else metric.name
        span = max(2 * BAR_WIDTH + 6, len(label) * 7.6)  # room for the label at 12px
        left = x + (span - 2 * BAR_WIDTH - 6) / 2  # bars centred under a wider label
        largest = max(metric.before, metric.after)
        bars = []
        for i, (kind, value) in enumerate((("before", metric.before), ("after", metric.after))):
            height = _height(value, largest)
            bars.append(
                {
                    "kind": kind,
                    "value": value,
                    "x": left + i * (BAR_WIDTH + 6),
                    "width": BAR_WIDTH,
                    "height": height,
                    "y": TOP + BAR_HEIGHT - height,
                }
            )
        groups.append(
            {"name": metric.name, "unit": metric.unit, "x": x, "center": x + span / 2, "bars": bars}
        )
        x += span + GROUP_GAP
    return {
        "width": round(x),
        "height": TOP + BAR_HEIGHT + LABEL_ROOM,
        "base": TOP + BAR_HEIGHT,
        "groups": groups,
    }


def monthly_chart(months: list[dict]) -> dict:
    """Jobs completed each month, split into on time (solid) and late (hatched), on one scale."""
    largest = max((m["completed"] for m in months), default=0)
    width = 34
    bars = []
    x = 12.0
    for month in months:
        total = _height(month["completed"], largest)
        on_time = _height(month["on_time"], largest)
        bars.append(
            {
                "month": month["month"],
                "completed": month["completed"],
                "on_time": month["on_time"],
                "x": x,
                "width": width,
                "y": TOP + BAR_HEIGHT - total,
                "height": total,
                "on_time_y": TOP + BAR_HEIGHT - on_time,
                "on_time_height": on_time,
            }
        )
        x += width + 14
    return {
        "width": round(x + 12),
        "height": TOP + BAR_HEIGHT + LABEL_ROOM,
        "base": TOP + BAR_HEIGHT,
        "bars": bars,
    }
