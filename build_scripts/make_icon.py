"""Draw the application icon and write resources/icons/app.ico (run once; the .ico is committed).

    .venv/bin/python build_scripts/make_icon.py [--out resources/icons/app.ico]

The icon is a small vector drawing (a card with a won sign on a rounded tile) rendered with QPainter at
each size Windows asks for, so the 16 px taskbar icon is drawn for 16 px rather than shrunk from 256.  The
ICO container holds one PNG per size (supported since Windows Vista); writing it by hand keeps every size,
which Qt's single-image ICO writer would not.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "resources" / "icons" / "app.ico"
SIZES = (16, 24, 32, 48, 64, 128, 256)
TILE = QColor("#1f5fbf")
CARD = QColor("#ffffff")
STRIPE = QColor("#17365f")
MARK = QColor("#1f5fbf")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 256, size / 256)  # draw in a 256-unit box at every size
    tile = QPainterPath()
    tile.addRoundedRect(QRectF(8, 8, 240, 240), 48, 48)
    painter.fillPath(tile, TILE)
    card = QPainterPath()
    card.addRoundedRect(QRectF(36, 64, 184, 128), 16, 16)
    painter.fillPath(card, CARD)
    painter.fillRect(QRectF(36, 86, 184, 26), STRIPE)
    if size >= 24:  # below that the won sign is a smudge; the card alone reads better
        painter.setPen(QPen(MARK))
        font = QFont()
        font.setPixelSize(64)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(36, 112, 184, 80), Qt.AlignmentFlag.AlignCenter, "₩")
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """ICONDIR + ICONDIRENTRY per image + PNG payloads (sizes of 256 are written as 0, per the format)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, payloads = [], []
    for size, payload in sorted(images.items()):
        dim = 0 if size >= 256 else size
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(payload), offset))
        payloads.append(payload)
        offset += len(payload)
    return header + b"".join(entries) + b"".join(payloads)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    images = {size: png_bytes(draw(size)) for size in SIZES}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(ico_bytes(images))
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, sizes {', '.join(map(str, SIZES))})")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
