package app.provisioning.reconcile;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How reconciliation runs are scheduled and retried.
 *
 * @param enabled whether this instance executes runs and schedules (every instance can take requests)
 * @param pollInterval how often an instance looks for due runs in the database
 * @param scheduleCheck how often the per-account schedules are checked for a due run
 * @param threads runs executed at the same time by one instance
 * @param maxAttempts attempts of one run before it is marked failed (transient failures only)
 * @param retryDelay wait before the second attempt; it doubles with every further attempt
 * @param notifyTimeout limit on delivering a finished run's webhook notification
 * @param fullReadEvery how long runs may read only Graph's changes (delta) before one reads the whole tenant again
 */
@ConfigurationProperties("provisioning.reconcile")
public record ReconcileProperties(Boolean enabled, Duration pollInterval, Duration scheduleCheck, Integer threads,
		Integer maxAttempts, Duration retryDelay, Duration notifyTimeout, Duration fullReadEvery) {

	public ReconcileProperties {
		enabled = (enabled != null) ? enabled : true;
		pollInterval = (pollInterval != null) ? pollInterval : Duration.ofSeconds(10);
		scheduleCheck = (scheduleCheck != null) ? scheduleCheck : Duration.ofMinutes(1);
		threads = (threads != null) ? Math.max(1, threads) : 2;
		maxAttempts = (maxAttempts != null) ? Math.max(1, maxAttempts) : 3;
		retryDelay = (retryDelay != null) ? retryDelay : Duration.ofMinutes(2);
		notifyTimeout = (notifyTimeout != null) ? notifyTimeout : Duration.ofSeconds(10);
		fullReadEvery = (fullReadEvery != null) ? fullReadEvery : Duration.ofDays(1);
	}

}
