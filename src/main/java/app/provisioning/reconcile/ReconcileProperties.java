package app.provisioning.reconcile;

import java.time.Duration;

import app.provisioning.platform.SettingRules;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How reconciliation runs are scheduled and retried.
 *
 * @param enabled whether this instance executes runs and schedules (every instance can
 * take requests)
 * @param pollInterval how often an instance looks for due runs in the database
 * @param scheduleCheck how often the per-account schedules are checked for a due run
 * @param threads runs executed at the same time by one instance
 * @param maxAttempts attempts of one run before it is marked failed (transient failures
 * only)
 * @param retryDelay wait before the second attempt; it doubles with every further attempt
 * @param notifyTimeout limit on delivering a finished run's webhook notification
 * @param fullReadEvery how long runs may read only Graph's changes (delta) before one
 * reads the whole tenant again
 */
@ConfigurationProperties("provisioning.reconcile")
public record ReconcileProperties(Boolean enabled, Duration pollInterval, Duration scheduleCheck, Integer threads,
		Integer maxAttempts, Duration retryDelay, Duration notifyTimeout, Duration fullReadEvery) {

	public ReconcileProperties {
		enabled = (enabled != null) ? enabled : true;
		pollInterval = SettingRules.positive("provisioning.reconcile.poll-interval",
				(pollInterval != null) ? pollInterval : Duration.ofSeconds(10));
		scheduleCheck = SettingRules.positive("provisioning.reconcile.schedule-check",
				(scheduleCheck != null) ? scheduleCheck : Duration.ofMinutes(1));
		threads = SettingRules.atLeast("provisioning.reconcile.threads", (threads != null) ? threads : 2, 1);
		maxAttempts = SettingRules.atLeast("provisioning.reconcile.max-attempts",
				(maxAttempts != null) ? maxAttempts : 3, 1);
		retryDelay = SettingRules.notNegative("provisioning.reconcile.retry-delay",
				(retryDelay != null) ? retryDelay : Duration.ofMinutes(2));
		notifyTimeout = SettingRules.positive("provisioning.reconcile.notify-timeout",
				(notifyTimeout != null) ? notifyTimeout : Duration.ofSeconds(10));
		fullReadEvery = SettingRules.positive("provisioning.reconcile.full-read-every",
				(fullReadEvery != null) ? fullReadEvery : Duration.ofDays(1));
	}

}
