-- The gateway processes working on this database, and when each was last seen. A process whose heartbeat has
-- stopped (killed, its machine gone) is known dead after gateway.heartbeat.timeout: another instance then frees
-- its outbox claims at once (not at lease end), resumes the file it was reading and reports its runs.
create table gateway_instance (
    incarnation   varchar(250)  not null primary key,
    name          varchar(200)  not null,
    started_at    timestamp with time zone not null,
    heartbeat_at  timestamp with time zone not null,
    ended_at      timestamp with time zone,
    ended_by      varchar(250)
);

create index gateway_instance_beat on gateway_instance (ended_at, heartbeat_at);

-- Who reads a run's file now (one process at a time, whatever the inbox layout), and where the file waits
-- while it is read, so that another instance can resume it if the reader dies.
alter table batch_run add column reader varchar(250);
alter table batch_run add column file_path varchar(1000);

create index batch_run_content on batch_run (file_sha256, status);

-- What a delivered record said (a digest of the record as read): the same batch id, child and school with other
-- content is a correction, refused with its batch and record named (GW-1105) instead of "already delivered".
alter table transfer_record add column content_digest varchar(64);
