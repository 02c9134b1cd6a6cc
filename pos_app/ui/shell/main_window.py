"""The counter window: tabs 키인 결제 / 단골 고객 / 영수증 / 거래내역 / 정기결제 / 설정, banners, status bar.

The window owns one BackgroundRunner and shuts it down (joining every thread) when it closes. It is built
by the composition root (pos_app.app) from a ``WindowContext``: everything it needs comes in from
there, nothing is looked up globally.

Start-up: the window opens at once. The composition root may build it without a context
(``MainWindow(None)``) and hand ``build_in_background`` the slow part of start-up (keyring, sandbox,
client, the journal's integrity check — seconds for a busy shop): that runs once through the window's
runner, off the GUI thread, while the window shows "시작 중…"; the tabs are built and shown only when the
context arrives (``attach``), so no tab ever sees services that are not there yet, and a failed build is
shown through ui.shell.dialogs with the window left open. Reconciliation of non-final journal rows then
runs in the background and 승인 stays disabled until it finishes or the owner dismisses it (DESIGN.md, the
charge path, step 6). The journal opened on the runner's thread keeps one connection per thread; the GUI
thread never queries it (``journal_health`` is a plain attribute).
Live, test channel and offline are said at the top as the sandbox is (``live_mode``: the bars, the money
forms disabled while offline, settings applied without a restart, the first-run setup).
The status bar shows which server is used, whether PortOne answers and until when the token is valid
(a background probe every minute), whether the journal accepts writes, and how many money operations are
still open (written ahead, not yet final): ``settlement_view.SettlementView`` shows the settlement
engine's own list (a button: the list with "지금 확인"), runs its background pass every few seconds, and
puts what it found that the cashier must know in the announcement bar under the banners.

People: ``ui.people.gate.PeopleGate`` puts the sign-in screen over the tabs while nobody is signed in
(or, on a real-money counter with nobody set up, the owner is made first), shows who is signed in on the
status bar, hands the counter over on F12 and signs out after the idle minutes.

Size: ``show_fitted`` opens the window at its comfortable size (1280×800) when the screen's available
area holds it, maximised otherwise; the chrome (banner, tabs, status bar) is compact so every action is
reachable at 1024×768 without scrolling and the status bar is always on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

# Qt's namespace and QEvent are not imported here: PySide6 builds a class's Python type (and its enums)
# when it is first imported, the Qt namespace alone is 93 enums (~20 ms) and QCloseEvent brings QEvent's;
# both are needed only after the window is on screen.
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, QSize, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStatusBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.config import SecretStore, Settings
from pos_app.workers import BackgroundRunner

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QCloseEvent

    from pos_app.services.counter import CounterServices, JournalCheck, ReconcileReport
    from pos_app.services.setup import ConnectionReport, ConnectionRequest, ConnectionStatus
    from pos_app.ui.customers.tab import CustomersTab
    from pos_app.ui.history.tab import HistoryTab
    from pos_app.ui.keyin.tab import KeyInOptions, KeyInTab
    from pos_app.ui.receipts.panel import ReceiptPanel
    from pos_app.ui.recurring.tab import RecurringTab
    from pos_app.ui.settings.tab import SettingsTab
    from pos_app.ui.shell.i18n import Language, Translations

PROBE_INTERVAL_MS = 60_000
SHUTDOWN_TIMEOUT_MS = 75_000
OFFLINE_PROBE_INTERVAL_MS = 10_000  # while offline, notice the way back quickly
# the size the window opens at when the screen has room; smaller screens get it maximised
COMFORTABLE_SIZE = QSize(1280, 800)
# shown on the key-in tab (translated there in the "ServiceError" context) while the probe fails
# (Qt's own marker, not pos_app.domain's: importing the domain package would put all of it on the path
# to the window on screen)
PORTONE_UNREACHABLE = str(
    QT_TRANSLATE_NOOP(
        "ServiceError",
        "PortOne이 응답하지 않습니다. 인터넷 연결을 확인하세요. 연결되면 다시 결제할 수 있습니다.",
    )
)


def describe_error(exc: BaseException) -> str | None:
    """ui.shell.formatting's, imported when first needed: it loads the domain package."""
    from pos_app.ui.shell.formatting import describe_error as describe

    return describe(exc)


