"""The data model: port specs as JSON, the rules tables, and the comparison of two specs."""
