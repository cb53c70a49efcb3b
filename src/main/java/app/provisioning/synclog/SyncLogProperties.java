package app.provisioning.synclog;

import java.time.Duration;

import app.provisioning.platform.InvalidSettingException;
import app.provisioning.platform.SettingRules;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long sync-log entries are kept.
 *
 * @param retention entries older than this are purged (daily); at least one day
 * @param purgeCheck how often the purge runs
 */
@ConfigurationProperties("provisioning.sync-log")
public record SyncLogProperties(Duration retention, Duration purgeCheck) {

	public SyncLogProperties {
		retention = (retention != null) ? retention : Duration.ofDays(180);
		purgeCheck = (purgeCheck != null) ? purgeCheck : Duration.ofHours(6);
		if (retention.compareTo(Duration.ofDays(1)) < 0) {
			throw InvalidSettingException.of("provisioning.sync-log.retention", retention,
					"must be at least one day (1d)");
		}
		SettingRules.positive("provisioning.sync-log.purge-check", purgeCheck);
	}

}
