"""Regenerates (or, with --check, verifies) the official mainland China
schedules in src/china_official.rs and the lunar festival dates in
src/lunar.rs from two PyPI packages:

- chinesecalendar 1.11.0: the State Council's yearly holiday notices
  (days off and make-up working days), 2004-2026;
- lunardate 0.3.0: Chinese lunisolar calendar conversion (Spring Festival =
  1/1, Dragon Boat = 5/5, Mid-Autumn = 8/15), and holidays 0.108 for the
  Qingming solar term.

    python3 -m venv v && v/bin/pip install chinesecalendar==1.11.0 lunardate==0.3.0 holidays==0.108
    v/bin/python tools/china_table.py --check
"""
import datetime as dt
import pathlib
import sys

import chinese_calendar
import holidays
import lunardate
from chinese_calendar.constants import holidays as cc_off, workdays as cc_work

HERE = pathlib.Path(__file__).resolve().parent.parent / "src"
NAMES = {
    "New Year's Day": "NewYear",
    "Spring Festival": "SpringFestival",
    "Tomb-sweeping Day": "Qingming",
    "Labour Day": "LabourDay",
    "Dragon Boat Festival": "DragonBoat",
    "Mid-autumn Festival": "MidAutumn",
    "National Day": "NationalDay",
}


def official(first=2020, last=2026):
    runs = []
    for d, n in sorted(cc_off.items()):
        if not first <= d.year <= last:
            continue
        name = NAMES[str(n)]
        if runs and runs[-1][2] == name and (d - runs[-1][1]).days == 1:
            runs[-1][1] = d
        else:
            runs.append([d, d, name])
    off = [
        f"    ({a.year}, {a.month}, {a.day}, {(b - a).days + 1}, Festival::{n}),"
        for a, b, n in runs
    ]
    work = [
        f"    ({d.year}, {d.month}, {d.day}, Festival::{NAMES[str(n)]}),"
        for d, n in sorted(cc_work.items())
        if first <= d.year <= last
    ]
    return (
        "/// Days off as runs: (year, month, day of the first day, days, festival).\n"
        "pub(crate) const DAYS_OFF: &[(i32, u32, u32, u32, Festival)] = &[\n"
        + "\n".join(off)
        + "\n];\n\n/// Weekend days worked in exchange (调休上班).\n"
        "pub(crate) const MAKE_UP_WORKDAYS: &[(i32, u32, u32, Festival)] = &[\n"
        + "\n".join(work)
        + "\n];\n"
    )


def lunar(first=2020, last=2030):
    cn = holidays.China(years=range(first, last + 1))
    rows = []
    for y in range(first, last + 1):
        s = [lunardate.LunarDate(y, m, d).to_solar_date() for m, d in ((1, 1), (5, 5), (8, 15))]
        q = [d for d, n in cn.items() if d.year == y and n == "Tomb-Sweeping Day"][0]
        f = lambda d: f"({d.month}, {d.day})"
        rows.append(f"    ({y}, {f(s[0])}, {f(q)}, {f(s[1])}, {f(s[2])}),")
    return (
        "/// (year, Spring Festival, Qingming, Dragon Boat, Mid-Autumn) as (month, day).\n"
        "pub(crate) const FESTIVALS: &[LunarYear] = &[\n" + "\n".join(rows) + "\n];\n"
    )


def between(text, start, end):
    a = text.index(start)
    b = text.index(end, a)
    return a, b


def sync(path, start, end, body, check):
    text = path.read_text()
    a, b = between(text, start, end)
    new = text[:a] + body + text[b:]
    if check:
        if new != text:
            print(f"{path.name}: differs from the packages' data", file=sys.stderr)
            return False
        print(f"{path.name}: matches")
        return True
    path.write_text(new)
    return True


if __name__ == "__main__":
    check = "--check" in sys.argv
    ok = sync(HERE / "china_official.rs", "/// Days off as runs", "// end of table", official(), check)
    ok &= sync(HERE / "lunar.rs", "/// (year, Spring Festival", "// end of table", lunar(), check)
    sys.exit(0 if ok else 1)
