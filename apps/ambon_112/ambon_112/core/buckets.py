"""Time buckets of the 112 reports, in WIT (Waktu Indonesia Timur, UTC+9, no daylight saving).

The site stores datetimes naive, in its own time zone (Asia/Jayapura = WIT), so a naive
datetime is taken as WIT; an aware one is converted first. Shifts follow the centre's
rota: 07–14, 14–21 and the night shift 21–07, which belongs to the day it started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

WIT = timezone(timedelta(hours=9), "WIT")


@dataclass(frozen=True)
class Shift:
	key: str  # "07-14", "14-21", "21-07"
	start_hour: int
	end_hour: int

	@property
	def label(self) -> str:
		return f"{self.start_hour:02d}–{self.end_hour:02d}"


SHIFTS = (Shift("07-14", 7, 14), Shift("14-21", 14, 21), Shift("21-07", 21, 7))
INTERVALS = ("Daily", "Weekly", "Monthly")


def to_wit(moment: datetime) -> datetime:
	"""The naive WIT wall-clock time of ``moment`` (naive datetimes are already WIT)."""
	if moment.tzinfo is None:
		return moment
	return moment.astimezone(WIT).replace(tzinfo=None)


def hour_of_day(moment: datetime) -> int:
	return to_wit(moment).hour


def shift_of(moment: datetime) -> Shift:
	hour = hour_of_day(moment)
	for shift in SHIFTS[:2]:
		if shift.start_hour <= hour < shift.end_hour:
			return shift
	return SHIFTS[2]


def shift_start(moment: datetime) -> datetime:
	"""When the shift that ``moment`` falls in began (a 02:00 call belongs to yesterday's night shift)."""
	local = to_wit(moment)
	shift = shift_of(local)
	day = local.date()
	if shift is SHIFTS[2] and local.hour < shift.end_hour:
		day -= timedelta(days=1)
	return datetime.combine(day, time(shift.start_hour))


def period_start(moment: datetime | date, interval: str) -> date:
	"""The first day of the day, ISO week (Monday) or month ``moment`` falls in."""
	day = to_wit(moment).date() if isinstance(moment, datetime) else moment
	if interval == "Daily":
		return day
	if interval == "Weekly":
		return day - timedelta(days=day.weekday())
	if interval == "Monthly":
		return day.replace(day=1)
	raise ValueError(f"unknown interval: {interval}")


def periods(start: date, end: date, interval: str) -> list[date]:
	"""Every period start from the one containing ``start`` to the one containing ``end``."""
	result, current = [], period_start(start, interval)
	last = period_start(end, interval)
	while current <= last:
		result.append(current)
		current = _next_period(current, interval)
	return result


def _next_period(current: date, interval: str) -> date:
	if interval == "Daily":
		return current + timedelta(days=1)
	if interval == "Weekly":
		return current + timedelta(days=7)
	return (current.replace(day=28) + timedelta(days=4)).replace(day=1)


def last_hours(now: datetime, count: int) -> list[datetime]:
	"""The starts of the ``count`` whole WIT hours up to and including the current one, oldest first."""
	current = to_wit(now).replace(minute=0, second=0, microsecond=0)
	return [current - timedelta(hours=count - 1 - i) for i in range(count)]
