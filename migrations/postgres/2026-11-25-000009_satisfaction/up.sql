-- Satisfaction and resolution: the shopper's rating (1-5) after the
-- conversation closes, who resolved it (bot or agent; abandoned ones are
-- those idle and never closed), and when the first answer came.
ALTER TABLE conversations ADD COLUMN csat INTEGER;
ALTER TABLE conversations ADD COLUMN rated_at BIGINT;
ALTER TABLE conversations ADD COLUMN resolved_by TEXT;
ALTER TABLE conversations ADD COLUMN first_response_at BIGINT;
