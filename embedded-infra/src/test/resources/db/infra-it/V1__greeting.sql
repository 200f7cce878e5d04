CREATE TABLE infra_it_greeting (
    id   BIGSERIAL PRIMARY KEY,
    text TEXT NOT NULL
);
