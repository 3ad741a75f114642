"""`make profile-bare` rewrites its own section of docs/performance.md and leaves the
sections before and after it (the benchmark's tables, make lighthouse's) as they are."""

from bench.profile_bare import PROFILE_HEADING, keep_section


def test_the_profile_section_is_replaced_in_place(tmp_path):
    output = tmp_path / "performance.md"
    output.write_text(
        f"# Performance\n\nTables.\n\n{PROFILE_HEADING}\n\nOld profile.\n\n"
        "## Lighthouse\n\nScores.\n"
    )

    keep_section(output, f"{PROFILE_HEADING}\n\nNew profile.\n")

    text = output.read_text()
    assert "Old profile." not in text and "New profile." in text
    assert text.index("Tables.") < text.index("New profile.") < text.index("## Lighthouse")
    assert text.endswith("Scores.\n")


def test_the_profile_section_is_added_at_the_end_where_there_is_none(tmp_path):
    output = tmp_path / "performance.md"
    output.write_text("# Performance\n\nTables.\n")

    keep_section(output, f"{PROFILE_HEADING}\n\nNew profile.\n")

    assert output.read_text().endswith(f"Tables.\n\n{PROFILE_HEADING}\n\nNew profile.\n")
