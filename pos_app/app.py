"""Composition root: parse the command line, build every object once, open the counter window.

    python -m pos_app [--sandbox] [--data-dir DIR] [--lang ko|en] [--self-test]

Built here and passed down (no globals): Settings and SecretStore (pos_app.config), one
requests.Session, one PortOneClient, the Journal, CounterServices, and the MainWindow with its runner.
The window is shown first: ``build_parts`` (keyring, sandbox, the journal's integrity check) then runs
once on the window's runner and the window builds its tabs when the parts are ready; run_window closes
the parts after the window closed, also when it closed before they were ready. ``--self-test`` and the
tests call ``build_parts`` directly.

Which server: on a fresh install (no credentials, no PG or channel key in the settings) or with
``--sandbox`` the app starts pos_app.sandbox.server.SandboxServer in-process on a free loopback port and
uses its DEMO key, PG and channel key; the window shows a red SANDBOX banner. The sandbox keeps its own
state file and its own journal under ``<data dir>/sandbox`` so demo sales never mix with the shop's real
day close. With real credentials the client talks to https://api.iamport.kr (``POS_APP_PORTONE_BASE_URL``
overrides it, for end-to-end tests that point a "real" configuration at a local sandbox). A shop set up
for real payments (PG or channel key saved) whose keys cannot be read (locked or broken keyring, keys
removed) opens *offline* on its real journal: history, reprint and export work, charges are refused with
the reason. It never falls back to the sandbox, where approvals would look real while no money moves.

Closing during start-up does not wait for a slow step: the keyring read (a locked keyring may wait for
its unlock prompt) and the journal's opening (its integrity check reads the whole file, ~50 s for a
million sales) run on their own daemon threads through ``BuildCancel``, and the window's close cancels
the build, which then ends at once. An abandoned step finishes, or is cut off by the process's exit, on
its own thread: a journal opened after all is closed there, and SQLite's atomic commit makes an exit in
the middle of its checks (or of an upgrade) as harmless as a power cut.

``--self-test`` (used by packaging on the frozen binary): offscreen, in a temporary data folder, start
the window against the sandbox, type one charge into the key-in tab and approve it, check the services,
the sandbox ledger (one POST) and the journal (the sale read back, the event chain intact), print one
line and exit 0, or print what failed and exit 1.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP

import pos_app
from pos_app.config import ApiCredentials, SecretStore, SecretsUnreadable, Settings, default_data_dir

if TYPE_CHECKING:
    import requests

    from pos_app.journal import Journal
    from pos_app.portone.client import PortOneClient
    from pos_app.sandbox.server import SandboxServer
    from pos_app.services.counter import CounterServices, ServiceSettings
    from pos_app.services.setup import ConnectionReport, ConnectionRequest, ConnectionStatus
    from pos_app.ui.shell.i18n import Translations
    from pos_app.ui.shell.main_window import WindowContext

T = TypeVar("T")
DEFAULT_BASE_URL = "https://api.iamport.kr"
BASE_URL_ENV = "POS_APP_PORTONE_BASE_URL"
# why a shop set up for real payments opens offline (translated in the "ServiceError" context); Qt's own
# marker, because pos_app.domain's would import the whole domain package before the window is up
KEYRING_UNREADABLE = str(
    QT_TRANSLATE_NOOP(
        "ServiceError",
        "OS 키링에서 PortOne API 키를 읽을 수 없습니다. 컴퓨터 잠금을 풀거나 설정에서 키를 다시 입력하세요. "
        "그때까지 결제는 할 수 없고, 거래내역·재출력·내보내기는 됩니다.",
    )
)
KEYS_MISSING = str(
    QT_TRANSLATE_NOOP(
        "ServiceError",
        "PG가 설정되어 있지만 PortOne API 키가 없습니다. 설정에서 키를 입력하세요. "
        "그때까지 결제는 할 수 없고, 거래내역·재출력·내보내기는 됩니다.",
    )
)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pos_app", description="카드 키인 결제 (PortOne V1 · KSNET)")
    parser.add_argument(
        "--sandbox", action="store_true", help="use the built-in PortOne sandbox (no real money)"
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="folder for settings and the journal")
    parser.add_argument("--lang", choices=("ko", "en"), default=None, help="window language")
    parser.add_argument("--self-test", action="store_true", help="offscreen smoke test; exit code 0 = ok")
    return parser.parse_args(list(argv) if argv is not None else None)


@dataclass
class AppParts:
    """Everything built for the configuration in use; ``close()`` tears it down in reverse order.

    ``reconfigure`` moves it to new settings without a restart (on the window's runner): the one
    ``services`` facade the window's tabs hold continues on a new client (and, where the journal file
    or the counter changed, a new journal); what the new configuration no longer uses is *retired* and
    closed by ``close_retired`` once no call of the old configuration can still be using it.
    """

    settings: Settings
    secret_store: SecretStore
    session: requests.Session
    journal: Journal
    services: CounterServices
    client: PortOneClient | None
    base_url: str
    sandbox_server: SandboxServer | None = None
    offline_reason: str | None = None
    closers: list[Callable[[], None]] = field(default_factory=list)
    force_sandbox: bool = False
    service_overrides: Mapping[str, Any] = field(default_factory=dict)
    retired: list[Callable[[], None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def sandbox(self) -> bool:
        return self.sandbox_server is not None

    @property
    def live(self) -> bool:
        """Real PortOne (or a standalone server standing in for it), never the embedded sandbox."""
        return self.sandbox_server is None

    def reconfigure(self, settings: Settings) -> None:
        """Blocking: build the client (and journal, sandbox) for ``settings`` and move the services onto
        them; calls already running finish on the old ones. Open operations stay in the journal and
        the new settlement engine takes them up at the window's next reconciliation."""
        with self.lock:
            resources = _build_resources(settings, self.secret_store, self.force_sandbox, reuse=self)
            old_closers, self.closers = self.closers, [self.session.close, *resources.closers]
            # the old configuration's sandbox or journal, unless the new one took them over
            self.retired.extend(c for c in old_closers if not _contains(self.closers, c))
            self.services.reconfigure(
                resources.client,
                resources.journal,
                service_settings(
                    settings, live=resources.sandbox_server is None, overrides=self.service_overrides
                ),
            )
            self.settings = settings
            self.journal = resources.journal
            self.client = resources.client
            self.base_url = resources.base_url
            self.sandbox_server = resources.sandbox_server
            self.offline_reason = resources.offline_reason

    def close_retired(self) -> None:
        """Close what earlier configurations used and the current one does not (the window calls this
        when no background work is running)."""
        with self.lock:
            retired, self.retired = self.retired, []
        for closer in reversed(retired):
            closer()

    def close(self) -> None:
        self.close_retired()
        for closer in reversed(self.closers):
            closer()
        self.closers.clear()


