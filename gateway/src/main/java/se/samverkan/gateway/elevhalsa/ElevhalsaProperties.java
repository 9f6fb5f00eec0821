package se.samverkan.gateway.elevhalsa;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The elevhälsa export's inbox ({@code gateway.elevhalsa.inbox}) and the files copied into it at start
 * ({@code preload}: the quick start's sample). Everything else is the BHV batch's ({@code gateway.batch.*}:
 * processed, rejected and reports folders, watch, cron, poll interval), so one night's transfers run on one clock
 * and land in one place.
 */
@ConfigurationProperties("gateway.elevhalsa")
public record ElevhalsaProperties(@DefaultValue("var/inbox-elevhalsa") Path inbox, @DefaultValue List<Path> preload) {
}
