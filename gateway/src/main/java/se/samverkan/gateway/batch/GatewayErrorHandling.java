package se.samverkan.gateway.batch;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * The one error-handling configuration every route uses. Exceptions are turned into outcomes by the
 * routes themselves; what reaches this handler is logged without stack trace, message history or body,
 * because a body may hold health data.
 */
@Component
public class GatewayErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "gateway-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID).errorHandler(defaultErrorHandler()
                .logStackTrace(false)
                .logExhaustedMessageHistory(false)
                .logExhaustedMessageBody(false)
                .logHandled(false));
    }
}
