-- The message store (routing owns it). docs/architecture.md, "Message path".

-- One row per conversation: its last sequence number. Allocating n numbers is one UPDATE of this row
-- inside the transaction that inserts the n messages, so numbers are gap-free: a rollback returns them.
create table conversation (
    conv_id    text primary key,
    last_seq   bigint not null,
    user_a     text not null,
    user_b     text not null,
    updated_at timestamptz not null default now()
);
create index conversation_user_a on conversation (user_a);
create index conversation_user_b on conversation (user_b);

create table message (
    conv_id       text not null,
    seq           bigint not null,
    id            uuid not null,
    sender        text not null,
    recipient     text not null,
    client_msg_id text not null,
    body          text not null,
    sent_at       timestamptz not null,
    stored_at     timestamptz not null,
    primary key (conv_id, seq)
);
-- The dedup key: a resend of the same client message id is recognised, never stored twice.
create unique index message_dedup on message (sender, client_msg_id);

-- Where each device's login sync starts: the highest sequence it acknowledged per conversation.
create table delivery_cursor (
    user_id    text not null,
    device     text not null,
    conv_id    text not null,
    seq        bigint not null,
    updated_at timestamptz not null default now(),
    primary key (user_id, device, conv_id)
);
