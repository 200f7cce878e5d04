-- Group conversations (g:<groupId>) have no two users: their members are group-service's
-- (groups.group_member), read by routing at send and sync time. docs/architecture.md, "Groups".
alter table conversation alter column user_a drop not null;
alter table conversation alter column user_b drop not null;
