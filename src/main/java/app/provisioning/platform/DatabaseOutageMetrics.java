package app.provisioning.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts requests answered 503 because the database was unreachable
 * ({@link DatabaseOutage}), by API: an alert on it tells an operator that Entra is being
 * turned away, which the readiness probe alone does not say.
 */
@Component
public class DatabaseOutageMetrics {

	static final String NAME = "database.outage.responses";

	private final MeterRegistry registry;

	public DatabaseOutageMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * One request of {@code api} ("scim", "admin", "actuator", "pages") was answered 503.
	 */
	public void answered(String api) {
		Counter.builder(NAME)
			.description("Requests answered 503 with Retry-After because the database was unreachable")
			.tag("api", api)
			.register(this.registry)
			.increment();
	}

}
