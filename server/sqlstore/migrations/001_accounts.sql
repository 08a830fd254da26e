-- Units (the organisation tree), users, roles and login sessions.
CREATE TABLE units (
    id {{ID}},
    name TEXT NOT NULL,
    parent_id BIGINT REFERENCES units (id),
    kind TEXT NOT NULL,
    sort INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX units_sibling_name ON units (COALESCE(parent_id, 0), name);

CREATE TABLE users (
    id {{ID}},
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    employee_no TEXT NOT NULL DEFAULT '',
    unit_id BIGINT NOT NULL REFERENCES units (id),
    phone TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{TIME}} NOT NULL,
    updated_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX users_account ON users (lower(account));
CREATE UNIQUE INDEX users_employee_no ON users (lower(employee_no)) WHERE employee_no <> '';
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role ON user_roles (role);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at {{TIME}} NOT NULL,
    last_seen_at {{TIME}} NOT NULL,
    expires_at {{TIME}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
