"""The template function library shared by the ARM and Bicep evaluators (built by the evaluator work)."""
