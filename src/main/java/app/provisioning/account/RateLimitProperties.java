package app.provisioning.account;

import app.provisioning.platform.SettingRules;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Default SCIM request-rate limit per account (an account may have its own).
 *
 * @param requestsPerSecond sustained rate
 * @param burstSeconds how many seconds' worth of requests may arrive at once
 */
@ConfigurationProperties("provisioning.scim.rate-limit")
public record RateLimitProperties(int requestsPerSecond, int burstSeconds) {

	public RateLimitProperties {
		SettingRules.atLeast("provisioning.scim.rate-limit.requests-per-second", requestsPerSecond, 1);
		SettingRules.atLeast("provisioning.scim.rate-limit.burst-seconds", burstSeconds, 1);
	}

}