@dataclass(frozen=True)
class WindowContext:
    """What the composition root hands the window."""

    services: CounterServices
    settings: Settings
    secret_store: SecretStore
    sandbox: bool  # the in-process sandbox is the server: no real money moves
    server_url: str
    probe_connection: Callable[[], ConnectionStatus]  # blocking; run through the runner
    test_connection: Callable[[ConnectionRequest], ConnectionReport]  # 연결 테스트; blocking
    offline_reason: str | None = None  # why money calls are refused (Korean source text), None = online
    translations: Translations | None = None
    keyin_idle_clear_ms: int = 60_000
    probe_interval_ms: int = PROBE_INTERVAL_MS
    sandbox_forced: bool = False  # --sandbox: saved keys are not used in this run
    check_channel: Callable[[], ConnectionReport | None] | None = None  # the channel in use; blocking
    reconfigure: Callable[[Settings], WindowContext] | None = None  # apply settings; blocking
    release_retired: Callable[[], None] | None = None  # close what earlier configurations alone used
    offer_setup: bool = False  # a fresh install: offer the first-run setup once the window is up
    settle_tick_ms: int = 5_000  # how often the settlement engine's background pass runs
    # people (ui.people.gate): a real-money counter makes its owner at the first start; the idle minutes
    # before signing out are the owner's (the journal's); tests shorten a "minute" and the check
    people_required: bool = False
    idle_minute_ms: int = 60_000
    idle_check_ms: int = 1_000


def fitted_geometry(available: QRect, frame: QSize, comfortable: QSize = COMFORTABLE_SIZE) -> QRect | None:
    """Where the window goes on a screen whose free area is ``available`` (without task bars): its
    comfortable size centred there, or None when that does not fit with the window frame ``frame``
    (title bar and borders) and the window should be maximised instead."""
    outer = QSize(comfortable.width() + frame.width(), comfortable.height() + frame.height())
    if outer.width() > available.width() or outer.height() > available.height():
        return None
    left = available.x() + (available.width() - outer.width()) // 2
    top = available.y() + (available.height() - outer.height()) // 2
    return QRect(left, top, comfortable.width(), comfortable.height())


def load_tab_modules() -> None:
    """Import the tabs themselves. **GUI thread only**: their modules touch PySide6's enums and types as
    they are defined, and shiboken creates those lazily without locking — an import of a tab on another
    thread while the GUI thread draws crashed the process about one start in twenty-five. Call
    ``pos_app.app.load_service_modules`` off the GUI thread first; what is left here is the tabs' own
    code."""
    import pos_app.ui.customers.tab
    import pos_app.ui.history.tab
    import pos_app.ui.keyin.tab
    import pos_app.ui.receipts.panel
    import pos_app.ui.recurring.tab
    import pos_app.ui.settings.tab  # noqa: F401 - imported for its side effect on sys.modules