def _contains(closers: list[Callable[[], None]], closer: Callable[[], None]) -> bool:
    # bound methods are made anew at each attribute access: compare them by equality, not identity
    return any(closer == other for other in closers)


@dataclass
class _Resources:
    client: PortOneClient | None
    journal: Journal
    base_url: str
    sandbox_server: SandboxServer | None
    offline_reason: str | None
    closers: list[Callable[[], None]]  # for what was made or taken over for this configuration


def service_settings(
    settings: Settings, *, live: bool, overrides: Mapping[str, Any] | None = None
) -> ServiceSettings:
    """The services' knobs for ``settings``. ``live``: a payment PortOne made on a test channel is then
    TEST_PAYMENT (never 승인, never in the Z report's money); the embedded sandbox is not live."""
    from pos_app.services.counter import ServiceSettings

    return ServiceSettings(
        counter_id=settings.counter_id,
        duplicate_window_s=settings.duplicate_window_s,
        default_product_type=settings.default_product_type,
        live=live,
        **dict(overrides or {}),
    )


class StartupCancelled(Exception):
    """The window closed while the parts were still being built."""


class BuildCancel:
    """Lets the window end a start-up build that waits on a slow step (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._waiting: set[threading.Event] = set()
        # handed to Journal.open: the journal's start-up check ends at once too (an abandoned opening
        # would otherwise go on reading a big file in the background after the window closed)
        self.stopped = threading.Event()

    def cancel(self) -> None:
        """From any thread: the build raises StartupCancelled at its next step or wait."""
        self.stopped.set()
        with self._lock:
            self._cancelled = True
            waiting = list(self._waiting)
        for event in waiting:
            event.set()

    def is_cancelled(self) -> bool:
        return self._cancelled

    def check(self) -> None:
        if self._cancelled:
            raise StartupCancelled()

    def run(self, fn: Callable[[], T], *, name: str, on_abandoned: Callable[[T], None]) -> T:
        """``fn()`` on a daemon thread: its result (or exception), or StartupCancelled as soon as
        ``cancel`` is called; a result that arrives after that goes to ``on_abandoned`` on that thread."""
        finished = threading.Event()
        box: dict[str, Any] = {}

        def target() -> None:
            try:
                box["value"] = fn()
            except BaseException as exc:
                box["error"] = exc
            with self._lock:
                abandoned = "abandoned" in box
                finished.set()
            if abandoned and "value" in box:
                on_abandoned(box["value"])

        with self._lock:
            if self._cancelled:
                raise StartupCancelled()
            self._waiting.add(finished)
        threading.Thread(target=target, name=name, daemon=True).start()
        finished.wait()
        with self._lock:
            self._waiting.discard(finished)
            if "value" not in box and "error" not in box:  # woken by cancel()
                box["abandoned"] = True
                raise StartupCancelled()
        if "error" in box:
            raise box["error"]
        value: T = box["value"]
        return value


def _run_step(
    cancel: BuildCancel | None,
    fn: Callable[[], T],
    name: str,
    on_abandoned: Callable[[T], None] = lambda _value: None,
) -> T:
    if cancel is None:
        return fn()
    return cancel.run(fn, name=name, on_abandoned=on_abandoned)


def build_parts(
    settings: Settings,
    secret_store: SecretStore,
    *,
    force_sandbox: bool,
    service_overrides: Mapping[str, Any] | None = None,
    cancel: BuildCancel | None = None,
) -> AppParts:
    """Build session, sandbox (when needed), client, journal and services; ``service_overrides`` are
    extra ServiceSettings fields (tests shorten the UNKNOWN polling with them). With ``cancel`` the slow
    steps can be cut short from another thread (StartupCancelled; what was built is closed)."""
    # imported here, not at the top: run_window calls this on the build thread, after the window is up
    import requests

    from pos_app.services.counter import CounterServices

    session = requests.Session()
    session.headers["User-Agent"] = f"pos_app/{pos_app.__version__}"
    try:
        resources = _build_resources(settings, secret_store, force_sandbox, session=session, cancel=cancel)
    except BaseException:
        session.close()
        raise
    closers = [session.close, *resources.closers]
    try:
        services = CounterServices(
            resources.client,
            resources.journal,
            service_settings(settings, live=resources.sandbox_server is None, overrides=service_overrides),
        )
    except BaseException:
        for closer in reversed(closers):
            closer()
        raise
    return AppParts(
        settings=settings,
        secret_store=secret_store,
        session=session,
        journal=resources.journal,
        services=services,
        client=resources.client,
        base_url=resources.base_url,
        sandbox_server=resources.sandbox_server,
        offline_reason=resources.offline_reason,
        closers=closers,
        force_sandbox=force_sandbox,
        service_overrides=dict(service_overrides or {}),
    )


def _journal_keys(folder: Path, *, sandbox: bool) -> Any:
    """The sandbox journal (play money) keeps its sealing key beside it; a real shop's is in the keyring."""
    from pos_app.journal.keys import FileKeyStore

    if sandbox:
        return FileKeyStore(folder)
    from pos_app.config.journal_key import KeyringJournalKeys

    return KeyringJournalKeys()


