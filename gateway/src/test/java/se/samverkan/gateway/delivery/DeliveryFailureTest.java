package se.samverkan.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class DeliveryFailureTest {

    static HttpOperationFailedException http(int status, String text, String body) {
        return new HttpOperationFailedException("https://emi.example/fhir", status, text, null, Map.of(), body);
    }

    @Test
    void serverErrorsTimeoutsAndConnectionErrorsAreRetried() {
        assertThat(DeliveryFailure.of(http(503, "Service Unavailable", "")))
                .isEqualTo(new DeliveryFailure(true, "GW-3001", "HTTP 503 Service Unavailable"));
        assertThat(DeliveryFailure.of(http(500, "Server Error", null)).retryable()).isTrue();
        assertThat(DeliveryFailure.of(http(429, "Too Many Requests", null)).retryable()).isTrue();
        assertThat(DeliveryFailure.of(http(408, "Request Timeout", null)).retryable()).isTrue();
        assertThat(DeliveryFailure.of(new SocketTimeoutException("Read timed out")).reason())
                .isEqualTo("SocketTimeoutException: Read timed out");
        assertThat(DeliveryFailure.of(new CamelExchangeException("wrapped", null, new ConnectException("refused")))
                .retryable()).isTrue();
        assertThat(DeliveryFailure.of(new SSLHandshakeException("PKIX path building failed")).retryable()).isTrue();
    }

    @Test
    void aRefusalByTheRecipientIsNotRetriedAndCarriesItsReason() {
        DeliveryFailure refused = DeliveryFailure.of(http(422, "Unprocessable Entity",
                "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"invalid\","
                        + "\"diagnostics\":\"Patient.birthDate: required\"}]}"));

        assertThat(refused.retryable()).isFalse();
        assertThat(refused.code()).isEqualTo("GW-3002");
        assertThat(refused.reason()).isEqualTo("HTTP 422 Unprocessable Entity: Patient.birthDate: required");
        assertThat(DeliveryFailure.of(http(404, "Not Found", "no such endpoint")).reason())
                .isEqualTo("HTTP 404 Not Found: no such endpoint");
    }

    @Test
    void identityNumbersARecipientEchoesAreRemovedFromTheReason() {
        DeliveryFailure refused = DeliveryFailure.of(http(409, "Conflict",
                "{\"diagnostics\":\"duplicate patient 201909092389 / 190909-2389\"}"));

        assertThat(refused.reason()).doesNotContain("2389").contains("duplicate patient [redacted]");
    }
}
