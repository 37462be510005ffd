"""Data files (JSON Schemas and derived Azure facts) shipped with vmss-lint."""
