package se.samverkan.gateway.bhv;

/** The BHV export's first-pass watch: each {@code child} is a record; every text has the one limit. */
final class BatchWatch extends ParseWatch {

    private final int textChars;

    BatchWatch(BhvBatchReader.Limits limits) {
        super(new Limits(limits.depth(), limits.bytesWithoutMarkup(), limits.elementsPerRecord(), limits.records()));
        this.textChars = limits.textChars();
    }

    @Override
    protected boolean isRecord(String localName) {
        return "child".equals(localName);
    }

    @Override
    protected String recordLabel(String localName) {
        return "record";
    }

    @Override
    protected String tooLong(long text) {
        return text > textChars ? "a text longer than " + textChars + " characters" : null;
    }
}