def _build_resources(
    settings: Settings,
    secret_store: SecretStore,
    force_sandbox: bool,
    *,
    session: requests.Session | None = None,
    reuse: AppParts | None = None,
    cancel: BuildCancel | None = None,
) -> _Resources:
    """Keys, server, client and journal for ``settings``. With ``reuse`` (a reconfiguration) its session
    is used, and its sandbox and journal are taken over when the new configuration needs the same ones."""
    from pos_app.journal import Journal, journal_path
    from pos_app.portone.client import ChannelConfig, PortOneClient

    if reuse is not None:
        session = reuse.session
    assert session is not None
    credentials: ApiCredentials | None = None
    offline_reason: str | None = None
    if not force_sandbox:
        try:
            credentials = _run_step(cancel, secret_store.read, "pos_app-keyring")
        except SecretsUnreadable:
            offline_reason = KEYRING_UNREADABLE
        else:
            if credentials is None and settings.live_channel_configured:
                offline_reason = KEYS_MISSING
    use_sandbox = credentials is None and offline_reason is None
    closers: list[Callable[[], None]] = []
    sandbox_server: SandboxServer | None = None
    try:
        if cancel is not None:
            cancel.check()
        if use_sandbox:
            sandbox_dir = settings.data_dir / "sandbox"
            if reuse is not None and reuse.sandbox_server is not None:
                sandbox_server = reuse.sandbox_server
            else:
                # imported only here: a shop with real credentials never loads the sandbox (~45 ms frozen)
                from pos_app.sandbox.server import SandboxServer

                sandbox_dir.mkdir(parents=True, exist_ok=True)
                sandbox_server = SandboxServer(
                    host="127.0.0.1", port=0, state_file=sandbox_dir / "sandbox-state.json"
                )
                sandbox_server.start()
            closers.append(sandbox_server.stop)
            base_url = sandbox_server.base_url
            channel = ChannelConfig(pg=sandbox_server.pg, channel_key=sandbox_server.channel_key)
            client: PortOneClient | None = PortOneClient(
                session, base_url, sandbox_server.imp_key, sandbox_server.imp_secret, channel=channel
            )
            journal_file = journal_path(sandbox_dir)
        else:
            base_url = portone_base_url()
            client = None  # offline: keys unreadable or missing; money calls are refused with the reason
            if credentials is not None:
                channel = ChannelConfig(pg=settings.pg or None, channel_key=settings.channel_key or None)
                client = PortOneClient(
                    session, base_url, credentials.imp_key, credentials.imp_secret, channel=channel
                )
            journal_file = journal_path(settings.data_dir)
        old = reuse.journal if reuse is not None else None
        if (
            old is not None
            and old.path == journal_file
            and old.counter_id == settings.counter_id
            and old.operator == settings.operator
        ):
            journal = old  # the same file for the same counter: no second integrity check
        else:
            journal = _run_step(
                cancel,
                lambda: Journal.open(
                    journal_file,
                    counter_id=settings.counter_id,
                    operator=settings.operator,
                    keys=_journal_keys(journal_file.parent, sandbox=sandbox_server is not None),
                    stop=cancel.stopped if cancel is not None else None,
                ),
                "pos_app-journal-open",
                on_abandoned=lambda late: late.close(),
            )
        closers.append(journal.close)
    except BaseException:
        for closer in reversed(closers):
            if reuse is None or not _contains(reuse.closers, closer):
                closer()
        raise
    return _Resources(client, journal, base_url, sandbox_server, offline_reason, closers)


