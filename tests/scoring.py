# Copied from the shared scorer (../shared/eval/score.py) so that the gate runs on a fresh clone.
"""Score the project's article extraction against hand-checked expectations.

Usage (from the project root):
    python3 ../shared/eval/score.py ../shared/eval/dev [--cmd "digest-bot extract --format json"]

A case is a pair NAME.txt (the article as obtained, unedited) and NAME.json (what a
careful reader extracts). The command is run once over all NAME.txt files and must
print JSON Lines, one object per article, each with "source" (the path it was given)
and the fields "localities", "event_date", "figures", "leaders" (see the issue that
defines `digest-bot extract`). Prints a table per field and a last summary line.
Exit status: 0 when the command ran and printed a result for every case, else 1.
"""
from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

# Old-style tone placement -> new style (Hoá -> Hóa ...), so spelling variants compare equal.
_TONE_FIX = {
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}


def norm(s: str | None) -> str:
    """NFC, tone placement, case and spacing folded."""
    if not s:
        return ""
    s = unicodedata.normalize("NFC", s).lower()
    for old, new in _TONE_FIX.items():
        s = s.replace(old, new)
    s = s.replace("(ctv)", "")
    return " ".join(s.replace("-", " ").split())


def strip_brackets(s: str) -> str:
    """Drop the [elided] parts that gold titles mark, e.g. 'Bí thư Huyện ủy [Thọ Xuân]'."""
    out, depth = [], 0
    for ch in s:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


_LABEL_STOP = frozenset("của và là đạt được với cho các những trong theo so năm tháng quý đầu cuối toàn trên dưới hơn gần khoảng ước tỷ lệ".split())


def label_words(label: object) -> set[str]:
    """The content words of a figure label, folded: what the number measures."""
    if not isinstance(label, str):
        return set()
    return {w for w in norm(label).replace(",", " ").replace("(", " ").replace(")", " ").split()
            if w not in _LABEL_STOP and not any(c.isdigit() for c in w)}


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _place(s: str | None) -> str:
    """A place name folded, with the Đắk/Đăk/Đak spellings of Central Highlands names made one."""
    return " ".join("dak" if w in ("đắk", "đăk", "đak", "dak") else w for w in norm(s).split())


def loc_key(loc: dict) -> tuple[str, str]:
    return _place(loc.get("name")), _place(loc.get("province"))


