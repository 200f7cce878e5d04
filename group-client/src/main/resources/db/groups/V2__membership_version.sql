-- Every membership change of a group takes the next version under the group row's lock; the change's
-- event carries it, and routing reads it with the sender check, so gateways know how recent their
-- table of local members must be for a message (docs/architecture.md, "Groups").
alter table chat_group add column version bigint not null default 0;
