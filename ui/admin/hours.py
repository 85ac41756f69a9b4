"""Business hours and holidays: the center's time zone, weekly hours, public holidays."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import available_timezones

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.calendar import BusinessCalendar
from desktop.errors import UserFacingError
from desktop.ops import rules as rule_ops
from desktop.validation import (
    WEEKDAYS,
    check_holiday_country,
    check_timezone,
    format_day_hours,
    parse_day_hours,
)
from ui.admin.base import AdminContext, AdminPage
from ui.formatting import day as day_text
from ui.i18n import QT_TRANSLATE_NOOP, user_text
from ui.widgets import named


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("AdminHours", text, None, n)


class HoursPage(AdminPage):
    title = QT_TRANSLATE_NOOP("AdminDialog", "Business hours")

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.addWidget(self.message)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        left = QVBoxLayout()
        form = QFormLayout()
        self.timezone_combo = named(QComboBox(), "TimezoneCombo")
        self.timezone_combo.setEditable(True)
        self.timezone_combo.addItems(sorted(available_timezones()))
        form.addRow(tr("Time zone"), self.timezone_combo)
        self.country_edit = named(QLineEdit(), "HolidayCountryEdit")
        self.country_edit.setPlaceholderText(tr("e.g. DE, US, BR (empty: no public holidays)"))
        self.country_edit.setMaxLength(3)
        form.addRow(tr("Public holidays of"), self.country_edit)
        left.addLayout(form)
        week = QGroupBox(
            tr("Opening hours (local time; e.g. 09:00-12:00, 13:00-17:00; empty: closed)")
        )
        wf = QFormLayout(week)
        self.day_edits: list[QLineEdit] = []
        for day, name in enumerate(WEEKDAYS):
            edit = named(QLineEdit(), f"Hours_{day}")
            edit.setPlaceholderText(tr("closed"))
            self.day_edits.append(edit)
            wf.addRow(user_text(name), edit)
        left.addWidget(week)
        hint = named(
            QLabel(
                tr(
                    "Phone and chat are answered around the clock (their SLA runs in "
                    "real minutes); the other channels' SLA runs in these hours."
                )
            ),
            "AdminHint",
        )
        hint.setWordWrap(True)
        left.addWidget(hint)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = named(QPushButton(tr("Save hours")), "SaveHoursButton")
        self.save_button.setDefault(True)
        row.addWidget(self.save_button)
        left.addLayout(row)
        body.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(QLabel(tr("Public holidays in the next 12 months")))
        self.holiday_list = named(QListWidget(), "HolidayList")
        right.addWidget(self.holiday_list, 1)
        body.addLayout(right, 2)

        self.country_edit.editingFinished.connect(self.show_holidays)
        self.save_button.clicked.connect(self.save)
        self.load()

    def load(self) -> None:
        rules = self.ctx.app.rules
        self.timezone_combo.setCurrentText(rules.timezone)
        self.country_edit.setText(rules.holiday_country)
        for day, edit in enumerate(self.day_edits):
            edit.setText(format_day_hours(rules.business_hours.get(str(day), [])))
        self.show_holidays()

    def show_holidays(self) -> None:
        self.holiday_list.clear()
        try:
            country = check_holiday_country(self.country_edit.text())
        except UserFacingError as exc:
            self.holiday_list.addItem(user_text(exc))
            return
        if not country:
            self.holiday_list.addItem(tr("No public holidays: every weekday is a working day."))
            return
        calendar = BusinessCalendar("UTC", {}, country)
        today = self.ctx.app.clock.now().date()
        day: date = today
        while day < today + timedelta(days=366):
            if calendar.is_holiday(day):
                self.holiday_list.addItem(day_text(day, weekday=True))
            day += timedelta(days=1)

    def values(self) -> dict[str, object]:
        """The page's values, checked (UserFacingError names the first wrong field)."""
        hours = {
            str(day): parse_day_hours(day, edit.text()) for day, edit in enumerate(self.day_edits)
        }
        return {
            "timezone": check_timezone(self.timezone_combo.currentText().strip()),
            "holiday_country": check_holiday_country(self.country_edit.text()),
            "business_hours": {d: v for d, v in hours.items() if v},
        }

    def save(self) -> None:
        try:
            values = self.values()
        except UserFacingError as exc:
            self.say(user_text(exc), error=True)
            return
        mut, actor = self.ctx.app.mutator, self.ctx.actor
        self.run(
            lambda: rule_ops.set_rules(mut, values, actor_id=actor.id),
            tr("Business hours saved: contacts from now on are due by these hours."),
            lambda _r: self.after_save(),
        )

    def after_save(self) -> None:
        self.ctx.app.reload_rules()
        self.load()
