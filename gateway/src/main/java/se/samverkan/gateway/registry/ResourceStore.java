package se.samverkan.gateway.registry;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Versioned storage of FHIR resources in the gateway's database. Every write keeps the old version;
 * the index columns (child, status, recipients) are what searches use, taken from the resource by an
 * {@link Indexer}.
 */
@Repository
public class ResourceStore {

    /** The search columns of a resource. */
    public record Index(String childValue, String status, String recipients) {
        public static final Index NONE = new Index(null, null, null);
    }

    public interface Indexer {
        Index index(Resource resource);
    }

    private final JdbcClient jdbc;
    private final FhirContext fhir;
    private final Clock clock;

    public ResourceStore(JdbcClient jdbc, FhirContext fhir, Clock clock) {
        this.jdbc = jdbc;
        this.fhir = fhir;
        this.clock = clock;
    }

    /** Stores a new resource under a new id, or the given id if it has none yet, as the gateway's. */
    @Transactional
    public <T extends Resource> T create(T resource, Index index) {
        return create(resource, index, Author.GATEWAY);
    }

    /** Stores a new resource, recorded by the author's participant. Returns version 1. */
    @Transactional
    public <T extends Resource> T create(T resource, Index index, Author author) {
        String id = resource.getIdElement().hasIdPart() ? resource.getIdElement().getIdPart()
                : UUID.randomUUID().toString();
        return write(resource, id, 1, index, true, author);
    }

    /** Writes a new version as the gateway; creates the resource (update-as-create) when the id is not yet known. */
    @Transactional
    public <T extends Resource> T update(String id, T resource, Index index) {
        return update(id, resource, index, Author.GATEWAY, null);
    }

    /**
     * Writes a new version by this author. With {@code expectedVersion} (an If-Match) the write is made only
     * if that is still the current version ({@link StaleVersionException} otherwise). The audit trail is
     * append-only: an AuditEvent is never updated.
     */
    @Transactional
    public <T extends Resource> T update(String id, T resource, Index index, Author author, Integer expectedVersion) {
        if ("AuditEvent".equals(resource.fhirType())) {
            throw new IllegalStateException("the audit trail is append-only");
        }
        Integer current = jdbc.sql("select version from fhir_resource where resource_type = ? and id = ? for update")
                .params(resource.fhirType(), id).query(Integer.class).optional().orElse(null);
        if (expectedVersion != null && !expectedVersion.equals(current)) {
            throw new StaleVersionException(expectedVersion, current == null ? 0 : current);
        }
        return write(resource, id, current == null ? 1 : current + 1, index, current == null, author);
    }

    private <T extends Resource> T write(T resource, String id, int version, Index index, boolean insert,
                                         Author author) {
        Instant now = Instant.now(clock);
        resource.setId(resource.fhirType() + "/" + id + "/_history/" + version);
        resource.getMeta().setVersionId(String.valueOf(version));
        resource.getMeta().setLastUpdated(java.util.Date.from(now));
        String body = fhir.newJsonParser().encodeResourceToString(resource);
        Timestamp at = Timestamp.from(now);
        if (insert) {
            jdbc.sql("""
                    insert into fhir_resource (resource_type, id, version, child_value, status, recipients,
                           updated_at, body, recorded_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(resource.fhirType(), id, version, index.childValue(), index.status(), index.recipients(),
                            at, body, author.participant())
                    .update();
        } else {
            jdbc.sql("""
                    update fhir_resource set version = ?, child_value = ?, status = ?, recipients = ?,
                           updated_at = ?, body = ? where resource_type = ? and id = ?""")
                    .params(version, index.childValue(), index.status(), index.recipients(), at, body,
                            resource.fhirType(), id)
                    .update();
        }
        jdbc.sql("""
                insert into fhir_resource_version (resource_type, id, version, updated_at, body, author, operator,
                       reason) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(resource.fhirType(), id, version, at, body, author.participant(), author.operator(),
                        author.reason())
                .update();
        return resource;
    }

    public Optional<StoredResource> read(String type, String id) {
        return jdbc.sql("select resource_type, id, version, updated_at, body, recorded_by from fhir_resource"
                        + " where resource_type = ? and id = ?")
                .params(type, id).query(ResourceStore::row).optional();
    }

    public Optional<StoredResource> read(String type, String id, int version) {
        return jdbc.sql("select v.resource_type, v.id, v.version, v.updated_at, v.body, r.recorded_by"
                        + " from fhir_resource_version v join fhir_resource r"
                        + " on r.resource_type = v.resource_type and r.id = v.id"
                        + " where v.resource_type = ? and v.id = ? and v.version = ?")
                .params(type, id, version).query(ResourceStore::row).optional();
    }

    /** Every version of one resource, newest first. */
    public List<StoredResource> history(String type, String id) {
        return jdbc.sql("select v.resource_type, v.id, v.version, v.updated_at, v.body, r.recorded_by"
                        + " from fhir_resource_version v join fhir_resource r"
                        + " on r.resource_type = v.resource_type and r.id = v.id"
                        + " where v.resource_type = ? and v.id = ? order by v.version desc")
                .params(type, id).query(ResourceStore::row).list();
    }

    /** Current versions of a type, filtered by whichever criteria are given (null: any). */
    public List<StoredResource> search(String type, String childValue, String status, String recipient) {
        StringBuilder sql = new StringBuilder("select resource_type, id, version, updated_at, body, recorded_by"
                + " from fhir_resource"
                + " where resource_type = ?");
        List<Object> params = new ArrayList<>(List.of(type));
        if (childValue != null) {
            sql.append(" and child_value = ?");
            params.add(childValue);
        }
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status);
        }
        if (recipient != null) {
            sql.append(" and recipients like ?");
            params.add("%;" + recipient.replace("%", "").replace("_", "") + ";%");
        }
        sql.append(" order by updated_at, id");
        return jdbc.sql(sql.toString()).params(params).query(ResourceStore::row).list();
    }

    private static StoredResource row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new StoredResource(rs.getString("resource_type"), rs.getString("id"), rs.getInt("version"),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("body"), rs.getString("recorded_by"));
    }
}
