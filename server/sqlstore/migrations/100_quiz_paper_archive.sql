-- Archived papers (issue 11): hidden from the organizer's list by default,
-- not assignable, and no new attempts; results and open attempts stay.
ALTER TABLE quiz_papers ADD COLUMN archived_at {{TIME}};
