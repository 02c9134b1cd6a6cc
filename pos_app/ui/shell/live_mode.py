"""The window's live side: the live and offline bars, the channel check, settings applied without a restart.

``LiveMode`` belongs to the MainWindow and does four things:

* **Bars.** A live configuration shows ``LiveBar`` (PG, MID, channel) at the top, amber with "테스트 채널"
  when PortOne says the channel is a test channel; ``check_channel`` asks PortOne's list again at every
  start and after every apply (the settings only remember what it said when the channel was picked).
* **Offline.** ``set_offline(reason)``: the red full-width banner and the money forms disabled through
  each tab's ``set_offline_reason`` (key-in form, charge-again/register/delete, refunds and cash
  receipts); history, reprint and export keep working.
* **Apply without restart.** ``apply_settings(settings)`` refuses (returns the reason) while a money
  call or the start-up reconciliation is out; otherwise the tabs are disabled, the composition root's
  ``reconfigure`` builds the new client (and journal) on the runner's journal lane — after every
  journal job queued before it — and moves the one services facade onto it, and the window takes the
  new context: bars, probe, reconciliation (the new settlement engine takes up the open operations
  from the journal). Calls already out finish on the old configuration; what it alone used is closed
  (``release_retired``) the next time the runner is idle.
* **First-run setup.** ``open_setup`` shows ``SetupWizard``; the window offers it at the first start of a
  fresh install (``WindowContext.offer_setup``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QVBoxLayout

from pos_app.config import Settings
from pos_app.ui.shell import dialogs
from pos_app.ui.shell.formatting import describe_error
from pos_app.ui.shell.mode_bars import ChannelState, LiveBar, OfflineBanner

if TYPE_CHECKING:
    from pos_app.services.setup import ConnectionReport
    from pos_app.ui.settings.setup_wizard import SetupWizard
    from pos_app.ui.shell.main_window import MainWindow, WindowContext


class LiveMode(QObject):
    settings_applied = Signal(object)  # the new WindowContext
    settings_apply_failed = Signal(str)
    channel_checked = Signal(object)  # ConnectionReport | None

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        central = window.centralWidget()
        assert central is not None
        self.live_bar = LiveBar(central)
        self.offline_banner = OfflineBanner(central)
        layout = central.layout()
        assert isinstance(layout, QVBoxLayout)
        # under the sandbox banner, above the tabs
        layout.insertWidget(1, self.live_bar)
        layout.insertWidget(2, self.offline_banner)
        self.applying = False
        self._retire_pending = False
        self._offline_reason: str | None = None
        self.setup_wizard: SetupWizard | None = None
        window.runner.work_finished.connect(self._on_runner_work_finished)

    # -- bars -------------------------------------------------------------------------------------------
    def show_context(self, context: WindowContext) -> None:
        settings = context.settings
        if context.sandbox or not settings.pg:
            self.live_bar.setVisible(False)
            return
        self.live_bar.show_channel(
            settings.pg, settings.channel_name, "test" if settings.channel_test else "live"
        )

    def check_channel(self) -> None:
        window = self._window
        check = window.context.check_channel
        if check is None or not window.runner.is_accepting():
            return
        window.runner.run(check, self._on_channel_checked, self._on_channel_check_failed)

    def _on_channel_checked(self, report: ConnectionReport | None) -> None:
        settings = self._window.context.settings
        if report is not None and report.keys_accepted and not self.live_bar.isHidden():
            listed = any(c.channel_key == settings.channel_key for c in report.channels)
            if report.chosen is not None:
                state: ChannelState = "test" if report.chosen.test_channel else "live"
                name = report.chosen.channel_name or settings.channel_name
                self.live_bar.show_channel(settings.pg, name, state)
            elif not listed and any(f.step == "pg_list" and f.level == "ok" for f in report.findings):
                self.live_bar.show_channel(settings.pg, settings.channel_name, "missing")
        self.channel_checked.emit(report)

    def _on_channel_check_failed(self, exc: BaseException) -> None:
        if describe_error(exc) is None:
            raise exc
        self.channel_checked.emit(None)  # the bar keeps what the settings say; the probe shows offline

    # -- offline ----------------------------------------------------------------------------------------
    def set_offline(self, reason: str | None) -> None:
        """Money calls refused for ``reason`` (Korean source, "ServiceError"), None = allowed again."""
        self._offline_reason = reason
        self.offline_banner.show_reason(reason)
        window = self._window
        for tab in (window.keyin_tab, window.customers_tab, window.receipt_panel):
            tab.set_offline_reason(reason)
        window.recurring_tab.set_offline(reason is not None)

    @property
    def offline_reason(self) -> str | None:
        return self._offline_reason

    # -- applying settings ------------------------------------------------------------------------------
    def busy_reason(self) -> str | None:
        """Why the configuration cannot be changed now (translated), None when it can."""
        window = self._window
        if self.applying:
            return self.tr("설정을 적용하는 중입니다. 끝날 때까지 기다리세요.")
        busy = window.keyin_tab.is_busy() or window.customers_tab.is_busy() or window.receipt_panel.is_busy()
        if busy or window.recurring_tab.is_busy():
            return self.tr("결제·취소 요청이 진행 중입니다. 결과가 나온 뒤에 다시 저장하세요.")
        if window.is_reconciling():
            return self.tr("미확정 거래를 PortOne과 맞춰 보는 중입니다. 끝난 뒤에 다시 저장하세요.")
        return None

    def apply_settings(self, settings: Settings) -> str | None:
        """Rebuild the client and services for ``settings``; returns why not (translated) or None."""
        busy = self.busy_reason()
        if busy is not None:
            return busy
        window = self._window
        reconfigure = window.context.reconfigure
        if reconfigure is None:
            return self.tr("이 설정은 프로그램을 다시 시작하면 적용됩니다.")
        self.applying = True
        window.tabs.setEnabled(False)  # nothing new starts on the old configuration meanwhile
        window.reconcile_label.setText(self.tr("새 설정을 적용하는 중…"))
        # the journal lane: every journal job queued before runs first, on the old configuration
        window.runner.run(
            lambda: reconfigure(settings), self._on_reconfigured, self._on_reconfigure_failed, kind="db"
        )
        return None

    def _on_reconfigured(self, context: WindowContext) -> None:
        self.applying = False
        window = self._window
        window.tabs.setEnabled(True)
        self._retire_pending = True
        window.take_context(context)
        if context.sandbox:
            text = self.tr("적용했습니다. 샌드박스(테스트 서버)로 동작합니다.")
        elif context.offline_reason is not None:
            text = self.tr("적용했습니다. 지금은 오프라인입니다: 화면 위 빨간 막대를 보세요.")
        else:
            text = self.tr("적용했습니다. {pg}로 연결합니다.").format(pg=context.settings.pg)
        window.settings_tab.show_applied(text, ok=True)
        self.settings_applied.emit(context)

    def _on_reconfigure_failed(self, exc: BaseException) -> None:
        self.applying = False
        window = self._window
        window.tabs.setEnabled(True)
        reason = describe_error(exc)
        if reason is None:
            from pos_app.ui.shell.crash import redact

            reason = redact(f"{type(exc).__name__}: {exc}")
        text = self.tr(
            "저장했지만 적용하지 못했습니다 ({reason}). 지금까지의 "
            "설정으로 계속하며, 다시 시작하면 새 설정을 씁니다."
        ).format(reason=reason)
        window.reconcile_label.setText("")
        window.settings_tab.show_applied(text, ok=False)
        dialogs.show_error(window, text)
        self.settings_apply_failed.emit(text)

    def _on_runner_work_finished(self) -> None:
        window = self._window
        if not self._retire_pending or window.runner.busy_count() or not window.runner.is_accepting():
            return
        release = window.context.release_retired
        self._retire_pending = False
        if release is not None:
            window.runner.run(release, lambda _none: None, self._on_release_failed, kind="db")

    def _on_release_failed(self, exc: BaseException) -> None:
        if describe_error(exc) is None:
            raise exc

    # -- first-run setup --------------------------------------------------------------------------------
    def open_setup(self) -> SetupWizard:
        from pos_app.ui.settings.setup_wizard import SetupWizard

        window = self._window
        context = window.context
        tab = window.settings_tab
        credentials = context.secret_store.get()
        wizard = SetupWizard(
            tab.settings,
            window.runner,
            test_connection=context.test_connection,
            keyring_available=context.secret_store.available(),
            stored_key=credentials.imp_key if credentials else "",
            save=lambda settings, keys: tab.save(settings, keys=keys),
            apply_settings=self.apply_settings,
            busy_reason=self.busy_reason,
            parent=window,
        )
        self.setup_wizard = wizard
        wizard.rejected.connect(self._on_setup_dismissed)
        wizard.finished.connect(wizard.deleteLater)
        wizard.open()
        return wizard

    def _on_setup_dismissed(self) -> None:
        tab = self._window.settings_tab
        if not tab.settings.setup_dismissed and not tab.settings.live_channel_configured:
            # "나중에": not offered again at start; 설정 → 처음 설정 마법사 opens it
            tab.save(tab.settings.with_changes(setup_dismissed=True), keys=None)
