-- One row per delivery (flow, exporting unit, batch, child, school): what happened to it last.
-- A delivery marked DELIVERED is never sent again, so re-running a batch delivers nothing twice.
-- Children are named by keyed pseudonym here; identities belong in the audit store.
create table transfer_record (
    delivery_id  varchar(36)   not null primary key,
    flow         varchar(8)    not null,
    source_unit  varchar(64)   not null,
    batch_id     varchar(64)   not null,
    record_id    varchar(64)   not null,
    child_ref    varchar(32)   not null,
    school_unit  varchar(16),
    outcome      varchar(24)   not null,
    reason_code  varchar(16),
    reason       varchar(1000),
    attempts     integer       not null,
    first_seen   timestamp with time zone not null,
    updated_at   timestamp with time zone not null
);

create index transfer_record_batch on transfer_record (source_unit, batch_id);

-- One row per processed file, with its machine-readable report.
create table batch_run (
    run_id       varchar(36)   not null primary key,
    file_name    varchar(255)  not null,
    source_unit  varchar(64),
    batch_id     varchar(64),
    started_at   timestamp with time zone not null,
    finished_at  timestamp with time zone,
    rejected     varchar(1000),
    delivered    integer       not null,
    held         integer       not null,
    refused      integer       not null,
    failed       integer       not null,
    report_json  text
);
