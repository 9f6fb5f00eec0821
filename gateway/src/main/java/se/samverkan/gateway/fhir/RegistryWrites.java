package se.samverkan.gateway.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.gateway.access.Refusals;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.registry.Author;
import se.samverkan.gateway.registry.Indexes;
import se.samverkan.gateway.registry.ResourceStore;
import se.samverkan.gateway.registry.StaleVersionException;
import se.samverkan.gateway.registry.StoredResource;
import se.samverkan.gateway.routing.Participant;
import se.samverkan.gateway.security.Callers;

/**
 * Creates and updates through the FHIR face: the resource is stamped with its author, the storage pointcuts let
 * the access interceptors refuse it (with the stored version it would replace), and the write and its audit event
 * commit together. An update may name the version it replaces ({@code If-Match}): a stale one is refused (412).
 */
@Component
class RegistryWrites {

    private final ResourceStore store;
    private final TransactionTemplate transactions;

    RegistryWrites(ResourceStore store, TransactionTemplate transactions) {
        this.store = store;
        this.transactions = transactions;
    }

    <T extends Resource> T create(RequestDetails request, T resource) {
        Author author = author(request);
        resource.setId((String) null);
        resource.getMeta().setSource(author.source());
        resource.setUserData(StoredResource.RECORDED_BY, author.participant());
        StoragePointcuts.beforeCreate(request, resource);
        return transactions.execute(tx -> {
            T saved = store.create(resource, Indexes.of(resource), author);
            StoragePointcuts.createdBeforeCommit(request, saved);
            return saved;
        });
    }

    /**
     * @param stored the current version (null: the update creates the resource, recorded by the caller)
     */
    <T extends Resource> T update(RequestDetails request, IdType id, T stored, T resource) {
        Author author = author(request);
        resource.getMeta().setSource(author.source());
        resource.setUserData(StoredResource.RECORDED_BY, stored == null ? author.participant()
                : stored.getUserData(StoredResource.RECORDED_BY));
        if (stored == null) {
            StoragePointcuts.beforeCreate(request, resource);
        } else {
            StoragePointcuts.beforeUpdate(request, stored, resource);
        }
        Integer expected = id.hasVersionIdPart() ? id.getVersionIdPartAsLong().intValue() : null;
        try {
            return transactions.execute(tx -> {
                T saved = store.update(id.getIdPart(), resource, Indexes.of(resource), author, expected);
                if (stored == null) {
                    StoragePointcuts.createdBeforeCommit(request, saved);
                } else {
                    StoragePointcuts.updatedBeforeCommit(request, stored, saved);
                }
                return saved;
            });
        } catch (StaleVersionException e) {
            throw new PreconditionFailedException(Refusals.STALE_VERSION + " If-Match: version " + e.expected()
                    + " is not the current version; read it again");
        }
    }

    private static Author author(RequestDetails request) {
        return Author.participant(Callers.of(request).map(Participant::id).orElse(AuditTrail.LOOPBACK));
    }
}
