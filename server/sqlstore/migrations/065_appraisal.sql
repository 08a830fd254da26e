-- Document appraisals (issue 13) on judged contests. Files are kept under
-- the data dir by their random id; (entry_id, sha256) is unique, so a
-- retried upload finds the file it already stored. The assignment and each
-- version of the review standard are JSON documents; a reveal is logged
-- once per contest.
CREATE TABLE appraisal_files (
    id TEXT PRIMARY KEY,
    contest_id BIGINT NOT NULL REFERENCES judging_contests (id) ON DELETE CASCADE,
    entry_id BIGINT NOT NULL REFERENCES judging_entries (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users (id),
    at {{TIME}} NOT NULL,
    UNIQUE (entry_id, sha256)
);
CREATE INDEX appraisal_files_contest ON appraisal_files (contest_id, entry_id);

CREATE TABLE appraisal_assignments (
    contest_id BIGINT PRIMARY KEY REFERENCES judging_contests (id) ON DELETE CASCADE,
    body TEXT NOT NULL
);

CREATE TABLE appraisal_standards (
    contest_id BIGINT NOT NULL REFERENCES judging_contests (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (contest_id, version)
);

CREATE TABLE appraisal_reveals (
    contest_id BIGINT PRIMARY KEY REFERENCES judging_contests (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES users (id),
    sheets INTEGER NOT NULL,
    at {{TIME}} NOT NULL
);
