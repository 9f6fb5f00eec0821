-- Flows F2-F7. The outbox keeps what the decision right before sending (C12) needs besides the parties:
-- the case phase the item was sent in (C6), whether it is anonymised (C7: then it names no child, and
-- child_id is null), whether it goes to the guardians (C9), and for a SIP the plan (F7).
alter table outbox alter column child_id drop not null;
alter table outbox add column case_phase varchar(16);
alter table outbox add column anonymised boolean default false not null;
alter table outbox add column guardian_facing boolean default false not null;
alter table outbox add column plan_key varchar(300);

-- Concern flags (C9): raised by a report of concern (or a record) flagged for violence, abuse, threats or
-- honour-related context; while one is raised and not cleared, nothing guardian-facing about the child is
-- sent. Only social services clear them. Identities, like the audit store: never application logs.
create table concern_flag (
    child_id     varchar(20)  not null,
    flag         varchar(32)  not null,
    raised_by    varchar(200) not null,
    raised_at    timestamp with time zone not null,
    cleared_by   varchar(200),
    cleared_at   timestamp with time zone,
    primary key (child_id, flag)
);

-- The current participants of each SIP (F7) the gateway has routed: an update goes to these and no one
-- else, and a delivery still queued for a participant who has since been removed is held.
create table sip_plan (
    plan_key      varchar(300)  not null primary key,
    participants  varchar(4000) not null,
    status        varchar(16)   not null,
    content_hash  varchar(64)   not null,
    updated_at    timestamp with time zone not null
);
