package se.samverkan.gateway.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.core.CoreConstants;
import se.samverkan.gateway.identity.Redaction;

/**
 * The stack trace of a log line ({@code %wEx}), under the identity-number rule: an exception's message is
 * often a parser's or a recipient's words about the input. Lines stay lines (a trace has many); carriage
 * returns and other control characters are encoded. Like Spring Boot's, it begins on a line of its own.
 */
public class SafeThrowableConverter extends ExtendedThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(ch.qos.logback.classic.spi.IThrowableProxy proxy) {
        return CoreConstants.LINE_SEPARATOR + Redaction.identityNumbers(super.throwableProxyToString(proxy))
                .replace("\r", "\\r");
    }
}
