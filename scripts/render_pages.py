"""Render the demo's documents to PNG pages with LibreOffice, to look at them.

    python scripts/render_pages.py                       # every session, every format
    python scripts/render_pages.py --out /tmp/pages --formats docx,charter --session 1

Each document is exported with `workshop.export.render`, converted to PDF by
`soffice --headless --convert-to pdf` (one conversion at a time, with its own user
profile so it does not clash with another LibreOffice), then split into pages by
`pdftoppm -png -r 60`. The PNG files are named <session>_<format>-<page>.png.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code

from workshop.demo import demo_bundle
from workshop.export import EXTENSIONS, ExportOptions, render

DEFAULT_FORMATS = ("docx", "summary", "charter", "xlsx")
PROFILE = "file:///tmp/lo-render-pages"
"""Default LibreOffice profile; pass --profile to keep yours apart from others."""


def convert(src: Path, out_dir: Path, profile: str) -> Path:
    """One file to PDF with LibreOffice; returns the PDF path."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out_dir / (src.stem + ".pdf")


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
    for n, sd in enumerate(sessions, start=1):
        if args.session and n != args.session:
            continue
        for fmt in args.formats.split(","):
            src = args.out / f"s{n}_{fmt}{tag}{EXTENSIONS[fmt]}"
            src.write_bytes(render(fmt, data, sd.session.id, options))
            if fmt in ("md", "csv", "json", "ics"):
                print(src)
                continue
            for png in pages(convert(src, args.out, args.profile), args.dpi):
                print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
