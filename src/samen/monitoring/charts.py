"""Charts of a KPI per year, drawn in Python: SVG for the web pages and the PDF, PNG for the DOCX. No JavaScript.

One chart model (KPIChart) is read from the database once. Both drawings, the text alternative and the data table
under the chart come from that same model, so a screen-reader user hears what a sighted reader sees.
Counts of people pass through disclosure control: a small value gets no bar, only the label "<10", and a forecast
from a small year-to-date count is left out (it would give the hidden count away).
"""

import io
import math
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .disclosure import count_display, is_small
from .models import KPI
from .selectors import kpi_year, kpi_years

# Colours with at least 3:1 contrast to white for the graphical parts (WCAG 1.4.11); the meaning never rests on
# colour alone: the target is a dashed line, the partial year is labelled, the band has an outline.
INK = "#1a1a1a"
GRID = "#b8c4d0"
BAR = "#154273"
BAR_PARTIAL = "#4a78a8"
BAND = "#f3d9a4"
BAND_EDGE = "#8a5a00"
TARGET = "#b00020"
WHITE = "#ffffff"

WIDTH, HEIGHT = 640, 330
LEFT, RIGHT, TOP, PLOT_BOTTOM = 64, 16, 24, 238
FONT = 12


def number_text(value: float | None, *, counts_people: bool) -> str:
    """A figure as text: counts of people through disclosure control, other figures in Dutch notation."""
    if value is None:
        return "–"
    if counts_people:
        return count_display(round(value))
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


@dataclass(frozen=True)
class ChartYear:
    year: int
    value: float | None  # None when unknown or suppressed
    value_text: str
    suppressed: bool
    complete: bool
    through: date | None
    target: float | None
    target_text: str
    forecast: tuple[float, float, float] | None  # point, low, high; None when absent or suppressed
    forecast_text: str
    method: str

    @property
    def through_text(self) -> str:
        if self.complete or self.through is None:
            return ""
        return _("through %(date)s") % {"date": date_format(self.through, "j F")}


@dataclass(frozen=True)
class KPIChart:
    slug: str
    title: str
    unit: str
    counts_people: bool
    years: tuple[ChartYear, ...]

    @property
    def has_partial(self) -> bool:
        return any(not y.complete and y.value is not None for y in self.years)

    @property
    def has_forecast(self) -> bool:
        return any(y.forecast for y in self.years)

    @property
    def has_target(self) -> bool:
        return any(y.target is not None for y in self.years)

    @property
    def latest(self) -> ChartYear | None:
        """The newest year with a figure (shown or suppressed), for overviews."""
        known = [y for y in self.years if y.value is not None or y.suppressed]
        return known[-1] if known else None

    @property
    def methods(self) -> list[tuple[int, str]]:
        return [(y.year, y.method) for y in self.years if y.method]

    def scale(self) -> tuple[float, list[float]]:
        """The top of the axis and its ticks: round steps of 1, 2 or 5 times a power of ten. Counts of people never
        get ticks below ten, so no axis label reads as a small count."""
        highest = 0.0
        for year in self.years:
            highest = max(highest, year.value or 0, year.target or 0, year.forecast[2] if year.forecast else 0)
        minimum_step = 10.0 if self.counts_people else 1.0
        step = max(minimum_step, _nice_step(highest / 4 if highest else minimum_step))
        top = step * max(1, math.ceil(highest / step))
        ticks = [step * i for i in range(int(round(top / step)) + 1)]
        return top, ticks

    def description(self) -> str:
        """The chart in words: the text alternative that screen readers read."""
        parts = [_("Bar chart of %(title)s per year, in %(unit)s.") % {"title": self.title, "unit": self.unit}]
        for year in self.years:
            parts.append(year_sentence(year))
        parts.append(_("The table under the chart gives the same figures."))
        return " ".join(parts)


def year_sentence(year: ChartYear) -> str:
    text = f"{year.year}: {year.value_text}"
    if year.through_text and year.value is not None:
        text += f" {year.through_text}"
    if year.target is not None:
        text += ", " + _("target %(target)s") % {"target": year.target_text}
    if year.forecast:
        text += ", " + _("forecast %(forecast)s") % {"forecast": year.forecast_text}
    return text + "."


def _nice_step(raw: float) -> float:
    exponent = math.floor(math.log10(raw)) if raw > 0 else 0
    for factor in (1, 2, 5, 10):
        step = factor * 10**exponent
        if step >= raw:
            return float(step)
    return float(10 ** (exponent + 1))


