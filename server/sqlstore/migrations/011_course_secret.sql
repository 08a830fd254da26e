-- The key of the rotating check-in tokens, shared by every instance.
CREATE TABLE course_secrets (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL
);