def portone_base_url() -> str:
    """The real PortOne, or the server ``POS_APP_PORTONE_BASE_URL`` names (end-to-end tests)."""
    return os.environ.get(BASE_URL_ENV, DEFAULT_BASE_URL)


def make_probe(parts: AppParts) -> Callable[[], ConnectionStatus]:
    """A blocking check for the status bar: is PortOne answering, and until when is the token good."""
    from pos_app.portone.errors import PortOneError
    from pos_app.services.setup import ConnectionStatus

    def probe() -> ConnectionStatus:
        client = parts.client  # the configuration in use now (settings may have been applied since)
        if client is None:
            return ConnectionStatus(online=False, message=parts.offline_reason)
        try:
            # a real getToken each time: a cached token would say "online" with the cable pulled
            token = client.check_connection()
        except PortOneError as exc:
            return ConnectionStatus(online=False, message=str(exc))
        # expired_at is server time; shown against the local clock by the server's own offset
        return ConnectionStatus(online=True, token_expires_at=time.time() + (token.expired_at - token.now))

    return probe


def make_test_connection(parts: AppParts) -> Callable[[ConnectionRequest], ConnectionReport]:
    """For 연결 테스트 and the first-run setup: exactly the typed key and secret (a blank secret only
    for the key whose secret the keyring holds), against PortOne (or the server the environment names),
    never the embedded sandbox's demo keys; see services.setup."""
    from pos_app.portone.client import PortOneClient
    from pos_app.services import setup

    def test(request: ConnectionRequest) -> ConnectionReport:
        stored_credentials = parts.secret_store.get()
        stored = (stored_credentials.imp_key, stored_credentials.imp_secret) if stored_credentials else None
        keys = setup.keys_to_test(request.imp_key, request.imp_secret, stored)
        if isinstance(keys, tuple):
            return setup.ConnectionReport(findings=keys)
        # one retry only: the owner is waiting for the answer, and a dead line should say so soon
        client = PortOneClient(
            parts.session, portone_base_url(), keys.imp_key, keys.imp_secret, lookup_retries=1
        )
        return setup.run_connection_test(
            client, request.channel_key, secret_from_store=keys.secret_from_store
        )

    return test