def kpi_chart(kpi: KPI, *, last_year: int | None = None, until: date | None = None) -> KPIChart:
    """The chart model of a KPI: every year with a value or a target, up to `last_year`, with values as they
    stood on `until`."""
    known = [year for year in kpi_years(kpi) if last_year is None or year <= last_year]
    years = []
    # Every year from the first to the last, so a gap in the figures shows as a gap and not as a steady trend.
    for year in range(known[0], known[-1] + 1) if known else ():
        figure = kpi_year(kpi, year, until=until)
        raw = float(figure.value) if figure.value is not None else None
        suppressed = kpi.counts_people and is_small(raw)
        value = None if suppressed else raw
        forecast, forecast_text, method = None, "", ""
        if figure.forecast and not suppressed:
            f = figure.forecast
            forecast = (f.point, f.low, f.high)
            forecast_text = _("%(point)s (band %(low)s–%(high)s)") % {
                "point": number_text(f.point, counts_people=kpi.counts_people),
                "low": number_text(f.low, counts_people=kpi.counts_people),
                "high": number_text(f.high, counts_people=kpi.counts_people),
            }
            method = f.method
        target = float(figure.target) if figure.target is not None else None
        years.append(
            ChartYear(
                year=year,
                value=value,
                value_text=number_text(raw, counts_people=kpi.counts_people),
                suppressed=suppressed,
                complete=figure.complete,
                through=figure.through,
                target=target,
                target_text=number_text(target, counts_people=kpi.counts_people),
                forecast=forecast,
                forecast_text=forecast_text,
                method=method,
            )
        )
    return KPIChart(kpi.slug, kpi.title, kpi.unit, kpi.counts_people, tuple(years))


# --- Geometry shared by the SVG and PNG drawings -------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    kind: str  # rect | line | text
    coords: tuple[float, ...]
    fill: str = ""
    stroke: str = ""
    width: float = 1
    dash: bool = False
    text: str = ""
    size: int = FONT
    anchor: str = "middle"  # start | middle | end
    bold: bool = False


def layout(chart: KPIChart) -> list[Shape]:
    """Everything the chart draws, in drawing order, in a WIDTH x HEIGHT box."""
    shapes: list[Shape] = []
    top, ticks = chart.scale()
    plot_w, plot_h = WIDTH - LEFT - RIGHT, PLOT_BOTTOM - TOP

    def y_of(value: float) -> float:
        return PLOT_BOTTOM - (value / top) * plot_h if top else PLOT_BOTTOM

    shapes.append(Shape("text", (LEFT - 8, TOP - 10), fill=INK, text=chart.unit, anchor="start", size=11))
    for tick in ticks:
        y = y_of(tick)
        shapes.append(Shape("line", (LEFT, y, WIDTH - RIGHT, y), stroke=GRID, width=1))
        shapes.append(
            Shape("text", (LEFT - 8, y + 4), fill=INK, text=number_text(tick, counts_people=False), anchor="end")
        )
    n = max(1, len(chart.years))
    slot = plot_w / n
    bar_w = min(56.0, slot * 0.5)
    for index, year in enumerate(chart.years):
        centre = LEFT + slot * index + slot / 2
        left = centre - bar_w / 2
        if year.forecast:
            _point, low, high = year.forecast
            shapes.append(
                Shape("rect", (left, y_of(high), bar_w, y_of(low) - y_of(high)), fill=BAND, stroke=BAND_EDGE, dash=True)
            )
        if year.value is not None:
            y = y_of(year.value)
            shapes.append(
                Shape("rect", (left, y, bar_w, PLOT_BOTTOM - y), fill=BAR if year.complete else BAR_PARTIAL, width=0)
            )
            # The label goes inside the bar when it fits, else above it, smaller when the slot is narrow.
            size = 11
            while size > 7 and _text_width(year.value_text, size) > slot - 4:
                size -= 1
            inside = PLOT_BOTTOM - y > 22 and _text_width(year.value_text, size) + 4 <= bar_w
            shapes.append(
                Shape(
                    "text",
                    (centre, y + 16 if inside else y - 6),
                    fill=WHITE if inside else INK,
                    text=year.value_text,
                    bold=True,
                    size=size,
                )
            )
        elif year.suppressed:
            shapes.append(Shape("text", (centre, PLOT_BOTTOM - 6), fill=INK, text=year.value_text, bold=True, size=11))
        if year.forecast:
            y = y_of(year.forecast[0])
            shapes.append(Shape("line", (left - 4, y, left + bar_w + 4, y), stroke=BAND_EDGE, width=3))
        if year.target is not None:
            y = y_of(year.target)
            half = min(slot * 0.45, bar_w / 2 + 14)
            shapes.append(Shape("line", (centre - half, y, centre + half, y), stroke=TARGET, width=3, dash=True))
        shapes.append(Shape("text", (centre, PLOT_BOTTOM + 18), fill=INK, text=str(year.year), bold=True))
        if year.through_text and year.value is not None:
            size = 10
            while size > 7 and _text_width(year.through_text, size) * 0.8 > slot:
                size -= 1
            shapes.append(Shape("text", (centre, PLOT_BOTTOM + 33), fill=INK, text=year.through_text, size=size))
    shapes.append(Shape("line", (LEFT, PLOT_BOTTOM, WIDTH - RIGHT, PLOT_BOTTOM), stroke=INK, width=1.5))
    shapes.extend(_legend(chart))
    return shapes


def _text_width(text: str, size: int) -> float:
    """Roughly how wide bold DejaVu Sans text is: digits are 0.7 em, separators narrower."""
    return sum(0.4 if char in ".,–<" else 0.7 for char in text) * size


