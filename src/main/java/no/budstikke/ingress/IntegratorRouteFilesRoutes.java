package no.budstikke.ingress;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code integrator-route-files}: looks at the integrator's routes directory again every scan interval. */
@Component
public class IntegratorRouteFilesRoutes extends RouteBuilder {

    private final IntegratorRouteFiles files;

    public IntegratorRouteFilesRoutes(IntegratorRouteFiles files) {
        this.files = files;
    }

    @Override
    public void configure() {
        long every = files.interval().toMillis();
        from("timer:integrator-route-files?delay=" + every + "&period=" + every)
                .routeId("integrator-route-files")
                .process(exchange -> files.rescan());
    }
}
