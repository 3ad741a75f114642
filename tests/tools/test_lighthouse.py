"""`make lighthouse`'s reading of Lighthouse's reports and the section it writes (Lighthouse
itself is not run here)."""

import pytest

from tools import lighthouse
from tools.chromium import CHROMIUM_ARGS


def report(
    scores=(1, 1, 1, 1), lcp_ms=1200.0, requests=None, audits=None, refs=None, runtime_error=None
):
    """A Lighthouse JSON report, as small as the runner's reading of it allows."""
    requests = requests or [
        {"url": "http://localhost/", "transferSize": 15000},
        {"url": "http://localhost/static/css/site.css", "transferSize": 6000},
    ]
    found = {
        "largest-contentful-paint": {"numericValue": lcp_ms, "score": 1},
        "network-requests": {"details": {"items": requests}},
        **(audits or {}),
    }
    categories = {}
    for category, score in zip(lighthouse.CATEGORIES, scores, strict=True):
        categories[category] = {"score": score, "auditRefs": (refs or {}).get(category, [])}
    data = {"categories": categories, "audits": found, "environment": {"benchmarkIndex": 2500}}
    if runtime_error:
        data["runtimeError"] = runtime_error
    return data


def run_figures(performance=100, accessibility=100, lcp=1.0, transferred=50_000, requests=10):
    return {
        "scores": {
            "performance": performance,
            "accessibility": accessibility,
            "best-practices": 100,
            "seo": 100,
        },
        "lcp": lcp,
        "bytes": transferred,
        "requests": requests,
        "other_hosts": [],
        "benchmark_index": 2500,
    }


def test_figures_reads_scores_lcp_and_bytes_of_every_request():
    got = lighthouse.figures(
        report(
            scores=(0.97, 1, 0.96, 1),
            lcp_ms=2345.0,
            requests=[
                {"url": "http://localhost/", "transferSize": 15000},
                {"url": "http://localhost/media/images/a.webp", "transferSize": 4000},
                {"url": "data:image/svg+xml,<svg/>"},  # no size: nothing on the wire
            ],
        )
    )

    assert got["scores"] == {
        "performance": 97,
        "accessibility": 100,
        "best-practices": 96,
        "seo": 100,
    }
    assert got["lcp"] == pytest.approx(2.345)
    assert got["bytes"] == 19000
    assert got["requests"] == 3
    assert got["other_hosts"] == []


def test_figures_names_requests_to_other_hosts():
    got = lighthouse.figures(
        report(
            requests=[
                {"url": "http://localhost/", "transferSize": 15000},
                {"url": "https://fonts.example.net/a.woff2", "transferSize": 0},
                {"url": "http://localhost.example.net/x.js", "transferSize": 0},
            ]
        )
    )

    assert got["other_hosts"] == [
        "http://localhost.example.net/x.js",
        "https://fonts.example.net/a.woff2",
    ]


def test_figures_refuses_a_report_lighthouse_could_not_finish():
    with pytest.raises(ValueError, match="could not measure"):
        lighthouse.figures(report(runtime_error={"code": "NO_FCP", "message": "No paint"}))
    with pytest.raises(ValueError, match="no seo score"):
        lighthouse.figures(report(scores=(1, 1, 1, None)))


def test_findings_lists_audits_below_1_and_errors_with_their_evidence():
    audits = {
        "color-contrast": {
            "title": "Contrast",
            "score": 0,
            "scoreDisplayMode": "binary",
            "details": {
                "items": [
                    {
                        "node": {
                            "selector": "footer > p.small",
                            "snippet": '<p class="small">\n  Crown copyright</p>',
                            "explanation": "Fix any of the following:\n  contrast of 3.1",
                        }
                    }
                ]
            },
        },
        "image-alt": {"title": "Alt", "score": 1, "scoreDisplayMode": "binary"},
        "tap-targets": {"title": "Tap", "score": None, "scoreDisplayMode": "notApplicable"},
        "uses-text-compression": {
            "title": "Compress",
            "score": 0,
            "scoreDisplayMode": "metricSavings",
            "displayValue": "Potential savings of 10 KiB",
            "details": {
                "items": [{"url": "http://localhost/", "wastedBytes": 10180, "totalBytes": 14107}]
            },
        },
        "layout-shifts": {
            "title": "Shifts",
            "score": None,
            "scoreDisplayMode": "error",
            "errorMessage": "frame_sequence",
        },
    }
    refs = {
        "accessibility": [
            {"id": "color-contrast", "weight": 7},
            {"id": "image-alt", "weight": 10},
            {"id": "tap-targets", "weight": 0},
        ],
        "performance": [
            {"id": "uses-text-compression", "weight": 0},
            {"id": "layout-shifts", "weight": 0},
        ],
    }

    found = lighthouse.findings(report(audits=audits, refs=refs))

    assert [(item["category"], item["id"]) for item in found] == [
        ("performance", "uses-text-compression"),
        ("performance", "layout-shifts"),
        ("accessibility", "color-contrast"),
    ]
    contrast = found[2]
    assert contrast["status"] == "score 0.00"
    assert contrast["evidence"] == [
        '`footer > p.small` <p class="small"> Crown copyright</p>; '
        "Fix any of the following: contrast of 3.1"
    ]
    assert found[0]["evidence"] == ["<http://localhost/>; could save 10180 B; of 14107 B"]
    assert found[1]["status"].startswith("error: frame_sequence")
    assert found[1]["error"] == "frame_sequence"
    assert found[0]["error"] == ""