def _legend(chart: KPIChart) -> list[Shape]:
    items: list[tuple[str, str]] = [("bar", _("value, whole year"))]
    if chart.has_partial:
        items.append(("partial", _("value so far this year")))
    if chart.has_target:
        items.append(("target", _("target")))
    if chart.has_forecast:
        items.append(("band", _("forecast with band")))
    shapes: list[Shape] = []
    x, y = float(LEFT), PLOT_BOTTOM + 60.0
    for kind, label in items:
        width = 24 + 7 * len(label) + 20
        if x + width > WIDTH - RIGHT:
            x, y = float(LEFT), y + 20
        if kind == "bar":
            shapes.append(Shape("rect", (x, y - 10, 16, 12), fill=BAR, width=0))
        elif kind == "partial":
            shapes.append(Shape("rect", (x, y - 10, 16, 12), fill=BAR_PARTIAL, width=0))
        elif kind == "target":
            shapes.append(Shape("line", (x, y - 4, x + 16, y - 4), stroke=TARGET, width=3, dash=True))
        else:
            shapes.append(Shape("rect", (x, y - 10, 16, 12), fill=BAND, stroke=BAND_EDGE, dash=True))
            shapes.append(Shape("line", (x - 2, y - 4, x + 18, y - 4), stroke=BAND_EDGE, width=3))
        shapes.append(Shape("text", (x + 24, y), fill=INK, text=label, anchor="start", size=11))
        x += width
    return shapes


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def chart_svg(chart: KPIChart, *, id_prefix: str = "chart") -> SafeString:
    """The chart as inline SVG with a text alternative: role="img", named by its <title> and described by <desc>."""
    title_id, desc_id = f"{id_prefix}-{chart.slug}-title", f"{id_prefix}-{chart.slug}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kpi-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="DejaVu Sans, Fira Sans, Arial, sans-serif">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description())}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="{WHITE}"/>',
    ]
    for shape in layout(chart):
        dash = ' stroke-dasharray="6 4"' if shape.dash else ""
        if shape.kind == "rect":
            x, y, w, h = shape.coords
            stroke = f' stroke="{shape.stroke}" stroke-width="{_fmt(shape.width)}"' if shape.stroke else ""
            out.append(
                f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(w)}" height="{_fmt(max(h, 0))}" '
                f'fill="{shape.fill}"{stroke}{dash}/>'
            )
        elif shape.kind == "line":
            x1, y1, x2, y2 = shape.coords
            out.append(
                f'<line x1="{_fmt(x1)}" y1="{_fmt(y1)}" x2="{_fmt(x2)}" y2="{_fmt(y2)}" stroke="{shape.stroke}" '
                f'stroke-width="{_fmt(shape.width)}"{dash}/>'
            )
        else:
            x, y = shape.coords
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(
                f'<text x="{_fmt(x)}" y="{_fmt(y)}" fill="{shape.fill}" font-size="{shape.size}" '
                f'text-anchor="{shape.anchor}"{weight} aria-hidden="true">{escape(shape.text)}</text>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text in it went through escape()


# --- PNG, for the DOCX letter ----------------------------------------------------------------------------------


def _font(size: int, bold: bool):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:  # no DejaVu on this machine: Pillow's own font still draws every label
        return ImageFont.load_default(size)


def _dashed(draw, x1, y1, x2, y2, colour, width, scale) -> None:
    length = math.hypot(x2 - x1, y2 - y1)
    if not length:
        return
    on, off, pos = 6 * scale, 4 * scale, 0.0
    while pos < length:
        end = min(pos + on, length)
        draw.line(
            [
                (x1 + (x2 - x1) * pos / length, y1 + (y2 - y1) * pos / length),
                (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length),
            ],
            fill=colour,
            width=width,
        )
        pos += on + off


def chart_png(chart: KPIChart, *, scale: int = 2) -> bytes:
    """The same drawing as chart_svg, as a PNG (the same data gives the same bytes: no timestamps in it)."""
    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), WHITE)
    draw = ImageDraw.Draw(image)
    for shape in layout(chart):
        width = max(1, round(shape.width * scale))
        if shape.kind == "rect":
            x, y, w, h = (c * scale for c in shape.coords)
            box = [x, y, x + w, y + max(h, 0)]
            draw.rectangle(box, fill=shape.fill)
            if shape.stroke:
                edges = [(x, y, x + w, y), (x + w, y, x + w, y + h), (x, y + h, x + w, y + h), (x, y, x, y + h)]
                for edge in edges:
                    if shape.dash:
                        _dashed(draw, *edge, shape.stroke, width, scale)
                    else:
                        draw.line(edge, fill=shape.stroke, width=width)
        elif shape.kind == "line":
            coords = [c * scale for c in shape.coords]
            if shape.dash:
                _dashed(draw, *coords, shape.stroke, width, scale)
            else:
                draw.line(coords, fill=shape.stroke, width=width)
        else:
            x, y = (c * scale for c in shape.coords)
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
            draw.text((x, y), shape.text, fill=shape.fill, font=_font(shape.size * scale, shape.bold), anchor=anchor)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
