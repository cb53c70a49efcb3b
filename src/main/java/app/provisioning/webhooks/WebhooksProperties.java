package app.provisioning.webhooks;

import java.time.Duration;

import app.provisioning.platform.InvalidSettingException;
import app.provisioning.platform.SettingRules;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How webhooks are delivered.
 *
 * @param allowPrivateAddresses also plain http and loopback, private, link-local or
 * metadata addresses; unset: allowed only when the server runs its embedded database (the
 * zero-setup run)
 * @param requestTimeout how long one attempt may take, connecting included
 * @param maxInFlight deliveries one instance has open at once, over all endpoints
 * @param maxInFlightPerEndpoint deliveries one instance has open at once to one endpoint,
 * so a receiver with a small thread pool is not pushed into its timeouts and a slow one
 * cannot take every slot
 * @param pollInterval how often an idle instance looks for new events and due deliveries
 * @param lease how long a claimed delivery belongs to the instance sending it; after that
 * (the instance stopped) another instance sends it again. Longer than the request
 * timeout.
 * @param disableAfter an endpoint whose deliveries have failed for this long is disabled
 * @param secretOverlap how long the previous secret keeps signing after a rotation
 * @param deliveryRetention finished deliveries and their attempts are purged after this
 * @param purgeCheck how often the purge runs
 * @param firstRetry the first delay of the retry schedule; the later ones keep their
 * proportion to it (5s gives the three-day schedule of docs/webhooks.md)
 * @param endpointStreams endpoints one instance sends new events to at once (each stream
 * follows one endpoint at a time, taking turns when more are behind)
 */
@ConfigurationProperties("provisioning.webhooks")
public record WebhooksProperties(Boolean allowPrivateAddresses, Duration requestTimeout, Integer maxInFlight,
		Integer maxInFlightPerEndpoint, Duration pollInterval, Duration lease, Duration disableAfter,
		Duration secretOverlap, Duration deliveryRetention, Duration purgeCheck, Duration firstRetry,
		Integer endpointStreams) {

	public WebhooksProperties {
		requestTimeout = SettingRules.positive("provisioning.webhooks.request-timeout",
				(requestTimeout != null) ? requestTimeout : Duration.ofSeconds(10));
		maxInFlight = SettingRules.between("provisioning.webhooks.max-in-flight",
				(maxInFlight != null) ? maxInFlight : 128, 1, 1024);
		maxInFlightPerEndpoint = SettingRules.between("provisioning.webhooks.max-in-flight-per-endpoint",
				(maxInFlightPerEndpoint != null) ? maxInFlightPerEndpoint : 32, 1, maxInFlight);
		pollInterval = SettingRules.positive("provisioning.webhooks.poll-interval",
				(pollInterval != null) ? pollInterval : Duration.ofMillis(200));
		lease = SettingRules.positive("provisioning.webhooks.lease", (lease != null) ? lease : Duration.ofSeconds(60));
		if (lease.compareTo(requestTimeout) <= 0) {
			throw InvalidSettingException.of("provisioning.webhooks.lease", lease,
					"must be longer than provisioning.webhooks.request-timeout (" + requestTimeout
							+ "), or a slow delivery would be sent twice");
		}
		disableAfter = SettingRules.positive("provisioning.webhooks.disable-after",
				(disableAfter != null) ? disableAfter : Duration.ofDays(3));
		secretOverlap = SettingRules.notNegative("provisioning.webhooks.secret-overlap",
				(secretOverlap != null) ? secretOverlap : Duration.ofHours(24));
		deliveryRetention = SettingRules.positive("provisioning.webhooks.delivery-retention",
				(deliveryRetention != null) ? deliveryRetention : Duration.ofDays(30));
		purgeCheck = SettingRules.positive("provisioning.webhooks.purge-check",
				(purgeCheck != null) ? purgeCheck : Duration.ofHours(6));
		firstRetry = SettingRules.positive("provisioning.webhooks.first-retry",
				(firstRetry != null) ? firstRetry : Duration.ofSeconds(5));
		endpointStreams = SettingRules.between("provisioning.webhooks.endpoint-streams",
				(endpointStreams != null) ? endpointStreams : 4, 1, 64);
	}

}
