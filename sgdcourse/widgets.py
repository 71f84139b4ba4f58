"""A figure with sliders that works in a static HTML page: no kernel, no CDN, no dependency.

Every figure a reader can reach is computed in advance. The sliders span a grid of one or
two parameters; frame k belongs to the grid point whose slider positions (i₁, i₂) give

    k = i₁ · n₂ + i₂        (row-major; k = i₁ for one slider),

with n₂ the number of values of the second slider. A frame is a fragment of SVG (paths,
markers) drawn over one static background (a matplotlib figure rendered once as PNG), so
a frame costs a few hundred bytes instead of a whole image. ``Canvas`` maps a matplotlib
axes' data coordinates to the background's pixels; ``SliderWidget`` writes the page: one
``<div>`` with inline CSS, the background, keyboard-operable ``<input type=range>``
sliders with a visible value readout, a caption per frame and a few lines of vanilla JS
that swap the frame.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

# A widget id is the content's digest plus a per-process counter: the same figure shown
# twice on one page still gets two ids, and a rebuild gives the same ids.
_serial = itertools.count()

# Points further than this many axes-widths outside the axes are never drawn: a diverging
# run would otherwise write numbers like 1e+300 into the page.
_FAR = 4.0


@dataclass(frozen=True)
class Slider:
    """One parameter: a plain-text label (no LaTeX, e.g. "η"), its values, and where it starts.

    ``fmt`` writes a value for the readout beside the slider, e.g. "{:.2f}".
    """

    label: str
    values: Sequence
    fmt: str = "{}"
    start: int = 0

    def __post_init__(self):
        if len(self.values) < 2:
            raise ValueError(f"slider {self.label!r} needs at least 2 values, got {list(self.values)}")
        if not 0 <= self.start < len(self.values):
            raise ValueError(f"slider {self.label!r}: start index must be in 0..{len(self.values) - 1}, "
                             f"got {self.start}")

    def readouts(self) -> list[str]:
        return [self.fmt.format(value) for value in self.values]


class Canvas:
    """A matplotlib figure rendered once as the PNG background, plus SVG drawn over it in data coordinates.

    Build the figure with ``matplotlib.figure.Figure`` (not pyplot, so a notebook does not
    show it a second time), fix its axes' limits, then hand it here: it is rendered at
    ``dpi`` and its axes keep their pixel positions for ``path`` and ``marker``.
    """

    def __init__(self, figure: Figure, dpi: int = 80):
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
        self.png = buffer.getvalue()
        self.width = round(figure.get_figwidth() * dpi)
        self.height = round(figure.get_figheight() * dpi)
        self._scale = dpi / figure.dpi  # transData gives pixels at figure.dpi, not at the saved dpi

    def _pixels(self, ax: Axes, x: Sequence[float], y: Sequence[float]) -> list[tuple[float, float]]:
        points = ax.transData.transform(list(zip(x, y))) * self._scale
        return [(px, self.height - py) for px, py in points]  # SVG's y axis points down

    def _box(self, ax: Axes) -> tuple[float, float, float, float]:
        (x0, y0), (x1, y1) = ax.get_window_extent().get_points() * self._scale
        return x0, self.height - y1, x1 - x0, y1 - y0

    def _clipped(self, ax: Axes, body: str) -> str:
        # A nested <svg> clips its content to its own box, so no clip-path id can clash
        # between widgets on one page.
        x, y, w, h = self._box(ax)
        return (f'<svg x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                f'viewBox="{x:.1f} {y:.1f} {w:.1f} {h:.1f}">{body}</svg>')

    def path(self, ax: Axes, x: Sequence[float], y: Sequence[float], *, color: str = "#d62728",
             width: float = 1.5, dots: bool = False, dash: str | None = None) -> str:
        """An SVG polyline through the points (x[i], y[i]) of ``ax``, clipped to the axes.

        The line stops at the first point that is not finite or lies more than _FAR
        axes-sizes outside the axes (a diverging run); ``dots`` marks every point.
        """
        bx, by, bw, bh = self._box(ax)
        points = []
        for px, py in self._pixels(ax, x, y):
            near = bx - _FAR * bw <= px <= bx + (1 + _FAR) * bw and by - _FAR * bh <= py <= by + (1 + _FAR) * bh
            if not near:  # also false for nan
                break
            points.append((px, py))
        if not points:
            return ""
        style = f'fill="none" stroke="{color}" stroke-width="{width}" stroke-linejoin="round"'
        if dash:
            style += f' stroke-dasharray="{dash}"'
        body = f'<path d="M{"L".join(f"{px:.1f} {py:.1f}" for px, py in points)}" {style}/>'
        if dots:
            body += "".join(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{width}" fill="{color}"/>' for px, py in points)
        return self._clipped(ax, body)

    def marker(self, ax: Axes, x: float, y: float, *, color: str = "#17becf", radius: float = 6.0) -> str:
        """A filled circle with a black rim at the data point (x, y) of ``ax``."""
        (px, py), = self._pixels(ax, [x], [y])
        return self._clipped(ax, f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{radius}" fill="{color}" '
                                 f'stroke="#000" stroke-width="1.5"/>')


class SliderWidget:
    """Precomputed frames over a grid of 1 or 2 parameters, shown with one slider per parameter.

    ``frames[k]`` (SVG drawn over ``canvas``) and ``captions[k]`` (plain text, the frame's
    numbers) belong to the grid point k = i₁ · n₂ + i₂ (see the module docstring).
    ``title`` names the figure for screen readers and the text repr.
    """

    def __init__(self, canvas: Canvas, sliders: Sequence[Slider], frames: Sequence[str],
                 captions: Sequence[str], *, title: str):
        if not 1 <= len(sliders) <= 2:
            raise ValueError(f"a widget has 1 or 2 sliders, got {len(sliders)}")
        expected = math.prod(len(s.values) for s in sliders)
        if len(frames) != expected or len(captions) != expected:
            raise ValueError(f"{' × '.join(str(len(s.values)) for s in sliders)} slider values need "
                             f"{expected} frames and captions, got {len(frames)} and {len(captions)}; "
                             "hint: one frame per grid point, the last slider varying fastest")
        self.canvas, self.sliders, self.title = canvas, list(sliders), title
        self.frames, self.captions = list(frames), list(captions)
        digest = hashlib.sha1(json.dumps([title, self.frames, self.captions]).encode()).hexdigest()[:10]
        self.id = f"sgdw-{digest}-{next(_serial)}"

    @property
    def start(self) -> int:
        """The index of the frame shown before any slider moves."""
        index = 0
        for slider in self.sliders:
            index = index * len(slider.values) + slider.start
        return index

    def __repr__(self) -> str:
        grid = " × ".join(f"{s.label} ({len(s.values)})" for s in self.sliders)
        return f"<SliderWidget {self.title!r}: {len(self.frames)} frames over {grid}>"

    def _repr_html_(self) -> str:
        image = base64.b64encode(self.canvas.png).decode()
        w, h = self.canvas.width, self.canvas.height
        controls = "".join(
            f'<label class="sgdw-slider">{html.escape(s.label)} '
            f'<input type="range" min="0" max="{len(s.values) - 1}" step="1" value="{s.start}" '
            f'aria-valuetext="{html.escape(s.readouts()[s.start])}"> '
            f'<output>{html.escape(s.readouts()[s.start])}</output></label>'
            for s in self.sliders)
        data = json.dumps({"frames": self.frames, "captions": self.captions,
                           "readouts": [s.readouts() for s in self.sliders]})
        data = data.replace("</", "<\\/")  # a frame's "</svg>" must not end the <script>
        return f"""<div class="sgdw" id="{self.id}" role="group" aria-label="{html.escape(self.title)}">
