"""The static rendering: an explorable that works on the built site with no kernel.

In a notebook executed for the site, `explore()` returns a `StaticExplorable`: HTML
with native labelled inputs and the default frame inline (so the page shows a
figure even with scripts off), plus a PNG of the default frame for PDF output.
The Sphinx extension then writes every frame to one script file per explorable and
layout (wide, and narrow for phones), named by a digest of the code behind it so
an unchanged explorable is never recomputed. The site's small controller loads the
one file the page's width needs and swaps frames when a control moves.
"""

from __future__ import annotations

import hashlib
import html
import inspect
import json
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib

from crossing_borders.explorables.live import figure_html
from crossing_borders.explorables.panels import claim_html, how_html, notice_html, tries_html
from crossing_borders.explorables.render import LAYOUTS, NARROW, WIDE, Layout, Renderer
from crossing_borders.explorables.spec import Control, Explorable

#: Folder (inside the built site) that holds the controller and the frame files.
SITE_FOLDER = "_explorables"
CONTROLLER = "explorable.js"
STYLESHEET = "explorable.css"
ASSET_DIR = Path(__file__).parent


def digest(explorable: Explorable) -> str:
    """A short hash of everything that shapes the frames: code, declaration, matplotlib."""
    parts: list[str] = [matplotlib.__version__, repr(explorable.controls), repr(explorable.fixed)]
    shaping = (explorable.model, explorable.plot, explorable.summary, explorable.claim.holds)
    modules = {inspect.getmodule(fn) for fn in (*shaping, explorable.claim.why)}
    from crossing_borders.explorables.catalog import formatting
    from crossing_borders.plots import style

    modules |= {inspect.getmodule(Renderer), inspect.getmodule(Control), formatting, style}
    modules.add(inspect.getmodule(digest))  # the frame file format lives here
    for module in sorted((m for m in modules if m is not None), key=lambda m: m.__name__):
        parts.append(inspect.getsource(module))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def frames_filename(explorable: Explorable, layout: Layout = WIDE) -> str:
    """`team_mix-<digest>.js` for the wide frames, `team_mix.narrow-<digest>.js` for others."""
    variant = "" if layout == WIDE else f".{layout.name}"
    return f"{explorable.name}{variant}-{digest(explorable)}.js"


