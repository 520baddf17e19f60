#!/usr/bin/env python3
"""A council of about 2,000 after a recruitment drive, for `swr forecast
--backtest` (README, "swr forecast"): people leave at rates that fall with
length of service (<1 year 40% a year, 1-2 25%, 2-5 15%, 5-10 10%, 10+ 6%),
leavers are replaced month by month from 2005, and in the six months to
30/09/2024 an extra 100 a month are recruited. The backtest from 30/09/2024
to 30/09/2025 then sets one flat rate against the bands.

    bench/forecast_drive.py OUT_DIR [SEED]
"""
import calendar, csv, datetime, os, random, sys

out = sys.argv[1]
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
RATES = [(1, 0.40), (2, 0.25), (5, 0.15), (10, 0.10), (None, 0.06)]
DIRS = ["Adults", "Children", "Mental Health", "Older People"]

def years(start, day):
    y = day.year - start.year
    if (day.month, day.day) < (start.month, start.day):
        y -= 1
    return y

def hazard(start, day):
    s = years(start, day)
    for to, r in RATES:
        if to is None or s < to:
            return 1 - (1 - r) ** (1 / 12)

def month_end(y, m):
    return datetime.date(y, m, calendar.monthrange(y, m)[1])

people, n = [], 0
def hire(y, m):
    global n
    n += 1
    start = datetime.date(y, m, rng.randint(1, 28))
    people.append({"id": f"E{n:06d}", "dir": rng.choice(DIRS), "fte": rng.choice([1, 1, 1, 0.5]),
                   "start": start, "leave": None})

for _ in range(2000):
    hire(2005, 1)
y, m = 2005, 1
while (y, m) <= (2025, 9):
    end = month_end(y, m)
    left = 0
    for p in people:
        if p["leave"] is None and p["start"] <= end and rng.random() < hazard(p["start"], end):
            first = p["start"].day + 1 if (p["start"].year, p["start"].month) == (y, m) else 1
            p["leave"] = datetime.date(y, m, rng.randint(min(first, end.day), end.day))
            left += 1
    drive = 100 if (2024, 4) <= (y, m) <= (2024, 9) else 0
    for _ in range(left + drive):
        hire(y, m)
    y, m = (y, m + 1) if m < 12 else (y + 1, 1)

as_of = datetime.date(2025, 9, 30)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "payroll.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["employee_id", "directorate", "job_title", "fte", "start_date"])
    for p in people:
        if p["leave"] is None or p["leave"] > as_of:
            w.writerow([p["id"], p["dir"], "Social Worker", p["fte"], p["start"]])
with open(os.path.join(out, "leavers.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["employee_id", "directorate", "job_title", "fte", "start_date", "leave_date", "reason"])
    for p in people:
        if p["leave"] is not None and p["leave"] <= as_of and p["leave"] >= datetime.date(2015, 1, 1):
            w.writerow([p["id"], p["dir"], "Social Worker", p["fte"], p["start"], p["leave"], "Resignation"])
with open(os.path.join(out, "establishment.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["directorate", "job_title", "fte"])
    for d in DIRS:
        w.writerow([d, "Social Worker", 700])