<style>
#{self.id} {{ margin: 1em 0; color: var(--pst-color-text-base, inherit); }}
#{self.id} svg.sgdw-figure {{ display: block; width: 100%; max-width: {w}px; height: auto;
  background: #fff; border: 1px solid var(--pst-color-border, #ccc); border-radius: 4px; }}
#{self.id} .sgdw-controls {{ display: flex; flex-wrap: wrap; gap: 0.4em 1.5em; margin: 0.5em 0 0.2em; }}
#{self.id} .sgdw-slider {{ display: inline-flex; align-items: center; gap: 0.5em; font-weight: 600; }}
#{self.id} input[type=range] {{ width: 12em; accent-color: var(--pst-color-primary, #1f77b4); }}
#{self.id} output {{ font-family: var(--pst-font-family-monospace, monospace); font-weight: 400;
  min-width: 4.5em; }}
#{self.id} .sgdw-caption {{ margin: 0.2em 0 0; font-size: 0.9em; }}
</style>
<svg class="sgdw-figure" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img"
 aria-label="{html.escape(self.title)}"><image href="data:image/png;base64,{image}" width="{w}" height="{h}"/>
<g class="sgdw-frame">{self.frames[self.start]}</g></svg>
<div class="sgdw-controls">{controls}</div>
<p class="sgdw-caption" aria-live="polite">{html.escape(self.captions[self.start])}</p>
<script>
(function () {{
  const root = document.getElementById("{self.id}");
  const data = {data};
  const inputs = Array.from(root.querySelectorAll("input[type=range]"));
  const frame = root.querySelector(".sgdw-frame");
  const caption = root.querySelector(".sgdw-caption");
  function show() {{
    let index = 0;  // row-major over the sliders, the last one varying fastest
    inputs.forEach(function (input, k) {{
      const i = Number(input.value);
      index = index * data.readouts[k].length + i;
      input.setAttribute("aria-valuetext", data.readouts[k][i]);
      input.parentElement.querySelector("output").textContent = data.readouts[k][i];
    }});
    frame.innerHTML = data.frames[index];
    caption.textContent = data.captions[index];
    root.dataset.frame = index;
  }}
  inputs.forEach(function (input) {{ input.addEventListener("input", show); }});
}})();
</script>
</div>"""