def make_channel_check(parts: AppParts) -> Callable[[], ConnectionReport | None]:
    """The window's check of the channel in use, at start and after settings are applied: is it still in
    PortOne's list, and is it a test channel. None when there is nothing to check (sandbox, offline)."""
    from pos_app.services import setup

    def check() -> ConnectionReport | None:
        client, settings = parts.client, parts.settings
        if client is None or parts.sandbox or not settings.channel_key:
            return None
        return setup.run_connection_test(client, settings.channel_key, lookup=False)

    return check


def _resolve_settings(args: argparse.Namespace, data_dir: Path) -> Settings:
    settings = Settings.load(data_dir)
    if args.lang is not None:
        settings = settings.with_changes(language=args.lang)
    return settings


def _window_context(parts: AppParts, translations: Translations | None, **extra: Any) -> WindowContext:
    from pos_app.ui.shell.main_window import WindowContext

    def reconfigure(settings: Settings) -> WindowContext:
        parts.reconfigure(settings)  # blocking: on the window's runner
        return _window_context(parts, translations, **extra)

    offer_setup = (
        parts.sandbox
        and not parts.force_sandbox
        and parts.secret_store.available()
        and not parts.settings.live_channel_configured
        and not parts.settings.setup_dismissed
    )
    values: dict[str, Any] = {
        "offline_reason": parts.offline_reason,
        "sandbox_forced": parts.force_sandbox,
        "check_channel": make_channel_check(parts),
        "reconfigure": reconfigure,
        "release_retired": parts.close_retired,
        "offer_setup": offer_setup,
        # a real-money counter makes its owner at the first start; the sandbox works without people
        # until its owner is added on 설정 (ui.people.gate)
        "people_required": parts.live,
        **extra,
    }
    return WindowContext(
        services=parts.services,
        settings=parts.settings,
        secret_store=parts.secret_store,
        sandbox=parts.sandbox,
        server_url=parts.base_url,
        probe_connection=make_probe(parts),
        test_connection=make_test_connection(parts),
        translations=translations,
        **values,
    )


def _freeze_startup_objects() -> None:
    """Take what start-up built out of the cyclic garbage collector's sight (``gc.freeze``), and let the
    collector run again (run_window paused it for start-up).

    The modules, the window and the services live until the program ends, yet every full collection
    walked all of them (~50,000 objects, ~30 ms each time); Python's own collections at exit alone took
    ~100 ms. During start-up the imports alone triggered several such collections (one took ~85 ms in a
    frozen start), so the collector is paused from the start of run_window until here. Collected once
    first, so nothing that is already garbage is kept; objects made later (a charge, a history page) are
    collected on the GUI thread only (``GuiThreadCollector``). Interactive runs only: the self-test and the
    tests build windows repeatedly in one process."""
    gc.collect()
    gc.freeze()


class GuiThreadCollector:
    """Cyclic garbage collection on the GUI thread only, for the whole run.

    Python's collector runs on whichever thread happens to allocate past its threshold — a worker in the
    middle of a charge, a lookup thread. A cycle that holds a Qt object (a dialog and a slot that refers
    to it) freed there deletes the C++ object off the GUI thread, and Qt crashes the process. So the
    automatic collector stays off (run_window turns it off at the start) and this timer, on the GUI thread,
    collects the young generation every second and everything every minute (tens of ms once start-up's
    objects are frozen). Reference counting still frees everything that is not in a cycle at once."""

    YOUNG_MS = 1_000
    FULL_EVERY = 60

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self._ticks = 0
        self._timer = QTimer()
        self._timer.setInterval(self.YOUNG_MS)
        self._timer.timeout.connect(self._collect)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _collect(self) -> None:
        self._ticks += 1
        gc.collect(2 if self._ticks % self.FULL_EVERY == 0 else 0)


def load_service_modules(*, sandbox: bool = False) -> None:
    """Import what the tabs stand on but holds no Qt — the services, the journal, the PortOne client and
    requests, and the sandbox when it will run — most of start-up's import time. Safe off the GUI thread,
    so run_window runs it there while the window is already up (the tabs' own modules, which touch Qt,
    are left for the GUI thread: ``ui.shell.main_window.load_tab_modules``)."""
    import pos_app.journal
    import pos_app.portone.client
    import pos_app.services.counter

    if sandbox:
        import pos_app.sandbox.server  # noqa: F401


