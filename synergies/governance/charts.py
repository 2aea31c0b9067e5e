"""Charts as inline SVG, drawn on the server: the same markup renders in the page and in the PDF
report, needs no JavaScript, and carries a text alternative."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 52, 104, 16, 34  # room for the value axis, the labels of the lines, the dates
BLUE, RED, GREY, TEXT = "#000091", "#c9191e", "#666666", "#3a3a3a"
FONT = 'font-family="Marianne, Arial, sans-serif"'


def _number(value: float, decimals: int) -> str:
    from django.utils.formats import number_format

    return number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _ticks(low: float, high: float) -> list[float]:
    """About four round steps between low and high (1, 2 or 5 times a power of ten)."""
    import math

    span = (high - low) or 1.0
    raw = span / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks, value = [], first
    while value <= high + step / 2:
        ticks.append(value)
        value += step
    return ticks


def line_chart(series, *, target=None, baseline=None, label: str = "", unit: str = "", decimals: int = 0) -> str:
    """The values over time on labelled axes, with the target (dashed red) and the baseline (dotted grey)
    as lines, and the last value written beside its point. It scales to the width it is given (phone,
    page, PDF)."""
    points = [(v.measured_on, float(v.value)) for v in series]
    if not points:
        return ""
    references = [float(r) for r in (target, baseline) if r is not None]
    ticks = _ticks(min([0.0, *(v for _, v in points), *references]), max([*(v for _, v in points), *references]) or 1.0)
    low, high = ticks[0], ticks[-1]
    span = (high - low) or 1.0
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    days = (last - first) or 1
    inner_width, inner_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day) -> float:
        return LEFT + ((day.toordinal() - first) / days * inner_width if len(points) > 1 else inner_width / 2)

    def y_of(value: float) -> float:
        return TOP + inner_height - (value - low) / span * inner_height

    suffix = f" {unit}" if unit else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escape(label)}" class="synergies-chart">',
    ]
    for tick in ticks:  # the value axis: a light grid line and its value
        y = y_of(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + inner_width}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="13" text-anchor="end" fill="{TEXT}" {FONT}>'
            f"{escape(_number(tick, decimals))}</text>"
        )
    bottom = TOP + inner_height
    parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{LEFT + inner_width}" y2="{bottom}" stroke="{GREY}"/>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="{GREY}"/>')
    dates = {points[0][0], points[-1][0], points[len(points) // 2][0]}
    for day in sorted(dates):  # the time axis: first, middle and last measure
        parts.append(
            f'<text x="{x_of(day):.1f}" y="{bottom + 18}" font-size="13" text-anchor="middle" fill="{TEXT}" {FONT}>'
            f"{day:%m/%Y}</text>"
        )
    for value, colour, dash, name in ((target, RED, "6 4", "cible"), (baseline, GREY, "2 3", "départ")):
        if value is None:
            continue
        y = y_of(float(value))
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + inner_width}" y2="{y:.1f}" stroke="{colour}" '
            f'stroke-width="1.5" stroke-dasharray="{dash}"/>'
        )
        parts.append(
            f'<text x="{LEFT + inner_width + 6}" y="{y + 4:.1f}" font-size="13" fill="{colour}" {FONT}>'
            f"{name} {escape(_number(float(value), decimals))}</text>"
        )
    line = " ".join(f"{x_of(day):.1f},{y_of(value):.1f}" for day, value in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="{BLUE}" stroke-width="2.5"/>')
    for day, value in points[:-1] if len(points) <= 24 else []:
        parts.append(f'<circle cx="{x_of(day):.1f}" cy="{y_of(value):.1f}" r="2.5" fill="{BLUE}"/>')
    last_day, last_value = points[-1]
    x, y = x_of(last_day), y_of(last_value)
    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{BLUE}"/>')
    parts.append(
        f'<text x="{x - 8:.1f}" y="{y - 22:.1f}" font-size="14" font-weight="bold" text-anchor="end" '
        f'fill="{BLUE}" {FONT}>'
        f"{escape(_number(last_value, decimals) + suffix)}</text>"
    )
    parts.append(
        f'<text x="{x - 8:.1f}" y="{y - 8:.1f}" font-size="12" text-anchor="end" fill="{TEXT}" {FONT}>'
        f"au {last_day:%d/%m/%Y}</text>"
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
