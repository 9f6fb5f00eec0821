package se.samverkan.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class LogsTest {

    @Test
    void aValueFromOutsideCannotStartALineOfItsOwnNorNameAChild() {
        String forged = "R-1\r\n2026-12-07T03:00:00.000Z  INFO 1 --- [main] fake : delivered 2021 02 04 9000\u001b[0m";

        String safe = Logs.safe(forged);

        assertThat(safe).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b")
                .contains("\\r\\n").doesNotContain("9000");
    }

    @Test
    void everyLogLineGoesThroughTheRuleWhoeverWroteIt() {
        LoggingEvent event = new LoggingEvent("x", new LoggerContext().getLogger("org.apache.tomcat"), Level.INFO,
                "Invalid character found in the request target [/fhir/Consent?patient=x|{}]\nforged line", null,
                new Object[] {"202102049000"});
        SafeMessageConverter converter = new SafeMessageConverter();

        String line = converter.convert(event);

        assertThat(line).doesNotContain("202102049000").contains("[redacted]").contains("\n  | forged line");
    }

    @Test
    void longValuesAreCut() {
        assertThat(Logs.safe("x".repeat(10_000))).hasSize(Logs.MAX_VALUE + 1);
    }
}
