"""Data a coach may edit: personas, scenarios, golden scripts, lexicons, examples, coaching, schemas."""
