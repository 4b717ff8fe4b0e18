"""The reference side of `cargo bench --bench ics_agreement`: for each .ics
given, the timed instances recurring-ical-events finds (pip install
recurring-ical-events) in a window of three years from the January of the
file's earliest DTSTART, as JSON on stdout:

  [{"file": PATH, "from": "YYYY-MM-DD", "to": "YYYY-MM-DD",
    "instances": [["START", "END"], ...]}            # UTC, sorted
   | {"file": PATH, "error": "..."}]

Read as keel reads them: floating times in Europe/Berlin; all-day,
cancelled, zero-length and backwards instances and instances longer than
7 days left out (keel skips each of them, saying why)."""
import datetime as dt
import json
import sys
import zoneinfo

import icalendar
import recurring_ical_events

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UTC = dt.timezone.utc


def aware(t):
    return t.replace(tzinfo=BERLIN) if t.tzinfo is None else t


def utc(t):
    return aware(t).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def first_year(cal):
    years = []
    for ev in cal.walk("VEVENT"):
        s = ev.get("DTSTART")
        if s is not None and hasattr(s.dt, "year"):
            years.append(s.dt.year)
    return min(years) if years else 2026


def one(path):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    y = min(max(first_year(cal), 1970), 2100)
    lo, hi = dt.date(y, 1, 1), dt.date(y + 3, 1, 1)
    out = []
    for ev in recurring_ical_events.of(cal).between(lo, hi):
        s = ev["DTSTART"].dt
        if not isinstance(s, dt.datetime) or str(ev.get("STATUS", "")).upper() == "CANCELLED":
            continue
        if "DTEND" in ev:
            e = ev["DTEND"].dt
        elif "DURATION" in ev:
            e = s + ev["DURATION"].dt
        else:
            e = s
        if not isinstance(e, dt.datetime):
            continue
        length = aware(e) - aware(s)
        if length <= dt.timedelta(0) or length > dt.timedelta(days=7):
            continue
        out.append([utc(s), utc(e)])
    out.sort()
    return {"file": path, "from": lo.isoformat(), "to": hi.isoformat(), "instances": out}


results = []
for path in sys.argv[1:]:
    try:
        results.append(one(path))
    except Exception as e:  # the reference cannot read it: not compared
        results.append({"file": path, "error": f"{type(e).__name__}: {e}"})
json.dump(results, sys.stdout)
