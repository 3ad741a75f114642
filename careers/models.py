"""Role profiles, staff stories and the careers index: built by the careers issue."""
