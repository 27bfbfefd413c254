package no.budstikke.pipeline;

/**
 * The ids of the route configurations (error handling) a route attaches to; {@code config/RouteErrorConfiguration}
 * defines what each does. They live here, below every route, so that routes name them without using config/.
 */
public final class RouteConfigurations {

    /** HTTP operations: a failure is answered as problem+json. */
    public static final String HTTP_PROBLEMS = "http-problems";
    /** Pipeline stages behind a door: a failure goes back to the door that called. */
    public static final String PIPELINE_STAGE = "pipeline-stage";

    private RouteConfigurations() {
    }
}
