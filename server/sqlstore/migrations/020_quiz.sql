-- Question banks and training quizzes: laws with versions, questions with
-- revisions, banks, papers, assignments, attempts and the wrong-answer notebook.
CREATE TABLE quiz_laws (
    id {{ID}},
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    domains TEXT NOT NULL DEFAULT '',
    created_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX quiz_laws_name ON quiz_laws (name);

CREATE TABLE quiz_law_versions (
    id {{ID}},
    law_id BIGINT NOT NULL REFERENCES quiz_laws (id),
    label TEXT NOT NULL,
    effective TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX quiz_law_versions_label ON quiz_law_versions (law_id, label);

-- domains is a comma-wrapped list (",press,copyright,") so one LIKE filters it.
-- body is the JSON of options, answer, explanation and citation.
CREATE TABLE quiz_questions (
    id {{ID}},
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    stem TEXT NOT NULL,
    status TEXT NOT NULL,
    law_id BIGINT REFERENCES quiz_laws (id),
    law_version_id BIGINT REFERENCES quiz_law_versions (id),
    difficulty INTEGER NOT NULL,
    domains TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at {{TIME}} NOT NULL,
    updated_at {{TIME}} NOT NULL
);
CREATE INDEX quiz_questions_pool ON quiz_questions (status, type, difficulty);
CREATE INDEX quiz_questions_law ON quiz_questions (law_id, status);

-- Every revision's full question JSON; attempts grade on the revision they drew.
CREATE TABLE quiz_question_revisions (
    question_id BIGINT NOT NULL REFERENCES quiz_questions (id),
    revision INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at {{TIME}} NOT NULL,
    PRIMARY KEY (question_id, revision)
);

CREATE TABLE quiz_banks (
    id {{ID}},
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX quiz_banks_name ON quiz_banks (name);

CREATE TABLE quiz_bank_questions (
    bank_id BIGINT NOT NULL REFERENCES quiz_banks (id),
    question_id BIGINT NOT NULL REFERENCES quiz_questions (id),
    PRIMARY KEY (bank_id, question_id)
);
CREATE INDEX quiz_bank_questions_question ON quiz_bank_questions (question_id);

-- body is the JSON of items, rules and settings.
CREATE TABLE quiz_papers (
    id {{ID}},
    title TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    created_by BIGINT NOT NULL DEFAULT 0,
    created_at {{TIME}} NOT NULL
);

CREATE TABLE quiz_assignments (
    paper_id BIGINT NOT NULL REFERENCES quiz_papers (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    assigned_at {{TIME}} NOT NULL,
    PRIMARY KEY (paper_id, user_id)
);
CREATE INDEX quiz_assignments_user ON quiz_assignments (user_id);

CREATE TABLE quiz_attempts (
    id {{ID}},
    paper_id BIGINT NOT NULL REFERENCES quiz_papers (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    no INTEGER NOT NULL,
    status TEXT NOT NULL,
    started_at {{TIME}} NOT NULL,
    deadline {{TIME}} NOT NULL,
    submitted_at {{TIME}},
    score DOUBLE PRECISION NOT NULL DEFAULT 0,
    total DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX quiz_attempts_no ON quiz_attempts (paper_id, user_id, no);
CREATE UNIQUE INDEX quiz_attempts_one_open ON quiz_attempts (paper_id, user_id) WHERE status = 'open';
CREATE INDEX quiz_attempts_user ON quiz_attempts (user_id);

CREATE TABLE quiz_attempt_items (
    attempt_id BIGINT NOT NULL REFERENCES quiz_attempts (id),
    seq INTEGER NOT NULL,
    question_id BIGINT NOT NULL REFERENCES quiz_questions (id),
    revision INTEGER NOT NULL,
    points DOUBLE PRECISION NOT NULL,
    option_order TEXT NOT NULL DEFAULT '',
    response TEXT,
    flagged BOOLEAN NOT NULL DEFAULT FALSE,
    score DOUBLE PRECISION,
    correct BOOLEAN,
    pending BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (attempt_id, seq)
);
CREATE INDEX quiz_attempt_items_pending ON quiz_attempt_items (pending);

CREATE TABLE quiz_notebook (
    user_id BIGINT NOT NULL REFERENCES users (id),
    question_id BIGINT NOT NULL REFERENCES quiz_questions (id),
    wrong_count INTEGER NOT NULL,
    streak INTEGER NOT NULL DEFAULT 0,
    mastered BOOLEAN NOT NULL DEFAULT FALSE,
    last_source TEXT NOT NULL,
    last_response TEXT NOT NULL,
    last_wrong_at {{TIME}} NOT NULL,
    updated_at {{TIME}} NOT NULL,
    PRIMARY KEY (user_id, question_id)
);
