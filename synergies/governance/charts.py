"""Charts as inline SVG, drawn on the server: the same markup renders in the page and in the PDF
report, needs no JavaScript, and carries a text alternative."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, PAD = 320, 110, 24
BLUE, RED, GREY = "#000091", "#c9191e", "#929292"


def line_chart(series, *, target=None, label: str = "") -> str:
    """A line of the values over time, with the target as a dashed line."""
    points = [(v.measured_on, float(v.value)) for v in series]
    if not points:
        return ""
    values = [value for _, value in points] + ([float(target)] if target is not None else [])
    low, high = min(values + [0.0]), max(values) or 1.0
    span = (high - low) or 1.0
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    days = (last - first) or 1

    def xy(day, value):
        x = PAD + (day.toordinal() - first) / days * (WIDTH - 2 * PAD) if len(points) > 1 else WIDTH / 2
        y = HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD)
        return f"{x:.1f},{y:.1f}"

    line = " ".join(xy(day, value) for day, value in points)
    last_day, last_value = points[-1]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(label)}">',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="{GREY}" stroke-width="1"/>',
    ]
    if target is not None:
        y = HEIGHT - PAD - (float(target) - low) / span * (HEIGHT - 2 * PAD)
        parts.append(
            f'<line x1="{PAD}" y1="{y:.1f}" x2="{WIDTH - PAD}" y2="{y:.1f}" stroke="{RED}" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{WIDTH - PAD}" y="{y - 3:.1f}" font-size="9" text-anchor="end" fill="{RED}">cible</text>'
        )
    parts.append(f'<polyline points="{line}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    x, y = xy(last_day, last_value).split(",")
    parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{BLUE}"/>')
    parts.append(
        f'<text x="{PAD}" y="{HEIGHT - 6}" font-size="9" fill="#3a3a3a">{points[0][0]:%m/%Y}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 6}" font-size="9" text-anchor="end" fill="#3a3a3a">{last_day:%m/%Y}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped text only


def progress_bar(percent: int, *, label: str = "") -> str:
    percent = max(0, min(100, int(percent)))
    return mark_safe(  # noqa: S308 - an integer and escaped text only
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 12" width="200" height="12" role="img" '
        f'aria-label="{escape(label)} : {percent} %"><rect width="200" height="12" fill="#e5e5e5"/>'
        f'<rect width="{percent * 2}" height="12" fill="{BLUE}"/></svg>'
    )
