package app.provisioning.account;

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
		if (requestsPerSecond <= 0) {
			requestsPerSecond = 200;
		}
		if (burstSeconds <= 0) {
			burstSeconds = 5;
		}
	}

}
