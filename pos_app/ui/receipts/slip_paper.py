"""The papers a slip is laid out for, and putting a laid-out slip on paper or into a PDF file.

Three papers (``Settings.slip_paper``): the 80 mm and 58 mm rolls of counter receipt printers, and A4 for
an office printer. Each fixes the printable width, the margins and the font size; the slip HTML is built
for that width (slip.py measures every row), so the text fills the roll instead of a narrow column.

Printing does not go through ``QTextDocument.print_`` for a slip: that adds 2 cm margins and a page number
to any document it paginates itself (the old slip came out as a ~32 mm column with "1" under it). Here the
document is laid out on the printer itself (its own resolution), at the paper's printable width, with no
document margin; a roll page is exactly as tall as the slip, A4 pages are cut from it. The printer's page
size is set to the chosen paper before the painter starts, so printing never falls back to the printer's
default paper (Letter).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

_MM_PER_INCH = 25.4
# Hangul from Noto Sans CJK (Linux) or Malgun Gothic (Windows); Qt falls back per glyph anyway.
SLIP_FONT_FAMILIES = ("Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", "sans-serif")


@dataclass(frozen=True)
class Paper:
    key: str  # "80mm" | "58mm" | "A4", as in settings
    width_mm: float  # the sheet or roll
    margin_mm: float  # left and right (and top/bottom) margin
    content_width_mm: float  # where the text goes
    font_pt: float
    roll: bool  # one page as tall as the slip; otherwise pages of height_mm
    height_mm: float = 0.0  # A4 only

    def font(self, scale: float = 1.0) -> QFont:
        font = QFont()
        font.setFamilies(list(SLIP_FONT_FAMILIES))
        font.setPointSizeF(self.font_pt * scale)
        return font


# 80 mm rolls print about 72 mm, 58 mm rolls about 48 mm (the head is narrower than the paper).
PAPER_80 = Paper("80mm", 80.0, 4.0, 72.0, 9.0, roll=True)
PAPER_58 = Paper("58mm", 58.0, 5.0, 48.0, 7.5, roll=True)
PAPER_A4 = Paper("A4", 210.0, 15.0, 120.0, 10.5, roll=False, height_mm=297.0)
PAPERS = {paper.key: paper for paper in (PAPER_80, PAPER_58, PAPER_A4)}


def paper_for(key: str) -> Paper:
    """The paper of a settings value; an unknown value gets the 80 mm roll."""
    return PAPERS.get(key, PAPER_80)


def mm_to_px(mm: float, dpi: float) -> float:
    return mm / _MM_PER_INCH * dpi


def screen_dpi() -> float:
    """The logical dpi text is laid out at on screen (and that QFontMetricsF without a device uses)."""
    screen = QGuiApplication.primaryScreen()
    return float(screen.logicalDotsPerInchX()) if screen is not None else 96.0


def lay_out_slip(slip_html: str, paper: Paper, printer: QPrinter) -> QTextDocument:
    """The slip laid out on ``printer`` at ``paper``'s printable width, as ``print_slip`` prints it."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(printer)  # fonts and widths in the printer's own pixels
    document.setDefaultFont(paper.font())
    document.setDocumentMargin(0)
    document.setHtml(slip_html)
    document.setTextWidth(mm_to_px(paper.content_width_mm, printer.resolution()))
    return document


def print_slip(slip_html: str, paper: Paper, printer: QPrinter) -> None:
    """Lay the slip out on ``printer`` at ``paper``'s width and print it (a PDF printer writes its file)."""
    document = lay_out_slip(slip_html, paper, printer)
    dpi = printer.resolution()
    content_height_mm = document.size().height() / dpi * _MM_PER_INCH
    if paper.roll:
        page = QSizeF(paper.width_mm, content_height_mm + 2 * paper.margin_mm + 2)
        printer.setPageSize(QPageSize(page, QPageSize.Unit.Millimeter, f"Slip {paper.key}"))
    else:
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(*(paper.margin_mm,) * 4), QPageLayout.Unit.Millimeter)
    document = lay_out_slip(slip_html, paper, printer)  # again: the page layout may change the resolution
    page_rect = printer.pageRect(QPrinter.Unit.DevicePixel)
    content_width = mm_to_px(paper.content_width_mm, printer.resolution())
    left = max(0.0, (page_rect.width() - content_width) / 2)  # A4: the slip column centred
    page_height = page_rect.height()
    total = document.size().height()
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(f"the printer could not start: {printer.printerName() or printer.outputFileName()}")
    try:
        top = 0.0
        while True:
            painter.save()
            painter.translate(left, -top)
            document.drawContents(painter, QRectF(0, top, content_width, page_height))
            painter.restore()
            top += page_height
            if top >= total or paper.roll:
                break
            printer.newPage()
    finally:
        painter.end()


def write_slip_pdf(slip_html: str, paper: Paper, path: Path) -> None:
    """Write the slip as a PDF file laid out as it prints (fonts embedded, Korean included)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    print_slip(slip_html, paper, printer)
    if not path.exists():
        raise OSError(f"the PDF file was not written: {path}")


# -- for other printouts laid out as a slip (the day close's Z report) --------------------------------
_COMPAT_PAGE_HEIGHT_MM = 200.0


def configure_slip_printer(printer: QPrinter, paper: Paper = PAPER_80) -> None:
    """A page of ``paper``'s width (200 mm tall for a roll) with its margins, for ``slip_document``."""
    if paper.roll:
        size = QPageSize(QSizeF(paper.width_mm, _COMPAT_PAGE_HEIGHT_MM), QPageSize.Unit.Millimeter, "Slip")
    else:
        size = QPageSize(QPageSize.PageSizeId.A4)
    printer.setPageSize(size)
    printer.setPageMargins(QMarginsF(*(paper.margin_mm,) * 4), QPageLayout.Unit.Millimeter)


def slip_document(slip_html: str, paper: Paper = PAPER_80) -> QTextDocument:
    """A document already cut into pages of the printable area ``configure_slip_printer`` sets, so that
    ``print_`` prints it at full width, without its own 2 cm margins and page numbers."""
    document = QTextDocument()
    document.setDefaultFont(paper.font())
    document.setDocumentMargin(0)
    document.setHtml(slip_html)
    dpi = screen_dpi()  # print_ maps a paginated document's pixels at the screen's logical dpi
    height_mm = (paper.height_mm if not paper.roll else _COMPAT_PAGE_HEIGHT_MM) - 2 * paper.margin_mm
    width_mm = paper.width_mm - 2 * paper.margin_mm
    document.setPageSize(QSizeF(mm_to_px(width_mm, dpi), mm_to_px(height_mm, dpi)))
    return document
