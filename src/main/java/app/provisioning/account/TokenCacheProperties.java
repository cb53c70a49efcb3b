package app.provisioning.account;

import java.time.Duration;

import app.provisioning.platform.SettingRules;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a server instance trusts what it last read about a SCIM secret token.
 *
 * @param ttl how long a token's account, state and limit are reused before they are read
 * again; a token revoked or an account suspended through another instance stops working
 * here within this time (at once on the instance that made the change). Zero turns the
 * cache off.
 * @param maxEntries most tokens remembered at once
 */
@ConfigurationProperties("provisioning.scim.token-cache")
public record TokenCacheProperties(Duration ttl, int maxEntries) {

	public TokenCacheProperties {
		ttl = SettingRules.notNegative("provisioning.scim.token-cache.ttl",
				(ttl != null) ? ttl : Duration.ofSeconds(5));
		SettingRules.atLeast("provisioning.scim.token-cache.max-entries", maxEntries, 1);
	}

}
