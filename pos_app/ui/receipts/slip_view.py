"""The slip on the 영수증 tab and what can be done with it: choose the paper, print, PDF, PortOne's page.

``SlipControls`` owns the preview (a QTextBrowser showing the slip at the paper's true width, its margins
included, so what is seen is what prints) and the "전표" box of the receipt panel: the paper (from the
settings, changeable for this session), 인쇄 (the print dialog opens on that paper and the slip prints on
it), PDF로 저장 (the same layout), PG 전표 보기 (PortOne's ``receipt_url`` in the browser) and 영수증 링크
복사 (that link to the clipboard, to paste into KakaoTalk or a text message; it carries no card data).
The receipt panel decides which slip is shown; results of these actions come back through ``told`` for
the panel's status line.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDir, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QTextOption
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui.receipts.slip import ShopDetails, Slip, slip_html
from pos_app.ui.receipts.slip_paper import (
    PAPERS,
    Paper,
    configure_slip_printer,
    mm_to_px,
    paper_for,
    print_slip,
    screen_dpi,
    write_slip_pdf,
)
from pos_app.ui.shell import dialogs


class SlipControls(QObject):
    pdf_saved = Signal(str)  # path
    told = Signal(str)  # what a slip action did, for the status line

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._owner = parent
        self._shop = ShopDetails()
        self._paper: Paper = paper_for(self._shop.paper)
        self._slip: Slip | None = None
        self._html = ""
        self._url = ""
        self._file_name = "slip"

        self.view = QTextBrowser()
        self.view.setObjectName("slipView")
        self.view.setOpenLinks(False)
        self.view.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self.view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.paper_label = QLabel()
        self.paper_combo = QComboBox()
        self.paper_combo.setObjectName("paperCombo")
        for key in PAPERS:
            self.paper_combo.addItem("", key)
        self.print_button = QPushButton()
        self.print_button.setObjectName("printButton")
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("pdfButton")
        self.pg_slip_button = QPushButton()
        self.pg_slip_button.setObjectName("pgSlipButton")
        self.copy_link_button = QPushButton()
        self.copy_link_button.setObjectName("copyLinkButton")
        self.box = QGroupBox()
        column = QVBoxLayout(self.box)
        paper_row = QHBoxLayout()
        paper_row.addWidget(self.paper_label)
        paper_row.addWidget(self.paper_combo, 1)
        column.addLayout(paper_row)
        for button in (self.print_button, self.pdf_button, self.pg_slip_button, self.copy_link_button):
            column.addWidget(button)

        self.paper_combo.activated.connect(self._on_paper_chosen)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.pg_slip_button.clicked.connect(self._on_pg_slip_clicked)
        self.copy_link_button.clicked.connect(self._on_copy_link_clicked)
        self.retranslate()
        self._fit_view()
        self._update_buttons()

    def retranslate(self) -> None:
        self.box.setTitle(self.tr("전표"))
        self.paper_label.setText(self.tr("용지"))
        for index, text in enumerate((self.tr("80mm 롤"), self.tr("58mm 롤"), self.tr("A4"))):
            self.paper_combo.setItemText(index, text)
        self.print_button.setText(self.tr("인쇄…"))
        self.pdf_button.setText(self.tr("PDF로 저장…"))
        self.pg_slip_button.setText(self.tr("PG 전표 보기"))
        self.copy_link_button.setText(self.tr("영수증 링크 복사 (카카오톡·문자용)"))

    # -- what is shown ----------------------------------------------------------------------------------
    @property
    def paper(self) -> Paper:
        return self._paper

    @property
    def html(self) -> str:
        return self._html

    def set_shop_details(self, shop: ShopDetails) -> None:
        self._shop = shop
        self._paper = paper_for(shop.paper)
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(self._paper.key)))
        self._fit_view()
        self._render()

    def shop(self) -> ShopDetails:
        return self._shop

    def show_slip(self, slip: Slip | None, receipt_url: str = "", file_name: str = "slip") -> None:
        """``slip`` (built with ``shop()``) on screen; None clears it."""
        self._slip = slip
        self._url = receipt_url if receipt_url.startswith(("https://", "http://")) else ""
        self._file_name = file_name
        self._render()

    def _render(self) -> None:
        slip = self._slip
        if slip is not None:
            slip = replace(slip, shop=self._shop)  # the shop lines and paper of now
        self._html = slip_html(slip, self._paper) if slip is not None else ""
        self.view.setHtml(self._html)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.print_button.setEnabled(bool(self._html))
        self.pdf_button.setEnabled(bool(self._html))
        self.pg_slip_button.setEnabled(bool(self._url))
        self.copy_link_button.setEnabled(bool(self._url))

    def _fit_view(self) -> None:
        """The preview is the paper's true width at screen resolution, with its margins."""
        dpi = screen_dpi()
        content = round(mm_to_px(self._paper.content_width_mm, dpi))
        margin = round(mm_to_px(min(self._paper.margin_mm, 6.0), dpi))
        self.view.document().setDocumentMargin(margin)
        self.view.setLineWrapColumnOrWidth(content)
        self.view.document().setDefaultFont(self._paper.font())
        scrollbar = self.view.verticalScrollBar().sizeHint().width()
        self.view.setFixedWidth(content + 2 * margin + 2 * self.view.frameWidth() + scrollbar + 2)

    # -- actions ----------------------------------------------------------------------------------------
    def _on_paper_chosen(self, _index: int) -> None:
        self._paper = paper_for(str(self.paper_combo.currentData()))
        self._shop = replace(self._shop, paper=self._paper.key)
        self._fit_view()
        self._render()

    def save_pdf(self, path: Path) -> None:
        """Write the slip on screen to ``path`` as PDF, laid out as it prints on the chosen paper."""
        write_slip_pdf(self._html, self._paper, path)
        self.told.emit(
            self.tr("PDF로 저장했습니다 ({paper}): {path}").format(
                paper=self.paper_combo.currentText(), path=QDir.toNativeSeparators(str(path))
            )
        )
        self.pdf_saved.emit(str(path))

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        configure_slip_printer(printer, self._paper)  # the dialog opens on the slip paper, not Letter
        dialog = QPrintDialog(printer, self._owner)
        dialog.setWindowTitle(self.tr("전표 인쇄 ({paper})").format(paper=self.paper_combo.currentText()))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                print_slip(self._html, self._paper, printer)  # on the chosen paper, whatever was picked
            except OSError as exc:
                dialogs.report_failure(self._owner, exc)

    def _on_pdf_clicked(self) -> None:
        suggested = QDir.home().filePath(f"{self._file_name}.pdf")
        path, _ = QFileDialog.getSaveFileName(
            self._owner, self.tr("PDF로 저장"), suggested, self.tr("PDF 파일 (*.pdf)")
        )
        if not path:
            return
        try:
            self.save_pdf(Path(path))
        except OSError as exc:
            dialogs.report_failure(self._owner, exc)

    def _on_pg_slip_clicked(self) -> None:
        if self._url and not QDesktopServices.openUrl(QUrl(self._url)):
            dialogs.show_error(
                self._owner, self.tr("브라우저를 열 수 없습니다. 주소: {url}").format(url=self._url)
            )

    def _on_copy_link_clicked(self) -> None:
        """PortOne's receipt page for the customer: a link, no card data."""
        if not self._url:
            return
        QGuiApplication.clipboard().setText(self._url)
        self.told.emit(
            self.tr("영수증 링크를 복사했습니다. 카카오톡이나 문자 창에 붙여 넣어 고객에게 보내세요.")
        )
