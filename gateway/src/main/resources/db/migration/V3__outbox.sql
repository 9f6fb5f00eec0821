-- The outbox: every delivery the gateway has accepted, written in the same transaction as the record's
-- ledger row and its consent decision, before the batch file is acknowledged (moved to processed). The
-- delivery route claims due rows, decides again (C12), sends, and concludes in one transaction.
-- status: PENDING (to send, now or at next_attempt_at), DELIVERED, HELD (the decision right before
-- sending said no: C5, C12), PARKED (given up: the recipient refused it, or every attempt failed).
-- A claim is claim_owner (one process: its instance and incarnation) until lease_until; an expired lease
-- is anyone's. These rows hold identities and payloads, like the audit store: never application logs.
create table outbox (
    delivery_id        varchar(36)   not null primary key,
    flow               varchar(8)    not null,
    run_id             varchar(36)   not null,
    record_id          varchar(64)   not null,
    child_ref          varchar(32)   not null,
    child_id           varchar(20)   not null,
    protected_identity boolean       not null,
    source_system      varchar(200)  not null,
    source_id          varchar(64)   not null,
    recipient_system   varchar(200)  not null,
    recipient_id       varchar(64)   not null,
    categories         varchar(400)  not null,
    endpoint           varchar(1000) not null,
    payload            text          not null,
    signature          text          not null,
    status             varchar(12)   not null,
    attempts           integer       not null,
    next_attempt_at    timestamp with time zone not null,
    claim_instance     varchar(200),
    claim_owner        varchar(250),
    lease_until        timestamp with time zone,
    last_code          varchar(16),
    last_error         varchar(2000),
    last_rules         varchar(200),
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone not null
);

create index outbox_due on outbox (status, next_attempt_at);
create index outbox_run on outbox (run_id);

-- A run is now written when it starts and kept up to date, so a gateway killed mid-batch resumes it
-- (same instance, same file by name and SHA-256) and its report is complete. status: OPEN (reading),
-- READ (every record accepted), REPORTED (report written; deliveries wait for retry), DONE.
alter table batch_run add column status varchar(12) default 'DONE' not null;
alter table batch_run add column instance varchar(200);
alter table batch_run add column file_sha256 varchar(64);
alter table batch_run add column already_delivered integer default 0 not null;
alter table batch_run add column parked integer default 0 not null;

create index batch_run_open on batch_run (instance, status);

-- One row per record of a run, by its position in the file (seq, from 1): what the batch decided. A record in the
-- outbox (QUEUED) ends as its outbox row does; the report reads both.
create table batch_record (
    run_id       varchar(36)   not null,
    seq          integer       not null,
    line         integer       not null,
    record_id    varchar(64)   not null,
    delivery_id  varchar(36),
    child_ref    varchar(32)   not null,
    school_unit  varchar(64),
    outcome      varchar(24)   not null,
    code         varchar(16),
    reason       varchar(1000),
    rules        varchar(200),
    stripped     varchar(400),
    primary key (run_id, seq)
);
