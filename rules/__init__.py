"""Built-in vmss-lint rules, one small module per rule, grouped by concern."""
