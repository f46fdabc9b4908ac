ALTER TABLE conversations DROP COLUMN first_response_at;
ALTER TABLE conversations DROP COLUMN resolved_by;
ALTER TABLE conversations DROP COLUMN rated_at;
ALTER TABLE conversations DROP COLUMN csat;
