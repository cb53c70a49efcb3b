package app.provisioning.mapping.feed;

import java.time.Duration;

import app.provisioning.platform.InvalidSettingException;
import app.provisioning.platform.SettingRules;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The change feed's settings.
 *
 * @param retention events older than this are purged; a consumer whose cursor is older
 * gets 410 and rebuilds from the records API; at least one day
 * @param purgeCheck how often the purge runs
 * @param sequenceInterval how often committed events get their feed position when no
 * reader or webhook asks first
 */
@ConfigurationProperties("provisioning.feed")
public record FeedProperties(Duration retention, Duration purgeCheck, Duration sequenceInterval) {

	public FeedProperties {
		retention = (retention != null) ? retention : Duration.ofDays(30);
		purgeCheck = (purgeCheck != null) ? purgeCheck : Duration.ofHours(1);
		sequenceInterval = (sequenceInterval != null) ? sequenceInterval : Duration.ofSeconds(1);
		if (retention.compareTo(Duration.ofDays(1)) < 0) {
			throw InvalidSettingException.of("provisioning.feed.retention", retention, "must be at least one day (1d)");
		}
		SettingRules.positive("provisioning.feed.purge-check", purgeCheck);
		SettingRules.positive("provisioning.feed.sequence-interval", sequenceInterval);
	}

}
