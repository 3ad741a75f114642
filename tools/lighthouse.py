"""`make lighthouse`: Lighthouse's four scores for nine pages, served as production serves them.

Lighthouse (the npm package at the version the Makefile names, which `make lighthouse`
installs in .local/lighthouse/) drives Debian's Chromium, started with the flags of
tools/chromium.py and `--headless=new`, against gunicorn (production settings, the page
cache on, a Redis of its own) behind nginx configured by `manage.py render_edge`
(bench.servers, bench.edge), on a throwaway SQLite database with the demo content. Every
page is measured with Lighthouse's mobile device (its default) and its desktop preset,
`--runs` times each, interleaved (a page's runs are spread over the whole measurement,
so that a burst of load from other people on the machine does not fall on all of them);
each figure of a row is the median of its runs. The table goes to the end of
docs/performance.md, as its section "Lighthouse"; every audit scored below 1 or that
could not run, with the elements and addresses Lighthouse names, to
.local/lighthouse/findings.md, and the reports themselves to .local/lighthouse/reports/.

The host name. Canonical and OpenGraph addresses come from the Wagtail Site, which
load_demo_content names `localhost`, port 80, so Lighthouse loads http://localhost/...,
the very addresses the pages name as canonical. Chromium's `--host-resolver-rules`
sends localhost (port 80) to nginx's port on 127.0.0.1 (and every other host name
nowhere, so nothing is fetched from outside). Mapping was chosen over changing the
Site's hostname and port in the throwaway database: the pages are measured with the
Site as the demo content makes it, nginx receives `Host: localhost` as one of its server
names, exactly as in production, and nothing needs to listen on port 80 (root's, and
perhaps taken).

Bytes transferred: the sum of `transferSize` (compressed, headers included) of every
request in Lighthouse's network-requests audit, which records the page's load only.
Lighthouse never scrolls, and its full-page screenshot (which enlarges the viewport to
the whole page, loading lazy pictures further down) is turned off, so pictures below the
fold count only where Chromium itself fetches them ahead of a scroll.

`--pages home,article` measures those pages again and keeps the other rows from the
last measurement (.local/lighthouse/results.json): for a score that looks like noise.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import urllib.error
from pathlib import Path

from tools.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / ".local" / "lighthouse"
LIGHTHOUSE = FOLDER / "node_modules" / ".bin" / "lighthouse"
RESULTS = FOLDER / "results.json"
FINDINGS = FOLDER / "findings.md"
REPORTS = FOLDER / "reports"
OUTPUT = ROOT / "docs" / "performance.md"
HEADING = "## Lighthouse"
# The host name of the demo content's Wagtail Site (demo.core.ensure_home_page).
SITE_HOST = "localhost"

PAGES = {
    "home": "/",
    "threat category": "/what-we-do/cyber/",
    "threat levels": "/threat-levels/",
    "news index": "/news/",
    "article": "/news/mi5-commemorates-ve-day-75/",
    "careers": "/careers/",
    "role": "/careers/technology-graduate-development-programme-technology-and-specialist-roles/",
    "who we are": "/who-we-are/",
    "FAQ": "/who-we-are/frequently-asked-questions/",
}
PRESETS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CATEGORY_NAMES = {
    "performance": "performance",
    "accessibility": "accessibility",
    "best-practices": "best practices",
    "seo": "SEO",
}
# The aims of the issue: 100 everywhere but mobile performance (95) and its LCP; the
# home page's weight on the mobile device.
MOBILE_PERFORMANCE_AIM = 95
MOBILE_LCP_AIM_SECONDS = 2.5
HOME_MOBILE_BYTES_AIM = 150_000
# Lighthouse 12.2.3 sometimes loses the trace with this Chromium (NO_NAVSTART, NO_FCP): a
# run it could not finish is run again, up to this many times in all.
ATTEMPTS = 3
# Items of an audit's evidence listed, at most.
EVIDENCE_ITEMS = 12


# Reading a report ------------------------------------------------------------------


def network_requests(report):
    return report["audits"]["network-requests"]["details"]["items"]


def figures(report):
    """What a row shows of one Lighthouse JSON report: the four scores (0-100), LCP in
    seconds, bytes transferred and the number of requests."""
    if report.get("runtimeError"):
        error = report["runtimeError"]
        raise ValueError(f"Lighthouse could not measure the page: {error.get('message', error)}")
    scores = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        if score is None:
            raise ValueError(f"Lighthouse gave no {category} score.")
        scores[category] = round(score * 100)
    requests = network_requests(report)
    return {
        "scores": scores,
        "lcp": report["audits"]["largest-contentful-paint"]["numericValue"] / 1000,
        "bytes": sum(request.get("transferSize") or 0 for request in requests),
        "requests": len(requests),
        "other_hosts": sorted(
            {
                request["url"]
                for request in requests
                if not request["url"].startswith(("data:", f"http://{SITE_HOST}/"))
            }
        ),
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
    }


def _node_text(node):
    label = node.get("selector") or node.get("path") or ""
    snippet = " ".join((node.get("snippet") or "").split())
    if len(snippet) > 200:
        snippet = snippet[:200] + "…"
    return f"`{label}` {snippet}".strip()


def _item_text(item):
    """One line for an item of an audit's details: the element, address or message it
    names, and what it would save."""
    parts = []
    if isinstance(item.get("node"), dict):
        parts.append(_node_text(item["node"]))
        explanation = item["node"].get("explanation")
        if explanation:
            parts.append(" ".join(explanation.split())[:300])
    for key in ("url", "description", "label", "value"):
        value = item.get(key)
        if isinstance(value, str) and value:
            parts.append(value if key != "url" else f"<{value}>")
        elif isinstance(value, dict) and value.get("type") == "node":
            parts.append(_node_text(value))
    source = item.get("source")
    if isinstance(source, dict) and source.get("url"):
        parts.append(f"at <{source['url']}>:{source.get('line', '?')}")
    for key, text in (
        ("wastedBytes", "could save {:.0f} B"),
        ("wastedMs", "could save {:.0f} ms"),
        ("totalBytes", "of {:.0f} B"),
    ):
        if isinstance(item.get(key), int | float) and item[key]:
            parts.append(text.format(item[key]))
    if isinstance(item.get("cacheLifetimeMs"), int | float):
        parts.append(f"cache lifetime {item['cacheLifetimeMs'] / 1000:.0f} s")
    sub = (item.get("subItems") or {}).get("items") or []
    parts.extend(_item_text(subitem) for subitem in sub[:3])
    return "; ".join(part for part in parts if part)


def evidence(audit):
    """Lines naming what an audit found: one for each of its items, at most
    EVIDENCE_ITEMS."""
    details = audit.get("details") or {}
    items = details.get("items") or []
    lines = [text for text in (_item_text(item) for item in items[:EVIDENCE_ITEMS]) if text]
    if len(items) > EVIDENCE_ITEMS:
        lines.append(f"… and {len(items) - EVIDENCE_ITEMS} more")
    return lines


def findings(report):
    """The audits of each category scored below 1, and those Lighthouse could not run (an
    error counts as 0 in an audit that carries a weight), the weighted ones first. In
    performance only the metrics carry a weight; the others are listed for what they
    name."""
    found = []
    audits = report["audits"]
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            mode = audit.get("scoreDisplayMode")
            if mode == "error":
                status = f"error: {audit.get('errorMessage', '')}"[:300]
            elif audit.get("score") is not None and audit["score"] < 1:
                status = f"score {audit['score']:.2f}"
            else:
                continue
            found.append(
                {
                    "category": category,
                    "id": ref["id"],
                    "weight": ref.get("weight", 0),
                    "title": audit.get("title", ref["id"]),
                    "status": status,
                    "display": audit.get("displayValue", ""),
                    "error": (audit.get("errorMessage") or "error") if mode == "error" else "",
                    "evidence": evidence(audit),
                }
            )
    return sorted(found, key=lambda item: (CATEGORIES.index(item["category"]), -item["weight"]))


# Rows ------------------------------------------------------------------------------


def median_row(runs):
    """A row's figures from its runs, each figure the median of the runs; with an even
    number of runs, the worse of the middle two. Also the spread of the performance
    score and LCP."""
    if not runs:
        raise ValueError("A row needs at least one run.")
    scores = {
        category: statistics.median_low(run["scores"][category] for run in runs)
        for category in CATEGORIES
    }
    lcps = [run["lcp"] for run in runs]
    performance = [run["scores"]["performance"] for run in runs]
    return {
        "scores": scores,
        "lcp": statistics.median_high(lcps),
        "bytes": statistics.median_high(run["bytes"] for run in runs),
        "requests": statistics.median_high(run["requests"] for run in runs),
        "performance_range": (min(performance), max(performance)),
        "lcp_range": (min(lcps), max(lcps)),
        "other_hosts": sorted({url for run in runs for url in run.get("other_hosts", [])}),
        "runs": len(runs),
    }


def misses(page, preset, row):
    """What of a median row falls short of the issue's aims, by column."""
    missed = set()
    for category in ("accessibility", "best-practices", "seo"):
        if row["scores"][category] < 100:
            missed.add(category)
    performance_aim = MOBILE_PERFORMANCE_AIM if preset == "mobile" else 100
    if row["scores"]["performance"] < performance_aim:
        missed.add("performance")
    if preset == "mobile" and row["lcp"] > MOBILE_LCP_AIM_SECONDS:
        missed.add("lcp")
    if page == "home" and preset == "mobile" and row["bytes"] > HOME_MOBILE_BYTES_AIM:
        missed.add("bytes")
    return missed