def _prefetch(sandbox_likely: bool) -> None:
    """Import what the build needs that holds no Qt (the services, the journal, requests, the sandbox),
    started before QApplication exists: Qt's own start-up (fonts, platform, the window's first layout)
    runs largely without the GIL, so these imports overlap with it instead of following it. The tabs'
    own modules are imported on the GUI thread only (``load_tab_modules``). Errors are left to the build,
    which imports the same modules again and reports them."""
    with contextlib.suppress(Exception):
        load_service_modules(sandbox=sandbox_likely)


SECOND_INSTANCE_EXIT = 3  # another instance holds the data folder's lock


def tell_second_instance(text: str) -> None:
    """The refusal of a second instance (a dialog; the tests replace it)."""
    from PySide6.QtCore import QCoreApplication

    from pos_app.ui.shell.dialogs import show_error

    show_error(None, text, title=QCoreApplication.translate("InstanceLock", "이미 실행 중"))


def run_window(args: argparse.Namespace) -> int:
    # no automatic cyclic collection at all: during start-up nothing needs it (what it makes lives until
    # exit; frozen once ready), and afterwards GuiThreadCollector collects on the GUI thread only
    gc.disable()
    from PySide6.QtWidgets import QApplication

    from pos_app.ui.shell.crash import CrashHandler, show_crash_dialog
    from pos_app.ui.shell.i18n import Translations
    from pos_app.ui.shell.instance_lock import InstanceLock, refusal_text
    from pos_app.ui.shell.main_window import SHUTDOWN_TIMEOUT_MS, MainWindow

    data_dir = args.data_dir or default_data_dir()
    settings = _resolve_settings(args, data_dir)
    # only modules without Qt are imported off the GUI thread (shiboken's lazy types are not thread-safe)
    prefetch = threading.Thread(
        target=_prefetch, args=(args.sandbox or not settings.live_channel_configured,),
        name="pos_app-imports", daemon=True,
    )  # fmt: skip
    prefetch.start()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("pos_app")
    app.setApplicationVersion(pos_app.__version__)
    translations = Translations(app)
    translations.switch(settings.language)
    crash = CrashHandler(data_dir / "crash", show=show_crash_dialog)
    instance = InstanceLock(data_dir)
    holder = instance.acquire()
    if holder is not None:
        # a second instance on this folder: said and ended before anything opens the journal
        tell_second_instance(refusal_text(data_dir, holder))
        return SECOND_INSTANCE_EXIT
    crash.install()
    secret_store = SecretStore()
    built: list[AppParts] = []
    cancel = BuildCancel()

    def build() -> WindowContext:
        # on the window runner's thread: the keyring read, the sandbox start and the journal's integrity
        # check (seconds for a busy shop) no longer keep the window from appearing
        cancel.check()  # closed before the build's thread even started: skip the imports too
        _run_step(cancel, prefetch.join, "pos_app-imports-wait")
        load_service_modules()  # done by the prefetch by now; called again for its errors
        parts = build_parts(settings, secret_store, force_sandbox=args.sandbox, cancel=cancel)
        built.append(parts)  # kept first, so the parts are closed even if the window never takes them
        return _window_context(parts, translations)

    window = MainWindow(None)
    collector: GuiThreadCollector | None = None
    try:
        window.show_fitted()  # comfortable size, or maximised on a small screen
        # the long-lived objects exist only once the services are built; freeze them then, at once: a
        # deferred freeze raced the start-up reconciliation's result (an empty journal answers in ms)
        window.services_ready.connect(_freeze_startup_objects)
        collector = GuiThreadCollector()
        window.services_ready.connect(collector.start)  # from then on, cycles are freed on this thread
        window.build_in_background(build, cancel=cancel.cancel)
        return int(app.exec())
    finally:
        # joins the runner (idempotent when the window already closed): the build has ended after this,
        # at once when it was still waiting on a slow step
        cancel.cancel()
        window.runner.shutdown(SHUTDOWN_TIMEOUT_MS)
        for parts in built:
            parts.close()
        crash.uninstall()
        instance.release()
        if collector is not None:
            collector.stop()
        _delete_on_this_thread(window)
        gc.enable()  # the interpreter's own exit (and the tests) as usual


