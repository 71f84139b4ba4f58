"""sgdcourse.widgets (the slider figure for the static book) and the course's four widgets.

The browser half (a slider moved in Chromium changes the figure) is in test_browser.py.
"""

import html.parser
import json
import re

import pytest
import torch
from matplotlib.figure import Figure

from sgdcourse import dynamics, figures_interactive
from sgdcourse.widgets import Canvas, Slider, SliderWidget

MAX_BYTES = 600_000  # a page with a widget must stay light enough to load on a phone


class Elements(html.parser.HTMLParser):
    """Every start tag of a document with its attributes, and the depth it opened at."""

    def __init__(self, document: str):
        super().__init__()
        self.tags, self.depth, self.scripts = [], 0, []
        self.feed(document)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.depth))
        if tag not in {"input", "image", "path", "circle", "meta"}:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.depth))

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        if self.lasttag == "script":
            self.scripts.append(data)


def small_canvas():
    figure = Figure(figsize=(4, 3))
    ax = figure.subplots()
    ax.set(xlim=(0, 10), ylim=(0, 10))
    figure.tight_layout()
    return Canvas(figure, dpi=50), ax


def small_widget(frames=None, **kwargs):
    canvas, ax = small_canvas()
    sliders = [Slider("η", [0.1, 0.2, 0.3], "{:.1f}", start=1), Slider("β", [0.0, 0.9], "{:.1f}", start=1)]
    frames = frames or [canvas.marker(ax, k, k) for k in range(6)]
    return SliderWidget(canvas, sliders, frames, [f"caption {k}" for k in range(6)], title="test", **kwargs)


def test_frame_index_is_row_major_and_the_start_frame_is_drawn_without_javascript():
    widget = small_widget()
    assert widget.start == 1 * 2 + 1
    document = widget._repr_html_()
    frame = document.split('<g class="sgdw-frame">')[1].split("</g>")[0]
    assert frame == widget.frames[3]
    assert "caption 3" in document.split("<script>")[0]


def test_html_is_one_div_with_inline_style_script_and_labelled_range_inputs():
    document = small_widget()._repr_html_()
    elements = Elements(document)
    top = [tag for tag, _, depth in elements.tags if depth == 0]
    assert top == ["div"], f"expected one top-level <div>, got {top}"
    tags = [tag for tag, _, _ in elements.tags]
    assert tags.count("style") == 1 and tags.count("script") == 1
    inputs = [attrs for tag, attrs, _ in elements.tags if tag == "input"]
    assert [(i["type"], i["min"], i["max"], i["value"]) for i in inputs] == [("range", "0", "2", "1"),
                                                                           ("range", "0", "1", "1")]
    assert [i["aria-valuetext"] for i in inputs] == ["0.2", "0.9"]
    # Each input sits in a <label> with its readout, so a keyboard user hears and sees the value.
    assert re.findall(r"<label[^>]*>([^<]*)<input[^>]*> <output>([^<]*)</output></label>", document) == [
        ("η ", "0.2"), ("β ", "0.9")]


def test_no_external_resource_or_url_in_the_output():
    document = small_widget()._repr_html_()
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", document)  # base64 may hold "//"
    assert not re.search(r"(https?:)?//[a-z0-9]|url\(|@import|fetch\(|XMLHttpRequest|import\(", text,
                         flags=re.IGNORECASE), "the widget loads something from elsewhere"
    attrs = [a for _, a, _ in Elements(document).tags]
    links = [value for a in attrs for key, value in a.items() if key in {"src", "href", "xlink:href"}]
    assert links and all(link.startswith("data:image/png;base64,") for link in links)


def test_ids_are_unique_even_for_identical_widgets():
    page = small_widget()._repr_html_() + small_widget()._repr_html_()
    ids = [a["id"] for _, a, _ in Elements(page).tags if "id" in a]
    assert len(ids) == 2 and len(set(ids)) == 2
    # The script and the CSS address their own widget only.
    for widget_id in ids:
        assert page.count(f'getElementById("{widget_id}")') == 1


def test_the_script_carries_every_frame_and_no_closing_tag():
    frames = [f"<text>{k}</text>" for k in range(6)]
    script = Elements(small_widget(frames=frames)._repr_html_()).scripts[0]
    assert "</" not in script  # "</script>" inside a frame would end the script early
    data = json.loads(re.search(r"const data = (.*);\n", script).group(1))
    assert data["frames"] == frames and data["captions"] == [f"caption {k}" for k in range(6)]
    assert data["readouts"] == [["0.1", "0.2", "0.3"], ["0.0", "0.9"]]


