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


# One colour per convention on a comparison chart (DSFR illustrative colours, distinct for colour blindness).
SERIES_COLOURS = ["#000091", "#c3992a", "#009081", "#ce614a", "#8585f6", "#a558a0", "#3a3a3a"]


class _Frame:
    """The axes of a chart: values and dates scaled to the drawing, the value grid, the time labels."""

    def __init__(self, all_points: list, references: list[float], decimals: int, label: str):
        values = [v for _, v in all_points]
        self.ticks = _ticks(min([0.0, *values, *references]), max([*values, *references]) or 1.0)
        self.low, span = self.ticks[0], (self.ticks[-1] - self.ticks[0]) or 1.0
        self.span = span
        days = sorted({day for day, _ in all_points})
        self.first, self.days = days[0].toordinal(), (days[-1].toordinal() - days[0].toordinal()) or 1
        self.single = len(days) == 1
        self.inner_width, self.inner_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
        self.bottom = TOP + self.inner_height
        self.decimals = decimals
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
            f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escape(label)}" class="synergies-chart">',
        ]
        for tick in self.ticks:  # the value axis: a light grid line and its value
            y = self.y(tick)
            self.parts.append(
                f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + self.inner_width}" y2="{y:.1f}" stroke="#e5e5e5"/>'
            )
            self.parts.append(
                f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="13" text-anchor="end" fill="{TEXT}" {FONT}>'
                f"{escape(_number(tick, decimals))}</text>"
            )
        self.parts.append(
            f'<line x1="{LEFT}" y1="{self.bottom}" x2="{LEFT + self.inner_width}" y2="{self.bottom}" stroke="{GREY}"/>'
        )
        self.parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{self.bottom}" stroke="{GREY}"/>')
        for day in sorted({days[0], days[-1], days[len(days) // 2]}):  # first, middle and last measure
            self.parts.append(
                f'<text x="{self.x(day):.1f}" y="{self.bottom + 18}" font-size="13" text-anchor="middle" '
                f'fill="{TEXT}" {FONT}>{day:%m/%Y}</text>'
            )

    def x(self, day) -> float:
        offset = self.inner_width / 2 if self.single else (day.toordinal() - self.first) / self.days * self.inner_width
        return LEFT + offset

    def y(self, value: float) -> float:
        return TOP + self.inner_height - (value - self.low) / self.span * self.inner_height

    def reference(self, value, colour: str, dash: str, name: str) -> None:
        y = self.y(float(value))
        self.parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + self.inner_width}" y2="{y:.1f}" stroke="{colour}" '
            f'stroke-width="1.5" stroke-dasharray="{dash}"/>'
        )
        self.parts.append(
            f'<text x="{LEFT + self.inner_width + 6}" y="{y + 4:.1f}" font-size="13" fill="{colour}" {FONT}>'
            f"{name} {escape(_number(float(value), self.decimals))}</text>"
        )

    def line(self, points: list, colour: str) -> None:
        line = " ".join(f"{self.x(day):.1f},{self.y(value):.1f}" for day, value in points)
        self.parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for day, value in points[:-1] if len(points) <= 24 else []:
            self.parts.append(f'<circle cx="{self.x(day):.1f}" cy="{self.y(value):.1f}" r="2.5" fill="{colour}"/>')
        day, value = points[-1]
        self.parts.append(f'<circle cx="{self.x(day):.1f}" cy="{self.y(value):.1f}" r="4.5" fill="{colour}"/>')

    def svg(self) -> str:
        return mark_safe("".join([*self.parts, "</svg>"]))  # noqa: S308 - numbers and escaped text only


def _points(series) -> list:
    return [(v.measured_on, float(v.value)) for v in series]


def line_chart(series, *, target=None, baseline=None, label: str = "", unit: str = "", decimals: int = 0) -> str:
    """The values over time on labelled axes, with the target (dashed red) and the baseline (dotted grey)
    as lines, and the last value written beside its point. It scales to the width it is given (phone,
    page, PDF)."""
    points = _points(series)
    if not points:
        return ""
    frame = _Frame(points, [float(r) for r in (target, baseline) if r is not None], decimals, label)
    if target is not None:
        frame.reference(target, RED, "6 4", "cible")
    if baseline is not None:
        frame.reference(baseline, GREY, "2 3", "départ")
    frame.line(points, BLUE)
    last_day, last_value = points[-1]
    x, y = frame.x(last_day), frame.y(last_value)
    suffix = f" {unit}" if unit else ""
    frame.parts.append(
        f'<text x="{x - 8:.1f}" y="{y - 22:.1f}" font-size="14" font-weight="bold" text-anchor="end" '
        f'fill="{BLUE}" {FONT}>{escape(_number(last_value, decimals) + suffix)}</text>'
    )
    frame.parts.append(
        f'<text x="{x - 8:.1f}" y="{y - 8:.1f}" font-size="12" text-anchor="end" fill="{TEXT}" {FONT}>'
        f"au {last_day:%d/%m/%Y}</text>"
    )
    return frame.svg()


def comparison_chart(named_series: list[tuple[str, list]], *, label: str = "", decimals: int = 0) -> str:
    """One line per convention for a shared indicator, each named at its last point (its colour is
    given in the table beside the chart)."""
    lines = [(name, _points(series)) for name, series in named_series if series]
    if not lines:
        return ""
    frame = _Frame([p for _, points in lines for p in points], [], decimals, label)
    for number, (name, points) in enumerate(lines):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        frame.line(points, colour)
        day, value = points[-1]
        frame.parts.append(
            f'<text x="{LEFT + frame.inner_width + 6}" y="{frame.y(value) + 4:.1f}" font-size="13" fill="{colour}" '
            f"{FONT}>{escape(name)}</text>"
        )
    return frame.svg()


def progress_bar(percent: int, *, label: str = "") -> str:
    percent = max(0, min(100, int(percent)))
    return mark_safe(  # noqa: S308 - an integer and escaped text only
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 12" width="200" height="12" role="img" '
        f'aria-label="{escape(label)} : {percent} %"><rect width="200" height="12" fill="#e5e5e5"/>'
        f'<rect width="{percent * 2}" height="12" fill="{BLUE}"/></svg>'
    )
