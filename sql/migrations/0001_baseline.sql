-- Migration 0001, the baseline: the tables exactly as their files in sql/tables create them.
-- A fresh install records it without running it; later migrations (0002_…) alter those tables
-- and are applied once, in order, by `accounting install` on an older schema.
DO 0
