package se.samverkan.gateway.registry;

/** An update made against a version that is no longer the current one (optimistic concurrency, If-Match). */
public class StaleVersionException extends RuntimeException {

    private final int expected;
    private final int current;

    public StaleVersionException(int expected, int current) {
        super("version " + expected + " is not the current version " + current);
        this.expected = expected;
        this.current = current;
    }

    public int expected() {
        return expected;
    }

    public int current() {
        return current;
    }
}