def test_frames_and_captions_must_cover_the_grid():
    canvas, _ = small_canvas()
    sliders = [Slider("η", [0.1, 0.2, 0.3]), Slider("β", [0.0, 0.9])]
    with pytest.raises(ValueError, match="3 × 2 slider values need 6 frames and captions, got 5 and 6"):
        SliderWidget(canvas, sliders, [""] * 5, [""] * 6, title="t")
    with pytest.raises(ValueError, match="1 or 2 sliders"):
        SliderWidget(canvas, sliders * 2, [""] * 36, [""] * 36, title="t")
    with pytest.raises(ValueError, match="at least 2 values"):
        Slider("η", [0.1])
    with pytest.raises(ValueError, match="start index must be in 0..1"):
        Slider("η", [0.1, 0.2], start=2)


def test_canvas_maps_data_coordinates_onto_the_axes_pixels():
    canvas, ax = small_canvas()
    assert (canvas.width, canvas.height) == (200, 150)
    x, y, w, h = canvas._box(ax)
    corners = canvas.path(ax, [0, 10], [0, 10])
    d = re.search(r'd="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)"', corners).groups()
    assert [float(v) for v in d] == pytest.approx([x, y + h, x + w, y], abs=0.06)  # (0, 0) bottom left
    centre = re.search(r'cx="([\d.]+)" cy="([\d.]+)"', canvas.marker(ax, 5, 5)).groups()
    assert [float(v) for v in centre] == pytest.approx([x + w / 2, y + h / 2], abs=0.06)


def test_canvas_path_stops_where_a_run_diverges():
    canvas, ax = small_canvas()
    drawn = canvas.path(ax, [1, 2, 3, 4, 5], [1, 2, 1e300, 4, float("nan")])
    assert re.search(r'd="([^"]+)"', drawn).group(1).count("L") == 1  # two points, one segment
    assert canvas.path(ax, [float("inf")], [0]) == ""


@pytest.fixture(scope="module")
def course_widgets():
    return {name: getattr(figures_interactive, name)() for name in
            ("momentum_trajectory", "momentum_phase_diagram", "schedule_shapes", "noise_floor")}


def test_course_widgets_fit_the_budget_and_cover_their_grids(course_widgets):
    counts = {"momentum_trajectory": 12 * 10, "momentum_phase_diagram": 16 * 11,
              "schedule_shapes": 6 * 4, "noise_floor": 5 * 4}
    for name, widget in course_widgets.items():
        size = len(widget._repr_html_().encode())
        assert size < MAX_BYTES, f"{name}: {size} bytes"
        assert len(widget.frames) == counts[name]
        assert all(widget.frames) and len(set(widget.frames)) == len(widget.frames), f"{name}: empty or repeated frames"


def test_trajectory_captions_agree_with_the_stability_boundary(course_widgets):
    """Heavy ball on the valley (eigenvalues 1 and 25) converges exactly when 25η < 2(1 + β)."""
    widget = course_widgets["momentum_trajectory"]
    lrs, betas = (s.values for s in widget.sliders)
    checked = 0
    for k, caption in enumerate(widget.captions):
        lr, beta = lrs[k // len(betas)], betas[k % len(betas)]
        margin = 2 * (1 + beta) - 25 * lr
        if abs(margin) > 1e-9:  # on the boundary itself ρ = 1 up to rounding: see below
            assert ("does not converge" in caption) == (margin < 0), caption
            checked += 1
    assert checked >= 100
    on_boundary = widget.captions[lrs.index(0.08) * len(betas) + betas.index(0.0)]
    assert "ρ = 1.000" in on_boundary


def test_phase_diagram_caption_is_the_package_rate(course_widgets):
    widget = course_widgets["momentum_phase_diagram"]
    hs, betas = (s.values for s in widget.sliders)
    for k in (0, widget.start, len(widget.frames) - 1):
        h, beta = hs[k // len(betas)], betas[k % len(betas)]
        rate = dynamics.heavy_ball_rate(h, beta, 1.0).item()
        assert f"rate ρ = {rate:.3f}" in widget.captions[k]
    assert "under-damped" in widget.captions[widget.start]  # ηλ = 1, β = 0.5: rate √β


def test_noise_floor_rises_with_the_step_and_falls_with_the_batch(course_widgets):
    """Constant-step SGD's floor grows with η and shrinks with |B|, where the runs have reached it."""
    widget = course_widgets["noise_floor"]
    lrs, batch_sizes = (s.values for s in widget.sliders)
    floors = torch.tensor([float(re.search(r"= ([\d.e+-]+); after", c).group(1)) for c in widget.captions])
    floors = floors.reshape(len(lrs), len(batch_sizes))
    assert (floors[1:, 0] > floors[:-1, 0]).all(), f"|B| = 4, η = {lrs}: {floors[:, 0]}"
    assert (floors[-1, 1:] < floors[-1, :-1]).all(), f"η = 0.5, |B| = {batch_sizes}: {floors[-1]}"
    assert floors[-1, 0] / floors[-1, -1] > 10
    assert "SYNTHETIC" in widget.title
