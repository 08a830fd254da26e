-- Training: programmes and phases, classes, batches, sessions, enrolment,
-- attendance (with an audit of manual marks), certificates, feed tokens.
-- paper_id refers to a quiz paper but has no foreign key: quiz tables are
-- created by later migrations.
CREATE TABLE course_programmes (
    id {{ID}},
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    phases TEXT NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX course_programmes_title ON course_programmes (year, title);

CREATE TABLE course_classes (
    id {{ID}},
    programme_id BIGINT REFERENCES course_programmes (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    domains TEXT NOT NULL DEFAULT '',
    laws TEXT NOT NULL DEFAULT '[]',
    organizer_id BIGINT NOT NULL REFERENCES users (id),
    off_post BOOLEAN NOT NULL DEFAULT FALSE,
    lecturer TEXT NOT NULL DEFAULT '',
    lecturer_org TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    threshold INTEGER NOT NULL,
    paper_id BIGINT,
    opens_before_min INTEGER NOT NULL,
    closes_after_min INTEGER NOT NULL,
    grace_min INTEGER NOT NULL,
    feed_token TEXT NOT NULL,
    created_at {{TIME}} NOT NULL,
    updated_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX course_classes_title ON course_classes (title);
CREATE UNIQUE INDEX course_classes_feed ON course_classes (feed_token);

CREATE TABLE course_batches (
    id {{ID}},
    class_id BIGINT NOT NULL REFERENCES course_classes (id),
    name TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    venue TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL,
    next_position BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX course_batches_name ON course_batches (class_id, name);

CREATE TABLE course_batch_units (
    batch_id BIGINT NOT NULL REFERENCES course_batches (id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    PRIMARY KEY (batch_id, unit_id)
);

CREATE TABLE course_sessions (
    id {{ID}},
    batch_id BIGINT NOT NULL REFERENCES course_batches (id),
    start_at {{TIME}} NOT NULL,
    end_at {{TIME}} NOT NULL,
    topic TEXT NOT NULL,
    lecturer TEXT NOT NULL DEFAULT '',
    venue TEXT NOT NULL DEFAULT '',
    hours_tenths INTEGER NOT NULL DEFAULT 0,
    cancelled BOOLEAN NOT NULL DEFAULT FALSE,
    sequence INTEGER NOT NULL DEFAULT 0,
    updated_at {{TIME}} NOT NULL
);
CREATE INDEX course_sessions_batch ON course_sessions (batch_id, start_at);
CREATE INDEX course_sessions_start ON course_sessions (start_at);

CREATE TABLE course_enrolments (
    batch_id BIGINT NOT NULL REFERENCES course_batches (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    state TEXT NOT NULL,
    position BIGINT NOT NULL,
    leave_requested BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{TIME}} NOT NULL,
    PRIMARY KEY (batch_id, user_id)
);
CREATE INDEX course_enrolments_user ON course_enrolments (user_id, state);

CREATE TABLE course_attendance (
    session_id BIGINT NOT NULL REFERENCES course_sessions (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL,
    checked_in_at {{TIME}},
    source TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX course_attendance_user ON course_attendance (user_id);

CREATE TABLE course_audit (
    id {{ID}},
    actor_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    session_id BIGINT,
    user_id BIGINT,
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    at {{TIME}} NOT NULL
);
CREATE INDEX course_audit_session ON course_audit (session_id);

CREATE TABLE course_certificates (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    class_id BIGINT NOT NULL REFERENCES course_classes (id),
    code TEXT NOT NULL,
    hours_tenths INTEGER NOT NULL,
    issued_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX course_certificates_code ON course_certificates (code);
CREATE UNIQUE INDEX course_certificates_person ON course_certificates (user_id, class_id);

CREATE TABLE course_feed_tokens (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token TEXT NOT NULL,
    created_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX course_feed_tokens_token ON course_feed_tokens (token);
