"""Availability-set rules (catalogue §2.13).

AVSET-006 (update domains) is not a rule: Flexible scale sets have no update domains (maintenance goes
fault domain by fault domain), Uniform sets have 5 fixed per placement group, and availability sets up to
20. No template property expresses scale-set update domains, so there is nothing to check; the catalogue
row is informative only.
"""
