-- The results bulletin (通报) of a document appraisal (issue 13): the
-- organizer's edited title and sections (JSON), versioned for optimistic
-- edits, and the moment it was published (NULL: a draft).
CREATE TABLE appraisal_bulletins (
    contest_id BIGINT PRIMARY KEY REFERENCES judging_contests (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    sections TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at {{TIME}} NOT NULL,
    published_at {{TIME}}
);
