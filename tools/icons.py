"""Render the PNG icons from their SVG sources (`make icons`), with Debian's Chromium.

static/img/emblem.svg is the one drawing of the emblem: favicon.svg is a copy of it, and
the PNGs browsers and social sites ask for are rendered from it (and the share image
from social.svg) here, so that no second drawing can drift from it. Run it after
changing either SVG and commit the PNGs.
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.chromium import CHROMIUM, CHROMIUM_ARGS

IMG = Path(__file__).resolve().parent.parent / "static" / "img"
# (output, source, width, height, background behind the drawing)
ICONS = [
    ("favicon-32.png", "emblem.svg", 32, 32, "transparent"),
    ("apple-touch-icon.png", "emblem.svg", 180, 180, "#14213d"),
    ("icon-512.png", "emblem.svg", 512, 512, "#14213d"),
    ("social.png", "social.svg", 1200, 630, "#14213d"),
]


def main():
    (IMG / "favicon.svg").write_bytes((IMG / "emblem.svg").read_bytes())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for output, source, width, height, background in ICONS:
            page = browser.new_page(viewport={"width": width, "height": height})
            svg = (
                (IMG / source)
                .read_text()
                .replace("<svg ", '<svg style="width:100%;height:100%" ', 1)
            )
            # Touch icons get a margin: platforms round their corners.
            inset = 0.12 if output in ("apple-touch-icon.png", "icon-512.png") else 0
            page.set_content(
                f"<html><body style='margin:0;background:{background};display:grid;"
                f"place-items:center;width:{width}px;height:{height}px'>"
                f"<div style='width:{(1 - 2 * inset) * 100}%;height:{(1 - 2 * inset) * 100}%'>"
                f"{svg}</div>"
                "</body></html>"
            )
            page.screenshot(path=str(IMG / output), omit_background=background == "transparent")
            page.close()
            print(f"static/img/{output}: {width}×{height} from {source}")
        browser.close()


if __name__ == "__main__":
    # Arguments are none, but --help says what it does (and rewrites nothing).
    argparse.ArgumentParser(
        prog="python -m tools.icons", description=__doc__.split("\n\n")[0]
    ).parse_args()
    main()
