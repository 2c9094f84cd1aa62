"""Render the demo's documents to PNG pages with LibreOffice (and Chromium), to look at them.

    python scripts/render_pages.py                       # every session, every format
    python scripts/render_pages.py --out /tmp/pages --formats docx,charter --session 1
    python scripts/render_pages.py --formats html,summary_html --public

Each document is exported with `workshop.export.render`, converted to PDF by
`soffice --headless --convert-to pdf` (one conversion at a time, with its own user
profile so it does not clash with another LibreOffice), then split into pages by
`pdftoppm -png -r 60`. The PNG files are named <session>_<format>-<page>.png.

The HTML minutes (`html`) and the 概要 as HTML (`summary_html`) are printed by Chromium
when it is installed (`chromium --headless --print-to-pdf`), as a secretariat prints
them from a browser: LibreOffice ignores the `@page` margin boxes (page numbers, the
version and 【案】 marks) and named landscape pages. Without Chromium they go through
LibreOffice like the rest.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code

from workshop.demo import demo_bundle
from workshop.export import EXTENSIONS, ExportOptions, render
from workshop.export.minutes_html import render_summary as summary_html

EXTRA = {"summary_html": (".html", summary_html)}
"""Renderings for a look that are not export formats of the app."""
BROWSER_FORMATS = frozenset({"html", "summary_html"})
BROWSERS = ("chromium", "chromium-browser", "google-chrome")

DEFAULT_FORMATS = ("docx", "summary", "html", "charter", "xlsx")
PROFILE = "file:///tmp/lo-render-pages"
"""Default LibreOffice profile; pass --profile to keep yours apart from others."""


def convert(src: Path, out_dir: Path, profile: str, to: str = "pdf", timeout: float = 300) -> Path:
    """One file converted by LibreOffice (to PDF, or another filter such as
    "txt:Text (encoded):UTF8"); returns the path of what it wrote."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out_dir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    return out_dir / f"{src.stem}.{to.split(':')[0]}"


def browser() -> str | None:
    return next((b for b in BROWSERS if shutil.which(b)), None)


def print_html(src: Path, out_dir: Path, exe: str) -> Path:
    """One HTML file to PDF as Chromium prints it (A4 from the page's own @page rules,
    without the browser's header and footer), with a throw-away profile and no network."""
    pdf = out_dir / (src.stem + ".pdf")
    with tempfile.TemporaryDirectory(prefix="render-pages-") as profile:
        subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                src.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return pdf


LINE_START_FORBIDDEN = "ー、。，．）」』】〕：；？！ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ"
"""What Japanese line breaking (禁則) never puts at the start of a line (・ is left out: it
starts every bulleted item)."""


def bad_line_starts(pdf: Path) -> list[str]:
    """Printed lines (table cells included) that start with a character 禁則 forbids
    there, from the PDF's text (`pdftotext`); empty when poppler's pdftotext is missing."""
    if shutil.which("pdftotext") is None:
        return []
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    lines = (line.lstrip("\f") for line in text.splitlines())
    return [line for line in lines if line and line[0] in LINE_START_FORBIDDEN]


def pages(pdf: Path, dpi: int) -> list[Path]:
    prefix = pdf.with_suffix("")
    for old in pdf.parent.glob(prefix.name + "-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(pdf.parent.glob(prefix.name + "-*.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/workshop-pages"))
    parser.add_argument("--formats", default=",".join(DEFAULT_FORMATS))
    parser.add_argument("--session", type=int, default=0, help="1-based; 0 = every session")
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--profile", default=PROFILE, help="LibreOffice user profile URL")
    parser.add_argument("--public", action="store_true", help="the public version")
    parser.add_argument("--no-cards", action="store_true", help="minutes without the card list")
    args = parser.parse_args(argv)
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed", file=sys.stderr)
            return 2
    data = demo_bundle().data
    options = ExportOptions(public=args.public, cards=not args.no_cards)
    tag = "_public" if args.public else ""
    args.out.mkdir(parents=True, exist_ok=True)
    sessions = data.ordered_sessions()
    exe = browser()
    for n, sd in enumerate(sessions, start=1):
        if args.session and n != args.session:
            continue
        for fmt in args.formats.split(","):
            if fmt in EXTRA:
                ext, renderer = EXTRA[fmt]
                blob = renderer(data, sd.session.id, options)
            else:
                ext, blob = EXTENSIONS[fmt], render(fmt, data, sd.session.id, options)
            src = args.out / f"s{n}_{fmt}{tag}{ext}"
            src.write_bytes(blob)
            if fmt in ("md", "csv", "json", "ics"):
                print(src)
                continue
            if fmt in BROWSER_FORMATS and exe is not None:
                pdf = print_html(src, args.out, exe)
            else:
                pdf = convert(src, args.out, args.profile)
            for line in bad_line_starts(pdf):
                print(f"{pdf.name}: a line starts with {line[:1]!r}: {line[:40]}", file=sys.stderr)
            for png in pages(pdf, args.dpi):
                print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