class MainWindow(QMainWindow):
    reconciliation_finished = Signal()
    connection_checked = Signal(object)  # ConnectionStatus
    services_ready = Signal()  # the tabs are built and start-up work has begun
    startup_failed = Signal(str)  # building the services failed; the text the owner was shown

    def __init__(self, context: WindowContext | None, parent: QWidget | None = None) -> None:
        """``context`` None: the window shows "시작 중…" until ``attach`` (or ``build_in_background``)."""
        super().__init__(parent)
        self._context: WindowContext | None = None
        self.runner = BackgroundRunner(self)
        self._closing = False
        self._reconciling = False
        self._reconcile_out = False  # a reconciliation job is running (also after 건너뛰기)
        self._setup_offered = False  # the first-run setup is offered once per run, not after each apply
        self._build_failed = False
        self._cancel_build: Callable[[], None] | None = None
        self._journal_check_out = False  # the journal's whole check is running in the background
        self._journal_checked: JournalCheck | None = None
        self.setObjectName("MainWindow")
        self.resize(COMFORTABLE_SIZE)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        # compact chrome: every pixel of height goes to the tabs at 768 px
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        self.sandbox_banner = QLabel(central)
        self.sandbox_banner.setObjectName("SandboxBanner")
        self.sandbox_banner.setStyleSheet(  # centred through the style sheet: see the imports
            "QLabel#SandboxBanner { background: #c62828; color: white; font-weight: bold;"
            " font-size: 14px; padding: 2px; border-radius: 3px; qproperty-alignment: AlignCenter; }"
        )
        self.sandbox_banner.setVisible(False)
        layout.addWidget(self.sandbox_banner)

        self.starting_label = QLabel(central)
        self.starting_label.setStyleSheet("font-size: 18px; qproperty-alignment: AlignCenter;")
        layout.addWidget(self.starting_label, 1)
        self.tabs = QTabWidget(central)
        self.tabs.setVisible(False)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._retranslate()
        if context is not None:
            self.attach(context)

    @property
    def services(self) -> CounterServices:
        return self.context.services

    @property
    def context(self) -> WindowContext:
        if self._context is None:
            raise RuntimeError("the window has no services yet (start-up still running)")
        return self._context

    def is_ready(self) -> bool:
        """True once the tabs are built on the services."""
        return self._context is not None

    # -- late start-up ----------------------------------------------------------------------------------
    def build_in_background(
        self, build: Callable[[], WindowContext], cancel: Callable[[], None] | None = None
    ) -> None:
        """Run ``build`` (blocking: keyring, sandbox, journal check) off the GUI thread, then ``attach``
        and ``start``. The caller keeps what ``build`` made and closes it after the window closed (the
        runner is joined then, so the build has ended). ``cancel`` is called when the window closes
        before the build ended, so closing never waits for a slow step."""
        self._cancel_build = cancel
        self.runner.run(build, self._on_built, self._on_build_failed, kind="background")

    def _on_built(self, context: WindowContext) -> None:
        if self._closing:
            return  # closed while building: the composition root closes what was built
        self.attach(context)
        self.start()
        self.services_ready.emit()

    def _on_build_failed(self, exc: BaseException) -> None:
        from pos_app.ui.shell.crash import redact

        reason = describe_error(exc) or redact(f"{type(exc).__name__}: {exc}")
        text = self.tr("시작하지 못했습니다: {reason}").format(reason=reason)
        self._build_failed = True
        self.starting_label.setText(text)
        self.reconcile_label.setText(text)
        if not self._closing:
            from pos_app.ui.shell import dialogs  # not at the top: it builds the Qt namespace (see above)

            dialogs.show_error(self, text)
        self.startup_failed.emit(text)

    def attach(self, context: WindowContext) -> None:
        """Build the tabs on the services in ``context`` and show them; once only."""
        if self._context is not None:
            raise RuntimeError("the window already has its services")
        from pos_app.ui.customers.tab import CustomersTab
        from pos_app.ui.history.tab import HistoryTab
        from pos_app.ui.keyin.tab import KeyInTab
        from pos_app.ui.receipts.panel import ReceiptPanel
        from pos_app.ui.recurring.tab import RecurringTab
        from pos_app.ui.settings.tab import SettingsTab
        from pos_app.ui.shell.live_mode import LiveMode

        self._context = context
        self.sandbox_banner.setVisible(context.sandbox)
        self.live_mode: LiveMode = LiveMode(self)

        self.keyin_tab: KeyInTab = KeyInTab(self.services, self.runner, self._keyin_options(context.settings))
        self.customers_tab: CustomersTab = CustomersTab(self.services, self.runner)
        self.customers_tab.default_product_type = context.settings.default_product_type
        self.receipt_panel: ReceiptPanel = ReceiptPanel(self.services, self.runner)
        self.history_tab: HistoryTab = HistoryTab(self.services, self.runner)
        self.recurring_tab: RecurringTab = RecurringTab(self.services, self.runner)
        self.settings_tab: SettingsTab = SettingsTab(
            context.settings,
            context.secret_store,
            self.runner,
            test_connection=context.test_connection,
            sandbox=context.sandbox,
            sandbox_forced=context.sandbox_forced,
            busy_reason=self.live_mode.busy_reason,
            apply_settings=self.live_mode.apply_settings,
        )
        for widget in (
            self.keyin_tab,
            self.customers_tab,
            self.receipt_panel,
            self.history_tab,
            self.recurring_tab,
            self.settings_tab,
        ):
            self.tabs.addTab(widget, "")

        self._attach_settlement()
        self._wire_tabs()
        from pos_app.ui.people.gate import PeopleGate

        self.people_gate = PeopleGate(self)
        self.live_mode.show_context(context)
        self.live_mode.set_offline(context.offline_reason)
        # Ctrl+1…6 jump between the tabs, so the counter works without the mouse
        for index in range(self.tabs.count()):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self._go_to_tab(i))
        self._apply_shop_details(context.settings)
        self._retranslate()

        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(context.probe_interval_ms)
        self._probe_timer.timeout.connect(self._probe_connection)
        self.starting_label.setVisible(False)
        self.tabs.setVisible(True)

    # -- size -------------------------------------------------------------------------------------------
    def show_fitted(self) -> None:
        """Show the window at its comfortable size when the screen has room for it, maximised otherwise
        (a 1024×768 counter PC, or 1280×800 with a task bar)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        # the frame is known once the window manager decorated a window; before that assume a title bar
        frame = self.frameGeometry().size() - self.geometry().size()
        if frame.height() <= 0:
            frame = QSize(2, 32)
        geometry = fitted_geometry(screen.availableGeometry(), frame)
        if geometry is None:
            self.showMaximized()
        else:
            self.setGeometry(geometry)
            self.show()

    # -- construction -----------------------------------------------------------------------------------
    def _keyin_options(self, settings: Settings) -> KeyInOptions:
        from pos_app.ui.keyin.tab import KeyInOptions

        return KeyInOptions(
            default_tax_free_mode=settings.default_tax_free_mode,
            default_product_type=settings.default_product_type,
            idle_clear_ms=self.context.keyin_idle_clear_ms,
        )

    def _build_status_bar(self) -> None:
        bar = QStatusBar(self)
        bar.setSizeGripEnabled(False)
        self.setStatusBar(bar)
        self.server_label = QLabel(bar)
        self.connection_label = QLabel(bar)
        self.journal_label = QLabel(bar)
        # a placeholder until the services are built; then the settlement engine's count (a button), in the
        # same slot of the status bar
        self._open_slot = QWidget(bar)
        slot = QHBoxLayout(self._open_slot)
        slot.setContentsMargins(0, 0, 0, 0)
        self.open_operations_label: QLabel | QPushButton = QLabel(self._open_slot)
        self.open_operations_label.setObjectName("openOperations")
        slot.addWidget(self.open_operations_label)
        self.reconcile_label = QLabel(bar)
        self.skip_reconcile_button = QPushButton(bar)
        self.skip_reconcile_button.setVisible(False)
        self.skip_reconcile_button.clicked.connect(self._on_skip_reconcile_clicked)
        box = QWidget(bar)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.reconcile_label)
        row.addWidget(self.skip_reconcile_button)
        bar.addWidget(box, 1)
        permanent = (self._open_slot, self.server_label, self.connection_label, self.journal_label)
        for label in permanent:
            bar.addPermanentWidget(label)
        bar.setContentsMargins(0, 0, 8, 0)  # the last word clear of the screen's edge, not flush against it

    def _wire_tabs(self) -> None:
        self.keyin_tab.sale_approved.connect(self._on_keyin_sale_approved)
        self.keyin_tab.journal_changed.connect(self._refresh_journal_health)
        self.keyin_tab.journal_changed.connect(self._refresh_open_operations)
        self.receipt_panel.action_finished.connect(self._refresh_open_operations)
        # history rows and charges made from the customers tab open in the receipt panel
        self.history_tab.transaction_selected.connect(self._on_transaction_selected)
        self.customers_tab.transaction_selected.connect(self._on_transaction_selected)
        # recurring plans: polling passes refresh the customer's section; slips open in the receipt panel
        self.recurring_tab.transaction_selected.connect(self._on_transaction_selected)
        self.recurring_tab.polled.connect(self.customers_tab.plans_section.reload)
        self.recurring_tab.polled.connect(self._refresh_open_operations)
        self.customers_tab.action_finished.connect(lambda _uid: self.recurring_tab.reload())
        self.settings_tab.settings_saved.connect(self._on_settings_saved)
        self.settings_tab.language_chosen.connect(self._on_language_chosen)
        self.settings_tab.setup_requested.connect(self.live_mode.open_setup)

    def _apply_shop_details(self, settings: Settings) -> None:
        from pos_app.ui.receipts.slip import ShopDetails

        details = ShopDetails.from_settings(settings, test_money=self.context.sandbox)  # TEST on slips
        self.receipt_panel.set_shop_details(details)
        self.history_tab.set_shop_details(details)
        self.customers_tab.default_product_type = settings.default_product_type

    # -- start-up ---------------------------------------------------------------------------------------
    def start(self) -> None:
        """Begin the background start-up work (reconciliation, connection probe); call after show()."""
        self._refresh_journal_health()
        self._probe_connection()
        self._probe_timer.start()
        self._start_reconciliation()
        self.settlement.start()
        self.recurring_tab.start()  # PortOne's schedules: a pass now, then whenever one is due
        self.live_mode.check_channel()
        self.keyin_tab.amount_edit.setFocus()  # the cashier starts typing the amount at once
        self.people_gate.start()  # the sign-in screen takes the focus when someone must sign in first
        if self.context.offer_setup and not self._setup_offered and not self.context.settings.setup_dismissed:
            self._setup_offered = True
            QTimer.singleShot(0, self._offer_setup)

    def _offer_setup(self) -> None:
        if not self._closing and self.live_mode.setup_wizard is None:
            self.live_mode.open_setup()

    def take_context(self, context: WindowContext) -> None:
        """Settings were applied (live_mode): the same tabs and services facade go on with the new
        configuration; start-up work runs again (probe, reconciliation, the channel check)."""
        self._context = context
        self.sandbox_banner.setVisible(context.sandbox)
        self.live_mode.show_context(context)
        self.live_mode.set_offline(context.offline_reason)
        self.settings_tab.set_mode(sandbox=context.sandbox, sandbox_forced=context.sandbox_forced)
        self._on_settings_saved(context.settings)
        self._retranslate()
        self._probe_timer.setInterval(context.probe_interval_ms)
        self.history_tab.refresh()  # the journal may be another one now (sandbox → live)
        self.start()

    def is_reconciling(self) -> bool:
        """A reconciliation pass is still running (also after the owner dismissed it)."""
        return self._reconcile_out

    def _start_reconciliation(self) -> None:
        if self.context.offline_reason is not None:
            # nothing can be looked up; the rows stay open until PortOne is reachable again
            self.reconcile_label.setText(self.tr("오프라인: 미확정 거래는 연결 후 확인합니다."))
            self.reconciliation_finished.emit()
            return
        self._reconcile_out = True
        self._reconciling = True
        self.keyin_tab.set_reconciling(True)
        self.reconcile_label.setText(self.tr("미확정 거래를 PortOne과 맞춰 보는 중…"))
        self.skip_reconcile_button.setVisible(True)
        self.runner.run(
            self.services.reconcile, self._on_reconcile_done, self._on_reconcile_failed, kind="background"
        )

    def _finish_reconciliation(self, text: str) -> None:
        self._reconciling = False
        self.skip_reconcile_button.setVisible(False)
        self.keyin_tab.set_reconciling(False)
        self.reconcile_label.setText(text)
        self.reconciliation_finished.emit()

    def _on_reconcile_done(self, report: ReconcileReport) -> None:
        # only what this pass did; what is still open is the open-operations count beside it
        self._reconcile_out = False
        self._start_journal_check()
        resolved = len(report.resolved)
        text = self.tr("시작 확인 끝: {count}건 확정").format(count=resolved) if resolved else ""
        self._refresh_journal_health()
        self._refresh_open_operations()
        if self._reconciling:
            self._finish_reconciliation(text)
        else:
            self.reconcile_label.setText(text)

    def _on_reconcile_failed(self, exc: BaseException) -> None:
        self._reconcile_out = False
        text = describe_error(exc)
        if text is None:
            raise exc
        if self._reconciling:
            self._finish_reconciliation(self.tr("미확정 거래 확인 실패: {reason}").format(reason=text))

    def _on_skip_reconcile_clicked(self) -> None:
        # the owner accepts the risk; the reconciliation keeps running and reports when done
        if self._reconciling:
            self._finish_reconciliation(self.tr("미확정 거래 확인을 건너뛰었습니다 (뒤에서 계속 확인 중)."))

    # -- status bar -------------------------------------------------------------------------------------
    def _probe_connection(self) -> None:
        if self._closing or not self.runner.is_accepting():
            return
        self.runner.run(
            self.context.probe_connection, self._on_probe_done, self._on_probe_failed, kind="background"
        )
        self._refresh_open_operations()

    # -- open operations (the settlement engine) ------------------------------------------------------
    def _attach_settlement(self) -> None:
        from pos_app.ui.shell.settlement_view import SettlementView

        central = self.centralWidget()
        assert central is not None
        self.settlement = SettlementView(
            self.services, self.runner, self._open_slot, central, tick_ms=self.context.settle_tick_ms
        )
        layout = central.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.settlement.bar)  # right under the banners, above the tabs
        # the placeholder of the start-up screen gives way to the engine's count (a button: the list)
        slot = self._open_slot.layout()
        assert slot is not None
        slot.removeWidget(self.open_operations_label)
        self.open_operations_label.deleteLater()
        self.open_operations_label = self.settlement.button
        slot.addWidget(self.settlement.button)

    def set_open_operations(self, count: int, summary: str = "") -> None:
        """Show a count given from outside instead of the settlement engine's own."""
        self.settlement.set_open_operations(count, summary)

    def _refresh_open_operations(self) -> None:
        if self._context is not None and hasattr(self, "settlement"):
            self.settlement.refresh()

    def _on_probe_done(self, status: ConnectionStatus) -> None:
        self._show_connection(status)
        self.connection_checked.emit(status)

    def _on_probe_failed(self, exc: BaseException) -> None:
        from pos_app.services.setup import ConnectionStatus

        status = ConnectionStatus(online=False, message=describe_error(exc) or type(exc).__name__)
        self._show_connection(status)
        self.connection_checked.emit(status)

    def _show_connection(self, status: ConnectionStatus) -> None:
        if self.context.offline_reason is None:
            # charges are refused while PortOne does not answer; never queued, never silently tried
            self.live_mode.set_offline(None if status.online else PORTONE_UNREACHABLE)
            normal = self.context.probe_interval_ms
            self._probe_timer.setInterval(normal if status.online else min(normal, OFFLINE_PROBE_INTERVAL_MS))
        tip = status.message or ""
        if status.online:
            text, color = self.tr("● 온라인"), "#2e7d32"
            if status.token_expires_at:
                # for support, not for the cashier: in the tooltip, so the status bar fits 1024 px
                from pos_app.ui.shell.formatting import clock_time  # colon-free in Korean

                tip = self.tr("PortOne 토큰 {time}까지").format(time=clock_time(status.token_expires_at))
        else:
            text, color = self.tr("● 오프라인"), "#c62828"
        self.connection_label.setText(text)
        self.connection_label.setStyleSheet(f"color: {color};")
        self.connection_label.setToolTip(tip)

    # -- the journal's own check ----------------------------------------------------------------------
    def _start_journal_check(self) -> None:
        """Once per start (and after settings are applied): the whole check, in the background. The
        start-up check before 승인 covered what changed since the last check; this one reads everything."""
        if self._closing or self._journal_check_out or not self.runner.is_accepting():
            return
        self._journal_check_out = True
        self._journal_checked = None
        self._refresh_journal_health()
        self.runner.run(
            self.services.check_journal, self._on_journal_checked, self._on_journal_check_failed,
            kind="background",
        )  # fmt: skip

    def _on_journal_checked(self, check: JournalCheck) -> None:
        self._journal_check_out = False
        if not check.stopped:
            self._journal_checked = check
        self._refresh_journal_health()
        if check.problems and not self._closing:
            from pos_app.ui.shell import dialogs  # not at the top: it builds the Qt namespace

            dialogs.show_error(
                self,
                self.tr("거래 기록 검사에서 문제를 찾았습니다. 결제를 멈추고 관리자에게 연락하세요."),
                details="\n".join(check.problems),
            )

    def _on_journal_check_failed(self, exc: BaseException) -> None:
        self._journal_check_out = False
        if describe_error(exc) is None:
            raise exc
        self._refresh_journal_health()

    def _refresh_journal_health(self) -> None:
        health = self.services.journal_health
        checked = self._journal_checked
        notes = [*health.warnings, *(checked.warnings if checked is not None else ())]
        if not health.ok:
            self.journal_label.setText(self.tr("거래 기록 쓰기 불가"))
            self.journal_label.setStyleSheet("color: #c62828; font-weight: bold;")
            self.journal_label.setToolTip("\n".join(health.problems))
            return
        if checked is not None and checked.ok:
            self.journal_label.setText(self.tr("거래 기록 검사 통과"))
        elif self._journal_check_out:
            self.journal_label.setText(self.tr("거래 기록 검사 중"))
        else:
            self.journal_label.setText(self.tr("거래 기록 정상"))
        self.journal_label.setStyleSheet("color: #b05a00;" if notes else "color: #2e7d32;")
        self.journal_label.setToolTip("\n".join(notes))

    def _go_to_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        current = self.tabs.currentWidget()
        if current is not None:
            current.setFocus()

    # -- tab wiring -------------------------------------------------------------------------------------
    def _on_keyin_sale_approved(self, merchant_uid: str) -> None:
        self._show_in_receipt_panel(merchant_uid)

    def _on_transaction_selected(self, merchant_uid: str) -> None:
        self._show_in_receipt_panel(merchant_uid)

    def _show_in_receipt_panel(self, merchant_uid: str) -> None:
        self.receipt_panel.show_transaction(merchant_uid)
        self.tabs.setCurrentWidget(self.receipt_panel)

    def _on_settings_saved(self, settings: Settings) -> None:
        self.keyin_tab.set_options(self._keyin_options(settings))
        self._apply_shop_details(settings)

    def _on_language_chosen(self, language: Language) -> None:
        if self.context.translations is not None:
            self.context.translations.switch(language)

    # -- language ---------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        if self._context is None:
            self.setWindowTitle(self.tr("카드 키인 결제"))
            if not self._build_failed:
                self.starting_label.setText(self.tr("시작 중…"))
            return
        self.setWindowTitle(self.tr("카드 키인 결제") + (" — SANDBOX" if self.context.sandbox else ""))
        self.sandbox_banner.setText(self.tr("SANDBOX — 실제 결제 아님 (테스트 서버)"))
        self.live_mode.live_bar.retranslate()
        self.live_mode.offline_banner.retranslate()
        titles = (
            self.tr("키인 결제"),
            self.tr("단골 고객"),
            self.tr("영수증"),
            self.tr("거래내역"),
            self.tr("정기결제"),
            self.tr("설정"),
        )
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
        if self.context.sandbox:
            self.server_label.setText(self.tr("서버: SANDBOX"))
        else:
            self.server_label.setText(self.tr("서버: PortOne"))
        self.server_label.setToolTip(self.context.server_url)
        self.skip_reconcile_button.setText(self.tr("건너뛰기"))
        if self.connection_label.text() == "":
            self.connection_label.setText(self.tr("연결 확인 중…"))
        if hasattr(self, "people_gate"):
            self.people_gate.retranslate()
        if hasattr(self, "settlement"):
            self.settlement.retranslate()
        else:
            self.open_operations_label.setText(self.tr("미확정 확인 중…"))

    # -- closing ----------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._context is None:
            # still building (no money call can be out) or the build failed: close at once; the build
            # is cancelled, so the runner's wait for it is short and the composition root can close
            # what it made
            self._closing = True
            if self._cancel_build is not None:
                self._cancel_build()
            self.runner.shutdown(SHUTDOWN_TIMEOUT_MS)
            event.accept()
            return
        busy = self.keyin_tab.is_busy() or self.customers_tab.is_busy() or self.receipt_panel.is_busy()
        busy = busy or self.recurring_tab.is_busy()  # a plan's call (a retry takes money)
        busy = busy or self.live_mode.applying  # the new configuration is being built on the runner
        if busy and not self._closing:
            # closing now would leave the charge's answer unwritten until the next start-up reconciles it
            from pos_app.ui.shell import dialogs

            dialogs.show_info(self, self.tr("승인 요청이 진행 중입니다. 결과가 나온 뒤에 닫으세요."))
            event.ignore()
            return
        self._closing = True
        self._probe_timer.stop()
        self.settlement.stop()
        self.people_gate.idle.stop()
        self.recurring_tab.stop()
        self.keyin_tab.shutdown()
        # reconciliation and UNKNOWN polling stop at their next wait (their rows are settled next start),
        # so only a money call already out keeps the window: PortOne's read timeout is 65 s
        self.services.stop_waiting()
        self.runner.shutdown(SHUTDOWN_TIMEOUT_MS)
        event.accept()