def as_number(v: object) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, list) and v and isinstance(v[0], (int, float)):
        return float(v[0])
    return None


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def score_case(gold: dict, pred: dict, tally: dict) -> None:
    # Localities: district level and above, compared by (name, province).
    # A gold locality marked "evidence": "url" is not named in the text (only the page address shows it):
    # finding it counts, missing it does not.
    g_all = {loc_key(x) for x in gold.get("localities", [])}
    g_req = {loc_key(x) for x in gold.get("localities", []) if x.get("evidence") != "url"}
    p_locs = {loc_key(x) for x in pred.get("localities", []) or [] if isinstance(x, dict)}
    tally["loc_tp"] += len(g_all & p_locs)
    tally["loc_pred"] += len(p_locs)
    tally["loc_gold"] += len(g_req) + len((g_all - g_req) & p_locs)
    first = (pred.get("localities") or [None])[0]
    if g_req:
        tally["loc_primary_ok"] += int(isinstance(first, dict) and loc_key(first) in g_all)
    else:
        tally["loc_primary_ok"] += int(first is None or (isinstance(first, dict) and loc_key(first) in g_all))

    # Event date: exact day; where the article reports no single event, null or the published date is right.
    g_date, p_date = gold.get("event_date"), pred.get("event_date")
    if g_date:
        tally["date_ok"] += int(p_date == g_date)
    else:
        pub = (gold.get("published") or "")[:10]
        tally["date_ok"] += int(p_date in (None, "") or (len(pub) == 10 and p_date == pub))
    tally["date_n"] += 1

    # Figures: a predicted figure is right if its value matches a gold figure (key or not);
    # recall is over key figures only. Values are in base units (55,9 triệu đồng -> 55900000).
    gold_figs = gold.get("figures", [])
    key_vals = [as_number(f.get("value")) for f in gold_figs if f.get("key", True)]
    all_vals = [as_number(f.get("value")) for f in gold_figs]
    key_left = [v for v in key_vals if v is not None]
    any_left = [v for v in all_vals if v is not None]
    pred_figs = [f for f in pred.get("figures", []) or [] if isinstance(f, dict) and as_number(f.get("value")) is not None]
    preds = [as_number(f.get("value")) for f in pred_figs]
    # Labels: for each key figure found, does its label say what the number measures? Right when it holds at
    # least half of the gold label's content words.
    label_left = [f for f in gold_figs if f.get("key", True) and as_number(f.get("value")) is not None]
    for f in pred_figs:
        hit = next((g for g in label_left if close(as_number(g.get("value")), as_number(f.get("value")))), None)
        if hit is not None:
            label_left.remove(hit)
            want = label_words(hit.get("label"))
            if want:
                tally["label_n"] += 1
                tally["label_ok"] += int(len(want & label_words(f.get("label"))) * 2 >= len(want))
    tp_any = 0
    for v in preds:
        hit = next((g for g in any_left if close(g, v)), None)
        if hit is not None:
            any_left.remove(hit)
            tp_any += 1
    tp_key = 0
    for v in preds:
        hit = next((g for g in key_left if close(g, v)), None)
        if hit is not None:
            key_left.remove(hit)
            tp_key += 1
    tally["fig_tp_prec"] += tp_any
    tally["fig_pred"] += len(preds)
    tally["fig_tp_rec"] += tp_key
    tally["fig_gold"] += len([v for v in key_vals if v is not None])

    # Leaders: names compared after folding; bylines among predicted leaders are counted apart.
    g_lead = {norm(x["name"]): x for x in gold.get("leaders", [])}
    p_lead = {}
    for x in pred.get("leaders", []) or []:
        if isinstance(x, dict) and x.get("name"):
            p_lead[norm(x["name"])] = x
    tally["lead_tp"] += len(g_lead.keys() & p_lead.keys())
    tally["lead_pred"] += len(p_lead)
    tally["lead_gold"] += len(g_lead)
    bylines = {norm(b) for b in gold.get("bylines", [])}
    tally["byline_as_leader"] += len(bylines & p_lead.keys())
    for name in g_lead.keys() & p_lead.keys():
        p_titles = " | ".join(norm(t) for t in p_lead[name].get("titles", []) or [] if isinstance(t, str))
        for t in g_lead[name].get("titles", []):
            tally["title_n"] += 1
            tally["title_ok"] += int(norm(strip_brackets(t)) in p_titles)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", type=Path, help="folder of NAME.txt + NAME.json pairs")
    ap.add_argument("--cmd", default="digest-bot extract --format json", help="extraction command; paths are appended")
    ap.add_argument("--show", action="store_true", help="print each case's differences")
    args = ap.parse_args()

    cases = sorted(p for p in args.cases.glob("*.txt") if p.with_suffix(".json").exists())
    if not cases:
        print(f"no cases in {args.cases}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    proc = subprocess.run(shlex.split(args.cmd) + [str(p) for p in cases], capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        print(f"command failed with exit status {proc.returncode}")
        return 1
    by_source: dict[str, dict] = {}
    for line in proc.stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        src = str(Path(obj.get("source", "")).resolve()) if obj.get("source") else ""
        by_source.setdefault(src, obj)  # the first article of a file is the one scored

    tally = dict.fromkeys(
        "loc_tp loc_pred loc_gold loc_primary_ok date_ok date_n fig_tp_prec fig_pred fig_tp_rec fig_gold "
        "lead_tp lead_pred lead_gold byline_as_leader title_ok title_n label_ok label_n".split(), 0)
    missing = 0
    for case in cases:
        gold = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
        pred = by_source.get(str(case.resolve()))
        if pred is None:
            missing += 1
            pred = {}
        before = dict(tally)
        score_case(gold, pred, tally)
        if args.show:
            diff = {k: tally[k] - before[k] for k in tally if tally[k] != before[k]}
            print(f"{case.name}: {diff}")
            print("  pred localities:", [(x.get('name'), x.get('province')) for x in pred.get('localities', []) or []])
            print("  gold localities:", [(x.get('name'), x.get('province')) for x in gold.get('localities', [])])
            print("  pred date:", pred.get("event_date"), " gold:", gold.get("event_date"))
            print("  pred leaders:", [x.get('name') for x in pred.get('leaders', []) or []])
            print("  gold leaders:", [x.get('name') for x in gold.get('leaders', [])])
            print("  pred figures:", [x.get('text') or x.get('value') for x in pred.get('figures', []) or []])

    n = len(cases)
    lp, lr, lf = prf(tally["loc_tp"], tally["loc_pred"], tally["loc_gold"])
    fp, _, _ = prf(tally["fig_tp_prec"], tally["fig_pred"], tally["fig_gold"])
    _, fr, _ = prf(tally["fig_tp_rec"], tally["fig_pred"], tally["fig_gold"])
    ff = 2 * fp * fr / (fp + fr) if fp + fr else 0.0
    ep, er, ef = prf(tally["lead_tp"], tally["lead_pred"], tally["lead_gold"])
    date_acc = tally["date_ok"] / max(1, tally["date_n"])
    title_acc = tally["title_ok"] / max(1, tally["title_n"])
    print(f"cases {n}, missing results {missing}, command time {elapsed:.2f}s ({n / elapsed:.1f} cases/s incl. start-up)")
    print(f"{'field':<12}{'P':>7}{'R':>7}{'F1':>7}")
    print(f"{'locality':<12}{lp:7.2f}{lr:7.2f}{lf:7.2f}   primary right {tally['loc_primary_ok']}/{n}")
    label_acc = tally["label_ok"] / max(1, tally["label_n"])
    print(f"{'figures':<12}{fp:7.2f}{fr:7.2f}{ff:7.2f}   (recall over key figures), labels right {label_acc:.2f}")
    print(f"{'leaders':<12}{ep:7.2f}{er:7.2f}{ef:7.2f}   titles right {title_acc:.2f}, bylines taken for leaders {tally['byline_as_leader']}")
    print(f"{'event date':<12}{'':>14}{date_acc:7.2f}   (accuracy)")
    print(f"summary: locality_f1={lf:.2f} date_acc={date_acc:.2f} figures_f1={ff:.2f} leaders_f1={ef:.2f} "
          f"titles={title_acc:.2f} bylines_as_leaders={tally['byline_as_leader']} labels={label_acc:.2f} missing={missing}")
    return 0 if missing == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
