-- The year's programme (issue 16): tasks per capability area assigned to
-- units with their evidence, uploaded files, research reports,
-- announcements with read receipts, stage bulletins, the award formula,
-- 标兵 nominations and the committee's decisions.
CREATE TABLE programme_files (
    id {{ID}},
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    blob TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    uploaded_by BIGINT NOT NULL,
    at {{TIME}} NOT NULL
);

CREATE TABLE programme_tasks (
    id {{ID}},
    year INTEGER NOT NULL,
    area TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    phase TEXT NOT NULL,
    due_on TEXT NOT NULL,
    evidence TEXT NOT NULL,
    link_id BIGINT NOT NULL DEFAULT 0,
    target INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL,
    created_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX programme_tasks_title ON programme_tasks (year, area, title);

CREATE TABLE programme_task_units (
    task_id BIGINT NOT NULL REFERENCES programme_tasks (id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    status TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    done_at {{TIME}},
    done_by BIGINT NOT NULL DEFAULT 0,
    file_id BIGINT REFERENCES programme_files (id),
    note TEXT NOT NULL DEFAULT '',
    review TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX programme_task_units_unit ON programme_task_units (unit_id);

CREATE TABLE programme_reports (
    id {{ID}},
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    authors TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    abstract TEXT NOT NULL,
    file_id BIGINT NOT NULL REFERENCES programme_files (id),
    outstanding BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT NOT NULL,
    created_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX programme_reports_title ON programme_reports (year, unit_id, title);

CREATE TABLE programme_announcements (
    id {{ID}},
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    everyone BOOLEAN NOT NULL,
    created_by BIGINT NOT NULL,
    published_at {{TIME}} NOT NULL
);
CREATE INDEX programme_announcements_at ON programme_announcements (published_at);

CREATE TABLE programme_announcement_units (
    announcement_id BIGINT NOT NULL REFERENCES programme_announcements (id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    PRIMARY KEY (announcement_id, unit_id)
);
CREATE INDEX programme_announcement_units_unit ON programme_announcement_units (unit_id);

CREATE TABLE programme_reads (
    announcement_id BIGINT NOT NULL REFERENCES programme_announcements (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    read_at {{TIME}} NOT NULL,
    PRIMARY KEY (announcement_id, user_id)
);
CREATE INDEX programme_reads_user ON programme_reads (user_id);

CREATE TABLE programme_bulletins (
    id {{ID}},
    title TEXT NOT NULL,
    from_on TEXT NOT NULL,
    to_on TEXT NOT NULL,
    body TEXT NOT NULL,
    data TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at {{TIME}} NOT NULL,
    updated_at {{TIME}} NOT NULL,
    published_at {{TIME}}
);

CREATE TABLE programme_weights (
    year INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    set_by BIGINT NOT NULL,
    set_at {{TIME}} NOT NULL
);

CREATE TABLE programme_nominations (
    id {{ID}},
    year INTEGER NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    nominated_by BIGINT NOT NULL,
    created_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX programme_nominations_person ON programme_nominations (year, user_id);

CREATE TABLE programme_decisions (
    id {{ID}},
    nomination_id BIGINT NOT NULL REFERENCES programme_nominations (id) ON DELETE CASCADE,
    decision TEXT NOT NULL,
    actor_id BIGINT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    at {{TIME}} NOT NULL
);
CREATE INDEX programme_decisions_nomination ON programme_decisions (nomination_id);

-- Indexes the dashboard's reads of earlier tables lean on.
CREATE INDEX IF NOT EXISTS quiz_assignments_paper ON quiz_assignments (paper_id);
CREATE INDEX IF NOT EXISTS course_enrolments_batch_state ON course_enrolments (batch_id, state);
