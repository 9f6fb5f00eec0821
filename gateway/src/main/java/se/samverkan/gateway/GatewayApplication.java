package se.samverkan.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import se.samverkan.gateway.batch.OneShotCommand;
import se.samverkan.gateway.delivery.RedriveCommand;
import se.samverkan.gateway.security.DevelopmentPkiBootstrap;
import se.samverkan.gateway.security.pki.PkiCommand;
import se.samverkan.gateway.tools.CohortGenerator;

/**
 * The gateway. Without a command it runs as a service (inbox watched or on its nightly schedule).
 * {@code once FILE} processes one batch file, prints its report and exits: 0 when every record was
 * delivered or held, 1 when a record was refused or a delivery failed, 2 when the file was rejected.
 * {@code redrive --all | DELIVERY-ID...} sends parked deliveries again and waits for their answers (see
 * {@link RedriveCommand}). {@code generate} writes a synthetic cohort (see {@link CohortGenerator}); {@code pki} a development PKI
 * (see {@link PkiCommand}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "";
        if (command.equals("generate")) {
            CohortGenerator.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (command.equals("pki")) {
            PkiCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (command.equals("once")) {
            if (args.length < 2) {
                System.err.println("usage: gateway once BATCH-FILE [--property=value ...]");
                System.exit(64);
            }
            String[] rest = Stream.concat(Arrays.stream(args, 2, args.length),
                    Stream.of("--gateway.batch.watch=false", "--gateway.command=once", "--camel.main.run-controller=false",
                            "--spring.main.web-application-type=none"))
                    .toArray(String[]::new);
            ConfigurableApplicationContext context = application().run(rest);
            int code = context.getBean(OneShotCommand.class).run(Path.of(args[1]), System.out);
            System.exit(SpringApplication.exit(context, () -> code));
        }
        if (command.equals("redrive")) {
            List<String> ids = Arrays.stream(args, 1, args.length).filter(a -> !isProperty(a)).toList();
            String[] rest = Stream.concat(Arrays.stream(args, 1, args.length).filter(GatewayApplication::isProperty),
                    Stream.of("--gateway.batch.watch=false", "--gateway.command=redrive",
                            "--camel.main.run-controller=false", "--spring.main.web-application-type=none"))
                    .toArray(String[]::new);
            ConfigurableApplicationContext context = application().run(rest);
            int code = context.getBean(RedriveCommand.class).run(ids, System.out, Duration.ofMinutes(10));
            System.exit(SpringApplication.exit(context, () -> code));
        }
        application().run(args);
    }

    private static boolean isProperty(String arg) {
        return arg.startsWith("--") && arg.contains("=");
    }

    private static SpringApplication application() {
        SpringApplication application = new SpringApplication(GatewayApplication.class);
        application.addListeners(new DevelopmentPkiBootstrap());
        return application;
    }
}
