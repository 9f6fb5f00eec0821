package se.samverkan.gateway.delivery;

import java.util.Optional;

/** What may have changed since an item was queued, read again right before it is sent (C9, C12). */
public interface Circumstances {

    /** Nothing changes: no child is flagged, every recipient is still addressed. */
    Circumstances NONE = new Circumstances() {
        @Override
        public boolean flagged(String childId) {
            return false;
        }

        @Override
        public Optional<String> noLongerAddressed(OutboxItem item) {
            return Optional.empty();
        }
    };

    /** Whether the child is flagged for violence, abuse, threats or honour-related context now (C9). */
    boolean flagged(String childId);

    /** Why the recipient is no longer one the item may go to (removed from the plan), if it is not. */
    Optional<String> noLongerAddressed(OutboxItem item);
}
