"""Benchmark peer: forecasts the Java forecast evaluation's windows with statsforecast.

Usage: python statsforecast_peer.py WINDOWS_CSV OUT_CSV [--models AutoETS,AutoARIMA,AutoTheta,MSTL,SeasonalNaive]

WINDOWS_CSV: header `window,group,period,horizon,values...`, then one ragged row per window.
OUT_CSV: header `window,method,kind,v1..vH`; five rows (mean, lo80, hi80, lo95, hi95) per window
and method. Times per method go to stderr and to `<OUT_CSV minus .csv>-times.csv`.
"""
import argparse
import csv
import sys
import time
from collections import defaultdict

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import MSTL, AutoARIMA, AutoETS, AutoTheta, SeasonalNaive

ALL_MODELS = ["AutoETS", "AutoARIMA", "AutoTheta", "MSTL", "SeasonalNaive"]
LEVELS = [80, 95]
KINDS = [("mean", ""), ("lo80", "-lo-80"), ("hi80", "-hi-80"), ("lo95", "-lo-95"), ("hi95", "-hi-95")]
KEY_ORDER = {}  # model name -> the order of its forecast's keys (mean, lo-95, ...), set by warm_up


class CountingSeasonalNaive(SeasonalNaive):
    """statsforecast's fallback model, counting how often it stands in for a failed model.

    statsforecast labels the interval columns after one window's keys but fills them by position,
    and SeasonalNaive orders its keys unlike AutoETS, AutoARIMA or MSTL: so its answer is put in
    the failed model's key order, or a fallen-back window's lo/hi columns would be swapped.
    """

    def __init__(self, season_length, keys):
        super().__init__(season_length=season_length)
        self.keys = keys
        self.calls = 0

    def forecast(self, *args, **kwargs):
        self.calls += 1
        res = super().forecast(*args, **kwargs)
        first = [k for k in self.keys if k in res]
        return {**{k: res[k] for k in first}, **{k: v for k, v in res.items() if k not in first}}


def read_windows(path):
    windows = []
    with open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows)  # header
        for row in rows:
            if not row:
                continue
            values = np.array([float(v) for v in row[4:] if v.strip() != ""], dtype=np.float64)
            windows.append({"id": row[0], "group": row[1], "period": int(row[2]),
                            "horizon": int(row[3]), "values": values})
    return windows


def mstl_seasons(period, n):
    """MSTL's season lengths for a window, or None where MSTL is not run (period 1)."""
    if period <= 1:
        return None
    if period == 24 and n >= 2 * 168:
        return [period, 7 * period]
    return [period]


def make_model(name, period, seasons=None):
    if name == "AutoETS":
        return AutoETS(season_length=period)
    if name == "AutoARIMA":
        return AutoARIMA(season_length=period)
    if name == "AutoTheta":
        return AutoTheta(season_length=period)
    if name == "SeasonalNaive":
        return SeasonalNaive(season_length=period)
    if name == "MSTL":
        return MSTL(season_length=seasons, trend_forecaster=AutoETS(model="ZZN"))
    raise ValueError(f"unknown model {name}")


def forecast_batch(name, windows, period, horizon, seasons):
    """One StatsForecast run of one model on windows sharing period, horizon (and MSTL seasons)."""
    fallback = CountingSeasonalNaive(period, KEY_ORDER.get(name, []))
    sf = StatsForecast(models=[make_model(name, period, seasons)], freq=1, n_jobs=1,
                       fallback_model=fallback)
    df = pd.DataFrame({
        "unique_id": np.concatenate([[w["id"]] * len(w["values"]) for w in windows]),
        "ds": np.concatenate([np.arange(1, len(w["values"]) + 1) for w in windows]),
        "y": np.concatenate([w["values"] for w in windows]),
    })
    start = time.perf_counter()
    fc = sf.forecast(df=df, h=horizon, level=LEVELS)
    seconds = time.perf_counter() - start
    if "unique_id" not in fc.columns:
        fc = fc.reset_index()
    rows = []
    for wid, part in fc.groupby("unique_id", sort=False):
        part = part.sort_values("ds")
        for kind, suffix in KINDS:
            rows.append([wid, "sf:" + name, kind] + [repr(float(v)) for v in part[name + suffix]])
    return rows, seconds, fallback.calls


def warm_up(names):
    # Numba (statsforecast 1.x) compiles on first use; statsforecast 2.x has a compiled C++ core
    # instead, but its first calls still pay for lazy set-up. So every model forecasts once, not
    # timed, on a small synthetic series (which also gives its key order), before anything is timed.
    rng = np.random.default_rng(0)
    t = np.arange(240)
    y = 100 + 10 * np.sin(2 * np.pi * t / 24) + rng.normal(0, 1, t.size)
    for name in names:
        res = make_model(name, 24, [24]).forecast(y=y, h=48, level=LEVELS)
        KEY_ORDER[name] = list(res)
    forecast_batch("SeasonalNaive", [{"id": "warm-up", "values": y}], 24, 48, None)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("windows_csv")
    ap.add_argument("out_csv")
    ap.add_argument("--models", default=",".join(ALL_MODELS))
    args = ap.parse_args()
    names = [m.strip() for m in args.models.split(",") if m.strip()]
    for name in names:
        if name not in ALL_MODELS:
            sys.exit(f"unknown model {name}; known: {','.join(ALL_MODELS)}")

    windows = read_windows(args.windows_csv)
    groups = defaultdict(list)
    for w in windows:
        groups[(w["period"], w["horizon"])].append(w)

    warm_up(names)
    out_rows = []
    times = []
    for name in names:
        seconds, count, fell_back = 0.0, 0, 0
        for (period, horizon), ws in groups.items():
            batches = defaultdict(list)  # MSTL's seasons may differ by window length
            for w in ws:
                seasons = mstl_seasons(period, len(w["values"])) if name == "MSTL" else None
                if name == "MSTL" and seasons is None:
                    continue  # MSTL needs a season > 1: nothing for period-1 windows
                batches[tuple(seasons) if seasons else None].append(w)
            for seasons, batch in batches.items():
                rows, s, fb = forecast_batch(name, batch, period, horizon,
                                             list(seasons) if seasons else None)
                out_rows.extend(rows)
                seconds += s
                count += len(batch)
                fell_back += fb
        times.append(("sf:" + name, count, seconds, fell_back))
        print(f"sf:{name} done: {seconds:.3f} s", file=sys.stderr, flush=True)

    horizon_max = max((len(r) - 3 for r in out_rows), default=0)
    with open(args.out_csv, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["window", "method", "kind"] + [f"v{i}" for i in range(1, horizon_max + 1)])
        out.writerows(out_rows)
    base = args.out_csv[:-4] if args.out_csv.endswith(".csv") else args.out_csv
    with open(base + "-times.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["method", "windows", "seconds"])
        for method, count, seconds, _ in times:
            out.writerow([method, count, f"{seconds:.3f}"])
    for method, count, seconds, fell_back in times:
        print(f"{method}: {seconds:.3f} s for {count} windows, {fell_back} fell back to SeasonalNaive",
              file=sys.stderr)


if __name__ == "__main__":
    main()
