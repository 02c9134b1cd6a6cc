"""새 정기결제: the form that puts a saved card's customer on a recurring plan.

What to charge follows the saved card's charge form (``customers.dialogs.ChargeAgainDialog``): amount up to
the counter's limit, tax-free part, order name, 할부 only from 50,000원, product type. When: 매월 (a day of
the month; a short month charges on its last day), 몇 주마다 (on the start's weekday) or 날짜 지정 (days
picked one by one), from a start day, until an end day, for a number of payments, or until cancelled,
at a time of day. Under the fields the first payments are listed as they will run, so the owner sees
that the 31st becomes Feb 28.

The form is validated by ``domain.plans.validate_plan`` after every change of a refused field (as every
counter form is), then read back ("…의 카드로 매월 31일 30,000원을 결제합니다. 첫 결제 …") before the
plan is handed on; Enter in the read-back creates it, Esc goes back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import FieldError, FormErrors
from pos_app.domain.ksnet import MAX_QUOTA, QUOTA_MIN_AMOUNT
from pos_app.domain.plans import PlanTerms, check_first_payment_ahead, collect_recurrence, validate_plan
from pos_app.domain.recurrence import MAX_COUNT, MAX_EVERY_WEEKS
from pos_app.ui.recurring import words
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt
from pos_app.ui.widgets.field_style import set_hint
from pos_app.ui.widgets.form_dialog import FormDialog
from pos_app.ui.widgets.grouped_edit import AmountEdit, counter_limit_error

if TYPE_CHECKING:
    from pos_app.services.counter import CustomerRow

PREVIEW_COUNT = 4
_NOTE_STYLE = "color: #616161; font-size: 12px;"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PlanDialog(FormDialog):
    """A new plan on ``customer``'s saved card; ``terms`` holds it once the owner confirmed."""

    def __init__(
        self,
        customer: CustomerRow,
        today: date,
        parent: QWidget | None = None,
        *,
        default_product_type: str = "real",
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planDialog")
        self._now = now  # the shop's time on PortOne's clock: a first payment already past is refused here
        self.setWindowTitle(self.tr("새 정기결제"))
        self.setMinimumWidth(560)
        self._customer = customer
        self._today = today
        self.terms: PlanTerms | None = None

        self.customer_label = QLabel(
            self.tr("{name} · {tel} · {card} {number}").format(
                name=customer.customer_name,
                tel=customer.customer_tel,
                card=customer.card_name or customer.card_company or "",
                number=fmt.masked_card(customer.card_hint),
            )
        )
        self.customer_label.setStyleSheet("font-weight: bold;")
        self.amount_edit = AmountEdit()
        self.amount_edit.setObjectName("planAmount")
        self.amount_edit.setMaximumWidth(200)
        set_hint(self.amount_edit, self.tr("예: 30,000"))
        self.tax_free_edit = AmountEdit()
        self.tax_free_edit.setObjectName("planTaxFree")
        self.tax_free_edit.setMaximumWidth(200)
        self.tax_free_edit.show_zero = True
        self.tax_free_edit.set_value(0)
        self.order_name_edit = QLineEdit()
        self.order_name_edit.setObjectName("planOrderName")
        self.order_name_edit.setMaxLength(40)
        set_hint(self.order_name_edit, self.tr("예: 꽃 정기배송"))
        self.quota_combo = QComboBox()
        self.quota_combo.setObjectName("planQuota")
        self.quota_combo.addItem(fmt.quota_text(0), 0)
        for months in range(2, MAX_QUOTA + 1):
            self.quota_combo.addItem(fmt.quota_text(months), months)
        self.product_type_combo = QComboBox()
        self.product_type_combo.setObjectName("planProductType")
        for kind in ("real", "digital"):
            self.product_type_combo.addItem(fmt.product_type_text(kind), kind)
        self.product_type_combo.setCurrentIndex(1 if default_product_type == "digital" else 0)

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("planKind")
        self.kind_combo.addItem(self.tr("매월"), "monthly")
        self.kind_combo.addItem(self.tr("몇 주마다"), "weekly")
        self.kind_combo.addItem(self.tr("날짜 지정"), "dates")
        self.day_spin = QSpinBox()
        self.day_spin.setObjectName("planDay")
        self.day_spin.setRange(1, 31)
        self.day_spin.setSuffix(self.tr("일"))
        self.day_note = QLabel()
        self.day_note.setStyleSheet(_NOTE_STYLE)
        self.weeks_spin = QSpinBox()
        self.weeks_spin.setObjectName("planWeeks")
        self.weeks_spin.setRange(1, MAX_EVERY_WEEKS)
        self.weeks_spin.setSuffix(self.tr("주마다"))
        self.dates_edit = QLineEdit()
        self.dates_edit.setObjectName("planDates")
        set_hint(self.dates_edit, self.tr("예: 2026-12-24, 2027-01-15"))
        self.pick_date = QDateEdit()
        self.pick_date.setCalendarPopup(True)
        self.pick_date.setDisplayFormat("yyyy-MM-dd")
        self.add_date_button = QPushButton(self.tr("날짜 추가"))
        self.add_date_button.setObjectName("planAddDate")
        self.start_edit = QDateEdit()
        self.start_edit.setObjectName("planStart")
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("yyyy-MM-dd")
        self.end_kind_combo = QComboBox()
        self.end_kind_combo.setObjectName("planEndKind")
        self.end_kind_combo.addItem(self.tr("해지할 때까지"), "none")
        self.end_kind_combo.addItem(self.tr("종료일까지"), "date")
        self.end_kind_combo.addItem(self.tr("횟수만큼"), "count")
        self.end_edit = QDateEdit()
        self.end_edit.setObjectName("planEnd")
        self.end_edit.setCalendarPopup(True)
        self.end_edit.setDisplayFormat("yyyy-MM-dd")
        self.count_spin = QSpinBox()
        self.count_spin.setObjectName("planCount")
        self.count_spin.setRange(1, MAX_COUNT)
        self.count_spin.setValue(12)
        self.count_spin.setSuffix(self.tr("회"))
        self.time_edit = QTimeEdit()
        self.time_edit.setObjectName("planTime")
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setTime(QTime(10, 0))
        self.preview = QLabel()
        self.preview.setObjectName("planPreview")
        self.preview.setWordWrap(True)
        self.horizon_note = QLabel(
            self.tr(
                "PortOne이 정해진 시각에 결제합니다. 프로그램은 다음 3회분을 미리 예약해 두므로 이 PC가 "
                "꺼져 있어도 결제됩니다. 켜질 때마다 결과를 확인하고 다음 회차를 예약합니다."
            )
        )
        self.horizon_note.setWordWrap(True)
        self.horizon_note.setStyleSheet(_NOTE_STYLE)

        first = today + timedelta(days=1)
        for edit in (self.start_edit, self.pick_date, self.end_edit):
            edit.setMinimumDate(_qdate(today))
        self.start_edit.setDate(_qdate(first))
        self.pick_date.setDate(_qdate(first))
        self.end_edit.setDate(_qdate(first + timedelta(days=365)))
        self.day_spin.setValue(first.day)

        form = QFormLayout()
        form.addRow(self.tr("고객"), self.customer_label)
        form.addRow(self.tr("금액"), self.amount_edit)
        form.addRow(self.tr("면세 금액"), self.tax_free_edit)
        form.addRow(self.tr("주문명"), self.order_name_edit)
        money_row = QHBoxLayout()
        money_row.addWidget(self.quota_combo)
        money_row.addWidget(QLabel(self.tr("상품 구분")))
        money_row.addWidget(self.product_type_combo)
        money_row.addStretch(1)
        form.addRow(self.tr("할부"), money_row)
        form.addRow(self.tr("반복"), self.kind_combo)
        self.day_row = QWidget()
        day_layout = QHBoxLayout(self.day_row)
        day_layout.setContentsMargins(0, 0, 0, 0)
        day_layout.addWidget(self.day_spin)
        day_layout.addWidget(self.day_note, 1)
        form.addRow(self.tr("결제일"), self.day_row)
        form.addRow(self.tr("간격"), self.weeks_spin)
        self.dates_row = QWidget()
        dates_layout = QHBoxLayout(self.dates_row)
        dates_layout.setContentsMargins(0, 0, 0, 0)
        dates_layout.addWidget(self.dates_edit, 1)
        dates_layout.addWidget(self.pick_date)
        dates_layout.addWidget(self.add_date_button)
        form.addRow(self.tr("날짜"), self.dates_row)
        form.addRow(self.tr("시작일"), self.start_edit)
        end_row = QHBoxLayout()
        end_row.addWidget(self.end_kind_combo)
        end_row.addWidget(self.end_edit)
        end_row.addWidget(self.count_spin)
        end_row.addStretch(1)
        form.addRow(self.tr("끝"), end_row)
        form.addRow(self.tr("결제 시각"), self.time_edit)
        self._form_layout = form

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = buttons.addButton(
            self.tr("정기결제 만들기"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.submit_button.setObjectName("planSubmit")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("닫기"))
        buttons.accepted.connect(self._on_submit_clicked)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.horizon_note)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        for key, widget in (
            ("amount", self.amount_edit),
            ("tax_free", self.tax_free_edit),
            ("order_name", self.order_name_edit),
            ("card_quota", self.quota_combo),
            ("plan_dates", self.dates_edit),
            ("plan_start", self.start_edit),
            ("plan_time", self.time_edit),
        ):
            self.bind_field(key, widget)
        self.amount_edit.digits_changed.connect(lambda _d: self._refresh())
        for combo in (self.kind_combo, self.end_kind_combo, self.quota_combo):
            combo.currentIndexChanged.connect(lambda _i: self._refresh())
        for spin in (self.day_spin, self.weeks_spin, self.count_spin):
            spin.valueChanged.connect(lambda _v: self._refresh())
        for date_edit in (self.start_edit, self.end_edit):
            date_edit.dateChanged.connect(lambda _d: self._refresh())
        self.time_edit.timeChanged.connect(lambda _t: self._refresh())
        # an error shown at the first payment's day or time is checked again as either is changed
        self.time_edit.timeChanged.connect(lambda _t: self._on_field_edited("plan_time"))
        self.start_edit.dateChanged.connect(lambda _d: self._on_field_edited("plan_start"))
        self.dates_edit.textEdited.connect(lambda _t: self._refresh())
        self.add_date_button.clicked.connect(self._on_add_date)
        self.chain_enter(
            [self.amount_edit, self.tax_free_edit, self.order_name_edit], self._on_submit_clicked
        )
        self._refresh()
        self.amount_edit.setFocus()

    # ------------------------------------------------------------------------------------ the form
    def form(self) -> dict[str, str]:
        customer = self._customer
        return {
            "amount": self.amount_edit.text(),
            "tax_free": self.tax_free_edit.text(),
            "order_name": self.order_name_edit.text(),
            "card_quota": str(self.quota_combo.currentData()),
            "product_type": str(self.product_type_combo.currentData()),
            "buyer_name": customer.customer_name,
            "buyer_tel": customer.customer_tel,
            "buyer_email": customer.customer_email or "",
            "plan_kind": str(self.kind_combo.currentData()),
            "plan_day": str(self.day_spin.value()),
            "plan_weeks": str(self.weeks_spin.value()),
            "plan_dates": self.dates_edit.text(),
            "plan_start": ""
            if self.kind_combo.currentData() == "dates"
            else _pydate(self.start_edit.date()).isoformat(),
            "plan_end_kind": str(self.end_kind_combo.currentData()),
            "plan_end": _pydate(self.end_edit.date()).isoformat(),
            "plan_count": str(self.count_spin.value()),
            "plan_time": self.time_edit.time().toString("HH:mm"),
        }

    def validate_form(self) -> BaseException | None:
        errors: list[FieldError] = []
        try:
            terms = validate_plan(self.form(), self._customer.customer_uid, self._today)
            if self._now is not None:
                # today at 10:00 when it is already 11:00: said here, before the form is closed
                check_first_payment_ahead(terms, self._now())
        except FormErrors as refused:
            errors.extend(refused.errors)
        limit = counter_limit_error("amount", self.amount_edit.value())
        if limit is not None:
            errors.append(limit)
        return FormErrors(errors) if errors else None

    def _refresh(self) -> None:
        kind = self.kind_combo.currentData()
        self._form_layout.setRowVisible(self.day_row, kind == "monthly")
        self._form_layout.setRowVisible(self.weeks_spin, kind == "weekly")
        self._form_layout.setRowVisible(self.dates_row, kind == "dates")
        self._form_layout.setRowVisible(self.start_edit, kind != "dates")
        end_kind = self.end_kind_combo.currentData()
        self.end_edit.setVisible(end_kind == "date")
        self.count_spin.setVisible(end_kind == "count")
        amount = self.amount_edit.value()
        allowed = amount >= QUOTA_MIN_AMOUNT
        if not allowed and self.quota_combo.currentIndex() != 0:
            self.quota_combo.setCurrentIndex(0)
        self.quota_combo.setEnabled(allowed)
        self.day_note.setText(
            self.tr("30일·31일이 없는 달은 그 달의 마지막 날에 결제합니다.")
            if self.day_spin.value() >= 29
            else ""
        )
        self.preview.setText(self._preview_text())
        self.grow_to_fit()

    def _preview_text(self) -> str:
        # the dates alone: the owner sees them while choosing, before amount and order name are typed
        recurrence = collect_recurrence(self.form(), self._today, [])
        if recurrence is None:
            return ""
        days = [day for _index, day in recurrence.occurrences(0, PREVIEW_COUNT)]
        total = recurrence.total
        listed = ", ".join(f"{fmt.short_date(day)} ({words.weekday_text(day)[:1]})" for day in days)
        more = self.tr(" …") if total is None or total > len(days) else ""
        count = (
            self.tr("모두 {count}회").format(count=total) if total is not None else self.tr("해지할 때까지")
        )
        return self.tr("결제할 날: {days}{more} · {count}").format(days=listed, more=more, count=count)

    def _on_add_date(self) -> None:
        day = _pydate(self.pick_date.date()).isoformat()
        current = [part.strip() for part in self.dates_edit.text().split(",") if part.strip()]
        if day not in current:
            current.append(day)
        self.dates_edit.setText(", ".join(sorted(current)))
        self._refresh()

    def _on_submit_clicked(self) -> None:
        problem = self.validate_form()
        if problem is not None:
            self.show_form_errors(problem)
            return
        terms = validate_plan(self.form(), self._customer.customer_uid, self._today)
        self.clear_form_errors()
        days = [fmt.short_date(day) for _index, day in terms.recurrence.occurrences(0, 3)]
        read_back = self.tr(
            "{name} 고객의 {card} {number} 카드로\n{rule}\n{amount} {quota} 결제합니다 ({time}).\n"
            "첫 결제: {days}\n고객에게 읽어 드리고 동의를 받으셨나요?"
        ).format(
            name=self._customer.customer_name,
            card=self._customer.card_name or self._customer.card_company or "",
            number=fmt.masked_card(self._customer.card_hint),
            rule=words.rule_text(terms.recurrence),
            amount=fmt.won(terms.amount),
            quota=fmt.quota_text(terms.card_quota),
            time=terms.at_time.strftime("%H:%M"),
            days=", ".join(days),
        )
        if not dialogs.confirm(
            self,
            self.tr("정기결제 확인"),
            read_back,
            yes_text=self.tr("정기결제 만들기"),
            no_text=self.tr("돌아가기"),
            default_yes=True,
        ):
            return
        self.terms = terms
        self.accept()
