-- Who may see and change what (DOMAIN.md section 6). Every stored resource keeps the participant that
-- recorded it (it alone may change it) and every version its author: the participant, and for an operator's
-- action on a family's request also the operator and the reason.
alter table fhir_resource add column recorded_by varchar(200);
alter table fhir_resource_version add column author varchar(200);
alter table fhir_resource_version add column operator varchar(200);
alter table fhir_resource_version add column reason varchar(1000);

-- A SIP's starter: the only principal that changes who is in the plan.
alter table sip_plan add column starter varchar(300);

-- Concern flags belong to social services of the child's registration municipality (C9): the flag keeps the
-- municipality the report named, so that only that intake unit reads and clears it.
alter table concern_flag add column municipality varchar(4);