def _delete_on_this_thread(window: Any) -> None:
    """Delete the window and collect start-up's garbage here, on the GUI thread.

    Left to the cyclic collector, the window's widgets (held in reference cycles by their signal
    connections) would be freed by whichever thread next triggers a collection — an abandoned start-up
    step finishing late, for one — and Qt objects deleted off the GUI thread crash the process."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def run_self_test(args: argparse.Namespace) -> int:
    """One sandbox charge through the window and the services, read back from the journal; 0 = ok."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pos_app-selftest-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        try:
            result = _self_test_in(data_dir, args.lang or "ko")
        except Exception as exc:  # any failure is the answer, reported in one line
            print(f"self-test FAILED: {type(exc).__name__}: {_crash_safe(str(exc))}", flush=True)
            return 1
    elapsed = time.monotonic() - started
    if result:
        print(f"self-test FAILED: {result}", flush=True)
        return 1
    print(f"self-test ok ({elapsed:.1f} s)", flush=True)
    return 0


def _crash_safe(text: str) -> str:
    from pos_app.ui.shell.crash import redact

    return redact(text)


def _quiet_offscreen_notice() -> None:
    """The offscreen plugin warns about every shown window; keep the packaging log to real problems."""
    from PySide6.QtCore import QtMsgType, qFormatLogMessage, qInstallMessageHandler

    def handler(kind: QtMsgType, context: Any, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(qFormatLogMessage(kind, context, message) + "\n")

    qInstallMessageHandler(handler)


def _self_test_in(data_dir: Path, language: str) -> str | None:
    """Run the checks; None when all passed, else what failed."""
    from datetime import date

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from pos_app.domain.outcomes import Outcome
    from pos_app.sandbox.cards import APPROVE_CREDIT
    from pos_app.ui.shell import dialogs
    from pos_app.ui.shell.i18n import Translations
    from pos_app.ui.shell.main_window import MainWindow

    _quiet_offscreen_notice()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    translations = Translations(app)
    translations.switch("en" if language == "en" else "ko")
    settings = Settings.load(data_dir).with_changes(language=language, counter_id="ST1", operator="self-test")
    parts = build_parts(settings, SecretStore(), force_sandbox=True)
    window: MainWindow | None = None
    try:
        window = MainWindow(_window_context(parts, translations))
        window.show()

        def wait_for(signal: Any, timeout_ms: int) -> list[Any]:
            got: list[Any] = []
            loop = QEventLoop()

            def on_signal(*values: Any) -> None:
                got.append(values)
                loop.quit()

            signal.connect(on_signal)
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec()
            signal.disconnect(on_signal)
            return got

        reconciled = window.reconciliation_finished
        window.start()
        if window.keyin_tab.approve_button.isEnabled() is False and not wait_for(reconciled, 60_000):
            return "start-up reconciliation did not finish"
        tab = window.keyin_tab
        tab.amount_edit.set_value(12_000)
        tab.order_name_edit.setText("self-test")
        tab.buyer_name_edit.setText("self-test")
        tab.buyer_tel_edit.setText("010-0000-0000")
        tab.card_number_edit.set_digits(APPROVE_CREDIT)
        tab.expiry_edit.set_digits(f"12{(date.today().year + 3) % 100:02d}")
        dialogs.answer_next(True)  # the read-back confirmation
        tab.approve_button.click()
        finished = wait_for(tab.charge_finished, 60_000)
        dialogs.clear_scripted_answers()
        if not finished:
            return "no charge result within 60 s"
        outcome = finished[0][0]
        if outcome.outcome is not Outcome.APPROVED:
            return f"the sandbox charge was {outcome.outcome}: {outcome.message}"
        if tab.card_number_edit.text():
            return "card fields were not cleared after the approval"
        row = parts.services.sale(outcome.merchant_uid)
        if row is None or row.outcome is not Outcome.APPROVED or not row.apply_num:
            return "the approved sale was not read back from the journal"
        if parts.sandbox_server is not None and parts.sandbox_server.posts_for(outcome.merchant_uid) != 1:
            return "the sandbox did not see exactly one payment request"
        chain = parts.journal.verify_chain()
        if not chain.ok:
            return f"journal event chain broken: {chain.reason}"
        return None
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
        parts.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.self_test:
        return run_self_test(args)
    code = run_window(args)
    # The process ends now and everything left lives until then: the interpreter's final collections
    # need not walk it (~100 ms for the modules, the window and the services when start-up's own
    # freeze had not run yet). Here, not in run_window: the tests run windows repeatedly in one process.
    gc.freeze()
    return code
