# A NeMo-style ASR package used as a real-world corpus for the mypy plugin (never executed).
# Correct code: `neuraltypes check` must report no neural-type error and no crash here.
