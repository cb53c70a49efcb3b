package app.provisioning.reconcile;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Times every attempt of an account-wide reconciliation run as {@value #NAME}, by outcome
 * ({@code completed}, {@code failed}, {@code retrying}: the attempt failed and another
 * follows, {@code paused}: the instance stopped and another continues the run), mode
 * ({@code full}, {@code delta}) and account.
 */
@Component
class ReconcileRunMetrics {

	static final String NAME = "reconcile.runs";

	private final MeterRegistry registry;

	ReconcileRunMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void attemptEnded(ReconcileRun run, String outcome, Duration took) {
		Timer.builder(NAME)
			.description("Attempts of reconciliation runs through Microsoft Graph, by outcome")
			.tag("outcome", outcome)
			.tag("mode", mode(run.mode()))
			.tag("account", run.accountId().toString())
			.register(this.registry)
			.record(took);
	}

	private static String mode(String mode) {
		return "delta".equals(mode) ? "delta" : "full";
	}

}
