"""Generated rule pages (tools/gen_rule_docs.py), shipped as package data for `vmss-lint rule ID`."""