def _labelled_ticks(n: int, most: int = 6) -> range:
    """Which of n ticks carry a label: all of a short list, evenly spaced ones of a long one.

    Every tick stays in the datalist; only the printed scale thins out, so labels
    never run into each other and each sits under its own tick.
    """
    step = 1 if n <= most else -(-(n - 1) // (most - 1))
    return range(0, n, step)


def _control_html(explorable: Explorable, control: Control) -> str:
    """A slider (with its values as ticks) for an even numeric list; named steps otherwise."""
    ident = f"cb-{explorable.name}-{control.name}"
    labels = [control.format(v) for v in control.values]
    index = control.index(control.default)
    label = html.escape(control.label)
    hint = f' title="{html.escape(control.help)}"' if control.help else ""
    if control.is_slider:
        data = html.escape(json.dumps(labels), quote=True)
        ticks = "".join(
            f'<option value="{i}" label="{html.escape(t)}"></option>' for i, t in enumerate(labels)
        )
        scale = "".join(
            f'<span style="--at:{i / (len(labels) - 1):.4f}">{html.escape(t)}</span>'
            for i, t in enumerate(labels)
            if i in _labelled_ticks(len(labels))
        )
        return (
            f'<div class="cb-control"><label for="{ident}"{hint}>{label}</label>'
            f'<span class="cb-slider"><input type="range" id="{ident}" name="{control.name}" '
            f'min="0" max="{len(labels) - 1}" step="1" value="{index}" list="{ident}-ticks" '
            f'aria-valuetext="{html.escape(labels[index])}" data-labels="{data}">'
            f'<datalist id="{ident}-ticks">{ticks}</datalist>'
            f'<span class="cb-scale" aria-hidden="true">{scale}</span></span>'
            f'<output for="{ident}">{html.escape(labels[index])}</output></div>'
        )
    options = "".join(
        f'<option value="{i}"{" selected" if i == index else ""}>{html.escape(text)}</option>'
        for i, text in enumerate(labels)
    )
    return (
        f'<div class="cb-control"><label for="{ident}"{hint}>{label}</label>'
        f'<select id="{ident}" name="{control.name}">{options}</select></div>'
    )


def static_html(explorable: Explorable, renderer: Renderer | None = None) -> str:
    """The page markup: notice and claim, controls (shown once the controller runs), the
    default frame, the tries and the equations."""
    frame = (renderer or Renderer(explorable)).frame(explorable.defaults)
    controls = "".join(_control_html(explorable, c) for c in explorable.controls)
    return (
        f'<div class="cb-explorable" data-explorable="{explorable.name}" '
        f'data-frames="{frames_filename(explorable)}" '
        f'data-narrow-frames="{frames_filename(explorable, NARROW)}">'
        f"{notice_html(explorable)}{claim_html(explorable)}"
        f'<form class="cb-controls" hidden>{controls}</form>'
        f'<figure class="cb-figure">{figure_html(frame)}'
        f'<figcaption class="cb-summary" aria-live="polite">{html.escape(frame.summary)}'
        "</figcaption></figure>"
        f"{tries_html(explorable)}{how_html(explorable.how)}</div>"
    )


class StaticExplorable:
    """What a notebook cell shows when executed for the static site."""

    def __init__(self, explorable: Explorable) -> None:
        self.explorable = explorable

    def _repr_mimebundle_(self, **_kwargs: object) -> dict[str, object]:
        import base64

        # One renderer for both: building one lays the figure out, the costly part.
        renderer = Renderer(self.explorable)
        png = renderer.png(self.explorable.defaults)
        return {
            "text/html": static_html(self.explorable, renderer),
            "image/png": base64.b64encode(png).decode(),
            "text/plain": f"<explorable {self.explorable.name}: {self.explorable.title}>",
        }


def frames_script(explorable: Explorable, layout: Layout = WIDE) -> str:
    """Every frame of one explorable in one layout, as a script that registers them with
    the controller under its own file name (the controller asks for it by that name)."""
    renderer = Renderer(explorable, layout)
    frames = {}
    for params in explorable.combinations():
        frame = renderer.frame(params)
        frames[frame.key] = [frame.svg, frame.summary]
    payload = json.dumps({"frames": frames}, separators=(",", ":"))
    return (
        "(window.crossingBordersFrames=window.crossingBordersFrames||{})"
        f"[{json.dumps(frames_filename(explorable, layout))}]={payload};\n"
        "if(window.crossingBordersSetup){window.crossingBordersSetup();}\n"
    )


def _write_frames(explorable_name: str, layout_name: str, target: str) -> str:
    from crossing_borders.explorables.catalog import get

    layout = next(lay for lay in LAYOUTS if lay.name == layout_name)
    Path(target).write_text(frames_script(get(explorable_name), layout), encoding="utf-8")
    return target


def build_frames(names: Iterable[str], cache_dir: Path, workers: int = 2) -> dict[str, Path]:
    """Write frame files (every layout) into cache_dir, reusing any whose digest is unchanged.

    Returns the files by name: the explorable's own name for the wide frames, and
    `name.narrow` for the narrow ones. Stale files for the same explorable and
    layout are removed so the cache does not grow without bound.
    """
    from crossing_borders.explorables.catalog import get

    cache_dir.mkdir(parents=True, exist_ok=True)
    jobs = {
        (name, layout.name): cache_dir / frames_filename(get(name), layout)
        for name in sorted(set(names))
        for layout in LAYOUTS
    }
    missing = {job: path for job, path in jobs.items() if not path.exists()}
    if missing:
        with ProcessPoolExecutor(max_workers=max(1, min(workers, len(missing)))) as pool:
            done = pool.map(
                _write_frames,
                [name for name, _ in missing],
                [layout for _, layout in missing],
                [str(p) for p in missing.values()],
            )
            for written in done:
                Path(written).chmod(0o644)
    wanted = {}
    for (name, layout), path in jobs.items():
        stem = name if layout == WIDE.name else f"{name}.{layout}"
        wanted[stem] = path
        for old in cache_dir.glob(f"{stem}-*.js"):
            if old != path:
                old.unlink()
    return wanted
