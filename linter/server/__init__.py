"""The language server (`vmss-lint server`): LSP over stdio on pygls."""
