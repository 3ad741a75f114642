"""Bulk roles for query budget tests: hundreds of pages in a few queries."""

from demo.careers import bulk_roles as generated_roles


def bulk_roles(index, count, *, area, locations=()):
    """`count` live, open role profiles under `index`, closing a day apart, in `area`."""
    roles = generated_roles(index, range(count), area=area, locations=locations)
    index.refresh_from_db()
    return roles
