package app.provisioning.account.oauth;

import java.time.Duration;

import app.provisioning.platform.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Our OAuth 2.0 client-credentials token endpoint.
 *
 * @param issuer the {@code iss} of our access tokens; the same on every instance
 * @param audience the {@code aud} of our access tokens
 * @param tokenLifetime how long an access token lives: Microsoft accepts 60 minutes to 6
 * hours
 */
@ConfigurationProperties("provisioning.oauth")
public record OAuthProperties(String issuer, String audience, Duration tokenLifetime) {

	static final Duration SHORTEST = Duration.ofMinutes(60);

	static final Duration LONGEST = Duration.ofHours(6);

	public OAuthProperties {
		if (issuer == null || issuer.isBlank()) {
			issuer = "entra-provisioning-server";
		}
		if (audience == null || audience.isBlank()) {
			audience = "scim";
		}
		if (tokenLifetime == null) {
			tokenLifetime = SHORTEST;
		}
		if (tokenLifetime.compareTo(SHORTEST) < 0 || tokenLifetime.compareTo(LONGEST) > 0) {
			throw InvalidSettingException.of("provisioning.oauth.token-lifetime", tokenLifetime,
					"must be between 60 minutes and 6 hours (Microsoft's limits for SCIM access tokens)");
		}
	}

	/**
	 * How long a retired signing key stays published: every token it signed can still be
	 * checked.
	 */
	Duration keyOverlap() {
		return this.tokenLifetime.plusMinutes(5);
	}

}
