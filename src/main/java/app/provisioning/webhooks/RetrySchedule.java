package app.provisioning.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: delays growing from seconds to a day, about
 * three days in all, each moved by up to 20% either way so that deliveries failing
 * together (a receiver that was down) do not all come back at the same moment.
 */
final class RetrySchedule {

	/**
	 * The delays after the first attempt, in multiples of the first retry (5 s by
	 * default).
	 */
	private static final List<Long> STEPS = List.of(1L, 12L, 60L, 360L, 1440L, 3600L, 7200L, 10080L, 14400L, 17280L);

	private final Duration firstRetry;

	RetrySchedule(Duration firstRetry) {
		this.firstRetry = firstRetry;
	}

	/**
	 * The delay before the next attempt after {@code attempts} failed ones; empty when
	 * they are used up.
	 */
	Optional<Duration> after(int attempts) {
		if (attempts < 1 || attempts > STEPS.size()) {
			return Optional.empty();
		}
		long millis = this.firstRetry.toMillis() * STEPS.get(attempts - 1);
		double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
		return Optional.of(Duration.ofMillis(Math.round(millis * jitter)));
	}

	static int maxAttempts() {
		return STEPS.size() + 1;
	}

}