def test_evidence_is_cut_to_a_readable_length():
    items = [{"url": f"http://localhost/{number}"} for number in range(20)]

    lines = lighthouse.evidence({"details": {"items": items}})

    assert len(lines) == lighthouse.EVIDENCE_ITEMS + 1
    assert lines[-1] == f"… and {20 - lighthouse.EVIDENCE_ITEMS} more"


def test_merge_findings_keeps_each_audit_once_and_counts_its_runs():
    first = {
        "category": "seo",
        "id": "link-text",
        "weight": 1,
        "title": "Links",
        "status": "score 0.00",
        "display": "",
        "evidence": ["`a.more` Read more"],
    }
    second = {**first, "evidence": ["`a.more` Read more", "`a.next` More"]}

    merged = lighthouse.merge_findings([[first], [second], []])

    assert len(merged) == 1
    assert merged[0]["evidence"] == ["`a.more` Read more", "`a.next` More"]
    assert merged[0]["status"] == "score 0.00, in 2 of 3 runs"


def test_median_row_takes_each_figure_from_the_middle_run():
    runs = [
        run_figures(performance=99, lcp=1.9, transferred=60_000),
        run_figures(performance=100, lcp=1.2, transferred=58_000),
        run_figures(performance=91, lcp=3.1, transferred=59_000),
    ]

    row = lighthouse.median_row(runs)

    assert row["scores"]["performance"] == 99
    assert row["lcp"] == 1.9
    assert row["bytes"] == 59_000
    assert row["performance_range"] == (91, 100)
    assert row["lcp_range"] == (1.2, 3.1)
    assert row["runs"] == 3


def test_median_row_of_an_even_number_of_runs_takes_the_worse_middle_one():
    runs = [run_figures(performance=98, lcp=1.5), run_figures(performance=100, lcp=2.0)]

    row = lighthouse.median_row(runs)

    assert row["scores"]["performance"] == 98
    assert row["lcp"] == 2.0


def test_median_row_needs_a_run():
    with pytest.raises(ValueError):
        lighthouse.median_row([])


def test_misses_follow_the_aims_of_each_preset():
    row = lighthouse.median_row
    assert lighthouse.misses("news index", "mobile", row([run_figures(performance=95)])) == set()
    assert lighthouse.misses("news index", "mobile", row([run_figures(performance=94)])) == {
        "performance"
    }
    assert lighthouse.misses("news index", "desktop", row([run_figures(performance=99)])) == {
        "performance"
    }
    assert lighthouse.misses("news index", "mobile", row([run_figures(lcp=2.51)])) == {"lcp"}
    assert lighthouse.misses("news index", "desktop", row([run_figures(lcp=2.51)])) == set()
    assert lighthouse.misses("FAQ", "desktop", row([run_figures(accessibility=99)])) == {
        "accessibility"
    }
    heavy = row([run_figures(transferred=150_001)])
    assert lighthouse.misses("home", "mobile", heavy) == {"bytes"}
    assert lighthouse.misses("home", "desktop", heavy) == set()
    assert lighthouse.misses("article", "mobile", heavy) == set()
    assert lighthouse.misses("home", "mobile", row([run_figures(transferred=150_000)])) == set()


def test_table_marks_what_misses_an_aim_and_shows_the_spread():
    rows = [
        (
            "home",
            "/",
            "mobile",
            lighthouse.median_row(
                [
                    run_figures(performance=93, lcp=2.7, transferred=160_000),
                    run_figures(performance=96, lcp=2.6, transferred=160_000),
                    run_figures(performance=90, lcp=2.9, transferred=160_000),
                ]
            ),
        ),
        ("FAQ", "/faq/", "desktop", lighthouse.median_row([run_figures()])),
    ]

    lines = lighthouse.table(rows)

    assert lines[2] == (
        "| home `/` | mobile | 93 (90–96) ⚠ | 100 | 100 | 100 | 2.70 (2.60–2.90) ⚠ | 160.0 ⚠ | 10 |"
    )
    assert lines[3] == "| FAQ `/faq/` | desktop | 100 | 100 | 100 | 100 | 1.00 | 50.0 | 10 |"


