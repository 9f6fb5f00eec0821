package se.samverkan.gateway.elevhalsa;

import se.samverkan.gateway.bhv.ParseWatch;

/**
 * The elevhälsa export's first-pass watch: every record kind is a record, named by its element; an attached
 * document's base64 text has a limit of its own, every other text the common one.
 */
final class ExportWatch extends ParseWatch {

    private final long textChars;
    private final long documentChars;

    ExportWatch(ElevhalsaReader.Limits limits) {
        super(new Limits(limits.depth(), limits.bytesWithoutMarkup(), limits.elementsPerRecord(), limits.records()));
        this.textChars = limits.textChars();
        this.documentChars = limits.documentChars();
    }

    @Override
    protected boolean isRecord(String localName) {
        return RecordKind.ofElement(localName).isPresent();
    }

    @Override
    protected String recordLabel(String localName) {
        return localName;
    }

    @Override
    protected String tooLong(long text) {
        boolean document = depth() >= 4 && "data".equals(element(depth())) && "attachment".equals(element(depth() - 1));
        long limit = document ? documentChars : textChars;
        if (text <= limit) {
            return null;
        }
        return document ? "an attached document longer than " + limit + " base64 characters"
                : "a text longer than " + limit + " characters";
    }
}
