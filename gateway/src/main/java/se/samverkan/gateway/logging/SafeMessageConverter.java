package se.samverkan.gateway.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import se.samverkan.gateway.identity.Redaction;

/**
 * {@code %m} for every log line (logback-spring.xml): the identity-number rule of {@link Redaction} and the
 * encoding of control characters, whatever logger wrote the line (the gateway, Tomcat, HAPI, Camel). The last
 * net under {@link Logs#safe}: a value that reached a log line unencoded still cannot name a child or forge a
 * line.
 */
public class SafeMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        String message = super.convert(event);
        return message == null ? null : Logs.encode(Redaction.identityNumbers(message), true);
    }
}