def about():
    return {
        "when": "on 5 December 2026",
        "machine": "2 cores",
        "lighthouse": "12.2.3",
        "chromium": "Chromium 156",
        "runs": "3",
        "benchmark": "2300–2600",
    }


def test_section_lists_the_audits_below_1_and_where():
    rows = [("home", "/", "mobile", lighthouse.median_row([run_figures(accessibility=96)]))]
    contrast = {"category": "accessibility", "id": "color-contrast", "title": "Contrast"}
    tbt = {"category": "performance", "id": "total-blocking-time", "title": "TBT", "weight": 30}

    text = lighthouse.section(
        rows, [("home", "mobile", [contrast, tbt]), ("FAQ", "mobile", [contrast])], about()
    )

    assert text.startswith(lighthouse.HEADING + "\n")
    assert "Lighthouse 12.2.3 with Debian's Chromium 156" in text
    assert "| home `/` | mobile | 100 | 96 ⚠ |" in text
    assert "- performance: `total-blocking-time` (TBT, weight 30): home (mobile)" in text
    assert "- accessibility: `color-contrast` (Contrast): every page on mobile" in text
    assert "could not run" not in text


def test_section_lists_apart_the_audits_lighthouse_could_not_run():
    rows = [("home", "/", "mobile", lighthouse.median_row([run_figures()]))]
    shifts = {
        "category": "performance",
        "id": "layout-shifts",
        "title": "Shifts",
        "error": "Cannot read properties of undefined\n (reading 'frame_sequence')",
    }

    text = lighthouse.section(
        rows, [("home", "mobile", [shifts]), ("home", "desktop", [shifts])], about()
    )

    assert "No audit scored below 1 in any run." in text
    errors = text[text.index("Audits Lighthouse could not run") :]
    assert (
        "- performance: `layout-shifts` (Shifts): every page, both presets; "
        "Cannot read properties of undefined (reading 'frame_sequence')"
    ) in errors


def test_section_says_so_when_no_audit_fell_short():
    rows = [("home", "/", "mobile", lighthouse.median_row([run_figures()]))]

    text = lighthouse.section(rows, [("home", "mobile", [])], about())

    assert "No audit scored below 1 in any run." in text
    assert "could not run" not in text


def test_rows_text_names_every_row_or_the_rows_themselves():
    every_row = [("home", "mobile"), ("home", "desktop"), ("FAQ", "mobile"), ("FAQ", "desktop")]

    assert lighthouse.rows_text(every_row, every_row) == "every page, both presets"
    assert (
        lighthouse.rows_text([("FAQ", "desktop"), ("home", "desktop")], every_row)
        == "every page on desktop"
    )
    assert (
        lighthouse.rows_text([("home", "mobile"), ("FAQ", "desktop")], every_row)
        == "home (mobile), FAQ (desktop)"
    )


def test_with_section_adds_the_section_at_the_end():
    text = "# Performance\n\n## Where a bare request's time goes\n\nProfile.\n"

    updated = lighthouse.with_section(text, "## Lighthouse\n\nTable.\n")

    assert updated == (
        "# Performance\n\n## Where a bare request's time goes\n\nProfile.\n\n"
        "## Lighthouse\n\nTable.\n"
    )


def test_with_section_replaces_its_own_section_and_keeps_the_others():
    text = (
        "# Performance\n\n## Through nginx\n\nRows.\n\n## Lighthouse\n\nOld table.\n"
        "### Detail\n\nOld.\n\n## Added later\n\nKept.\n"
    )

    updated = lighthouse.with_section(text, "## Lighthouse\n\nNew table.\n")

    assert updated == (
        "# Performance\n\n## Through nginx\n\nRows.\n\n## Lighthouse\n\nNew table.\n\n"
        "## Added later\n\nKept.\n"
    )
    assert lighthouse.with_section(updated, "## Lighthouse\n\nNew table.\n") == updated


def test_with_section_ignores_a_heading_that_only_begins_the_same():
    text = "# Performance\n\n## Lighthouse budgets\n\nOther.\n"

    updated = lighthouse.with_section(text, "## Lighthouse\n\nTable.\n")

    assert updated == text + "\n## Lighthouse\n\nTable.\n"


def test_chrome_flags_are_the_projects_and_send_the_site_host_to_nginx():
    flags = lighthouse.chrome_flags(43210)

    assert flags.startswith(" ".join(CHROMIUM_ARGS) + " --headless=new ")
    assert flags.endswith('--host-resolver-rules="MAP localhost 127.0.0.1:43210,MAP * ~NOTFOUND"')
