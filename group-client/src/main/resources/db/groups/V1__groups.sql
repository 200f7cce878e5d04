-- Groups and their members (group-service owns these). docs/architecture.md, "Groups".
create table chat_group (
    id           uuid primary key,
    name         text not null,
    owner_id     text not null,
    member_count integer not null,
    created_at   timestamptz not null default now()
);

create table group_member (
    group_id  uuid not null references chat_group (id) on delete cascade,
    user_id   text not null,
    role      text not null check (role in ('OWNER', 'ADMIN', 'MEMBER')),
    joined_at timestamptz not null default now(),
    primary key (group_id, user_id)
);
-- "Which groups is this user in": the gateways' per-node table and the client's group list.
create index group_member_user on group_member (user_id);
