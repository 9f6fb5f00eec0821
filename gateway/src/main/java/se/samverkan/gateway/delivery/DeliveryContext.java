package se.samverkan.gateway.delivery;

/**
 * What the decision right before sending (C12) needs to know besides the row's flow, child, parties and
 * categories: the circumstances the sender stated (flows F2-F7). Whether the child is flagged (C9) is not
 * kept here: it is read again at the moment of sending, since social services may clear or set it meanwhile.
 *
 * @param casePhase      the case phase the item was sent in (C6), a code of CodeSystem case-phase; null: none
 * @param anonymised     the payload is anonymised (C7) and names no child
 * @param guardianFacing the item goes to the guardians (a receipt, a notice) (C9)
 * @param planKey        for a SIP (F7): the plan whose participants must still include the recipient
 */
public record DeliveryContext(String casePhase, boolean anonymised, boolean guardianFacing, String planKey) {

    public static final DeliveryContext NONE = new DeliveryContext(null, false, false, null);
}
