-- The FHIR face's resources (Consent, RelatedPerson, AuditEvent): the current version of each, with
-- the columns searches need, and every version ever written (version history, vread).
-- These rows hold identities: they are the registry and the audit store, not application logs.
create table fhir_resource (
    resource_type  varchar(40)   not null,
    id             varchar(64)   not null,
    version        integer       not null,
    child_value    varchar(20),
    status         varchar(24),
    recipients     varchar(2000),
    updated_at     timestamp with time zone not null,
    body           text          not null,
    primary key (resource_type, id)
);

create index fhir_resource_child on fhir_resource (resource_type, child_value);

create table fhir_resource_version (
    resource_type  varchar(40)   not null,
    id             varchar(64)   not null,
    version        integer       not null,
    updated_at     timestamp with time zone not null,
    body           text          not null,
    primary key (resource_type, id, version)
);