def _spread(value, low, high, fmt):
    text = fmt.format(value)
    if fmt.format(low) != fmt.format(high):
        text += f" ({fmt.format(low)}–{fmt.format(high)})"
    return text


def table(rows):
    """The Markdown table: `rows` as (page, path, preset, median row), in order."""
    lines = [
        "| page | preset | performance | accessibility | best practices | SEO | LCP s | "
        "transferred kB | requests |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, path, preset, row in rows:
        missed = misses(page, preset, row)

        def mark(column, text, missed=missed):
            return text + (" ⚠" if column in missed else "")

        performance = _spread(row["scores"]["performance"], *row["performance_range"], "{}")
        lcp = _spread(row["lcp"], *row["lcp_range"], "{:.2f}")
        cells = [
            f"{page} `{path}`",
            preset,
            mark("performance", performance),
            *(
                mark(category, str(row["scores"][category]))
                for category in ("accessibility", "best-practices", "seo")
            ),
            mark("lcp", lcp),
            mark("bytes", f"{row['bytes'] / 1000:.1f}"),
            str(row["requests"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def rows_text(labels, every_row):
    """Where an audit fell short: "every page, both presets", "every page on mobile", or
    the rows themselves."""
    measured_presets = {preset for _page, preset in every_row}
    if set(labels) == set(every_row) and len(measured_presets) > 1:
        return "every page, both presets"
    for preset in measured_presets:
        if set(labels) == {row for row in every_row if row[1] == preset}:
            return f"every page on {preset}"
    return ", ".join(f"{page} ({preset})" for page, preset in labels)


def below_full(rows_findings):
    """(scored below 1, could not run): a line for each audit, naming the rows it fell
    short in. `rows_findings`: (page, preset, findings) of every row."""
    where = {}
    for page, preset, found in rows_findings:
        for finding in found:
            key = (finding["category"], finding["id"])
            seen = where.setdefault(key, {**finding, "rows": []})
            if (page, preset) not in seen["rows"]:
                seen["rows"].append((page, preset))
    every_row = [(page, preset) for page, preset, _found in rows_findings]
    scored, errors = [], []
    for (category, audit_id), seen in sorted(
        where.items(), key=lambda entry: (CATEGORIES.index(entry[0][0]), entry[0][1])
    ):
        weight = f", weight {seen['weight']}" if seen.get("weight") else ""
        line = (
            f"- {CATEGORY_NAMES[category]}: `{audit_id}` ({seen['title']}{weight}): "
            + rows_text(seen["rows"], every_row)
        )
        if seen.get("error"):
            errors.append(f"{line}; {' '.join(seen['error'].split())[:200]}")
        else:
            scored.append(line)
    return scored, errors


def section(rows, rows_findings, about):
    """The section "Lighthouse" of docs/performance.md. `about`: when and with what."""
    scored, errors = below_full(rows_findings)
    lines = [
        HEADING,
        "",
        f"Measured by `make lighthouse` {about['when']}, {about['machine']}: Lighthouse "
        f"{about['lighthouse']} with Debian's {about['chromium']} (headless, the flags of "
        "tools/chromium.py), against gunicorn (2 sync workers, production settings, the "
        "page cache on, a Redis of its own) behind nginx as `manage.py render_edge` "
        "configures it, on SQLite with the demo content. Pages are loaded at "
        f"http://{SITE_HOST}/..., the Site's own host name, so their canonical links match "
        "(Chromium's `--host-resolver-rules` sends it to nginx's port). Mobile: "
        "Lighthouse's default device (simulated slow 4G, 4× CPU slowdown); desktop: "
        f"`--preset=desktop`. Each figure: the median of {about['runs']} runs, the runs of "
        "the pages interleaved; the performance score and LCP show the lowest and highest "
        "run where they differ. Transferred: the sum of every request's compressed size "
        "(headers included) in Lighthouse's network requests of the load, without any "
        "scroll (full-page screenshot off). Lighthouse's benchmark index of the machine "
        f"during the runs: {about['benchmark']}. The machine is shared and its 2 cores "
        "busy with other work at times, so the performance figures are noisy: this is no "
        "CI gate, run it before resolving a change that could move them.",
        "",
        f"Aims: accessibility, best practices and SEO 100; performance 100 on desktop and "
        f"at least {MOBILE_PERFORMANCE_AIM} on mobile, with LCP ≤ {MOBILE_LCP_AIM_SECONDS} s; "
        f"the home page at most {HOME_MOBILE_BYTES_AIM // 1000} kB "
        f"({HOME_MOBILE_BYTES_AIM:,} bytes) on mobile. A ⚠ marks a figure short of its aim.",
        "",
        *table(rows),
        "",
    ]
    if scored:
        lines += [
            "Audits scored below 1 in at least one run (only the metrics, which carry a "
            "weight, count in the performance score; the elements and addresses Lighthouse "
            "names are in .local/lighthouse/findings.md after a run):",
            "",
            *scored,
            "",
        ]
    else:
        lines += ["No audit scored below 1 in any run.", ""]
    if errors:
        lines += [
            "Audits Lighthouse could not run (an error, which counts as 0 only in an audit "
            "that carries a weight):",
            "",
            *errors,
            "",
        ]
    return "\n".join(lines)


def with_section(text, new_section):
    """`text` with its section "Lighthouse" (from its heading to the next heading of its
    level) replaced by `new_section`, or, without one, `new_section` added at the end."""
    heading = re.search(rf"^{re.escape(HEADING)}$", text, re.MULTILINE)
    if heading is None:
        before, after = text, ""
    else:
        following = re.search(r"^## ", text[heading.end() :], re.MULTILINE)
        before = text[: heading.start()]
        after = text[heading.end() + following.start() :] if following else ""
    parts = [before.rstrip("\n"), new_section.strip("\n"), after.strip("\n")]
    return "\n\n".join(part for part in parts if part) + "\n"


def findings_text(rows_findings):
    """Every audit below 1 or that could not run, per row, with Lighthouse's evidence
    (deduplicated over the row's runs)."""
    lines = ["# Lighthouse: audits below 1", ""]
    for page, preset, found in rows_findings:
        lines.append(f"## {page} ({preset}): {PAGES[page]}")
        lines.append("")
        if not found:
            lines += ["Nothing below 1.", ""]
            continue
        for finding in found:
            weight = f", weight {finding['weight']}" if finding["weight"] else ""
            display = f", {finding['display']}" if finding["display"] else ""
            lines.append(
                f"- {CATEGORY_NAMES[finding['category']]}: `{finding['id']}` "
                f"{finding['title']} ({finding['status']}{weight}{display})"
            )
            lines.extend(f"    - {line}" for line in finding["evidence"])
        lines.append("")
    return "\n".join(lines)


def merge_findings(per_run):
    """One row's findings over its runs: each audit once, with its evidence from every run
    it appeared in, and the number of runs it cost a point in."""
    merged = {}
    for found in per_run:
        for finding in found:
            key = (finding["category"], finding["id"])
            if key not in merged:
                merged[key] = {**finding, "evidence": list(finding["evidence"]), "runs": 0}
            else:
                for line in finding["evidence"]:
                    if line not in merged[key]["evidence"]:
                        merged[key]["evidence"].append(line)
            merged[key]["runs"] += 1
    for finding in merged.values():
        finding["status"] += f", in {finding['runs']} of {len(per_run)} runs"
    return sorted(
        merged.values(),
        key=lambda item: (CATEGORIES.index(item["category"]), -item["weight"], item["id"]),
    )


# Running ---------------------------------------------------------------------------


def chrome_flags(port):
    rules = f"MAP {SITE_HOST} 127.0.0.1:{port},MAP * ~NOTFOUND"
    return " ".join([*CHROMIUM_ARGS, "--headless=new", f'--host-resolver-rules="{rules}"'])


def lighthouse(path, preset, port, output):
    """One Lighthouse run; its JSON report."""
    args = [
        str(LIGHTHOUSE),
        f"http://{SITE_HOST}{path}",
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--disable-full-page-screenshot",
        f"--chrome-flags={chrome_flags(port)}",
    ]
    if preset == "desktop":
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    for attempt in range(1, ATTEMPTS + 1):
        result = subprocess.run(  # noqa: S603 - our own arguments
            args, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        if result.returncode == 0 and output.exists():
            report = json.loads(output.read_text())
            if not report.get("runtimeError"):
                return report
            problem = report["runtimeError"]
        else:
            problem = result.stderr[-2000:]
        print(f"  Lighthouse failed on {path} ({preset}), attempt {attempt}: {problem}")
    raise RuntimeError(f"Lighthouse could not measure {path} ({preset}).")


def chromium_version():
    result = subprocess.run(  # noqa: S603 - our own arguments
        [str(CHROMIUM), "--version"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "Chromium"


def check_pages(url, pages):
    """Each page answers 200 through nginx (and is then in the page cache, as pages
    visitors ask for are)."""
    from bench.edge import get

    for name in pages:
        try:
            status = get(url + PAGES[name])[0]
        except (urllib.error.URLError, OSError) as error:
            status = error
        if status != 200:
            sys.exit(f"{name} ({PAGES[name]}) answered {status}: is the demo content changed?")


def serve_and_measure(pages, presets, runs):
    """{(page, preset): [(figures, findings) per run]} measured against a fresh site."""
    from bench.edge import Edge
    from bench.redis_server import RedisServer
    from bench.run import portal_env
    from bench.servers import PYTHON, Server, run

    workdir = Path(tempfile.mkdtemp(prefix="portal-lighthouse-"))
    measured = {(page, preset): [] for page in pages for preset in presets}
    try:
        with RedisServer(workdir) as redis:
            env = portal_env(workdir, workdir / "portal.sqlite3", 300, redis.url)
            print("Setting up a throwaway site (migrate, collectstatic, demo content)...")
            for command in (
                ["migrate", "--noinput"],
                ["collectstatic", "--noinput"],
                ["load_demo_content"],
            ):
                run([PYTHON, "manage.py", *command, "-v0"], env)
            with (
                Server("portal.wsgi:application", env) as server,
                Edge(server.url, env, workdir / "edge") as edge,
            ):
                check_pages(edge.url, pages)
                REPORTS.mkdir(parents=True, exist_ok=True)
                total, done = len(measured) * runs, 0
                for number in range(1, runs + 1):
                    for page in pages:
                        for preset in presets:
                            done += 1
                            output = REPORTS / f"{slug(page)}-{preset}-{number}.json"
                            report = lighthouse(PAGES[page], preset, edge.port, output)
                            got = figures(report)
                            measured[(page, preset)].append((got, findings(report)))
                            print(
                                f"  [{done}/{total}] {page} ({preset}) run {number}: "
                                + ", ".join(f"{k} {v}" for k, v in got["scores"].items())
                                + f", LCP {got['lcp']:.2f} s, {got['bytes']} B"
                            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return measured


def slug(name):
    return name.lower().replace(" ", "-")


def load_results():
    if RESULTS.exists():
        return json.loads(RESULTS.read_text())
    return {"rows": {}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page and preset (median)")
    parser.add_argument(
        "--pages",
        help=f"comma-separated, of: {', '.join(PAGES)} (default all); the other rows are "
        "kept from the last measurement",
    )
    parser.add_argument("--presets", default=",".join(PRESETS), help="mobile,desktop")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args()
    pages = args.pages.split(",") if args.pages else list(PAGES)
    presets = args.presets.split(",")
    unknown = [page for page in pages if page not in PAGES]
    unknown += [preset for preset in presets if preset not in PRESETS]
    if unknown:
        parser.error(f"unknown: {', '.join(unknown)}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed in {FOLDER}: run `make lighthouse`.")
    if not CHROMIUM.exists():
        sys.exit(f"Lighthouse needs Chromium at {CHROMIUM} (apt-get install -y chromium).")

    # Stopped from outside, still stop the servers started (the `with` blocks' exits).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Stopped."))
    measured = serve_and_measure(pages, presets, args.runs)
    lighthouse_version = json.loads(
        (FOLDER / "node_modules" / "lighthouse" / "package.json").read_text()
    )["version"]
    results = load_results()
    today = datetime.date.today().isoformat()
    for (page, preset), runs in measured.items():
        results["rows"][f"{page}|{preset}"] = {
            "date": today,
            "runs": [got for got, _found in runs],
            "findings": merge_findings([found for _got, found in runs]),
        }
    from bench.run import machine

    results["about"] = {
        "machine": machine(),
        "lighthouse": lighthouse_version,
        "chromium": chromium_version(),
    }
    RESULTS.write_text(json.dumps(results, indent=1))
    write(results, Path(args.output))


def write(results, output):
    """The section in `output` and the findings file, from every row measured so far."""
    rows, rows_findings, dates, benchmark, runs = [], [], set(), [], set()
    for page, path in PAGES.items():
        for preset in PRESETS:
            stored = results["rows"].get(f"{page}|{preset}")
            if stored is None:
                continue
            row = median_row(stored["runs"])
            rows.append((page, path, preset, row))
            rows_findings.append((page, preset, stored["findings"]))
            dates.add(stored["date"])
            runs.add(row["runs"])
            benchmark += [run["benchmark_index"] for run in stored["runs"]]
            for url in row["other_hosts"]:
                print(f"⚠ {page} ({preset}) asked for {url}, not on the site itself")
    days = sorted(datetime.date.fromisoformat(day) for day in dates)
    when = f"on {days[0]:%-d %B %Y}"
    if len(days) > 1:
        when = f"between {days[0]:%-d %B %Y} and {days[-1]:%-d %B %Y}"
    indexes = [index for index in benchmark if index]
    about = {
        **results["about"],
        "when": when,
        "runs": "/".join(str(count) for count in sorted(runs)),
        "benchmark": f"{min(indexes):.0f}–{max(indexes):.0f}" if indexes else "unknown",
    }
    text = section(rows, rows_findings, about)
    before = output.read_text() if output.exists() else ""
    output.write_text(with_section(before, text))
    FINDINGS.write_text(findings_text(rows_findings))
    print(text)
    print(f"Every audit below 1, with Lighthouse's evidence: {FINDINGS}")


if __name__ == "__main__":
    main()
